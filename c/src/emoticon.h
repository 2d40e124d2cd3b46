/* ASCII emoticons (":-)", "<3"), each folded to one form; the rules are in ps_tokenize.h. */
#ifndef PS__EMOTICON_H
#define PS__EMOTICON_H
#include <stdint.h>

#define PS__EMOTICON_MAX 4u /* bytes of a folded emoticon */

/* The emoticon that starts with byte first, after byte before and followed by the rest_len bytes of rest (apart,
 * so that an entity, "&lt;3", can stand for its first byte): writes its folded form to out (PS__EMOTICON_MAX
 * bytes) and *out_len, and returns its length counting first as one byte; 0 if none. */
uint32_t ps__emoticon(uint8_t before, uint8_t first, const uint8_t *rest, uint32_t rest_len, uint8_t *out,
                      uint32_t *out_len);

#endif
