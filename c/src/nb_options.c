/* Naive Bayes options: defaults, range-checked setters, getters. */
#include "nb_internal.h"
#include "options.h"
#include <stdlib.h>
#include <string.h>

static int alpha_valid(double alpha) { return alpha >= PS_NB_ALPHA_MIN && alpha <= PS_NB_ALPHA_MAX; } /* false for NaN */
static int weight_bits_valid(uint32_t bits) { return bits == 8 || bits == 16 || bits == 32; }

void ps__nb_options_default(ps_nb_options *o)
{
    ps_tok_options_init(&o->tok);
    o->alpha = PS_NB_ALPHA_DEFAULT;
    o->min_df = PS_NB_MIN_DF_DEFAULT;
    o->max_features = PS_NB_MAX_FEATURES_DEFAULT;
    o->binary = PS_NB_BINARY_DEFAULT;
    o->weight_bits = PS_NB_WEIGHT_BITS_DEFAULT;
    o->kind = PS_NB_KIND_DEFAULT;
    o->l2 = PS_NB_L2_DEFAULT;
    o->epochs = PS_NB_EPOCHS_DEFAULT;
    o->nb_mix = PS_NB_NB_MIX_DEFAULT;
    o->seed = PS_NB_SEED_DEFAULT;
    o->pieces = PS_NB_PIECES_DEFAULT;
}

static int l2_valid(double l2) { return l2 >= PS_NB_L2_MIN && l2 <= PS_NB_L2_MAX; } /* false for NaN */
static int mix_valid(double mix) { return mix >= PS_NB_NB_MIX_MIN && mix <= PS_NB_NB_MIX_MAX; }

int ps__nb_options_valid(const ps_nb_options *o)
{
    return ps_tok_options_check(&o->tok) == PS_OK && alpha_valid(o->alpha) && o->min_df >= PS_NB_MIN_DF_MIN &&
           o->binary <= 1 && weight_bits_valid(o->weight_bits) && o->kind <= PS_NB_KIND_COMPLEMENT && l2_valid(o->l2) &&
           o->epochs >= PS_NB_EPOCHS_MIN && o->epochs <= PS_NB_EPOCHS_MAX && mix_valid(o->nb_mix) && o->pieces <= PS_NB_PIECES_MAX;
}

int ps__nb_options_equal(const ps_nb_options *a, const ps_nb_options *b)
{
    return a->tok.ngram_min == b->tok.ngram_min && a->tok.ngram_max == b->tok.ngram_max &&
           a->tok.stopwords == b->tok.stopwords && a->tok.negation == b->tok.negation &&
           a->tok.char_ngram_min == b->tok.char_ngram_min && a->tok.char_ngram_max == b->tok.char_ngram_max &&
           a->tok.emoji == b->tok.emoji && a->tok.unicode_case == b->tok.unicode_case &&
           a->tok.fold_accents == b->tok.fold_accents &&
           memcmp(&a->alpha, &b->alpha, sizeof a->alpha) == 0 && a->min_df == b->min_df &&
           a->max_features == b->max_features && a->binary == b->binary && a->weight_bits == b->weight_bits &&
           a->kind == b->kind;
}

ps_status ps_nb_options_create(ps_nb_options **out)
{
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    ps_nb_options *o = malloc(sizeof *o);
    if (!o) return PS_ERR_NO_MEMORY;
    ps__nb_options_default(o);
    *out = o;
    return PS_OK;
}

void ps_nb_options_destroy(ps_nb_options *o) { free(o); }

PS__SETTER(ps_nb_options_set_alpha, ps_nb_options, alpha, double, alpha_valid(value))
PS__SETTER(ps_nb_options_set_binary, ps_nb_options, binary, uint32_t, value <= 1)
PS__SETTER(ps_nb_options_set_min_df, ps_nb_options, min_df, uint32_t, value >= PS_NB_MIN_DF_MIN)
PS__SETTER(ps_nb_options_set_max_features, ps_nb_options, max_features, uint32_t, 1)
PS__SETTER(ps_nb_options_set_weight_bits, ps_nb_options, weight_bits, uint32_t, weight_bits_valid(value))
PS__SETTER(ps_nb_options_set_kind, ps_nb_options, kind, uint32_t, value <= PS_NB_KIND_COMPLEMENT)
PS__SETTER(ps_nb_options_set_l2, ps_nb_options, l2, double, l2_valid(value))
PS__SETTER(ps_nb_options_set_epochs, ps_nb_options, epochs, uint32_t, value >= PS_NB_EPOCHS_MIN && value <= PS_NB_EPOCHS_MAX)
PS__SETTER(ps_nb_options_set_nb_mix, ps_nb_options, nb_mix, double, mix_valid(value))
PS__SETTER(ps_nb_options_set_seed, ps_nb_options, seed, uint32_t, 1)
PS__SETTER(ps_nb_options_set_pieces, ps_nb_options, pieces, uint32_t, value <= PS_NB_PIECES_MAX)

/* The tokenizer's setters on the tokenizer part of the options. */
#define PS__TOK_SETTER(name)                                                                            \
    ps_status ps_nb_options_set_##name(ps_nb_options *o, uint32_t on)                                  \
    {                                                                                                  \
        return o ? ps_tok_options_set_##name(&o->tok, on) : PS_ERR_INVALID_ARGUMENT;                  \
    }
