/* Native tests of the Naive Bayes trainer / model / prediction (ps_nb).
 * Expected values are computed here from the formulas and hand counts. */
#include "check.h"
#include "ps_nb.h"
#include "crc32.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define S(x) (const uint8_t *)(x), (uint32_t)strlen(x)

/* The tiny corpus: pos: "good great", "good fun"; neg: "bad boring", "bad good".
 * Hand counts (unigrams): pos good 2 great 1 fun 1 (N=4); neg bad 2 boring 1 good 1 (N=4).
 * Vocabulary (byte order): bad boring fun good great, V = 5. */
static const char *docs[4][2] = {
    {"Good great!", "pos"}, {"good <b>fun</b>", "pos"}, {"bad, boring", "neg"}, {"bad good", "neg"},
};

static ps_nb_trainer *train_tiny(const ps_nb_options *o, int from, int to)
{
    ps_nb_trainer *t = NULL;
    int i;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (i = from; i < to; i++) CHECK_EQ_INT(ps_nb_trainer_add(t, S(docs[i][0]), S(docs[i][1])), PS_OK);
    return t;
}

/* The model of the whole tiny corpus (the trainer is gone). */
/* The tiny corpus's classes: in the order of their labels' bytes, "neg" before "pos". */
enum { NEG = 0, POS = 1 };

static ps_nb_model *tiny_model(const ps_nb_options *o)
{
    ps_nb_trainer *t = train_tiny(o, 0, 4);
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    ps_nb_trainer_destroy(t);
    return m;
}

static uint32_t id_of(const ps_nb_model *m, const char *tok)
{
    uint32_t id = 12345;
    CHECK_EQ_INT(ps_nb_model_find(m, S(tok), &id), PS_OK);
    return id;
}

static ps_nb_options *opts32(void)
{
    ps_nb_options *o = NULL;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(o, 32), PS_OK);
    return o;
}

typedef struct known_ctx { const ps_nb_model *m; uint32_t known; } known_ctx;
static ps_status count_known(void *ctx, const uint8_t *tok, uint32_t len)
{
    known_ctx *k = (known_ctx *)ctx;
    uint32_t id = UINT32_MAX;
    if (ps_nb_model_find(k->m, tok, len, &id) != PS_OK) return PS_ERR_INVALID_ARGUMENT;
    if (id != UINT32_MAX) k->known++;
    return PS_OK;
}

/* A larger vocabulary (thousands of 1-3-grams): every token is found under its id, and a long text (many
 * lookup batches) gets the evidence that token-by-token lookups give. */
static void test_lookup_table(void)
{
    static char text[40000];
    ps_nb_options *o = NULL;
    ps_nb_trainer *t = NULL;
    ps_nb_model *m = NULL;
    ps_nb_prediction *p = NULL;
    uint32_t i, n, x = 7, bad = 0;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_ngrams(o, 1, 3), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_min_df(o, 2), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (i = 0; i < 400; i++) {
        uint32_t w;
        n = 0;
        for (w = 0; w < 30; w++) { x = x * 1103515245u + 12345u; n += (uint32_t)sprintf(text + n, "w%u ", (x >> 16) % 60u); }
        CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)text, n, S(i % 3 ? "a" : "b")), PS_OK);
    }
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    CHECK(ps_nb_model_vocab_size(m) > 1000);
    for (i = 0; i < ps_nb_model_vocab_size(m); i++) {
        uint32_t len, id = UINT32_MAX;
        const uint8_t *tk = ps_nb_model_token(m, i, &len);
        CHECK_EQ_INT(ps_nb_model_find(m, tk, len, &id), PS_OK);
        bad += id != i;
    }
    CHECK_EQ_INT(bad, 0);
    {
        known_ctx kc;
        kc.m = m;
        kc.known = 0;
        n = 0;
        for (i = 0; i < 3000; i++) { x = x * 1103515245u + 12345u; n += (uint32_t)sprintf(text + n, "w%u ", (x >> 16) % 64u); }
        CHECK_EQ_INT(ps_tokenize(ps_nb_options_tok(ps_nb_model_options(m)), (const uint8_t *)text, n, count_known, &kc), PS_OK);
        CHECK_EQ_INT(ps_nb_prediction_create(m, 10, &p), PS_OK);
        CHECK_EQ_INT(ps_nb_model_predict(m, (const uint8_t *)text, n, p), PS_OK);
        CHECK_EQ_INT(ps_nb_prediction_evidence(p), kc.known);
        CHECK(kc.known > 3000);
    }
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(m);
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
}

