#define _POSIX_C_SOURCE 200809L
/* Native reference for the Naive Bayes parity test (tests/node/nb-parity.test.js):
 * trains and predicts with the C library exactly as the WebAssembly build does.
 *
 * usage:
 *   tool_nb train ROWS OUT.nbm [ngram_min ngram_max binary alpha min_df max_features stopwords negation weight_bits
 *                               char_ngram_min char_ngram_max emoji unicode_case fold_accents
 *                               [kind l2 epochs nb_mix seed pieces [calibration]]]
 *       ROWS: one document per line, "label<TAB>text" (no header; text without tab or newline).
 *       kind 1 (NBLR): the counts' NB model with 32-bit weights, then `epochs` passes of the logistic regression
 *       over ROWS. calibration 0 (temperature) or 1 (length-aware): fitted on the model's own scores of ROWS.
 *   tool_nb predict MODEL.nbm TEXTS [top_n]
 *       TEXTS: one text per line (may be empty). Prints, per text:
 *         "P <label index> <evidence> <p0> ... <pK-1>"          (probabilities as %.17g)
 *         "E <class index> <weight> <token>" per explanation entry, strongest first
 * Exit status 0 on success; 1 with a message on stderr otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ps_memory.h"
#include "crc32.h"
#include "ps_nb.h"

static uint8_t *read_file(const char *path, uint32_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long size;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) { free(buf); buf = NULL; }
    fclose(f);
    *len = (uint32_t)size;
    return buf;
}

static int fail(const char *what, ps_status st)
{
    fprintf(stderr, "tool_nb: %s: %s (%s)\n", what, ps_status_str(st), ps_status_name(st));
    return 1;
}

/* Calls add(ctx, text, len, label, label_len) for every row; returns the rows or UINT32_MAX after a failure. */
typedef ps_status (*row_fn)(void *ctx, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len);
static uint32_t each_row(const uint8_t *data, uint32_t len, row_fn add, void *ctx)
{
    uint32_t start, end, docs = 0;
    for (start = 0; start < len; start = end + 1) {
        uint32_t tab;
        ps_status st;
        for (end = start; end < len && data[end] != '\n'; end++) {}
        if (end == start) continue;
        for (tab = start; tab < end && data[tab] != '\t'; tab++) {}
        if (tab == end) { fprintf(stderr, "tool_nb: line without a tab after %u documents\n", docs); return UINT32_MAX; }
        st = add(ctx, data + tab + 1, end - tab - 1, data + start, tab - start);
        if (st != PS_OK) { fail("add", st); return UINT32_MAX; }
        docs++;
    }
    return docs;
}

static ps_status add_counts(void *t, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    return ps_nb_trainer_add(t, text, len, label, label_len);
}

static ps_status add_linear(void *l, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    return ps_nb_linear_add(l, text, len, label, label_len);
}

typedef struct cal_rows { const ps_nb_model *m; ps_nb_prediction *p; double *scores; uint32_t *evidence, *labels, n; } cal_rows;

static ps_status add_scores(void *ctx, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    cal_rows *r = ctx;
    uint32_t k = ps_nb_model_class_count(r->m), c, ll;
    ps_status st = ps_nb_model_predict(r->m, text, len, r->p);
    if (st != PS_OK) return st;
    for (c = 0; c < k; c++) {
        const uint8_t *l = ps_nb_model_label(r->m, c, &ll);
        if (ll == label_len && memcmp(l, label, ll) == 0) break;
    }
    if (c == k) return PS_ERR_NB_LABEL;
    memcpy(r->scores + (size_t)r->n * k, ps_nb_prediction_scores(r->p), k * sizeof(double));
    r->evidence[r->n] = ps_nb_prediction_evidence(r->p);
    r->labels[r->n++] = c;
    return PS_OK;
}

