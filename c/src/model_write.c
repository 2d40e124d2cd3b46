/* ps_nb_model_save: the model file of FORMAT.md. Every multi-byte field is
 * written byte by byte, little-endian, so the bytes are the same everywhere. */
#include "nb_internal.h"
#include "model_format.h"
#include "crc32.h"
#include <stdlib.h>
#include <string.h>

typedef struct wbuf { uint8_t *p; uint32_t n; } wbuf;

static void put_u8(wbuf *w, uint32_t v) { w->p[w->n++] = (uint8_t)v; }
static void put_u16(wbuf *w, uint32_t v) { put_u8(w, v & 0xFF); put_u8(w, (v >> 8) & 0xFF); }
static void put_u32(wbuf *w, uint32_t v) { put_u16(w, v & 0xFFFF); put_u16(w, v >> 16); }
static void put_f64(wbuf *w, double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    put_u32(w, (uint32_t)b);
    put_u32(w, (uint32_t)(b >> 32));
}
static void put_bytes(wbuf *w, const uint8_t *s, uint32_t n) { if (n) memcpy(w->p + w->n, s, n); w->n += n; }
static void put_tag(wbuf *w, const char *tag, uint32_t len) { put_bytes(w, (const uint8_t *)tag, 4); put_u32(w, len); }

static uint32_t common_prefix(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl)
{
    uint32_t i = 0, m = al < bl ? al : bl;
    while (i < m && a[i] == b[i]) i++;
    return i;
}

/* Front-codes the vocabulary (tokens in byte order): each token as the bytes it shares with the previous one
 * and the rest. With w NULL only returns the VOCB payload's size. */
static uint64_t put_vocab(wbuf *w, const ps_nb_model *m)
{
    uint64_t size = 8;
    const uint8_t *prev = NULL;
    uint32_t prev_len = 0;
    if (w) { put_u32(w, m->v); put_u32(w, m->tok_bytes); }
    for (uint32_t i = 0; i < m->v; i++) {
        const uint8_t *r = m->rec + m->rec_off[i], *t = r + PS__REC_HDR;
        uint32_t p = prev ? common_prefix(prev, prev_len, t, r[4]) : 0;
        size += 2u + r[4] - p;
        if (w) { put_u8(w, p); put_u8(w, r[4] - p); put_bytes(w, t + p, r[4] - p); }
        prev = t;
        prev_len = r[4];
    }
    return size;
}

static void put_options(wbuf *w, const ps_nb_options *o)
{
    put_tag(w, "OPTS", PS__NB_OPTIONS_SIZE);
    ps__nb_options_put(o, w->p + w->n);
    w->n += PS__NB_OPTIONS_SIZE;
}

/* The FEAT bits (model_format.h) this model needs; with none it is written as a 1.x file. */
static uint32_t features_of(const ps_nb_model *m)
{
    uint32_t features = m->opts.kind != PS_NB_KIND_NB ? PS__MODEL_FEAT_LINEAR : 0;
    features |= ps__tok_options_features(&m->opts.tok) << PS__MODEL_FEATURES_TOKENIZER_SHIFT;
    return features;
}

/* LINR: the kind, how the logistic regression was trained, and the per-class bases. */
static void put_linear(wbuf *w, const ps_nb_model *m)
{
    put_tag(w, "LINR", PS__MODEL_LINR_FIXED + 8u * m->k);
    put_u8(w, m->opts.kind);
    put_u8(w, m->opts.pieces);
    put_u16(w, 0);
    put_u32(w, m->opts.epochs);
    put_u32(w, m->opts.seed);
    put_f64(w, m->opts.l2);
    put_f64(w, m->opts.nb_mix);
    for (uint32_t c = 0; c < m->k; c++) put_f64(w, m->base[c]);
}