static void test_options(void)
{
    ps_nb_options *d = NULL;
    CHECK_EQ_INT(ps_nb_options_create(&d), PS_OK);
    CHECK_NEAR(ps_nb_options_alpha(d), 1.0, 0);
    CHECK_EQ_INT(ps_nb_options_binary(d), 0);
    CHECK_EQ_INT(ps_nb_options_min_df(d), 1);
    CHECK_EQ_INT(ps_nb_options_max_features(d), 0);
    CHECK_EQ_INT(ps_nb_options_ngram_min(d), 1);
    CHECK_EQ_INT(ps_nb_options_ngram_max(d), 1);
    CHECK_EQ_INT(ps_nb_options_set_alpha(d, 0.0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_alpha(d, -1.0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_alpha(d, 0.0 / 0.0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_alpha(d, 1e300), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_min_df(d, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_binary(d, 2), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(d, 12), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_options_set_ngrams(d, 3, 2), PS_ERR_INVALID_ARGUMENT);
    CHECK_NEAR(ps_nb_options_alpha(d), 1.0, 0);
    CHECK_EQ_INT(ps_nb_options_set_alpha(d, 0.5), PS_OK);
    CHECK_NEAR(ps_nb_options_alpha(d), 0.5, 0);
    ps_nb_options_destroy(d);
    CHECK_EQ_INT(ps_nb_options_create(NULL), PS_ERR_INVALID_ARGUMENT);
}

/* ---- the tiny model (32-bit weights), trained once for the tests up to test_tiny_model ---- */

static void test_tiny_classes(const ps_nb_model *m)
{
    uint32_t len;
    CHECK_EQ_INT(ps_nb_model_class_count(m), 2);
    CHECK_STR((const char *)ps_nb_model_label(m, POS, &len), "pos"); /* label order, whatever came first */
    CHECK_EQ_INT(len, 3);
    CHECK_STR((const char *)ps_nb_model_label(m, NEG, NULL), "neg");
    CHECK(ps_nb_model_label(m, 2, &len) == NULL);
    CHECK_EQ_INT(ps_nb_model_vocab_size(m), 5);
    CHECK_EQ_INT(ps_nb_model_class_docs(m, POS), 2);
}

static void test_tiny_weights(const ps_nb_model *m)
{
    const char *vocab[5] = {"bad", "boring", "fun", "good", "great"};
    /* counts[token][class] by hand; N = 4 per class, V = 5, alpha = 1 */
    const double n[5][2] = {{0, 2}, {0, 1}, {1, 0}, {2, 1}, {1, 0}};
    uint32_t i, len;
    for (i = 0; i < 5; i++) {
        const uint8_t *tk = ps_nb_model_token(m, i, &len);
        CHECK(tk && len == strlen(vocab[i]) && memcmp(tk, vocab[i], len) == 0);
        CHECK_EQ_INT(id_of(m, vocab[i]), i);
        CHECK_NEAR(ps_nb_model_weight(m, i, POS), log((n[i][0] + 1.0) / (4.0 + 5.0)), 1e-6);
        CHECK_NEAR(ps_nb_model_weight(m, i, NEG), log((n[i][1] + 1.0) / (4.0 + 5.0)), 1e-6);
    }
    CHECK_EQ_INT(id_of(m, "nope"), UINT32_MAX);
    CHECK_NEAR(ps_nb_model_log_prior(m, 0), log(0.5), 1e-12);
    CHECK_NEAR(ps_nb_model_log_prior(m, 1), log(0.5), 1e-12);
}

/* "good good bad" scored and explained by hand */
static void test_tiny_prediction(const ps_nb_model *m, ps_nb_prediction *p)
{
    double sp = log(0.5) + 2 * log(3.0 / 9) + log(1.0 / 9);
    double sn = log(0.5) + 2 * log(2.0 / 9) + log(3.0 / 9);
    double pp = 1.0 / (1.0 + exp(sn - sp));
    const double *pr, *sc;
    CHECK_EQ_INT(ps_nb_model_predict(m, S("Good good BAD unknownword"), p), PS_OK);
    pr = ps_nb_prediction_probs(p);
    sc = ps_nb_prediction_scores(p);
    CHECK_NEAR(sc[POS], sp, 1e-5);
    CHECK_NEAR(sc[NEG], sn, 1e-5);
    CHECK_NEAR(pr[POS], pp, 1e-6);
    CHECK_NEAR(pr[0] + pr[1], 1.0, 1e-15);
    CHECK_EQ_INT(ps_nb_prediction_label(p), sp > sn ? POS : NEG);
    CHECK_EQ_INT(ps_nb_prediction_evidence(p), 3);
    /* explanation: bad -> neg, 1 * (log 3/9 - log 1/9) = log 3; good -> pos, 2 * log(3/2) */
    CHECK_EQ_INT(ps_nb_prediction_explain_count(p), 2);
    CHECK_EQ_INT(ps_nb_prediction_explain_ids(p)[0], id_of(m, "bad"));
    CHECK_EQ_INT(ps_nb_prediction_explain_classes(p)[0], NEG);
    CHECK_NEAR(ps_nb_prediction_explain_weights(p)[0], log(3.0), 1e-5);
    CHECK_EQ_INT(ps_nb_prediction_explain_ids(p)[1], id_of(m, "good"));
    CHECK_EQ_INT(ps_nb_prediction_explain_classes(p)[1], POS);
    CHECK_NEAR(ps_nb_prediction_explain_weights(p)[1], 2 * log(1.5), 1e-5);
}

/* no known token: the priors, evidence 0; bad arguments are refused */
static void test_tiny_no_evidence(const ps_nb_model *m, ps_nb_prediction *p)
{
    CHECK_EQ_INT(ps_nb_model_predict(m, S(""), p), PS_OK);
    CHECK_EQ_INT(ps_nb_prediction_evidence(p), 0);
    CHECK_NEAR(ps_nb_prediction_probs(p)[0], 0.5, 1e-15);
    CHECK_EQ_INT(ps_nb_prediction_explain_count(p), 0);
    CHECK_EQ_INT(ps_nb_model_predict(m, NULL, 0, p), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(m, S("zzz qqq <br />"), p), PS_OK);
    CHECK_EQ_INT(ps_nb_prediction_evidence(p), 0);
    CHECK_NEAR(ps_nb_prediction_probs(p)[1], 0.5, 1e-15);
    CHECK_EQ_INT(ps_nb_model_predict(NULL, S("x"), p), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_model_predict(m, NULL, 3, p), PS_ERR_INVALID_ARGUMENT);
}

/* a huge input stays finite and normalised */
static void test_tiny_huge_input(const ps_nb_model *m, ps_nb_prediction *p)
{
    uint32_t i, n = 4u << 20;
    char *big = (char *)malloc(n);
    const double *pr;
    for (i = 0; i < n; i++) big[i] = "good bad boring "[i % 16];
    CHECK_EQ_INT(ps_nb_model_predict(m, (const uint8_t *)big, n, p), PS_OK);
    pr = ps_nb_prediction_probs(p);
    CHECK(pr[0] >= 0 && pr[0] <= 1 && pr[1] >= 0 && pr[1] <= 1);
    CHECK_NEAR(pr[0] + pr[1], 1.0, 1e-12);
    CHECK_EQ_INT(ps_nb_prediction_label(p), NEG);
    CHECK_EQ_INT(ps_nb_prediction_evidence(p), (n / 16) * 3);
    free(big);
}

/* strongest tokens per class: pos: fun, great (log 2, tie by id), good (log 1.5) */
static void test_tiny_top_tokens(const ps_nb_model *m)
{
    uint32_t ids[10], cnt = 99;
    double strengths[10];
    CHECK_EQ_INT(ps_nb_model_top_tokens(m, POS, 10, ids, strengths, &cnt), PS_OK);
    CHECK_EQ_INT(cnt, 3);
    CHECK_EQ_INT(ids[0], id_of(m, "fun"));
    CHECK_EQ_INT(ids[1], id_of(m, "great"));
    CHECK_EQ_INT(ids[2], id_of(m, "good"));
    for (int r = 0; r < 3; r++)  /* the weight margin over the other class */
        CHECK_NEAR(strengths[r], ps_nb_model_weight(m, ids[r], POS) - ps_nb_model_weight(m, ids[r], NEG), 1e-12);
    CHECK_EQ_INT(ps_nb_model_top_tokens(m, NEG, 1, ids, NULL, &cnt), PS_OK);
    CHECK_EQ_INT(cnt, 1);
    CHECK_EQ_INT(ids[0], id_of(m, "bad"));
    CHECK_EQ_INT(ps_nb_model_top_tokens(m, 2, 1, ids, NULL, &cnt), PS_ERR_INVALID_ARGUMENT);
}

static void test_tiny_metadata(ps_nb_model *m)
{
    uint32_t idx = 0, len;
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("data"), S("tiny")), PS_OK);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("accuracy"), S("1.0")), PS_OK);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("data"), S("tiny corpus \xC3\xA9")), PS_OK);
    CHECK_EQ_INT(ps_nb_model_meta_count(m), 2);
    CHECK_EQ_INT(ps_nb_model_meta_find(m, S("data"), &idx), PS_OK);
    CHECK_EQ_INT(idx, 0);
    CHECK_STR((const char *)ps_nb_model_meta_value(m, idx, &len), "tiny corpus \xC3\xA9");
    CHECK_STR((const char *)ps_nb_model_meta_key(m, 1, NULL), "accuracy");
    CHECK_EQ_INT(ps_nb_model_meta_find(m, S("absent"), &idx), PS_OK);
    CHECK_EQ_INT(idx, UINT32_MAX);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S(""), S("x")), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("k"), S("\xFF")), PS_ERR_INVALID_ARGUMENT);
}