/* Fits the calibration on the model's own scores of the rows (docs of them). */
static ps_status calibrate(ps_nb_model *m, const uint8_t *data, uint32_t len, uint32_t docs, uint32_t length_aware)
{
    uint32_t k = ps_nb_model_class_count(m);
    cal_rows r = {m, NULL, malloc((size_t)docs * k * sizeof(double)), malloc(docs * sizeof(uint32_t)),
                  malloc(docs * sizeof(uint32_t)), 0};
    double a, b;
    ps_status st = r.scores && r.evidence && r.labels ? ps_nb_prediction_create(m, 0, &r.p) : PS_ERR_NO_MEMORY;
    if (st == PS_OK && each_row(data, len, add_scores, &r) == UINT32_MAX) st = PS_ERR_INVALID_ARGUMENT;
    if (st == PS_OK) st = ps_nb_calibration_fit(k, r.n, r.scores, r.evidence, r.labels, length_aware, &a, &b);
    if (st == PS_OK) st = ps_nb_model_set_calibration(m, a, b);
    ps_nb_prediction_destroy(r.p);
    free(r.scores); free(r.evidence); free(r.labels);
    return st;
}

/* The logistic regression's epochs over the rows, on the NB model *m, which the linear model replaces. */
static ps_status train_linear(ps_nb_model **m, const ps_nb_options *o, const uint8_t *data, uint32_t len)
{
    ps_nb_linear *l;
    ps_nb_model *lin;
    ps_status st = ps_nb_linear_create(*m, o, &l);
    for (uint32_t e = 0; st == PS_OK && e < ps_nb_options_epochs(o); e++) {
        if (each_row(data, len, add_linear, l) == UINT32_MAX) st = PS_ERR_INVALID_ARGUMENT;
        if (st == PS_OK) st = ps_nb_linear_end_epoch(l);
    }
    if (st == PS_OK) st = ps_nb_linear_finish(l, &lin);
    ps_nb_linear_destroy(l);
    if (st != PS_OK) return st;
    ps_nb_model_destroy(*m);
    *m = lin;
    return PS_OK;
}

static int train(int argc, char **argv)
{
    uint32_t len, docs = 0, bits;
    uint8_t *data, *buf = NULL;
    ps_nb_options *o = NULL;
    ps_nb_trainer *t = NULL;
    ps_nb_model *m = NULL;
    ps_status st;
    FILE *out;
    if (argc < 4) { fprintf(stderr, "usage: tool_nb train ROWS OUT [options...]\n"); return 2; }
    data = read_file(argv[2], &len);
    if (!data) { perror(argv[2]); return 1; }
    if ((st = ps_nb_options_create(&o)) != PS_OK) return fail("options", st);
    if (argc > 5) st = ps_nb_options_set_ngrams(o, (uint32_t)atoi(argv[4]), (uint32_t)atoi(argv[5]));
    if (st == PS_OK && argc > 6) st = ps_nb_options_set_binary(o, (uint32_t)atoi(argv[6]));
    if (st == PS_OK && argc > 7) st = ps_nb_options_set_alpha(o, strtod(argv[7], NULL));
    if (st == PS_OK && argc > 8) st = ps_nb_options_set_min_df(o, (uint32_t)strtoul(argv[8], NULL, 10));
    if (st == PS_OK && argc > 9) st = ps_nb_options_set_max_features(o, (uint32_t)strtoul(argv[9], NULL, 10));
    if (st == PS_OK && argc > 10) st = ps_nb_options_set_stopwords(o, (uint32_t)atoi(argv[10]));
    if (st == PS_OK && argc > 11) st = ps_nb_options_set_negation(o, (uint32_t)atoi(argv[11]));
    if (st == PS_OK && argc > 12) st = ps_nb_options_set_weight_bits(o, (uint32_t)atoi(argv[12]));
    if (st == PS_OK && argc > 14) st = ps_nb_options_set_char_ngrams(o, (uint32_t)atoi(argv[13]), (uint32_t)atoi(argv[14]));
    if (st == PS_OK && argc > 15) st = ps_nb_options_set_emoji(o, (uint32_t)atoi(argv[15]));
    if (st == PS_OK && argc > 16) st = ps_nb_options_set_unicode_case(o, (uint32_t)atoi(argv[16]));
    if (st == PS_OK && argc > 17) st = ps_nb_options_set_fold_accents(o, (uint32_t)atoi(argv[17]));
    if (st == PS_OK && argc > 18) st = ps_nb_options_set_kind(o, (uint32_t)atoi(argv[18]));
    if (st == PS_OK && argc > 19) st = ps_nb_options_set_l2(o, strtod(argv[19], NULL));
    if (st == PS_OK && argc > 20) st = ps_nb_options_set_epochs(o, (uint32_t)atoi(argv[20]));
    if (st == PS_OK && argc > 21) st = ps_nb_options_set_nb_mix(o, strtod(argv[21], NULL));
    if (st == PS_OK && argc > 22) st = ps_nb_options_set_seed(o, (uint32_t)strtoul(argv[22], NULL, 10));
    if (st == PS_OK && argc > 23) st = ps_nb_options_set_pieces(o, (uint32_t)atoi(argv[23]));
    if (st != PS_OK) return fail("options", st);
    bits = ps_nb_options_weight_bits(o);
    if (ps_nb_options_kind(o) == PS_NB_KIND_NBLR && (st = ps_nb_options_set_weight_bits(o, 32)) != PS_OK) return fail("options", st);
    if ((st = ps_nb_trainer_create(o, &t)) != PS_OK) return fail("trainer", st);
    if ((docs = each_row(data, len, add_counts, t)) == UINT32_MAX) return 1;
    if ((st = ps_nb_trainer_finish(t, &m)) != PS_OK) return fail("finish", st);
    ps_nb_trainer_destroy(t);
    if (ps_nb_options_kind(o) == PS_NB_KIND_NBLR) {
        if ((st = ps_nb_options_set_weight_bits(o, bits)) != PS_OK) return fail("options", st);
        if ((st = train_linear(&m, o, data, len)) != PS_OK) return fail("linear", st);
    }
    ps_nb_options_destroy(o);
    if (argc > 24 && (st = calibrate(m, data, len, docs, (uint32_t)atoi(argv[24]))) != PS_OK) return fail("calibrate", st);
    if ((st = ps_nb_model_save(m, &buf, &len)) != PS_OK) return fail("save", st);
    out = fopen(argv[3], "wb");
    if (!out || fwrite(buf, 1, len, out) != len || fclose(out) != 0) { perror(argv[3]); return 1; }
    ps_free(buf);
    ps_nb_model_destroy(m);
    free(data);
    return 0;
}

