/* ASCII emoticons (":-)", "<3"), each folded to one form; the rules are in ps_tokenize.h. */
#ifndef PS__EMOTICON_H
#define PS__EMOTICON_H
#include <stdint.h>

#define PS__EMOTICON_MAX 4u /* bytes of a folded emoticon */

/* The emoticon starting at s[i] (len bytes of text; the byte before it is looked at too): writes its folded
 * form to out (PS__EMOTICON_MAX bytes) and *out_len, and returns the input bytes it takes; 0 if none. */
uint32_t ps__emoticon(const uint8_t *s, uint32_t len, uint32_t i, uint8_t *out, uint32_t *out_len);

#endif
