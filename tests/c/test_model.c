/* Native tests of the model file (ps_model): round trip and every loader check. */
#include "check.h"
#include "ps_nb.h"
#include "crc32.h"
#include "model_format.h"
#include "nb_internal.h"
#include <stdint.h>
#include <stdlib.h>

#define S(x) (const uint8_t *)(x), (uint32_t)strlen(x)

static const char *corpus[][2] = {
    {"A wonderful, moving film. I loved it!", "pos"},
    {"Great acting &amp; a great story<br />Loved it", "pos"},
    {"Not good. Boring and way too long.", "neg"},
    {"I didn't like it; the worst film this year", "neg"},
    {"\xC3\x89T\xC3\x89 magnifique, tr\xC3\xA8s beau", "fr\xC3\xA9"},
    {"un film tr\xC3\xA8s ennuyeux, pas beau", "fr\xC3\xA9"},
};
static const char *probes[] = {
    "loved the story", "boring film", "", "very beau, not good", "xyz", "great great great worst",
};
#define NCORPUS (sizeof corpus / sizeof *corpus)
#define NPROBES (sizeof probes / sizeof *probes)

/* A model of the corpus; with the tokenizer of format 1.0 unless new_tokenizer (then the defaults, which use
 * options 1.0 does not have). */
static ps_nb_model *make_model(uint32_t bits, int new_tokenizer)
{
    ps_nb_options *o = NULL;
    ps_nb_trainer *t = NULL;
    ps_nb_model *m = NULL;
    uint32_t i;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_ngrams(o, 1, 2), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_negation(o, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_alpha(o, 0.5), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(o, bits), PS_OK);
    if (!new_tokenizer) {
        CHECK_EQ_INT(ps_nb_options_set_char_ngrams(o, 0, 0), PS_OK);
        CHECK_EQ_INT(ps_nb_options_set_emoji(o, 0), PS_OK);
        CHECK_EQ_INT(ps_nb_options_set_unicode_case(o, 0), PS_OK);
    }
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (i = 0; i < NCORPUS; i++) CHECK_EQ_INT(ps_nb_trainer_add(t, S(corpus[i][0]), S(corpus[i][1])), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("data"), S("test corpus")), PS_OK);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("note"), S("caf\xC3\xA9")), PS_OK);
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
    return m;
}

/* make_model(bits) as a linear kind (NBLR trained on its corpus, 3 classes one-vs-rest, or complement), with
 * a calibration when calibrated. */
static ps_nb_model *make_kind(uint32_t kind, int calibrated)
{
    ps_nb_options *o = NULL;
    ps_nb_trainer *t = NULL;
    ps_nb_linear *lin = NULL;
    ps_nb_model *nb = NULL, *m = NULL;
    uint32_t i, e;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_ngrams(o, 1, 2), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_binary(o, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(o, kind == PS_NB_KIND_NBLR ? 32 : 16), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_kind(o, kind), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_char_ngrams(o, 0, 0), PS_OK); /* the 1.0 tokenizer: FEAT holds only the kind */
    CHECK_EQ_INT(ps_nb_options_set_emoji(o, 0), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_unicode_case(o, 0), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    for (i = 0; i < NCORPUS; i++) CHECK_EQ_INT(ps_nb_trainer_add(t, S(corpus[i][0]), S(corpus[i][1])), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &nb), PS_OK);
    ps_nb_trainer_destroy(t);
    if (kind == PS_NB_KIND_NBLR) {
        CHECK_EQ_INT(ps_nb_options_set_weight_bits(o, 16), PS_OK);
        CHECK_EQ_INT(ps_nb_options_set_epochs(o, 3), PS_OK);
        CHECK_EQ_INT(ps_nb_options_set_pieces(o, 1), PS_OK);
        CHECK_EQ_INT(ps_nb_options_set_nb_mix(o, 0.25), PS_OK);
        CHECK_EQ_INT(ps_nb_options_set_l2(o, 0.5), PS_OK);
        CHECK_EQ_INT(ps_nb_linear_create(nb, o, &lin), PS_OK);
        for (e = 0; e < 3; e++) {
            for (i = 0; i < NCORPUS; i++) CHECK_EQ_INT(ps_nb_linear_add(lin, S(corpus[i][0]), S(corpus[i][1])), PS_OK);
            CHECK_EQ_INT(ps_nb_linear_end_epoch(lin), PS_OK);
        }
        CHECK_EQ_INT(ps_nb_linear_finish(lin, &m), PS_OK);
        ps_nb_linear_destroy(lin);
        ps_nb_model_destroy(nb);
    } else {
        m = nb;
    }
    CHECK_EQ_INT(ps_nb_model_kind(m), kind);
    if (calibrated) CHECK_EQ_INT(ps_nb_model_set_calibration(m, -0.75, 0.125), PS_OK);
    CHECK_EQ_INT(ps_nb_model_meta_set(m, S("data"), S("test corpus")), PS_OK);
    ps_nb_options_destroy(o);
    return m;
}