static int predict(int argc, char **argv)
{
    uint32_t len, tlen, start, end, k, top_n = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 10;
    uint8_t *bytes, *texts;
    ps_nb_model *m = NULL;
    ps_nb_prediction *p = NULL;
    ps_status st;
    if (argc < 4) { fprintf(stderr, "usage: tool_nb predict MODEL TEXTS [top_n]\n"); return 2; }
    bytes = read_file(argv[2], &len);
    if (!bytes) { perror(argv[2]); return 1; }
    if ((st = ps_nb_model_load(bytes, len, &m)) != PS_OK) return fail("load", st);
    free(bytes);
    texts = read_file(argv[3], &tlen);
    if (!texts) { perror(argv[3]); return 1; }
    if ((st = ps_nb_prediction_create(m, top_n, &p)) != PS_OK) return fail("prediction", st);
    k = ps_nb_model_class_count(m);
    for (start = 0; start < tlen; start = end + 1) {
        uint32_t c, i;
        const double *probs;
        for (end = start; end < tlen && texts[end] != '\n'; end++) {}
        if ((st = ps_nb_model_predict(m, texts + start, end - start, p)) != PS_OK) return fail("predict", st);
        probs = ps_nb_prediction_probs(p);
        printf("P %u %u", ps_nb_prediction_label(p), ps_nb_prediction_evidence(p));
        for (c = 0; c < k; c++) printf(" %.17g", probs[c]);
        printf("\n");
        for (i = 0; i < ps_nb_prediction_explain_count(p); i++) {
            uint32_t tok_len = 0;
            const uint8_t *tok = ps_nb_model_token(m, ps_nb_prediction_explain_ids(p)[i], &tok_len);
            printf("E %u %.17g %.*s\n", ps_nb_prediction_explain_classes(p)[i],
                   ps_nb_prediction_explain_weights(p)[i], (int)tok_len, (const char *)tok);
        }
    }
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(m);
    free(texts);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "train") == 0) return train(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "predict") == 0) return predict(argc, argv);
    fprintf(stderr, "usage: tool_nb train ROWS OUT.nbm [...] | tool_nb predict MODEL.nbm TEXTS [top_n]\n");
    return 2;
}