static void test_tiny_model(const ps_nb_options *o)
{
    ps_nb_trainer *t = train_tiny(o, 0, 4);
    ps_nb_model *m = NULL;
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_trainer_doc_count(t), 4);
    CHECK_EQ_INT(ps_nb_trainer_vocab_size(t), 5);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    ps_nb_trainer_destroy(t);
    test_tiny_classes(m);
    test_tiny_weights(m);
    CHECK_EQ_INT(ps_nb_prediction_create(m, 5, &p), PS_OK);
    test_tiny_prediction(m, p);
    test_tiny_no_evidence(m, p);
    test_tiny_huge_input(m, p);
    test_tiny_top_tokens(m);
    test_tiny_metadata(m);
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(m);
}

/* ---- counting options, set in turn on one options object b ---- */

static void test_binary_counts(ps_nb_options *b)
{
    ps_nb_trainer *tb;
    ps_nb_model *mb = NULL;
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_options_set_binary(b, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(b, &tb), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(tb, S("good good good"), S("pos")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(tb, S("bad bad"), S("neg")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(tb, &mb), PS_OK);
    /* pos: good 1 (N=1), neg: bad 1 (N=1), V = 2 */
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "good"), POS), log(2.0 / 3.0), 1e-6);
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "bad"), POS), log(1.0 / 3.0), 1e-6);
    CHECK_EQ_INT(ps_nb_prediction_create(mb, 0, &p), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(mb, S("good good good good bad"), p), PS_OK);
    CHECK_EQ_INT(ps_nb_prediction_evidence(p), 2);  /* distinct tokens */
    CHECK_NEAR(ps_nb_prediction_probs(p)[0], 0.5, 1e-12);
    CHECK_EQ_INT(ps_nb_prediction_explain_count(p), 0);
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(mb);
    ps_nb_trainer_destroy(tb);
    CHECK_EQ_INT(ps_nb_options_set_binary(b, 0), PS_OK);
}