/* Same predictions (bit for bit) and same content. */
static void check_same(const ps_nb_model *a, const ps_nb_model *b)
{
    ps_nb_prediction *pa = NULL, *pb = NULL;
    uint32_t i, c, k = ps_nb_model_class_count(a), la, lb;
    CHECK_EQ_INT(ps_nb_model_class_count(b), k);
    CHECK_EQ_INT(ps_nb_model_vocab_size(b), ps_nb_model_vocab_size(a));
    CHECK_EQ_INT(ps_nb_model_kind(b), ps_nb_model_kind(a));
    {
        double ca, cb, da, db;
        CHECK_EQ_INT(ps_nb_model_calibration(b, &cb, &db), ps_nb_model_calibration(a, &ca, &da));
        CHECK(ca == cb && da == db);
    }
    for (c = 0; c < k; c++) {
        CHECK_STR((const char *)ps_nb_model_label(a, c, NULL), (const char *)ps_nb_model_label(b, c, NULL));
        CHECK(ps_nb_model_log_prior(a, c) == ps_nb_model_log_prior(b, c));
        CHECK(ps_nb_model_base(a, c) == ps_nb_model_base(b, c));
        CHECK_EQ_INT(ps_nb_model_class_docs(a, c), ps_nb_model_class_docs(b, c));
    }
    for (i = 0; i < ps_nb_model_vocab_size(a); i++) {
        const uint8_t *ta = ps_nb_model_token(a, i, &la), *tb = ps_nb_model_token(b, i, &lb);
        CHECK(la == lb && memcmp(ta, tb, la) == 0);
        for (c = 0; c < k; c++) CHECK(ps_nb_model_weight(a, i, c) == ps_nb_model_weight(b, i, c));
    }
    CHECK_EQ_INT(ps_nb_model_meta_count(b), ps_nb_model_meta_count(a));
    for (i = 0; i < ps_nb_model_meta_count(a); i++) {
        CHECK_STR((const char *)ps_nb_model_meta_key(a, i, NULL), (const char *)ps_nb_model_meta_key(b, i, NULL));
        CHECK_STR((const char *)ps_nb_model_meta_value(a, i, NULL), (const char *)ps_nb_model_meta_value(b, i, NULL));
    }
    {
        const ps_nb_options *oa = ps_nb_model_options(a), *ob = ps_nb_model_options(b);
        CHECK(ps_nb_options_alpha(oa) == ps_nb_options_alpha(ob));
        CHECK_EQ_INT(ps_nb_options_ngram_max(ob), ps_nb_options_ngram_max(oa));
        CHECK_EQ_INT(ps_nb_options_negation(ob), ps_nb_options_negation(oa));
        CHECK_EQ_INT(ps_nb_options_weight_bits(ob), ps_nb_options_weight_bits(oa));
        CHECK(ps_nb_options_l2(oa) == ps_nb_options_l2(ob) && ps_nb_options_nb_mix(oa) == ps_nb_options_nb_mix(ob));
        CHECK_EQ_INT(ps_nb_options_epochs(ob), ps_nb_options_epochs(oa));
        CHECK_EQ_INT(ps_nb_options_pieces(ob), ps_nb_options_pieces(oa));
        CHECK_EQ_INT(ps_nb_options_seed(ob), ps_nb_options_seed(oa));
    }
    CHECK_EQ_INT(ps_nb_prediction_create(a, 5, &pa), PS_OK);
    CHECK_EQ_INT(ps_nb_prediction_create(b, 5, &pb), PS_OK);
    for (i = 0; i < NPROBES; i++) {
        CHECK_EQ_INT(ps_nb_model_predict(a, S(probes[i]), pa), PS_OK);
        CHECK_EQ_INT(ps_nb_model_predict(b, S(probes[i]), pb), PS_OK);
        CHECK_EQ_INT(ps_nb_prediction_label(pb), ps_nb_prediction_label(pa));
        CHECK_EQ_INT(ps_nb_prediction_evidence(pb), ps_nb_prediction_evidence(pa));
        CHECK(memcmp(ps_nb_prediction_probs(pa), ps_nb_prediction_probs(pb), k * sizeof(double)) == 0);
        CHECK_EQ_INT(ps_nb_prediction_explain_count(pb), ps_nb_prediction_explain_count(pa));
        CHECK(memcmp(ps_nb_prediction_explain_ids(pa), ps_nb_prediction_explain_ids(pb),
                     ps_nb_prediction_explain_count(pa) * sizeof(uint32_t)) == 0);
    }
    ps_nb_prediction_destroy(pa);
    ps_nb_prediction_destroy(pb);
}

