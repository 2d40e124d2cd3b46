/* Fuzz target: the tokenizer on arbitrary bytes with every option mix; the
 * first two bytes choose the options. Tokens must be non-empty, at most
 * PS_TOK_MAX_TOKEN bytes and hold no NUL or newline; words must lie in the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "ps_tokenize.h"

static ps_status check_token(void *ctx, const uint8_t *tok, uint32_t len)
{
    (void)ctx;
    if (len == 0 || len > PS_TOK_MAX_TOKEN) abort();
    for (uint32_t i = 0; i < len; i++) if (tok[i] == 0 || tok[i] == '\n') abort();
    return PS_OK;
}

static void check_words(const ps_tok_options *o, const uint8_t *text, uint32_t len)
{
    uint32_t n = 0, bytes = 0;
    ps_status st = ps_tokenize_words(o, text, len, NULL, 0, NULL, 0, &n, &bytes);
    if (st != PS_OK && st != PS_ERR_BUFFER_TOO_SMALL) abort();
    ps_tok_word *words = malloc(sizeof *words * (n ? n : 1));
    uint8_t *tokens = malloc(bytes ? bytes : 1);
    if (!words || !tokens) abort();
    if (ps_tokenize_words(o, text, len, words, n, tokens, bytes, &n, &bytes) != PS_OK) abort();
    for (uint32_t i = 0; i < n; i++) {
        const ps_tok_word *w = &words[i];
        if (w->start >= w->end || w->end > len || w->token_len == 0 || w->token + w->token_len > bytes) abort();
        if (i > 0 && w->start < words[i - 1].end) abort();
        if ((w->flags & PS_TOK_WORD_JOINED) && !(i > 0 && (words[i - 1].flags & PS_TOK_WORD_CHAR))) abort();
    }
    free(words);
    free(tokens);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > UINT32_MAX) return 0;
    ps_tok_options o;
    ps_tok_options_init(&o);
    uint32_t min = 1 + data[0] % 3, max = min + (data[0] >> 2) % (4 - min);
    uint32_t cmin = data[1] % 4, cmax = cmin ? cmin + (data[1] >> 2) % (4 - cmin) : 0;
    /* valid values: a refused one is a bug */
    if (ps_tok_options_set_ngrams(&o, min, max) != PS_OK ||
        ps_tok_options_set_stopwords(&o, (data[0] >> 4) & 1) != PS_OK ||
        ps_tok_options_set_negation(&o, (data[0] >> 5) & 1) != PS_OK ||
        ps_tok_options_set_char_ngrams(&o, cmin, cmax) != PS_OK ||
        ps_tok_options_set_emoji(&o, (data[1] >> 4) & 1) != PS_OK ||
        ps_tok_options_set_unicode_case(&o, (data[1] >> 5) & 1) != PS_OK ||
        ps_tok_options_set_fold_accents(&o, (data[1] >> 6) & 1) != PS_OK)
        abort();
    if (ps_tokenize(&o, data + 2, (uint32_t)(size - 2), check_token, NULL) != PS_OK) abort();
    check_words(&o, data + 2, (uint32_t)(size - 2));
    return 0;
}