/* min_df, then max_features, then a min_df above every document count (no vocabulary, no model) */
static void test_pruning(ps_nb_options *b)
{
    ps_nb_trainer *tb;
    ps_nb_model *mb;
    CHECK_EQ_INT(ps_nb_options_set_min_df(b, 2), PS_OK);
    mb = tiny_model(b);
    /* kept: bad (2 docs), good (3 docs); V = 2; N pos = 2 (good), N neg = 3 (bad 2 + good 1) */
    CHECK_EQ_INT(ps_nb_model_vocab_size(mb), 2);
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "good"), POS), log(3.0 / 4.0), 1e-6);
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "good"), NEG), log(2.0 / 5.0), 1e-6);
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "bad"), NEG), log(3.0 / 5.0), 1e-6);
    ps_nb_model_destroy(mb);

    CHECK_EQ_INT(ps_nb_options_set_min_df(b, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_max_features(b, 2), PS_OK);
    mb = tiny_model(b);
    /* most frequent: good (3), bad (2) */
    CHECK_EQ_INT(ps_nb_model_vocab_size(mb), 2);
    CHECK(id_of(mb, "good") != UINT32_MAX && id_of(mb, "bad") != UINT32_MAX);
    ps_nb_model_destroy(mb);

    CHECK_EQ_INT(ps_nb_options_set_max_features(b, 0), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_min_df(b, 100), PS_OK);
    tb = train_tiny(b, 0, 4);
    mb = (ps_nb_model *)&mb; /* a failed call leaves its out-parameter untouched */
    CHECK_EQ_INT(ps_nb_trainer_finish(tb, &mb), PS_ERR_NB_NO_DATA);
    CHECK(mb == (ps_nb_model *)&mb);
    ps_nb_trainer_destroy(tb);
}