static void put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static void fix_crc(uint8_t *b, uint32_t len) { put32(b + len - 4, ps__crc32(0, b, len - 4)); }

/* Offset of a section's tag, or 0. */
static uint32_t find_section(const uint8_t *b, uint32_t len, const char *tag)
{
    uint32_t pos = 16;
    while (pos + 8 <= len - 4) {
        if (memcmp(b + pos, tag, 4) == 0) return pos;
        pos += 8 + get32(b + pos + 4);
    }
    return 0;
}

static ps_status load_status(const uint8_t *b, uint32_t len)
{
    ps_nb_model *m = NULL;
    ps_status st = ps_nb_model_load(b, len, &m);
    CHECK((st == PS_OK) == (m != NULL));
    ps_nb_model_destroy(m);
    return st;
}

/* The loader's verdict on an edited file whose CRC was made right again. */
static ps_status load_fixed(uint8_t *b, uint32_t len)
{
    fix_crc(b, len);
    return load_status(b, len);
}

static void test_crc32(void)
{
    /* CRC-32 check value of "123456789" */
    CHECK_EQ_INT(ps__crc32(0, (const uint8_t *)"123456789", 9), 0xCBF43926u);
    /* every path (bit by bit under 16 bytes, byte by byte, slicing-by-4 from 1 KiB, slicing-by-8 from 4 KiB)
     * equals the bitwise definition, at each side of its bounds and at every alignment of the tail */
    static const uint32_t from[] = {0, 1024 - 12, 4096 - 12, 65536 - 2}, to[] = {140, 1024 + 12, 4096 + 12, 65536 + 10};
    uint32_t n = 70000, crc_ref, x = 12345, j, cl;
    uint8_t *big = (uint8_t *)malloc(n);
    int bad = 0;
    for (j = 0; j < n; j++) { x = x * 1103515245u + 12345u; big[j] = (uint8_t)(x >> 24); }
    for (int r = 0; r < 4; r++) {
        for (cl = from[r]; cl < to[r]; cl++) {
            crc_ref = 0xFFFFFFFFu;
            for (j = 0; j < cl; j++) {
                crc_ref ^= big[j];
                for (int b = 0; b < 8; b++) crc_ref = (crc_ref >> 1) ^ (0xEDB88320u & (0u - (crc_ref & 1u)));
            }
            bad += ps__crc32(0, big, cl) != ~crc_ref;
            if (cl >= 3) bad += ps__crc32(ps__crc32(0, big, 3), big + 3, cl - 3) != ~crc_ref; /* continued */
        }
    }
    CHECK_EQ_INT(bad, 0);
    free(big);
}

/* round trip for every weight width */
static void test_round_trip(void)
{
    const uint32_t bits[3] = {8, 16, 32};
    uint8_t *buf = NULL, *b2 = NULL;
    uint32_t len = 0, len2 = 0, bits_i;
    ps_nb_model *m, *l = NULL;
    for (bits_i = 0; bits_i < 3; bits_i++) {
        m = make_model(bits[bits_i], bits_i % 2);
        CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
        CHECK_EQ_INT(ps_nb_model_load(buf, len, &l), PS_OK);
        if (l) {
            check_same(m, l);
            CHECK_EQ_INT(ps_nb_model_save(l, &b2, &len2), PS_OK);
            CHECK(len2 == len && memcmp(b2, buf, len) == 0);  /* save(load(x)) == x */
            free(b2);
        }
        ps_nb_model_destroy(l);
        l = NULL;
        free(buf);
        ps_nb_model_destroy(m);
    }
    CHECK_EQ_INT(ps_nb_model_save(NULL, &buf, &len), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_nb_model_load(NULL, 0, &l), PS_ERR_MODEL_TRUNCATED);
    CHECK_EQ_INT(ps_nb_model_load(NULL, 5, &l), PS_ERR_INVALID_ARGUMENT);
}

/* Each kind, with and without calibration, round-trips and is written with the oldest version that holds it:
 * NB 1.0 (1.1 calibrated), the linear kinds 2.0 (2.1) with FEAT bit 0. */