#define PS__TOK_RANGE_SETTER(name)                                                                      \
    ps_status ps_nb_options_set_##name(ps_nb_options *o, uint32_t min, uint32_t max)                   \
    {                                                                                                  \
        return o ? ps_tok_options_set_##name(&o->tok, min, max) : PS_ERR_INVALID_ARGUMENT;            \
    }

PS__TOK_RANGE_SETTER(ngrams)
PS__TOK_RANGE_SETTER(char_ngrams)
PS__TOK_SETTER(stopwords)
PS__TOK_SETTER(negation)
PS__TOK_SETTER(emoji)
PS__TOK_SETTER(unicode_case)
PS__TOK_SETTER(fold_accents)

double ps_nb_options_alpha(const ps_nb_options *o) { return o ? o->alpha : 0.0; }
uint32_t ps_nb_options_binary(const ps_nb_options *o) { return o ? o->binary : 0; }
uint32_t ps_nb_options_min_df(const ps_nb_options *o) { return o ? o->min_df : 0; }
uint32_t ps_nb_options_max_features(const ps_nb_options *o) { return o ? o->max_features : 0; }
uint32_t ps_nb_options_ngram_min(const ps_nb_options *o) { return o ? o->tok.ngram_min : 0; }
uint32_t ps_nb_options_ngram_max(const ps_nb_options *o) { return o ? o->tok.ngram_max : 0; }
uint32_t ps_nb_options_stopwords(const ps_nb_options *o) { return o ? o->tok.stopwords : 0; }
uint32_t ps_nb_options_negation(const ps_nb_options *o) { return o ? o->tok.negation : 0; }
uint32_t ps_nb_options_char_ngram_min(const ps_nb_options *o) { return o ? o->tok.char_ngram_min : 0; }
uint32_t ps_nb_options_char_ngram_max(const ps_nb_options *o) { return o ? o->tok.char_ngram_max : 0; }
uint32_t ps_nb_options_emoji(const ps_nb_options *o) { return o ? o->tok.emoji : 0; }
uint32_t ps_nb_options_unicode_case(const ps_nb_options *o) { return o ? o->tok.unicode_case : 0; }
uint32_t ps_nb_options_fold_accents(const ps_nb_options *o) { return o ? o->tok.fold_accents : 0; }
uint32_t ps_nb_options_weight_bits(const ps_nb_options *o) { return o ? o->weight_bits : 0; }
uint32_t ps_nb_options_kind(const ps_nb_options *o) { return o ? o->kind : 0; }
double ps_nb_options_l2(const ps_nb_options *o) { return o ? o->l2 : 0.0; }
uint32_t ps_nb_options_epochs(const ps_nb_options *o) { return o ? o->epochs : 0; }
double ps_nb_options_nb_mix(const ps_nb_options *o) { return o ? o->nb_mix : 0.0; }
uint32_t ps_nb_options_seed(const ps_nb_options *o) { return o ? o->seed : 0; }
uint32_t ps_nb_options_pieces(const ps_nb_options *o) { return o ? o->pieces : 0; }
const ps_tok_options *ps_nb_options_tok(const ps_nb_options *o) { return o ? &o->tok : NULL; }

void ps__nb_options_put(const ps_nb_options *o, uint8_t *p)
{
    p[0] = o->tok.ngram_min;
    p[1] = o->tok.ngram_max;
    p[2] = o->tok.stopwords;
    p[3] = o->tok.negation;
    p[4] = o->binary;
    p[5] = o->weight_bits;
    /* format 1.0's reserved bytes: the tokenizer options it does not have, 0 when unused */
    p[6] = (uint8_t)(o->tok.char_ngram_min | o->tok.char_ngram_max << 4);
    p[7] = (uint8_t)(o->tok.emoji | o->tok.unicode_case << 1 | o->tok.fold_accents << 2);
    uint64_t bits;
    memcpy(&bits, &o->alpha, sizeof bits);
    ps__wr32(p + 8, (uint32_t)bits);
    ps__wr32(p + 12, (uint32_t)(bits >> 32));
    ps__wr32(p + 16, o->min_df);
    ps__wr32(p + 20, o->max_features);
}

ps_status ps__nb_options_get(const uint8_t *p, ps_nb_options *o)
{
    ps__nb_options_default(o); /* what OPTS does not hold */
    o->tok.ngram_min = p[0];
    o->tok.ngram_max = p[1];
    o->tok.stopwords = p[2];
    o->tok.negation = p[3];
    o->binary = p[4];
    o->weight_bits = p[5];
    o->tok.char_ngram_min = p[6] & 0xF;
    o->tok.char_ngram_max = p[6] >> 4;
    o->tok.emoji = p[7] & 1;
    o->tok.unicode_case = (p[7] >> 1) & 1;
    o->tok.fold_accents = (p[7] >> 2) & 1;
    o->alpha = ps__rd_f64(p + 8);
    o->min_df = ps__rd32(p + 16);
    o->max_features = ps__rd32(p + 20);
    return (p[7] & ~7u) == 0 && ps__nb_options_valid(o) ? PS_OK : PS_ERR_INVALID_ARGUMENT;
}
