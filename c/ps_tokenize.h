/* ps_tokenize: the text tokenizer used by the Naive Bayes classifier (ps_nb).
 *
 * Pipeline, in one pass over the input with no allocation:
 *   UTF-8 decode -> HTML tags stripped -> entities decoded -> lower-cased ->
 *   split into words -> optional negation marking -> optional stop-word removal ->
 *   word n-grams (ngram_min..ngram_max words joined by one space).
 *
 * Rules (stable: they are part of every saved model's meaning):
 *  - Invalid UTF-8 (stray continuation bytes, overlong forms, surrogates,
 *    > U+10FFFF, truncated sequences) is skipped one byte at a time and acts as
 *    a word break. It never stops tokenization.
 *  - A '<' followed by a letter, '/', '!' or '?' starts a tag that is dropped up
 *    to the next '>' (if no '>' follows within 1024 bytes the '<' is a plain
 *    separator). A tag breaks words and ends a negation scope (<br /> is a line break).
 *  - Entities: &amp; &lt; &gt; &quot; &apos; &nbsp; a few typographic ones
 *    (&hellip; &mdash; &ndash; &lsquo; &rsquo; &ldquo; &rdquo;) and numeric
 *    &#39; / &#x27; forms are decoded and then treated like the character itself.
 *    Unknown entities are left as text.
 *  - Word characters: ASCII letters and digits, and every code point >= U+00C0
 *    except U+00D7, U+00F7, U+2000-U+2BFF (punctuation, symbols, arrows),
 *    U+2E00-U+2E7F, U+3000-U+303F, U+FE30-U+FE4F, U+FF00-U+FF20, U+FFF0-U+FFFF and
 *    U+1F000-U+1FAFF (emoji). Everything else separates words.
 *  - Lower-casing: ASCII, Latin-1 (U+00C0-U+00DE), Latin Extended-A, basic
 *    Greek and Cyrillic capitals. "ÉTÉ" -> "été".
 *  - An apostrophe (' U+2018 U+2019, or &#39;) between two word characters is
 *    kept as ASCII ' ("don't", "l'été"); elsewhere it separates.
 *  - Words longer than PS_TOK_MAX_WORD bytes are cut at a code point boundary.
 *  - Negation (option): after "not", "no", "never", "nor", "cannot", "nothing",
 *    "nobody", "none", "neither", "nowhere", "without" or a word ending in "n't"
 *    (also "dont", "didnt", "doesnt", "isnt", "wasnt", "cant", "wont", ...),
 *    following words get a "!" prefix ("!good") until . , : ; ! ? a tag, or the end.
 *  - Stop words (option): the NLTK English list (179 words, contractions
 *    included) is removed before n-grams are formed, after negation detection.
 *  - N-grams run across sentence punctuation (as scikit-learn does).
 *
 * Usage:
 *     static ps_status count(void *ctx, const uint8_t *tok, uint32_t len) { ...; return PS_OK; }
 *     ps_tok_options o; ps_tok_options_init(&o);
 *     ps_tok_options_set_ngrams(&o, 1, 2);
 *     ps_status s = ps_tokenize(&o, text, text_len, count, &my_ctx);
 *
 * Limits: a word is at most PS_TOK_MAX_WORD bytes (+1 for the "!" prefix), a
 * token at most PS_TOK_MAX_TOKEN bytes; tokens never contain NUL, '\n' or ' '
 * except the single spaces joining n-gram words. Thread-safe: no global state. */
#ifndef PS_TOKENIZE_H
#define PS_TOKENIZE_H
#include <stdint.h>
#include "ps_status.h"

#define PS_TOK_MAX_WORD 64u
#define PS_TOK_MAX_NGRAM 3u
#define PS_TOK_MAX_TOKEN (PS_TOK_MAX_NGRAM * (PS_TOK_MAX_WORD + 1u) + PS_TOK_MAX_NGRAM - 1u)

/* Tokenizer options; set with ps_tok_options_init then the range-checked setters. */
typedef struct ps_tok_options {
    uint8_t ngram_min;  /* 1..3, default 1 */
    uint8_t ngram_max;  /* ngram_min..3, default 1 */
    uint8_t stopwords;  /* 1 = remove English stop words; default 0 */
    uint8_t negation;   /* 1 = mark words after a negation with "!"; default 0 */
} ps_tok_options;