static void test_kinds_round_trip(void)
{
    const uint32_t kinds[3] = {PS_NB_KIND_NB, PS_NB_KIND_NBLR, PS_NB_KIND_COMPLEMENT};
    for (uint32_t ki = 0; ki < 3; ki++)
        for (int cal = 0; cal < 2; cal++) {
            ps_nb_model *m = make_kind(kinds[ki], cal), *l = NULL;
            uint8_t *buf = NULL, *b2 = NULL;
            uint32_t len = 0, len2 = 0, feat;
            CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
            CHECK_EQ_INT(buf[8], kinds[ki] == PS_NB_KIND_NB ? PS_MODEL_MAJOR : PS_MODEL_MAJOR_FEATURES);
            CHECK_EQ_INT(buf[10], cal ? 1 : 0);
            feat = find_section(buf, len, "FEAT");
            CHECK_EQ_INT(feat ? get32(buf + feat + 8) : 0, kinds[ki] == PS_NB_KIND_NB ? 0 : 1);
            CHECK_EQ_INT(find_section(buf, len, "LINR") != 0, kinds[ki] != PS_NB_KIND_NB);
            CHECK_EQ_INT(find_section(buf, len, "CALB") != 0, cal);
            CHECK_EQ_INT(ps_nb_model_load(buf, len, &l), PS_OK);
            if (l) {
                check_same(m, l);
                CHECK_EQ_INT(ps_nb_model_save(l, &b2, &len2), PS_OK);
                CHECK(len2 == len && memcmp(b2, buf, len) == 0);
                free(b2);
            }
            ps_nb_model_destroy(l);
            free(buf);
            ps_nb_model_destroy(m);
        }
    {   /* removing the calibration gives the uncalibrated file back */
        ps_nb_model *m = make_kind(PS_NB_KIND_NB, 1);
        uint8_t *buf = NULL;
        uint32_t len = 0;
        CHECK_EQ_INT(ps_nb_model_set_calibration(m, 0.0, -0.0), PS_OK);
        CHECK_EQ_INT(ps_nb_model_calibration(m, NULL, NULL), 0);
        CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
        CHECK_EQ_INT(buf[10], 0);
        CHECK_EQ_INT(find_section(buf, len, "CALB"), 0);
        CHECK_EQ_INT(ps_nb_model_set_calibration(m, PS_NB_CAL_A_MAX + 1, 0), PS_ERR_INVALID_ARGUMENT);
        CHECK_EQ_INT(ps_nb_model_set_calibration(m, 0, -PS_NB_CAL_B_MAX - 1), PS_ERR_INVALID_ARGUMENT);
        CHECK_EQ_INT(ps_nb_model_set_calibration(m, 0.0 / 0.0, 0), PS_ERR_INVALID_ARGUMENT);
        free(buf);
        ps_nb_model_destroy(m);
    }
}

/* ---- the tests below take the saved 16-bit model file buf (len bytes) ---- */

static void test_header(const uint8_t *buf, uint32_t len)
{
    CHECK_EQ_INT(buf[0], 0x89);
    CHECK(memcmp(buf + 1, "PSNB", 4) == 0);
    CHECK_EQ_INT(buf[8] | (buf[9] << 8), PS_MODEL_MAJOR);
    CHECK_EQ_INT(get32(buf + 12), len);
    CHECK_EQ_INT(get32(buf + len - 4), ps__crc32(0, buf, len - 4));
}

/* truncation at every length: an error, never a crash */
static void test_truncation(const uint8_t *buf, uint32_t len)
{
    uint8_t *c = (uint8_t *)malloc(len);
    int ok = 0, wrong = 0;
    for (uint32_t i = 0; i < len; i++) {
        ps_status st;
        memcpy(c, buf, i);
        st = load_status(c, i);
        if (st == PS_OK) ok++;
        if (st != PS_ERR_MODEL_TRUNCATED) wrong++;
    }
    CHECK_EQ_INT(ok, 0);
    CHECK_EQ_INT(wrong, 0);
    free(c);
}

/* flip every byte (three patterns): an error, never a crash */
static void test_byte_flips(const uint8_t *buf, uint32_t len)
{
    const uint8_t pats[3] = {0x01, 0x80, 0xFF};
    uint8_t *c = (uint8_t *)malloc(len);
    int ok = 0, p;
    for (p = 0; p < 3; p++)
        for (uint32_t i = 0; i < len; i++) {
            memcpy(c, buf, len);
            c[i] ^= pats[p];
            if (load_status(c, len) == PS_OK) ok++;
        }
    CHECK_EQ_INT(ok, 0);
    free(c);
}