/* max_features keeps the cap strongest tokens: the most documents, ties by bytes. 3,000 words whose document
 * counts repeat (many ties), offered in byte order and in reverse, under caps that make the builder select
 * many times or not at all; the kept set is checked against a sort here. */
enum { SEL_WORDS = 3000, SEL_DOCS = 60 };

static uint32_t sel_docs_of(uint32_t i) { return 1u + (i * 7919u) % SEL_DOCS; }

static int sel_stronger_first(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (sel_docs_of(a) != sel_docs_of(b)) return sel_docs_of(a) > sel_docs_of(b) ? -1 : 1;
    return a < b ? -1 : 1; /* "w%04u": byte order is number order */
}

static void check_selection(int reverse, uint32_t cap)
{
    ps_nb_options *o = opts32();
    ps_nb_trainer *t = NULL;
    ps_nb_model *m = NULL;
    char *doc = malloc(SEL_WORDS * 6u + 1u), word[8];
    uint32_t order[SEL_WORDS];
    CHECK_EQ_INT(ps_nb_options_set_binary(o, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_max_features(o, cap), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (uint32_t d = 0; d < SEL_DOCS; d++) {
        size_t at = 0;
        for (uint32_t n = 0; n < SEL_WORDS; n++) {
            uint32_t i = reverse ? SEL_WORDS - 1 - n : n;
            if (sel_docs_of(i) > d) at += (size_t)sprintf(doc + at, "w%04u ", (unsigned)i);
        }
        CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)doc, (uint32_t)at, S(d % 2 ? "pos" : "neg")), PS_OK);
    }
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    for (uint32_t i = 0; i < SEL_WORDS; i++) order[i] = i;
    qsort(order, SEL_WORDS, sizeof *order, sel_stronger_first);
    uint32_t kept = cap < SEL_WORDS ? cap : SEL_WORDS, wrong = 0;
    CHECK_EQ_INT(ps_nb_model_vocab_size(m), kept);
    for (uint32_t r = 0; r < SEL_WORDS; r++) {
        snprintf(word, sizeof word, "w%04u", (unsigned)order[r]);
        wrong += (id_of(m, word) != UINT32_MAX) != (r < kept);
    }
    CHECK_EQ_INT(wrong, 0);
    ps_nb_model_destroy(m);
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
    free(doc);
}

