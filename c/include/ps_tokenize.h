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
/* The defaults of ps_tok_options_init. */
#define PS_TOK_NGRAM_MIN_DEFAULT 1u
#define PS_TOK_NGRAM_MAX_DEFAULT 1u
#define PS_TOK_STOPWORDS_DEFAULT 0u
#define PS_TOK_NEGATION_DEFAULT 0u

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
PS_NODISCARD ps_status ps_tok_options_set_ngrams(ps_tok_options *o, uint32_t min, uint32_t max);
/* Enable (1) or disable (0) stop-word removal; PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_stopwords(ps_tok_options *o, uint32_t on);
/* Enable (1) or disable (0) negation marking; PS_ERR_INVALID_ARGUMENT for other values. */
PS_NODISCARD ps_status ps_tok_options_set_negation(ps_tok_options *o, uint32_t on);
/* PS_OK if every field of o is in range, else PS_ERR_INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_tok_options_check(const ps_tok_options *o);

/* Tokenize len bytes of utf8 (borrowed; may be NULL when len is 0), calling emit for each token in order.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL o/emit, NULL text with len > 0, bad options), or emit's status. */
PS_NODISCARD ps_status ps_tokenize(const ps_tok_options *o, const uint8_t *utf8, uint32_t len, ps_tok_emit_fn emit, void *ctx);

/* Tokenize into out (caller-owned, cap bytes): each token followed by '\n'. *out_len gets the bytes written and
 * *out_count the token count. Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_BUFFER_TOO_SMALL when cap is too small
 * (*out_len and *out_count then hold the size and count needed; out holds a prefix). */
PS_NODISCARD ps_status ps_tokenize_into(const ps_tok_options *o, const uint8_t *utf8, uint32_t len,
                                        uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *out_count);

/* Flags of a word (ps_tokenize_words). */
#define PS_TOK_WORD_FUNCTION 1u /* a stop word that carries no sentiment of its own (negations do) */
#define PS_TOK_WORD_NEGATOR 2u  /* starts a negation scope (with the negation option) */
#define PS_TOK_WORD_NEGATED 4u  /* inside a negation scope: its token has the "!" prefix */

/* A word as the tokenizer forms n-grams from it, and where it stands in the text. */
typedef struct ps_tok_word {
    uint32_t start, end;       /* bytes of the input: its first character to one past its last (an entity whole) */
    uint32_t token, token_len; /* its token (lower-cased, maybe "!"-prefixed): bytes [token, token + token_len) of
                                  the tokens buffer */
    uint32_t flags;            /* PS_TOK_WORD_* */
} ps_tok_word;

/* The words of len bytes of utf8 (borrowed), in order, before n-grams: the words every n-gram is made of
 * (stop words are left out when o removes them). Writes up to words_cap entries to words and their tokens
 * back to back to tokens (tokens_cap bytes); *out_words and *out_token_bytes get the counts written.
 * Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_BUFFER_TOO_SMALL (*out_words and *out_token_bytes then hold the
 * sizes needed; call again with buffers that large). */
PS_NODISCARD ps_status ps_tokenize_words(const ps_tok_options *o, const uint8_t *utf8, uint32_t len,
                                         ps_tok_word *words, uint32_t words_cap, uint8_t *tokens, uint32_t tokens_cap,
                                         uint32_t *out_words, uint32_t *out_token_bytes);

#endif