/* each check of the loader has its own code */
static void test_error_codes(const uint8_t *buf, uint32_t len)
{
    uint8_t *c = (uint8_t *)malloc(len + 1);
    memcpy(c, buf, len);
    c[3] = 'X';
    CHECK_EQ_INT(load_status(c, len), PS_ERR_MODEL_MAGIC);
    CHECK_EQ_INT(load_status((const uint8_t *)"hello world, not a model at all", 31), PS_ERR_MODEL_MAGIC);
    CHECK_EQ_INT(load_status((const uint8_t *)"tiny", 4), PS_ERR_MODEL_TRUNCATED);
    memcpy(c, buf, len);
    c[8] = (uint8_t)(PS_MODEL_MAJOR_FEATURES + 1); /* newer major */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_VERSION);
    memcpy(c, buf, len);
    c[len - 1] ^= 0x10;                             /* checksum */
    CHECK_EQ_INT(load_status(c, len), PS_ERR_MODEL_CHECKSUM);
    memcpy(c, buf, len);
    c[len / 2] ^= 0x10;
    CHECK_EQ_INT(load_status(c, len), PS_ERR_MODEL_CHECKSUM);
    memcpy(c, buf, len);
    c[len] = 0;                                     /* trailing byte */
    CHECK_EQ_INT(load_status(c, len + 1), PS_ERR_MODEL_CORRUPT);
    free(c);
}

/* a consistent CRC but inconsistent contents */
static void test_inconsistent_contents(const uint8_t *buf, uint32_t len)
{
    uint32_t clas = find_section(buf, len, "CLAS"), vocb = find_section(buf, len, "VOCB");
    uint32_t opts = find_section(buf, len, "OPTS"), wght = find_section(buf, len, "WGHT");
    uint8_t *c = (uint8_t *)malloc(len);
    CHECK(clas && vocb && opts && wght);
    memcpy(c, buf, len);
    put32(c + clas + 8, 4);                     /* K = 4 (the model has 3) */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    put32(c + vocb + 8, 0x7FFFFFFF);            /* huge vocabulary: refused before allocating */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    put32(c + vocb + 4, get32(c + vocb + 4) + 1000);  /* section longer than the file */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    c[opts + 8 + 5] = 12;                       /* weight_bits */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    c[opts + 8 + 1] = 4;                        /* ngram_max */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    memcpy(c + wght, "WGHX", 4);                /* missing required section */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    memcpy(c + clas + 8 + 8 + 4, "\xFF\xFF\xFF\xFF\xFF\xFF\xF8\x7F", 8);  /* NaN prior */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    /* second token: say it shares one more byte than the first has (bad prefix) */
    memcpy(c, buf, len);
    {
        uint32_t first_suf = c[vocb + 16 + 1];
        c[vocb + 16 + 2 + first_suf] = (uint8_t)(first_suf + 1);
    }
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    free(c);
}

/* a newer minor with an unknown section and longer options loads (as m) */
static void test_newer_minor(const ps_nb_model *m, const uint8_t *buf, uint32_t len)
{
    uint32_t opts = find_section(buf, len, "OPTS"), olen = get32(buf + opts + 4), n = 0;
    uint8_t *x = (uint8_t *)malloc(len + 64);
    ps_nb_model *l = NULL;
    memcpy(x, buf, opts + 8 + olen);             /* header + OPTS */
    n = opts + 8 + olen;
    x[n++] = 0xAB; x[n++] = 0xCD;                 /* 2 extra option bytes */
    memcpy(x + n, buf + opts + 8 + olen, len - 4 - (opts + 8 + olen));
    n += len - 4 - (opts + 8 + olen);
    memcpy(x + n, "NEWS", 4); put32(x + n + 4, 3); memcpy(x + n + 8, "abc", 3);
    n += 11;
    n += 4;                                       /* CRC */
    put32(x + opts + 4, olen + 2);
    put32(x + 12, n);
    x[10] = (uint8_t)(PS_MODEL_MINOR + 1);
    fix_crc(x, n);
    CHECK_EQ_INT(ps_nb_model_load(x, n, &l), PS_OK);
    if (l) check_same(m, l);
    ps_nb_model_destroy(l);
    x[10] = (uint8_t)PS_MODEL_MINOR;             /* the same bytes claiming the current minor */
    CHECK_EQ_INT(load_fixed(x, n), PS_ERR_MODEL_CORRUPT);
    free(x);
}

/* buf as a major-2 file: the FEAT section (bits) right after the header, or none when with_feat is 0 */
static uint32_t as_major2(const uint8_t *buf, uint32_t len, uint8_t *x, int with_feat, uint32_t bits)
{
    uint32_t n = 16;
    memcpy(x, buf, 16);
    if (with_feat) { memcpy(x + n, "FEAT", 4); put32(x + n + 4, 4); put32(x + n + 8, bits); n += 12; }
    memcpy(x + n, buf + 16, len - 16);
    n += len - 16;
    x[8] = (uint8_t)PS_MODEL_MAJOR_FEATURES;
    put32(x + 12, n);
    fix_crc(x, n);
    return n;
}

