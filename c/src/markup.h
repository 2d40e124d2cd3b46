/* Private to the library: the HTML the tokenizer reads through (markup.c). */
#ifndef PS__MARKUP_H
#define PS__MARKUP_H
#include <stdint.h>

/* Decodes an entity at s[0] == '&' (named, &#N; or &#xN;) of at most avail bytes; returns its code point
 * and sets *adv to its length, or returns 0 if s starts no entity. */
uint32_t ps__entity(const uint8_t *s, uint32_t avail, uint32_t *adv);
/* The end of a tag starting at s[i] == '<' (the index of its '>'), or 0 if s[i] starts no tag. */
uint32_t ps__tag_end(const uint8_t *s, uint32_t len, uint32_t i);

#endif
