/* Native tests of the linear kinds (NB-weighted logistic regression, Complement NB) and of calibration:
 * scores and probabilities computed by hand from the stored weights, complement weights by hand, the
 * trainer's contract, determinism, and a calibration that recovers known probabilities. */
#include "check.h"
#include "ps_nb.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define S(x) (const uint8_t *)(x), (uint32_t)strlen(x)

static ps_nb_options *options(uint32_t kind, uint32_t binary, uint32_t bits)
{
    ps_nb_options *o = NULL;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_kind(o, kind), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_binary(o, binary), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(o, bits), PS_OK);
    return o;
}

static ps_nb_model *count_model(const ps_nb_options *o, const char *const (*docs)[2], uint32_t n)
{
    ps_nb_trainer *t = NULL;
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (uint32_t i = 0; i < n; i++) CHECK_EQ_INT(ps_nb_trainer_add(t, S(docs[i][0]), S(docs[i][1])), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    ps_nb_trainer_destroy(t);
    return m;
}

static const char *const tiny[][2] = {
    {"good fun", "pos"}, {"good", "pos"}, {"great fun", "pos"}, {"bad boring", "neg"}, {"bad", "neg"}, {"awful boring", "neg"},
};
#define NTINY (sizeof tiny / sizeof *tiny)

/* The NBLR model of the tiny corpus: epochs passes, seed; cache bytes of token ids kept between epochs. */
static ps_nb_model *tiny_linear_cached(uint32_t epochs, uint32_t seed, double mix, uint32_t cache)
{
    ps_nb_options *o = options(PS_NB_KIND_NBLR, 1, 32);
    ps_nb_model *nb = count_model(o, tiny, NTINY), *m = NULL;
    ps_nb_linear *l = NULL;
    CHECK_EQ_INT(ps_nb_options_set_l2(o, 0.1), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_seed(o, seed), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_nb_mix(o, mix), PS_OK);
    CHECK_EQ_INT(ps_nb_model_kind(nb), PS_NB_KIND_NB); /* a trainer of kind NBLR finishes into its ratios */
    CHECK_EQ_INT(ps_nb_options_set_pieces(o, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_linear_create(nb, o, &l), PS_OK);
    CHECK_EQ_INT(ps_nb_linear_set_cache(l, cache), PS_OK);
    for (uint32_t e = 0; e < epochs; e++) {
        for (uint32_t i = 0; i < NTINY; i++) CHECK_EQ_INT(ps_nb_linear_add(l, S(tiny[i][0]), S(tiny[i][1])), PS_OK);
        if (e == 0) CHECK_EQ_INT(ps_nb_linear_set_cache(l, cache), PS_ERR_INVALID_ARGUMENT);
        CHECK_EQ_INT(ps_nb_linear_end_epoch(l), PS_OK);
    }
    CHECK_EQ_INT(ps_nb_linear_epochs(l), epochs);
    CHECK_EQ_INT(ps_nb_linear_finish(l, &m), PS_OK);
    ps_nb_linear_destroy(l);
    ps_nb_model_destroy(nb);
    ps_nb_options_destroy(o);
    return m;
}

static ps_nb_model *tiny_linear(uint32_t epochs, uint32_t seed, double mix)
{
    return tiny_linear_cached(epochs, seed, mix, PS_NB_LINEAR_CACHE);
}

static double weight_of(const ps_nb_model *m, const char *token, uint32_t c)
{
    uint32_t id = UINT32_MAX;
    CHECK_EQ_INT(ps_nb_model_find(m, S(token), &id), PS_OK);
    CHECK(id != UINT32_MAX);
    return ps_nb_model_weight(m, id, c);
}

/* score = base + the weights of the distinct known tokens; p = logistic(s * score), by hand. */
static void test_linear_scoring(void)
{
    ps_nb_model *m = tiny_linear(20, 1, 0.0);
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_model_kind(m), PS_NB_KIND_NBLR);
    CHECK_STR((const char *)ps_nb_model_label(m, 0, NULL), "neg");
    double good = weight_of(m, "good", 1), bad = weight_of(m, "bad", 1), fun = weight_of(m, "fun", 1);
    double boring = weight_of(m, "boring", 1), base = ps_nb_model_base(m, 1);
    /* two classes: one weight vector, class 0's weights and base are 0 */
    CHECK(weight_of(m, "good", 0) == 0.0 && weight_of(m, "bad", 0) == 0.0 && ps_nb_model_base(m, 0) == 0.0);
    CHECK(good > 0.1 && fun > 0.1 && bad < -0.1 && boring < -0.1);
    CHECK_EQ_INT(ps_nb_prediction_create(m, 5, &p), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(m, S("good bad good fun unknown"), p), PS_OK);
    double score = base + good + bad + fun; /* presences: good once */
    CHECK_EQ_INT(ps_nb_prediction_evidence(p), 3);
    CHECK(fabs(ps_nb_prediction_scores(p)[1] - score) < 1e-12 && ps_nb_prediction_scores(p)[0] == 0.0);
    CHECK(fabs(ps_nb_prediction_probs(p)[1] - 1.0 / (1.0 + exp(-score))) < 1e-12);
    CHECK_EQ_INT(ps_nb_prediction_label(p), score > 0 ? 1 : 0);
    /* the explanation: |weight| of each present token, toward the class its sign favours, strongest first */
    CHECK_EQ_INT(ps_nb_prediction_explain_count(p), 3);
    for (uint32_t i = 0; i < 3; i++) {
        uint32_t len;
        const uint8_t *tok = ps_nb_model_token(m, ps_nb_prediction_explain_ids(p)[i], &len);
        char word[16] = {0};
        memcpy(word, tok, len < 15 ? len : 15);
        double w = weight_of(m, word, 1);
        CHECK(fabs(ps_nb_prediction_explain_weights(p)[i] - fabs(w)) < 1e-12);
        CHECK_EQ_INT(ps_nb_prediction_explain_classes(p)[i], w > 0 ? 1 : 0);
        if (i) CHECK(ps_nb_prediction_explain_weights(p)[i] <= ps_nb_prediction_explain_weights(p)[i - 1]);
    }
    /* calibrated: p = logistic(exp(a) * (1 + evidence)^b * score); the label does not change */
    uint32_t label = ps_nb_prediction_label(p);
    CHECK_EQ_INT(ps_nb_model_set_calibration(m, 0.3, -0.5), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(m, S("good bad good fun unknown"), p), PS_OK);
    double s = exp(0.3) * pow(1.0 + 3.0, -0.5);
    CHECK(fabs(ps_nb_prediction_probs(p)[1] - 1.0 / (1.0 + exp(-s * score))) < 1e-12);
    CHECK(fabs(ps_nb_prediction_scores(p)[1] - score) < 1e-12); /* scores stay uncalibrated */
    CHECK_EQ_INT(ps_nb_prediction_label(p), label);
    /* no known token: the priors, not the calibrated base (an intercept, which the calibration scales up) */
    CHECK(base != 0.0);
    double docs0 = ps_nb_model_class_docs(m, 0), docs1 = ps_nb_model_class_docs(m, 1);
    for (int calibrated = 1; calibrated >= 0; calibrated--) {
        CHECK_EQ_INT(ps_nb_model_set_calibration(m, calibrated ? 0.3 : 0.0, calibrated ? -0.5 : 0.0), PS_OK);
        CHECK_EQ_INT(ps_nb_model_predict(m, S("nothing known"), p), PS_OK);
        CHECK_EQ_INT(ps_nb_prediction_evidence(p), 0);
        CHECK(fabs(ps_nb_prediction_probs(p)[1] - docs1 / (docs0 + docs1)) < 1e-12);
        CHECK_EQ_INT(ps_nb_prediction_label(p), docs1 > docs0 ? 1 : 0);
    }
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(m);
}

static int same_bytes(const ps_nb_model *a, const ps_nb_model *b)
{
    uint8_t *x = NULL, *y = NULL;
    uint32_t nx = 0, ny = 0;
    CHECK_EQ_INT(ps_nb_model_save(a, &x, &nx), PS_OK);
    CHECK_EQ_INT(ps_nb_model_save(b, &y, &ny), PS_OK);
    int same = nx == ny && memcmp(x, y, nx) == 0;
    free(x);
    free(y);
    return same;
}

/* The same documents, options and seed give the same bytes; another seed, another order, other weights. */
static void test_linear_determinism(void)
{
    ps_nb_model *a = tiny_linear(4, 7, 0.0), *b = tiny_linear(4, 7, 0.0), *c = tiny_linear(4, 8, 0.0);
    ps_nb_model *d = tiny_linear(4, 7, 0.5), *uncached = tiny_linear_cached(4, 7, 0.0, 0), *partly = tiny_linear_cached(4, 7, 0.0, 60);
    CHECK(same_bytes(a, b));
    CHECK(same_bytes(a, uncached)); /* the ids kept between epochs change the speed, never the model */
    CHECK(same_bytes(a, partly));
    ps_nb_model_destroy(uncached);
    ps_nb_model_destroy(partly);
    CHECK(!same_bytes(a, c));
    /* NB mix: the NB log-odds' share is in every weight, so the weights move toward the ratios' sign */
    CHECK(weight_of(d, "good", 1) > 0 && weight_of(d, "awful", 1) < 0);
    CHECK(!same_bytes(a, d));
    ps_nb_model_destroy(a);
    ps_nb_model_destroy(b);
    ps_nb_model_destroy(c);
    ps_nb_model_destroy(d);
}

/* What the trainer and the options refuse. */
static void test_linear_contract(void)
{
    ps_nb_options *o = options(PS_NB_KIND_NBLR, 1, 32), *co = options(PS_NB_KIND_COMPLEMENT, 1, 32);
    ps_nb_model *nb = count_model(o, tiny, NTINY), *cnb = count_model(co, tiny, NTINY), *m = NULL;
    ps_nb_linear *l = NULL;
    CHECK_EQ_INT(ps_nb_options_set_kind(o, 3), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_l2(o, 0.0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_l2(o, 0.0 / 0.0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_epochs(o, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_epochs(o, PS_NB_EPOCHS_MAX + 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_nb_mix(o, 1.5), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_pieces(o, PS_NB_PIECES_MAX + 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_linear_create(cnb, o, &l), PS_ERR_INVALID_ARGUMENT); /* the ratios are a kind NB model */
    CHECK_EQ_INT(ps_nb_linear_create(NULL, o, &l), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_linear_create(nb, o, &l), PS_OK);
    CHECK_EQ_INT(ps_nb_linear_finish(l, &m), PS_ERR_NB_NO_DATA); /* no epoch ended */
    CHECK_EQ_INT(ps_nb_linear_end_epoch(l), PS_ERR_NB_NO_DATA);   /* an epoch of no document */
    CHECK_EQ_INT(ps_nb_linear_epochs(l), 0);
    CHECK_EQ_INT(ps_nb_linear_add(l, S("good"), S("meh")), PS_ERR_NB_LABEL);
    CHECK_EQ_INT(ps_nb_linear_add(l, NULL, 3, (const uint8_t *)"pos", 3), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_linear_add(l, S(""), S("pos")), PS_OK); /* an empty document is a document */
    CHECK_EQ_INT(ps_nb_linear_end_epoch(l), PS_OK);
    CHECK_EQ_INT(ps_nb_linear_finish(l, &m), PS_OK);
    CHECK_EQ_INT(ps_nb_model_kind(m), PS_NB_KIND_NBLR);
    CHECK_EQ_INT(ps_nb_options_binary(ps_nb_model_options(m)), 1);
    ps_nb_model_destroy(m);
    ps_nb_linear_destroy(l);
    ps_nb_linear_destroy(NULL);
    ps_nb_model_destroy(nb);
    ps_nb_model_destroy(cnb);
    ps_nb_options_destroy(o);
    ps_nb_options_destroy(co);
}

/* Complement NB weights by hand: w[c][t] = -(log(n_not_c[t] + alpha) - log(N_not_c + alpha * V)), base 0. */
static void test_complement_weights(void)
{
    static const char *const docs[][2] = {{"x", "a"}, {"x y", "a"}, {"y", "b"}, {"z", "c"}};
    ps_nb_options *o = options(PS_NB_KIND_COMPLEMENT, 0, 32);
    ps_nb_model *m = count_model(o, docs, 4);
    /* counts: a {x 2, y 1}, b {y 1}, c {z 1}; alpha 1, V 3 */
    const double want[3][3] = {
        {log(5.0 / 1), log(5.0 / 2), log(5.0 / 2)},  /* not a: {y 1, z 1}, N 2 */
        {log(7.0 / 3), log(7.0 / 2), log(7.0 / 2)},  /* not b: {x 2, y 1, z 1}, N 4 */
        {log(7.0 / 3), log(7.0 / 3), log(7.0 / 1)},  /* not c: {x 2, y 2}, N 4 */
    };
    const char *tokens[3] = {"x", "y", "z"};
    CHECK_EQ_INT(ps_nb_model_kind(m), PS_NB_KIND_COMPLEMENT);
    for (uint32_t c = 0; c < 3; c++) {
        CHECK(ps_nb_model_base(m, c) == 0.0);
        for (uint32_t t = 0; t < 3; t++) CHECK(fabs(weight_of(m, tokens[t], c) - want[c][t]) < 1e-6);
    }
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_prediction_create(m, 0, &p), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(m, S("x x z"), p), PS_OK); /* counts: x twice */
    for (uint32_t c = 0; c < 3; c++) CHECK(fabs(ps_nb_prediction_scores(p)[c] - (2 * want[c][0] + want[c][2])) < 1e-5);
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(m);
    ps_nb_options_destroy(o);
}

/* splitmix64 */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A corpus whose truth is known: a document is group g's k copies "g<g>c0 … g<g>c<k-1>" (k = 1..6), positive
 * with probability P[g]. NB sees k times the same evidence, so it claims logit k * logit(P[g]): over-confident
 * by a factor that grows with the evidence. */
#define GROUPS 5
static const double P[GROUPS] = {0.1, 0.3, 0.5, 0.7, 0.9};
typedef struct doc { char text[64]; const char *label; uint32_t group; } doc;

static void make_doc(uint64_t *s, doc *d)
{
    uint32_t g = (uint32_t)(rnd(s) % GROUPS), k = 1 + (uint32_t)(rnd(s) % 6), n = 0;
    for (uint32_t j = 0; j < k; j++) n += (uint32_t)snprintf(d->text + n, sizeof d->text - n, "%sg%uc%u", j ? " " : "", g, j);
    d->label = (double)(rnd(s) >> 11) / 9007199254740992.0 < P[g] ? "1" : "0";
    d->group = g;
}

/* ECE of m on docs (10 bins of the top-class probability from 0.5 to 1), and per group the mean predicted
 * probability of "1" and the observed frequency. */
static double ece_of(const ps_nb_model *m, const doc *docs, uint32_t n, double *pred, double *obs)
{
    double conf[10] = {0}, right[10] = {0}, count[10] = {0}, gn[GROUPS] = {0}, ece = 0;
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_prediction_create(m, 0, &p), PS_OK);
    for (uint32_t g = 0; g < GROUPS; g++) pred[g] = obs[g] = 0;
    for (uint32_t i = 0; i < n; i++) {
        CHECK_EQ_INT(ps_nb_model_predict(m, S(docs[i].text), p), PS_OK);
        double p1 = ps_nb_prediction_probs(p)[1], top = p1 > 0.5 ? p1 : 1 - p1;
        int b = (int)((top - 0.5) * 20);
        b = b > 9 ? 9 : b;
        conf[b] += top;
        right[b] += (p1 > 0.5) == (docs[i].label[0] == '1');
        count[b]++;
        pred[docs[i].group] += p1;
        obs[docs[i].group] += docs[i].label[0] == '1';
        gn[docs[i].group]++;
    }
    for (uint32_t b = 0; b < 10; b++) if (count[b]) ece += fabs(conf[b] - right[b]) / n;
    for (uint32_t g = 0; g < GROUPS; g++) { pred[g] /= gn[g]; obs[g] /= gn[g]; }
    ps_nb_prediction_destroy(p);
    return ece;
}

/* Calibration fitted on held-out documents makes the probabilities the observed frequencies: within 0.03 per
 * group and an ECE under 0.03, where the uncalibrated model's ECE is over 0.1. */
static void test_calibration_recovers_truth(void)
{
    enum { TRAIN = 20000, FIT = 6000, TEST = 6000 };
    doc *docs = malloc((TRAIN + FIT + TEST) * sizeof *docs);
    uint64_t seed = 2026;
    for (uint32_t i = 0; i < TRAIN + FIT + TEST; i++) make_doc(&seed, &docs[i]);
    ps_nb_options *o = options(PS_NB_KIND_NB, 1, 32);
    ps_nb_trainer *t = NULL;
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (uint32_t i = 0; i < TRAIN; i++) CHECK_EQ_INT(ps_nb_trainer_add(t, S(docs[i].text), S(docs[i].label)), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    ps_nb_trainer_destroy(t);
    double pred[GROUPS], obs[GROUPS], before = ece_of(m, docs + TRAIN + FIT, TEST, pred, obs);
    CHECK(before > 0.1);
    /* the scores of the held-out documents */
    double *scores = malloc(FIT * 2 * sizeof *scores), a = 0, b = 0;
    uint32_t *evidence = malloc(FIT * sizeof *evidence), *labels = malloc(FIT * sizeof *labels);
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_prediction_create(m, 0, &p), PS_OK);
    for (uint32_t i = 0; i < FIT; i++) {
        CHECK_EQ_INT(ps_nb_model_predict(m, S(docs[TRAIN + i].text), p), PS_OK);
        memcpy(scores + 2 * i, ps_nb_prediction_scores(p), 2 * sizeof *scores);
        evidence[i] = ps_nb_prediction_evidence(p);
        labels[i] = docs[TRAIN + i].label[0] == '1';
    }
    ps_nb_prediction_destroy(p);
    for (uint32_t length_aware = 0; length_aware < 2; length_aware++) {
        CHECK_EQ_INT(ps_nb_calibration_fit(2, FIT, scores, evidence, labels, length_aware, &a, &b), PS_OK);
        CHECK(length_aware || (b == 0.0 && a < 0)); /* NB is over-confident: a temperature above 1 */
        CHECK_EQ_INT(ps_nb_model_set_calibration(m, a, b), PS_OK);
        double after = ece_of(m, docs + TRAIN + FIT, TEST, pred, obs);
        printf("calibration (%s): a %.4f, b %.4f; ECE %.4f before, %.4f after\n", length_aware ? "length-aware" : "temperature", a, b, before, after);
        if (length_aware) {
            CHECK(b < -0.5); /* more evidence, more over-confidence */
            CHECK(after < 0.03);
            for (uint32_t g = 0; g < GROUPS; g++) CHECK(fabs(pred[g] - obs[g]) < 0.03 && fabs(obs[g] - P[g]) < 0.03);
        }
        CHECK(after < before);
    }
    CHECK_EQ_INT(ps_nb_calibration_fit(2, FIT, scores, evidence, labels, 2, &a, &b), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_calibration_fit(1, FIT, scores, evidence, labels, 0, &a, &b), PS_ERR_INVALID_ARGUMENT);
    labels[5] = 2;
    CHECK_EQ_INT(ps_nb_calibration_fit(2, FIT, scores, evidence, labels, 0, &a, &b), PS_ERR_INVALID_ARGUMENT);
    free(scores); free(evidence); free(labels); free(docs);
    ps_nb_model_destroy(m);
    ps_nb_options_destroy(o);
}

int main(void)
{
    test_linear_scoring();
    test_linear_determinism();
    test_linear_contract();
    test_complement_weights();
    test_calibration_recovers_truth();
    return check_report("test_linear");
}