static void test_max_features_selection(void)
{
    static const uint32_t caps[] = {1, 7, 500, 1999, 2999, 3000, 4000};
    for (int reverse = 0; reverse < 2; reverse++)
        for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) check_selection(reverse, caps[c]);
}

static void test_counting_options(void)
{
    ps_nb_options *b = opts32();
    test_binary_counts(b);
    test_pruning(b);
    ps_nb_options_destroy(b);
}

/* alpha = 0.5: w = log((n + 0.5) / (N + 0.5 * V)) with the hand counts, V = 5, N = 4 */
static void test_alpha_half(void)
{
    ps_nb_options *a5 = opts32();
    ps_nb_model *mb;
    CHECK_EQ_INT(ps_nb_options_set_alpha(a5, 0.5), PS_OK);
    mb = tiny_model(a5);
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "good"), POS), log(2.5 / 6.5), 1e-6);
    CHECK_NEAR(ps_nb_model_weight(mb, id_of(mb, "fun"), NEG), log(0.5 / 6.5), 1e-6);
    ps_nb_model_destroy(mb);
    ps_nb_options_destroy(a5);
}

/* labels and too little data */
static void test_trainer_errors(const ps_nb_options *o)
{
    ps_nb_trainer *t;
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_ERR_NB_NO_DATA);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("x"), S("")), PS_ERR_NB_LABEL);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("x"), S("a\xC3")), PS_ERR_NB_LABEL);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("x"), (const uint8_t *)"a\0b", 3), PS_ERR_NB_LABEL);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("good"), S("one")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_ERR_NB_NO_DATA);  /* a single class */
    uint32_t len = 0;
    const uint8_t *label = ps_nb_trainer_label(t, 0, &len);         /* which the error's message names */
    CHECK(label != NULL && len == 3 && memcmp(label, "one", 4) == 0);
    CHECK(ps_nb_trainer_label(t, 1, &len) == NULL);
    CHECK_EQ_INT(ps_nb_trainer_add(t, NULL, 4, S("one")), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_trainer_doc_count(t), 1);
    ps_nb_trainer_destroy(t);
}

