/* Fuzz target: Naive Bayes training and prediction on random labelled text.
 * Input: option byte, then records "label\ttext\n"; the last record's text is
 * also predicted. A trained model must save, load and predict identically; so
 * must the NB-weighted logistic regression trained on its counts (one epoch over
 * the records, with sentence pieces). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ps_memory.h"
#include "crc32.h"
#include "ps_nb.h"

static void check_prediction(const ps_nb_model *m, ps_nb_prediction *p)
{
    const double *probs = ps_nb_prediction_probs(p);
    double sum = 0.0;
    for (uint32_t c = 0; c < ps_nb_model_class_count(m); c++) {
        if (!(probs[c] >= 0.0 && probs[c] <= 1.0)) abort();
        sum += probs[c];
    }
    if (!(sum > 0.999999 && sum < 1.000001)) abort();
}

typedef ps_status (*add_fn)(void *ctx, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len);

/* Calls add for each record after the option byte; returns the last record's text in *text, *len. */
static void each_record(const uint8_t *data, size_t size, add_fn add, void *ctx, const uint8_t **text, uint32_t *len)
{
    const uint8_t *p = data + 1, *end = data + size;
    *text = p;
    *len = 0;
    while (p < end) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        const uint8_t *stop = nl ? nl : end;
        const uint8_t *tab = memchr(p, '\t', (size_t)(stop - p));
        if (tab) {
            *text = tab + 1;
            *len = (uint32_t)(stop - tab - 1);
            (void)add(ctx, *text, *len, p, (uint32_t)(tab - p));
        }
        p = stop + 1;
    }
}

static ps_status add_counts(void *t, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    return ps_nb_trainer_add(t, text, len, label, label_len);
}

static ps_status add_linear(void *l, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    return ps_nb_linear_add(l, text, len, label, label_len);
}

/* m predicts text; saved and loaded, it predicts the same. */
static void check_model(const ps_nb_model *m, const uint8_t *text, uint32_t len)
{
    ps_nb_prediction *a, *b;
    if (ps_nb_prediction_create(m, 8, &a) != PS_OK) return;
    if (ps_nb_model_predict(m, text, len, a) == PS_OK) check_prediction(m, a);
    uint8_t *bytes;
    uint32_t n;
    ps_nb_model *again;
    if (ps_nb_model_save(m, &bytes, &n) == PS_OK) {
        if (ps_nb_model_load(bytes, n, &again) != PS_OK) abort(); /* a saved model always loads */
        if (ps_nb_prediction_create(again, 8, &b) == PS_OK) {
            if (ps_nb_model_predict(again, text, len, b) == PS_OK &&
                memcmp(ps_nb_prediction_probs(a), ps_nb_prediction_probs(b), ps_nb_model_class_count(m) * sizeof(double)) != 0)
                abort();
            ps_nb_prediction_destroy(b);
        }
        ps_nb_model_destroy(again);
        ps_free(bytes);
    }
    ps_nb_prediction_destroy(a);
}

/* One epoch of the logistic regression over the records on the counts' model nb. */
static void check_linear(const ps_nb_model *nb, const uint8_t *data, size_t size, const ps_nb_options *o)
{
    ps_nb_linear *l;
    ps_nb_model *m;
    const uint8_t *text;
    uint32_t len;
    if (ps_nb_linear_create(nb, o, &l) != PS_OK) return;
    each_record(data, size, add_linear, l, &text, &len);
    if (ps_nb_linear_end_epoch(l) == PS_OK && ps_nb_linear_finish(l, &m) == PS_OK) {
        check_model(m, text, len);
        ps_nb_model_destroy(m);
    }
    ps_nb_linear_destroy(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > (1u << 20)) return 0;
    ps_nb_options *o;
    if (ps_nb_options_create(&o) != PS_OK) return 0;
    uint8_t f = data[0];
    /* valid values: a refused one is a bug */
    if (ps_nb_options_set_ngrams(o, 1, 1 + f % 3) != PS_OK ||
        ps_nb_options_set_binary(o, (f >> 2) & 1) != PS_OK ||
        ps_nb_options_set_stopwords(o, (f >> 3) & 1) != PS_OK ||
        ps_nb_options_set_negation(o, (f >> 4) & 1) != PS_OK ||
        ps_nb_options_set_weight_bits(o, (f >> 5) % 3 == 0 ? 8 : (f >> 5) % 3 == 1 ? 16 : 32) != PS_OK ||
        ps_nb_options_set_min_df(o, 1 + ((f >> 7) & 1)) != PS_OK || ps_nb_options_set_pieces(o, 1) != PS_OK)
        abort();
    ps_nb_trainer *t;
    ps_status st = ps_nb_trainer_create(o, &t);
    if (st != PS_OK) { ps_nb_options_destroy(o); return 0; }
    const uint8_t *text;
    uint32_t len;
    each_record(data, size, add_counts, t, &text, &len);
    ps_nb_model *m;
    if (ps_nb_trainer_finish(t, &m) == PS_OK) {
        check_model(m, text, len);
        check_linear(m, data, size, o);
        ps_nb_model_destroy(m);
    }
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
    return 0;
}