/* Major 2 must name what it needs; this reader refuses bits it does not know as a newer format. */
static void test_required_features(const uint8_t *buf, uint32_t len)
{
    uint8_t *x = (uint8_t *)malloc(len + 12);
    uint32_t unknown_bits = ~(uint32_t)PS__MODEL_FEATURES_KNOWN, unknown = unknown_bits & (0u - unknown_bits);
    CHECK_EQ_INT(load_status(x, as_major2(buf, len, x, 1, unknown)), PS_ERR_MODEL_VERSION);
    CHECK_EQ_INT(load_status(x, as_major2(buf, len, x, 1, 0x80000000u)), PS_ERR_MODEL_VERSION);
    CHECK_EQ_INT(load_status(x, as_major2(buf, len, x, 1, 0)), PS_ERR_MODEL_CORRUPT);  /* empty: should be 1.x */
    CHECK_EQ_INT(load_status(x, as_major2(buf, len, x, 0, 0)), PS_ERR_MODEL_CORRUPT);  /* FEAT missing */
    uint32_t n = as_major2(buf, len, x, 1, unknown);
    x[8] = (uint8_t)PS_MODEL_MAJOR;                                                     /* FEAT in a 1.x file */
    CHECK_EQ_INT(load_fixed(x, n), PS_ERR_MODEL_CORRUPT);
    x[8] = (uint8_t)(PS_MODEL_MAJOR_FEATURES + 1);
    CHECK_EQ_INT(load_fixed(x, n), PS_ERR_MODEL_VERSION);
    free(x);
}

/* A model that uses tokenizer options newer than format 1.0 is major 2 and names them in FEAT, so that readers
 * that do not know them refuse it; a file that uses them without saying so is corrupt. */
static void test_tokenizer_features(void)
{
    ps_nb_model *m = make_model(16, 1), *l = NULL;
    uint8_t *buf = NULL;
    uint32_t len = 0;
    CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
    CHECK_EQ_INT(buf[8] | (buf[9] << 8), PS_MODEL_MAJOR_FEATURES);
    uint32_t feat = find_section(buf, len, "FEAT"), opts = find_section(buf, len, "OPTS");
    CHECK(feat > 0 && opts > 0);
    /* character n-grams (bit 8), emoji (9), Unicode case (10); OPTS bytes 6 and 7 hold them */
    CHECK_EQ_INT(get32(buf + feat + 8), 0x700);
    CHECK_EQ_INT(buf[opts + 8 + 6], 1 | 2 << 4);
    CHECK_EQ_INT(buf[opts + 8 + 7], 1 | 2);
    CHECK_EQ_INT(ps_nb_model_load(buf, len, &l), PS_OK);
    if (l) {
        check_same(m, l);
        const ps_tok_options *t = ps_nb_options_tok(ps_nb_model_options(l));
        CHECK(t->char_ngram_min == 1 && t->char_ngram_max == 2 && t->emoji == 1 && t->unicode_case == 1 && t->fold_accents == 0);
    }
    ps_nb_model_destroy(l);
    uint8_t *x = (uint8_t *)malloc(len);
    memcpy(x, buf, len);
    put32(x + feat + 8, 0x700 | 0x1000);                       /* a tokenizer feature this reader does not know */
    CHECK_EQ_INT(load_fixed(x, len), PS_ERR_MODEL_VERSION);
    put32(x + feat + 8, 0x600);                                /* uses character n-grams without saying so */
    CHECK_EQ_INT(load_fixed(x, len), PS_ERR_MODEL_CORRUPT);
    put32(x + feat + 8, 0x700);
    x[opts + 8 + 7] = 1 | 2 | 8;                               /* an OPTS bit no option has */
    CHECK_EQ_INT(load_fixed(x, len), PS_ERR_MODEL_CORRUPT);
    free(x);
    free(buf);
    ps_nb_model_destroy(m);
}

/* random corruption with a valid CRC: never a crash */
static void test_random_corruption(const uint8_t *buf, uint32_t len)
{
    uint8_t *c = (uint8_t *)malloc(len);
    uint32_t seed = 12345, iter;
    for (iter = 0; iter < 3000; iter++) {
        uint32_t nflip = 1 + iter % 4, f;
        memcpy(c, buf, len);
        for (f = 0; f < nflip; f++) {
            seed = seed * 1664525u + 1013904223u;
            c[16 + (seed >> 8) % (len - 20)] ^= (uint8_t)(1u << (seed % 8));
        }
        (void)load_fixed(c, len);
    }
    free(c);
}

/* f64 at p */
static void put_f64(uint8_t *p, double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    put32(p, (uint32_t)b);
    put32(p + 4, (uint32_t)(b >> 32));
}