/* many classes, UTF-8 labels, empty documents */
static void test_many_classes(const ps_nb_options *o)
{
    const char *labels[5] = {"\xF0\x9F\x98\x80", "\xC3\xA9t\xC3\xA9", "c", "d", "e"};
    ps_nb_trainer *tm;
    ps_nb_model *mm = NULL, *m2;
    ps_nb_prediction *p = NULL;
    const double *pr;
    double sum = 0;
    uint32_t i;
    CHECK_EQ_INT(ps_nb_trainer_create(NULL, &tm), PS_OK);
    for (i = 0; i < 50; i++) {
        char text[64];
        sprintf(text, "word%u common w%u", i % 5, i % 7);
        CHECK_EQ_INT(ps_nb_trainer_add(tm, S(text), S(labels[i % 5])), PS_OK);
    }
    CHECK_EQ_INT(ps_nb_trainer_add(tm, NULL, 0, S("e")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(tm, &mm), PS_OK);
    CHECK_EQ_INT(ps_nb_model_class_count(mm), 5);
    /* classes in the order of their labels' bytes: c d e été 😀 */
    CHECK_STR((const char *)ps_nb_model_label(mm, 3, NULL), labels[1]);
    CHECK_STR((const char *)ps_nb_model_label(mm, 4, NULL), labels[0]);
    CHECK_EQ_INT(ps_nb_model_class_docs(mm, 2), 11);
    CHECK_EQ_INT(ps_nb_prediction_create(mm, 3, &p), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(mm, S("word3 word3 common"), p), PS_OK);
    pr = ps_nb_prediction_probs(p);
    for (i = 0; i < 5; i++) { CHECK(pr[i] >= 0 && pr[i] <= 1); sum += pr[i]; }
    CHECK_NEAR(sum, 1.0, 1e-12);
    CHECK_EQ_INT(ps_nb_prediction_label(p), 1); /* "d" */
    CHECK(ps_nb_prediction_explain_count(p) >= 1);
    CHECK_EQ_INT(ps_nb_prediction_explain_classes(p)[0], 1);
    ps_nb_prediction_destroy(p);
    /* a prediction made for another class count is refused */
    m2 = tiny_model(o);
    CHECK_EQ_INT(ps_nb_prediction_create(m2, 3, &p), PS_OK);
    CHECK_EQ_INT(ps_nb_model_predict(mm, S("x"), p), PS_ERR_INVALID_ARGUMENT);
    ps_nb_prediction_destroy(p);
    ps_nb_model_destroy(m2);
    ps_nb_model_destroy(mm);
    ps_nb_trainer_destroy(tm);
}

/* The model file of what t has learnt so far (t can go on learning). */
static void save_finished(const ps_nb_trainer *t, uint8_t **buf, uint32_t *len)
{
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    CHECK_EQ_INT(ps_nb_model_save(m, buf, len), PS_OK);
    ps_nb_model_destroy(m);
}

/* merge(a, b) equals training on a + b (byte-identical model files) */
static void test_merge(const ps_nb_options *o)
{
    ps_nb_options *mo = NULL;
    ps_nb_trainer *a, *b, *all, *other;
    uint8_t *ba = NULL, *ball = NULL;
    uint32_t la = 0, lall = 0;
    CHECK_EQ_INT(ps_nb_options_create(&mo), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_ngrams(mo, 1, 2), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_binary(mo, 1), PS_OK);
    a = train_tiny(mo, 0, 1);   /* pos only */
    b = train_tiny(mo, 1, 4);   /* pos + neg */
    all = train_tiny(mo, 0, 4);
    CHECK_EQ_INT(ps_nb_trainer_merge(a, b), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_doc_count(a), 4);
    save_finished(a, &ba, &la);
    save_finished(all, &ball, &lall);
    CHECK_EQ_INT(la, lall);
    CHECK(la == lall && memcmp(ba, ball, la) == 0);
    free(ba); free(ball);
    /* continuing to train after a merge still matches */
    CHECK_EQ_INT(ps_nb_trainer_add(a, S("good good extra"), S("neg")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(all, S("good good extra"), S("neg")), PS_OK);
    save_finished(a, &ba, &la);
    save_finished(all, &ball, &lall);
    CHECK(la == lall && memcmp(ba, ball, la) == 0);
    free(ba); free(ball);
    /* options must match */
    CHECK_EQ_INT(ps_nb_trainer_create(o, &other), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_merge(a, other), PS_ERR_NB_MISMATCH);
    CHECK_EQ_INT(ps_nb_trainer_merge(a, a), PS_ERR_INVALID_ARGUMENT);
    ps_nb_trainer_destroy(other);
    ps_nb_trainer_destroy(a); ps_nb_trainer_destroy(b); ps_nb_trainer_destroy(all);
    ps_nb_options_destroy(mo);
}

/* Classes that come after thousands of tokens (their records laid out again for more counts) give the
 * model of the same documents with every class there from the start. */
static void test_late_classes(const ps_nb_options *o)
{
    enum { DOCS = 3000 };
    const char *labels[5] = {"a", "b", "c", "d", "e"};
    ps_nb_trainer *late, *early;
    uint8_t *bl = NULL, *be = NULL;
    uint32_t ll = 0, le = 0;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &late), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(o, &early), PS_OK);
    for (int pass = 0; pass < 2; pass++) {
        ps_nb_trainer *t = pass ? early : late;
        for (uint32_t j = 0; j < DOCS; j++) {
            /* late: classes a, b for the first 2,000 documents, then c, d, e; early: the last 5 first */
            uint32_t i = pass ? (j < 5 ? DOCS - 5 + j : j - 5) : j;
            char text[96];
            sprintf(text, "w%u x%u common y%u%s", i, i % 37, i % 11, i % 3 ? "" : " z z");
            CHECK_EQ_INT(ps_nb_trainer_add(t, S(text), S(labels[i < 2000 ? i % 2 : 2 + i % 3])), PS_OK);
        }
    }
    CHECK(ps_nb_trainer_vocab_size(late) > DOCS);
    save_finished(late, &bl, &ll);
    save_finished(early, &be, &le);
    CHECK_EQ_INT(ll, le);
    CHECK(ll == le && memcmp(bl, be, ll) == 0);
    free(bl); free(be);
    ps_nb_trainer_destroy(late);
    ps_nb_trainer_destroy(early);
}

