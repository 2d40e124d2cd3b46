/* The tokenizer's options: defaults, setters, the check, and the format features they need. */
#include "ps_tokenize.h"
#include "tokenize_internal.h"
#include "options.h"

void ps_tok_options_init(ps_tok_options *o)
{
    if (!o) return;
    *o = (ps_tok_options){.ngram_min = PS_TOK_NGRAM_MIN_DEFAULT, .ngram_max = PS_TOK_NGRAM_MAX_DEFAULT,
                          .stopwords = PS_TOK_STOPWORDS_DEFAULT, .negation = PS_TOK_NEGATION_DEFAULT,
                          .char_ngram_min = PS_TOK_CHAR_NGRAM_MIN_DEFAULT, .char_ngram_max = PS_TOK_CHAR_NGRAM_MAX_DEFAULT,
                          .emoji = PS_TOK_EMOJI_DEFAULT, .unicode_case = PS_TOK_UNICODE_CASE_DEFAULT,
                          .fold_accents = PS_TOK_FOLD_ACCENTS_DEFAULT};
}

static int char_ngrams_valid(uint32_t min, uint32_t max)
{
    return (min == 0 && max == 0) || (min >= 1 && max >= min && max <= PS_TOK_MAX_CHAR_NGRAM);
}

ps_status ps_tok_options_set_char_ngrams(ps_tok_options *o, uint32_t min, uint32_t max)
{
    if (!o || !char_ngrams_valid(min, max)) return PS_ERR_INVALID_ARGUMENT;
    o->char_ngram_min = (uint8_t)min;
    o->char_ngram_max = (uint8_t)max;
    return PS_OK;
}

ps_status ps_tok_options_set_ngrams(ps_tok_options *o, uint32_t min, uint32_t max)
{
    if (!o || min < 1 || max < min || max > PS_TOK_MAX_NGRAM) return PS_ERR_INVALID_ARGUMENT;
    o->ngram_min = (uint8_t)min;
    o->ngram_max = (uint8_t)max;
    return PS_OK;
}

PS__SETTER(ps_tok_options_set_stopwords, ps_tok_options, stopwords, uint32_t, value <= 1)
PS__SETTER(ps_tok_options_set_negation, ps_tok_options, negation, uint32_t, value <= 1)
PS__SETTER(ps_tok_options_set_emoji, ps_tok_options, emoji, uint32_t, value <= 1)
PS__SETTER(ps_tok_options_set_unicode_case, ps_tok_options, unicode_case, uint32_t, value <= 1)
PS__SETTER(ps_tok_options_set_fold_accents, ps_tok_options, fold_accents, uint32_t, value <= 1)

ps_status ps_tok_options_check(const ps_tok_options *o)
{
    if (!o || o->ngram_min < 1 || o->ngram_max < o->ngram_min || o->ngram_max > PS_TOK_MAX_NGRAM ||
        o->stopwords > 1 || o->negation > 1 || !char_ngrams_valid(o->char_ngram_min, o->char_ngram_max) ||
        o->emoji > 1 || o->unicode_case > 1 || o->fold_accents > 1)
        return PS_ERR_INVALID_ARGUMENT;
    return PS_OK;
}

uint32_t ps__tok_options_features(const ps_tok_options *o)
{
    return (o->char_ngram_max ? PS__TOK_FEATURE_CHAR_NGRAMS : 0) | (o->emoji ? PS__TOK_FEATURE_EMOJI : 0) |
           (o->unicode_case ? PS__TOK_FEATURE_UNICODE_CASE : 0) | (o->fold_accents ? PS__TOK_FEATURE_FOLD_ACCENTS : 0);
}