/* LINR and CALB against the rest of the file: each inconsistency is CORRUPT (or VERSION for a FEAT bit). */
static void test_inconsistent_linear(const uint8_t *buf, uint32_t len, const uint8_t *nb_buf, uint32_t nb_len)
{
    uint32_t linr = find_section(buf, len, "LINR"), calb = find_section(buf, len, "CALB"), feat = find_section(buf, len, "FEAT");
    uint32_t opts = find_section(buf, len, "OPTS");
    uint8_t *c = (uint8_t *)malloc(len + 64);
    CHECK(linr && calb && feat && opts);
    const struct { uint32_t at; uint8_t value; } bytes[] = {
        {linr + 8, 0},                     /* kind NB in a LINR */
        {linr + 8, 3},                     /* an unknown kind */
        {linr + 9, PS_NB_PIECES_MAX + 1},  /* pieces */
        {linr + 10, 1},                    /* reserved */
        {linr + 12, 0},                    /* epochs 0 (its low byte; the others are 0) */
        {opts + 8 + 4, 0},                 /* an NBLR model on counts, not presences */
        {buf[10] == 1 ? 10u : 0u, 0},      /* CALB in a minor-0 file */
    };
    for (uint32_t i = 0; i < sizeof bytes / sizeof *bytes; i++) {
        memcpy(c, buf, len);
        c[bytes[i].at] = bytes[i].value;
        CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    }
    const struct { uint32_t at; double value; } reals[] = {
        {linr + 8 + 12, 0.0},              /* l2 out of range */
        {linr + 8 + 12, 0.0 / 0.0},        /* l2 NaN */
        {linr + 8 + 20, 1.5},              /* nb_mix out of range */
        {linr + 8 + 28, 1.0 / 0.0},        /* a base not finite */
        {calb + 8, PS_NB_CAL_A_MAX * 2},   /* a out of range */
        {calb + 16, 0.0 / 0.0},            /* b NaN */
    };
    for (uint32_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        memcpy(c, buf, len);
        put_f64(c + reals[i].at, reals[i].value);
        CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    }
    memcpy(c, buf, len);                   /* the identity calibration is never written */
    put_f64(c + calb + 8, 0.0);
    put_f64(c + calb + 16, -0.0);
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    put32(c + feat + 8, 0x2);              /* LINR without FEAT bit 0, an unknown bit */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_VERSION);
    memcpy(c, buf, len);
    memcpy(c + linr, "LINX", 4);           /* FEAT bit 0 without LINR (a newer minor would skip LINX) */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    put32(c + linr + 4, get32(c + linr + 4) - 8);  /* LINR one base short: K bases are needed */
    memcpy(c + linr + 8 + get32(c + linr + 4), "PADx", 4);
    put32(c + linr + 8 + get32(c + linr + 4) + 4, 0);
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    memcpy(c, buf, len);
    memcpy(c + calb, "LINR", 4);           /* LINR twice */
    CHECK_EQ_INT(load_fixed(c, len), PS_ERR_MODEL_CORRUPT);
    {   /* a LINR section in an NB file (1.1, no FEAT) */
        uint32_t n = 0, lsz = 8 + get32(buf + linr + 4);
        memcpy(c, nb_buf, nb_len - 4);
        n = nb_len - 4;
        memcpy(c + n, buf + linr, lsz);
        n += lsz + 4;
        put32(c + 12, n);
        c[10] = 1;
        CHECK_EQ_INT(load_fixed(c, n), PS_ERR_MODEL_CORRUPT);
    }
    free(c);
}

/* The new sections against truncation, flips and inconsistent contents. */
static void test_saved_linear_file(void)
{
    ps_nb_model *m = make_kind(PS_NB_KIND_NBLR, 1), *nb = make_kind(PS_NB_KIND_NB, 1);
    uint8_t *buf = NULL, *nb_buf = NULL;
    uint32_t len = 0, nb_len = 0;
    CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
    CHECK_EQ_INT(ps_nb_model_save(nb, &nb_buf, &nb_len), PS_OK);
    test_truncation(buf, len);
    test_byte_flips(buf, len);
    test_inconsistent_linear(buf, len, nb_buf, nb_len);
    test_random_corruption(buf, len);
    free(buf);
    free(nb_buf);
    ps_nb_model_destroy(m);
    ps_nb_model_destroy(nb);
}

static void test_saved_file(void)
{
    ps_nb_model *m = make_model(16, 0);
    uint8_t *buf = NULL;
    uint32_t len = 0;
    CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
    test_header(buf, len);
    test_truncation(buf, len);
    test_byte_flips(buf, len);
    test_error_codes(buf, len);
    test_inconsistent_contents(buf, len);
    test_newer_minor(m, buf, len);
    test_required_features(buf, len);
    test_random_corruption(buf, len);
    free(buf);
    ps_nb_model_destroy(m);
}

/* The model of n six-letter words (text: each followed by a space) trained as one document, its first word
 * as another; returns what finishing gives. */