/* quantised weights stay close to the exact ones (o: 32-bit) */
static void test_quantised_weights(const ps_nb_options *o)
{
    ps_nb_options *q = NULL;
    ps_nb_model *m8, *m32;
    double maxerr = 0;
    uint32_t i;
    CHECK_EQ_INT(ps_nb_options_create(&q), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(q, 8), PS_OK);
    m8 = tiny_model(q);
    m32 = tiny_model(o);
    for (i = 0; i < 5; i++) {
        double e0 = fabs(ps_nb_model_weight(m8, i, 0) - ps_nb_model_weight(m32, i, 0));
        if (e0 > maxerr) maxerr = e0;
    }
    /* half a step: range log(3/9)..log(1/9) = log 3 over 255 levels */
    CHECK(maxerr <= log(3.0) / 255 / 2 + 1e-6);
    ps_nb_model_destroy(m8); ps_nb_model_destroy(m32);
    ps_nb_options_destroy(q);
}

/* long documents (the trainer counts tokens in batches): a token first seen and seen again
 * within one batch, and tokens spanning batches, are counted exactly */
static void test_long_documents(void)
{
    ps_nb_options *q = NULL;
    ps_nb_trainer *tq = NULL;
    ps_nb_model *mq = NULL;
    char text[4000];
    uint32_t n = 0, w;
    for (w = 0; w < 300; w++) n += (uint32_t)snprintf(text + n, sizeof text - n, "%s ", w % 3 == 0 ? "alpha" : (w % 3 == 1 ? "beta" : (w < 150 ? "gamma" : "delta")));
    CHECK_EQ_INT(ps_nb_options_create(&q), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_alpha(q, 1.0), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(q, &tq), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(tq, (const uint8_t *)text, n, S("x")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(tq, S("alpha zeta"), S("y")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_vocab_size(tq), 5);
    CHECK_EQ_INT(ps_nb_trainer_finish(tq, &mq), PS_OK);
    if (mq) {
        /* class x: alpha 100, beta 100, gamma 50, delta 50 (300 tokens), V = 5:
         * w = log(count + 1) - log(300 + 5) */
        double d = ps_nb_model_weight(mq, id_of(mq, "alpha"), 0) - ps_nb_model_weight(mq, id_of(mq, "gamma"), 0);
        CHECK(fabs(d - (log(101.0) - log(51.0))) < 1e-3);
        d = ps_nb_model_weight(mq, id_of(mq, "beta"), 0) - ps_nb_model_weight(mq, id_of(mq, "delta"), 0);
        CHECK(fabs(d - (log(101.0) - log(51.0))) < 1e-3);
        d = ps_nb_model_weight(mq, id_of(mq, "alpha"), 0) - ps_nb_model_weight(mq, id_of(mq, "zeta"), 0);
        CHECK(fabs(d - log(101.0)) < 1e-3);
    }
    ps_nb_model_destroy(mq);
    ps_nb_trainer_destroy(tq);
    ps_nb_options_destroy(q);
}

int main(void)
{
    ps_nb_options *o = opts32();  /* exact 32-bit weights, for the hand-computed values */
    test_lookup_table();
    test_options();
    test_tiny_model(o);
    test_counting_options();
    test_max_features_selection();
    test_alpha_half();
    test_trainer_errors(o);
    test_many_classes(o);
    test_merge(o);
    test_late_classes(o);
    test_quantised_weights(o);
    test_long_documents();
    ps_nb_options_destroy(o);
    return check_report("test_nb");
}
