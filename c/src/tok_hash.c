/* The tokenizer's token hashes (see tokenize_internal.h): of whole tokens, and of tokens in byte order
 * sharing prefixes (a vocabulary). */
#include "tokenize_internal.h"

/* The same value as ps__tok_word_hash_padded, reading only p[0..n). */
static uint64_t word_hash_exact(const uint8_t *p, uint32_t n)
{
    uint64_t h = (uint64_t)n * PS__TOK_H_K1, x = 0;
    while (n > 8) { h = (h ^ ps__rd64(p)) * PS__TOK_H_K2; h ^= h >> 31; p += 8; n -= 8; }
    for (uint32_t i = 0; i < n; i++) x |= (uint64_t)p[i] << (8 * i);
    return (h ^ x) * PS__TOK_H_K2;
}

/* The first space in tok[i..len), or len; tok must stay readable 8 bytes past len. Eight bytes at a time:
 * the lowest byte of x - 0x01.. & ~x & 0x80.. set is the first zero byte of x (a borrow only runs upwards). */
static uint32_t next_space_padded(const uint8_t *tok, uint32_t i, uint32_t len)
{
    for (; i < len; i += 8) {
        uint64_t x = ps__rd64(tok + i) ^ 0x2020202020202020ull, zero = (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
        if (zero) {
            uint32_t at = i + ps__lowest_bit(zero) / 8;
            return at < len ? at : len;
        }
    }
    return len;
}

static uint64_t tok_hash(const uint8_t *tok, uint32_t len, int padded)
{
    uint64_t g = 0;
    for (uint32_t i = 0;;) {
        uint32_t j = i;
        if (padded) j = next_space_padded(tok, i, len);
        else while (j < len && tok[j] != ' ') j++;
        if (j > i) g = ps__tok_hash_add(g, padded ? ps__tok_word_hash_padded(tok + i, j - i) : word_hash_exact(tok + i, j - i));
        if (j >= len) break;
        i = j + 1;
    }
    return ps__tok_hash_final(g);
}

uint64_t ps__tok_hash(const uint8_t *tok, uint32_t len) { return tok_hash(tok, len, 0); }
uint64_t ps__tok_hash_padded(const uint8_t *tok, uint32_t len) { return tok_hash(tok, len, 1); }

void ps__tok_hasher_init(ps__tok_hasher *s)
{
    s->words = 0;
    s->state[0] = 0;
}

uint64_t ps__tok_hasher_next(ps__tok_hasher *s, const uint8_t *tok, uint32_t len, uint32_t shared)
{
    uint32_t nw = 0;
    while (nw < s->words && s->end[nw] < shared) nw++; /* words that end inside the shared prefix */
    uint64_t g = s->state[nw];
    for (uint32_t wq = nw ? s->end[nw - 1] + 1 : 0; wq < len;) {
        uint32_t we = wq;
        while (we < len && tok[we] != ' ') we++;
        if (we > wq) {
            g = ps__tok_hash_add(g, ps__tok_word_hash_padded(tok + wq, we - wq));
            if (nw < PS_TOK_MAX_NGRAM) { s->end[nw] = we; s->state[++nw] = g; }
        }
        wq = we + 1;
    }
    s->words = nw;
    return ps__tok_hash_final(g);
}