static void put_classes(wbuf *w, const ps_nb_model *m, uint32_t size)
{
    put_tag(w, "CLAS", size);
    put_u32(w, m->k);
    put_u32(w, m->total_docs);
    for (uint32_t c = 0; c < m->k; c++) {
        put_u32(w, m->class_docs[c]);
        put_f64(w, m->log_prior[c]);
        put_f64(w, m->wmin[c]);
        put_f64(w, m->wscale[c]);
        put_u16(w, m->label_len[c]);
        put_bytes(w, m->labels[c], m->label_len[c]);
    }
}

static void put_metadata(wbuf *w, const ps_nb_model *m, uint32_t size)
{
    put_tag(w, "META", size);
    put_u32(w, m->meta_n);
    for (uint32_t i = 0; i < m->meta_n; i++) {
        put_u16(w, m->meta[i].key_len);
        put_bytes(w, m->meta[i].key, m->meta[i].key_len);
        put_u32(w, m->meta[i].value_len);
        put_bytes(w, m->meta[i].value, m->meta[i].value_len);
    }
}

ps_status ps_nb_model_save(const ps_nb_model *m, uint8_t **out_buf, uint32_t *out_len)
{
    if (!out_buf || !out_len || !m) return PS_ERR_INVALID_ARGUMENT;
    uint64_t clas = 8, meta = 4, vocb = put_vocab(NULL, m), wght = (uint64_t)m->v * m->k * (m->opts.weight_bits / 8u);
    for (uint32_t c = 0; c < m->k; c++) clas += PS__MODEL_CLASS_FIXED + m->label_len[c];
    for (uint32_t i = 0; i < m->meta_n; i++) meta += 6u + (uint64_t)m->meta[i].key_len + m->meta[i].value_len;
    uint32_t features = features_of(m), calibrated = ps_nb_model_calibration(m, NULL, NULL);
    uint32_t linear = features & PS__MODEL_FEAT_LINEAR;
    uint64_t total = PS__MODEL_HEADER + 5 * PS__MODEL_SECTION + PS__MODEL_OPTS + clas + vocb + wght + meta + PS__MODEL_CRC
                   + (features ? PS__MODEL_SECTION + PS__MODEL_FEAT : 0)
                   + (linear ? PS__MODEL_SECTION + PS__MODEL_LINR_FIXED + 8u * m->k : 0)
                   + (calibrated ? PS__MODEL_SECTION + PS__MODEL_CALB : 0);
    if (total > UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
    wbuf w = {malloc((size_t)total), 0};
    if (!w.p) return PS_ERR_NO_MEMORY;
    put_bytes(&w, PS__MODEL_MAGIC, 8);
    put_u16(&w, features ? PS_MODEL_MAJOR_FEATURES : PS_MODEL_MAJOR);
    put_u16(&w, calibrated ? PS__MODEL_CALB_MINOR : 0); /* the oldest minor that holds what is written */
    put_u32(&w, (uint32_t)total);
    if (features) {
        put_tag(&w, "FEAT", PS__MODEL_FEAT);
        put_u32(&w, features);
    }
    put_options(&w, &m->opts);
    put_classes(&w, m, (uint32_t)clas);
    put_tag(&w, "VOCB", (uint32_t)vocb);
    put_vocab(&w, m);
    put_tag(&w, "WGHT", (uint32_t)wght); /* the records hold the stored weights */
    for (uint32_t i = 0; i < m->v; i++) {
        const uint8_t *r = m->rec + m->rec_off[i];
        put_bytes(&w, r + PS__REC_HDR + r[4], m->wb);
    }
    if (linear) put_linear(&w, m);
    if (calibrated) {
        put_tag(&w, "CALB", PS__MODEL_CALB);
        put_f64(&w, m->cal_a);
        put_f64(&w, m->cal_b);
    }
    put_metadata(&w, m, (uint32_t)meta);
    put_u32(&w, ps__crc32(0, w.p, w.n));
    *out_buf = w.p;
    *out_len = w.n;
    return PS_OK;
}