/* Called once per token; tok is valid only during the call. A non-PS_OK return stops tokenizing and is returned by ps_tokenize. */
typedef ps_status (*ps_tok_emit_fn)(void *ctx, const uint8_t *tok, uint32_t len);

/* Fill *o with the defaults (unigrams, no stop words, no negation). o must not be NULL. */
void ps_tok_options_init(ps_tok_options *o);
/* Set the n-gram range; errors: PS_ERR_INVALID_ARGUMENT unless 1 <= min <= max <= 3 (o unchanged). */
ps_status ps_tok_options_set_ngrams(ps_tok_options *o, uint32_t min, uint32_t max);
/* Enable (1) or disable (0) stop-word removal; PS_ERR_INVALID_ARGUMENT for other values. */
ps_status ps_tok_options_set_stopwords(ps_tok_options *o, uint32_t on);
/* Enable (1) or disable (0) negation marking; PS_ERR_INVALID_ARGUMENT for other values. */
ps_status ps_tok_options_set_negation(ps_tok_options *o, uint32_t on);
/* PS_OK if every field of o is in range, else PS_ERR_INVALID_ARGUMENT. */
ps_status ps_tok_options_check(const ps_tok_options *o);

/* Tokenize len bytes of utf8 (borrowed; may be NULL when len is 0), calling emit for each token in order.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL o/emit, NULL text with len > 0, bad options), or emit's status. */
ps_status ps_tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit, void *ctx);

/* Tokenize into out (caller-owned, cap bytes): each token followed by '\n'. *out_len gets the bytes needed
 * (written only if they fit) and *out_count the token count. Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_NB_TOO_LARGE
 * when cap is too small (*out_len then holds the size needed; out holds a prefix). */
ps_status ps_tokenize_into(const ps_tok_options *o, const uint8_t *utf8, uint32_t len,
                           uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *out_count);

/* ---- private to the library (ps__ prefix; not exported) ---- */
/* Like ps_tok_emit_fn, with h = ps__tok_hash(tok, len) computed from per-word hashes (no rehashing of n-grams). */
typedef ps_status (*ps__tok_emit_h_fn)(void *ctx, const uint8_t *tok, uint32_t len, uint64_t h);
/* ps_tokenize calling emit with each token's hash; tok stays readable up to 8 bytes past tok + len. */
ps_status ps__tokenize_h(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps__tok_emit_h_fn emit, void *ctx);
/* The hash's pieces, inline so ps_model's loader can reuse the words a token shares with the previous one:
 * token hash = final(add(...add(add(0, word(w1)), word(w2))..., word(wn))) over its non-empty words. */
#define PS__TOK_H_K1 0x9E3779B97F4A7C15ull
#define PS__TOK_H_K2 0xC2B2AE3D27D4EB4Full
static inline uint64_t ps__tok_rd64(const uint8_t *p)
{
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) | ((uint64_t)p[3] << 24) |
           ((uint64_t)p[4] << 32) | ((uint64_t)p[5] << 40) | ((uint64_t)p[6] << 48) | ((uint64_t)p[7] << 56);
}
/* Hash of one word of n >= 1 bytes; p must be readable up to 8 bytes past p + n. */
static inline uint64_t ps__tok_word_hash_padded(const uint8_t *p, uint32_t n)
{
    uint64_t h = (uint64_t)n * PS__TOK_H_K1;
    while (n > 8) { h = (h ^ ps__tok_rd64(p)) * PS__TOK_H_K2; h ^= h >> 31; p += 8; n -= 8; }
    return (h ^ (ps__tok_rd64(p) & (~0ull >> (64 - 8 * n)))) * PS__TOK_H_K2;
}
static inline uint64_t ps__tok_hash_add(uint64_t g, uint64_t wh) { return (((g << 23) | (g >> 41)) ^ wh) * PS__TOK_H_K1; }
static inline uint64_t ps__tok_hash_final(uint64_t g)
{
    g ^= g >> 32; g *= PS__TOK_H_K2; g ^= g >> 29; g *= PS__TOK_H_K1; g ^= g >> 32;
    return g;
}
/* 64-bit hash of a token: its space-separated words hashed 8 bytes at a time, then combined. Not part of any file. */
uint64_t ps__tok_hash(const uint8_t *tok, uint32_t len);
/* The same value; tok must stay readable up to 8 bytes past tok + len (padded buffers). */
uint64_t ps__tok_hash_padded(const uint8_t *tok, uint32_t len);

#endif
