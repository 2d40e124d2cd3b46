/* Fuzz target: the tokenizer on arbitrary bytes with every option mix; the
 * first byte chooses the options. Tokens must be non-empty and hold no NUL or newline. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > UINT32_MAX) return 0;
    ps_tok_options o;
    ps_tok_options_init(&o);
    uint32_t min = 1 + data[0] % 3, max = min + (data[0] >> 2) % (4 - min);
    /* valid values: a refused one is a bug */
    if (ps_tok_options_set_ngrams(&o, min, max) != PS_OK ||
        ps_tok_options_set_stopwords(&o, (data[0] >> 4) & 1) != PS_OK ||
        ps_tok_options_set_negation(&o, (data[0] >> 5) & 1) != PS_OK)
        abort();
    if (ps_tokenize(&o, data + 1, (uint32_t)(size - 1), check_token, NULL) != PS_OK) abort();
    return 0;
}