static ps_status words_model(const char *text, uint32_t n, ps_nb_model **out)
{
    ps_nb_options *o = NULL;
    ps_nb_trainer *t = NULL;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_char_ngrams(o, 0, 0), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)text, n * 7, S("a")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)text, 6, S("b")), PS_OK); /* its first word: n tokens in all */
    CHECK_EQ_INT(ps_nb_trainer_vocab_size(t), n);
    ps_status st = ps_nb_trainer_finish(t, out);
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
    return st;
}

/* n six-letter words, each followed by a space, for the token index of a model of n tokens: with `tiled`,
 * word i has home slot i (one run of n slots, every token at home); else every word has home slot 0. */
static char *crowding_words(uint32_t n, int tiled)
{
    uint32_t size = n + n / 2 + 16, found = 0; /* the index's table for n tokens */
    char *text = malloc((size_t)n * 7 + 1);
    uint8_t *taken = calloc(size, 1), w[16] = {0};
    for (uint64_t c = 0; found < n; c++) {
        uint64_t x = c;
        for (int i = 0; i < 6; i++, x /= 26) w[i] = (uint8_t)('a' + x % 26);
        uint32_t home = (uint32_t)(((ps__tok_hash_padded(w, 6) >> 32) * size) >> 32);
        if (tiled ? home >= n || taken[home] : home != 0) continue;
        taken[home] = 1;
        memcpy(text + 7 * (tiled ? home : found), w, 6);
        text[7 * (tiled ? home : found) + 6] = ' ';
        found++;
    }
    text[7 * n] = 0;
    free(taken);
    return text;
}

/* The longest run of occupied slots in m's token index. */
static uint32_t longest_run(const ps_nb_model *m)
{
    uint32_t run = 0, longest = 0;
    for (uint32_t i = 0; i < 2 * m->size; i++) { /* twice round: a run may wrap */
        run = m->slots[i % m->size].off1 ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    return longest < m->size ? longest : m->size;
}

/* Every one of the n words is found, alone and in a prediction; a word not trained is not. */
static void check_finds_words(const ps_nb_model *m, const char *words, uint32_t n)
{
    ps_nb_prediction *p = NULL;
    CHECK_EQ_INT(ps_nb_prediction_create(m, 1, &p), PS_OK);
    uint32_t found = 0, known = 0, id = 0;
    for (uint32_t i = 0; i < n && p; i++) {
        const uint8_t *w = (const uint8_t *)words + 7 * i;
        CHECK_EQ_INT(ps_nb_model_find(m, w, 6, &id), PS_OK);
        found += id != UINT32_MAX;
        CHECK_EQ_INT(ps_nb_model_predict(m, w, 6, p), PS_OK);
        known += ps_nb_prediction_evidence(p) == 1;
    }
    CHECK_EQ_INT(found, n);
    CHECK_EQ_INT(known, n);
    CHECK_EQ_INT(ps_nb_model_find(m, S("absent"), &id), PS_OK);
    CHECK_EQ_INT(id, UINT32_MAX);
    ps_nb_prediction_destroy(p);
}

/* Tokens chosen to share one home slot made loading quadratic (24 s for a 1.2 MB file) and were refused;
 * tokens chosen to fill a run of home slots, one each, made every lookup of an unknown word homed there walk
 * the run. Both load now, rekeyed: no run of the index is longer than 512 slots, and every word is found. */
static void test_colliding_tokens(void)
{
    static const struct { uint32_t n; int tiled; } cases[] = {{3000, 0}, {4200, 0}, {600, 1}, {3000, 1}};
    for (uint32_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        uint32_t n = cases[c].n;
        ps_nb_model *m = NULL, *back = NULL;
        char *words = crowding_words(n, cases[c].tiled);
        CHECK_EQ_INT(words_model(words, n, &m), PS_OK);
        uint8_t *buf = NULL;
        uint32_t len = 0;
        if (m) CHECK_EQ_INT(ps_nb_model_save(m, &buf, &len), PS_OK);
        if (buf) CHECK_EQ_INT(ps_nb_model_load(buf, len, &back), PS_OK);
        CHECK_EQ_INT(ps_nb_model_vocab_size(back), n);
        if (m) { check_finds_words(m, words, n); CHECK(longest_run(m) <= 512); }
        if (back) { check_finds_words(back, words, n); CHECK(longest_run(back) <= 512); }
        ps_nb_model_destroy(back);
        ps_nb_model_destroy(m);
        free(buf);
        free(words);
    }
}

int main(void)
{
    test_crc32();
    test_round_trip();
    test_kinds_round_trip();
    test_saved_file();
    test_saved_linear_file();
    test_tokenizer_features();
    test_colliding_tokens();
    return check_report("test_model");
}
