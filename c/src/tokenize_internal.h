/* Private to the library: the tokenizer's token hashes, its hashed driver and
 * the batch that the trainer and the predictor fill from it. */
#ifndef PS__TOKENIZE_INTERNAL_H
#define PS__TOKENIZE_INTERNAL_H
#include <stdint.h>
#include <string.h>
#include "bytes.h"
#include "ps_tokenize.h"

/* What options newer than format 1.0 a tokenizer uses (its model's FEAT bits 8-15, FORMAT.md), 0 for none. */
#define PS__TOK_FEATURE_CHAR_NGRAMS 1u
#define PS__TOK_FEATURE_EMOJI 2u
#define PS__TOK_FEATURE_UNICODE_CASE 4u
#define PS__TOK_FEATURE_FOLD_ACCENTS 8u
uint32_t ps__tok_options_features(const ps_tok_options *o);

/* Like ps_tok_emit_fn, with h = ps__tok_hash(tok, len) computed from per-word hashes (no rehashing of n-grams). */
typedef ps_status (*ps__tok_emit_h_fn)(void *ctx, const uint8_t *tok, uint32_t len, uint64_t h);
/* ps_tokenize calling emit with each token's hash; tok stays readable up to 8 bytes past tok + len. */
ps_status ps__tokenize_h(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps__tok_emit_h_fn emit, void *ctx);
/* The part (of parts) a token of hash h belongs to: contiguous ranges of hashes, so that the parts of a
 * sequence of tokens in hash order follow one another. */
static inline uint32_t ps__tok_part_of(uint64_t h, uint32_t parts) { return (uint32_t)(((h >> 32) * parts) >> 32); }

/* The hash of a token is final(add(...add(add(0, word(w1)), word(w2))..., word(wn))) over its non-empty
 * space-separated words. It only decides where a token sits in memory, never a result or a file byte. */
#define PS__TOK_H_K1 0x9E3779B97F4A7C15ull
#define PS__TOK_H_K2 0xC2B2AE3D27D4EB4Full
/* Hash of one word of n >= 1 bytes; p must be readable up to 8 bytes past p + n. */
static inline uint64_t ps__tok_word_hash_padded(const uint8_t *p, uint32_t n)
{
    uint64_t h = (uint64_t)n * PS__TOK_H_K1;
    while (n > 8) { h = (h ^ ps__rd64(p)) * PS__TOK_H_K2; h ^= h >> 31; p += 8; n -= 8; }
    return (h ^ (ps__rd64(p) & (~0ull >> (64 - 8 * n)))) * PS__TOK_H_K2;
}
static inline uint64_t ps__tok_hash_add(uint64_t g, uint64_t wh) { return (((g << 23) | (g >> 41)) ^ wh) * PS__TOK_H_K1; }
static inline uint64_t ps__tok_hash_final(uint64_t g)
{
    g ^= g >> 32; g *= PS__TOK_H_K2; g ^= g >> 29; g *= PS__TOK_H_K1; g ^= g >> 32;
    return g;
}
/* 64-bit hash of a token. */
uint64_t ps__tok_hash(const uint8_t *tok, uint32_t len);
/* The same value; tok must stay readable up to 8 bytes past tok + len (padded buffers). */
uint64_t ps__tok_hash_padded(const uint8_t *tok, uint32_t len);

/* Hashing tokens in byte order (a vocabulary): the hash state after each of the previous token's first
 * PS_TOK_MAX_NGRAM words is kept, so that the words inside a prefix shared with it are not hashed again. */
typedef struct ps__tok_hasher {
    uint32_t words;                    /* words of the previous token kept (<= PS_TOK_MAX_NGRAM) */
    uint32_t end[PS_TOK_MAX_NGRAM];    /* where each of them ends */
    uint64_t state[PS_TOK_MAX_NGRAM + 1];
} ps__tok_hasher;
/* Start with no previous token. */
void ps__tok_hasher_init(ps__tok_hasher *s);
/* ps__tok_hash_padded(tok, len), where tok[0..shared) equals the previous token's first bytes. */
uint64_t ps__tok_hasher_next(ps__tok_hasher *s, const uint8_t *tok, uint32_t len, uint32_t shared);

/* Tokens waiting for their table lookups, in order: a batch's loads are issued together so that their
 * cache misses overlap (the trainer's and the predictor's flush). */
#define PS__TOK_BATCH 64u
#define PS__TOK_BATCH_BYTES 256u /* per token: 255 bytes at most, + 8 readable */
typedef struct ps__tok_batch {
    uint32_t n;
    uint64_t hash[PS__TOK_BATCH];
    uint8_t len[PS__TOK_BATCH];
    uint8_t bytes[PS__TOK_BATCH * PS__TOK_BATCH_BYTES];
} ps__tok_batch;

/* Appends a token of len <= 255 bytes from ps__tokenize_h when keep is 1 (it is written either way, and
 * kept by counting it: no branch on keep); returns 1 when the batch is then full. */
static inline int ps__tok_batch_push_if(ps__tok_batch *b, const uint8_t *tok, uint32_t len, uint64_t h, uint32_t keep)
{
    b->hash[b->n] = h;
    b->len[b->n] = (uint8_t)len;
    /* whole 8-byte chunks: ps__tokenize_h keeps 8 bytes past every token readable */
    uint8_t *d = b->bytes + (size_t)b->n * PS__TOK_BATCH_BYTES;
    for (uint32_t j = 0; j < len; j += 8) memcpy(d + j, tok + j, 8);
    b->n += keep;
    return b->n == PS__TOK_BATCH;
}
/* Appends a token of len <= 255 bytes; returns 1 when the batch is then full. */
static inline int ps__tok_batch_push(ps__tok_batch *b, const uint8_t *tok, uint32_t len, uint64_t h)
{
    return ps__tok_batch_push_if(b, tok, len, h, 1);
}
/* The i-th token's bytes (readable 8 bytes past its length). */
static inline const uint8_t *ps__tok_batch_token(const ps__tok_batch *b, uint32_t i)
{
    return b->bytes + (size_t)i * PS__TOK_BATCH_BYTES;
}

#endif
