/* The Naive Bayes model in memory: its records, the hash index over them,
 * accessors, the strongest tokens per class, and metadata. */
#include "nb_internal.h"
#include "utf8.h"
#include <stdlib.h>
#include <string.h>

ps_status ps__nb_model_alloc(uint32_t k, uint32_t v, uint32_t tok_bytes, uint32_t weight_bits, ps_nb_model **out)
{
    uint64_t wb = (uint64_t)k * (weight_bits / 8), rb = (uint64_t)v * (PS__REC_HDR + wb) + tok_bytes;
    if (rb + 8 > UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
    ps_nb_model *m = calloc(1, sizeof *m);
    if (!m) return PS_ERR_NO_MEMORY;
    m->k = k;
    m->v = v;
    m->tok_bytes = tok_bytes;
    m->wb = (uint32_t)wb;
    m->rec_bytes = (uint32_t)rb;
    m->labels = calloc(k, sizeof *m->labels);
    m->label_len = calloc(k, sizeof *m->label_len);
    m->class_docs = calloc(k, sizeof *m->class_docs);
    m->log_prior = calloc(k, sizeof *m->log_prior);
    m->wmin = calloc(k, sizeof *m->wmin);
    m->wscale = calloc(k, sizeof *m->wscale);
    m->base = calloc(k, sizeof *m->base);
    m->rec = malloc((size_t)rb + 8);
    m->rec_off = malloc((v ? v : 1) * sizeof *m->rec_off);
    if (!m->labels || !m->label_len || !m->class_docs || !m->log_prior || !m->wmin || !m->wscale || !m->base || !m->rec ||
        !m->rec_off) {
        ps_nb_model_destroy(m);
        return PS_ERR_NO_MEMORY;
    }
    memset(m->rec + rb, 0, 8);
    *out = m;
    return PS_OK;
}

ps_status ps__nb_model_set_label(ps_nb_model *m, uint32_t c, const uint8_t *label, uint32_t len)
{
    uint8_t *copy = malloc(len + 1u);
    if (!copy) return PS_ERR_NO_MEMORY;
    memcpy(copy, label, len);
    copy[len] = 0;
    m->labels[c] = copy;
    m->label_len[c] = len;
    return PS_OK;
}

void ps_nb_model_destroy(ps_nb_model *m)
{
    if (!m) return;
    if (m->labels) for (uint32_t i = 0; i < m->k; i++) free(m->labels[i]);
    for (uint32_t i = 0; i < m->meta_n; i++) { free(m->meta[i].key); free(m->meta[i].value); }
    free(m->meta);
    free(m->labels); free(m->label_len); free(m->class_docs); free(m->log_prior); free(m->wmin); free(m->wscale); free(m->base);
    free(m->rec); free(m->rec_off); free(m->slots); free(m->lut);
    free(m);
}

/* Every 8-bit weight, dequantised as ps__nb_rec_weights does: lut[c * 256 + q]. */
static ps_status build_lut(ps_nb_model *m)
{
    if (m->opts.weight_bits != 8 || m->lut) return PS_OK;
    m->lut = malloc((size_t)m->k * 256 * sizeof *m->lut);
    if (!m->lut) return PS_ERR_NO_MEMORY;
    for (uint32_t c = 0; c < m->k; c++)
        for (uint32_t q = 0; q < 256; q++) m->lut[c * 256 + q] = (float)(m->wmin[c] + (double)q * m->wscale[c]);
    return PS_OK;
}

/* The longest run of occupied slots the token index may hold (so no token sits farther from home): a
 * lookup of an unknown token walks to the end of its run. Real vocabularies stay far below it (the shipped
 * IMDB model's 500,000 tokens: runs of 117 at most, 3.7 slots a lookup on average). Tokens chosen to share
 * home slots would make loading quadratic in their number (24 s for a 1.2 MB file), and tokens chosen to
 * fill a long stretch of homes would make every lookup there slow: the table is then built again with homes
 * from a keyed mix of the hash (ps__model_home), up to PS__MAX_REKEYS times, then refused. */
#define MAX_RUN 512u

/* The longest run of occupied slots of s (size of them, some empty), counted round the end. */
static uint32_t longest_run(const ps__mslot *s, uint32_t size)
{
    uint32_t empty = 0, run = 0, longest = 0;
    while (s[empty].off1) empty++;
    for (uint32_t i = 1; i <= size; i++) {
        if (s[(empty + i) % size].off1) run++;
        else run = 0;
        if (run > longest) longest = run;
    }
    return longest;
}

ps_status ps__nb_model_index(ps_nb_model *m, const uint64_t *hashes)
{
    /* Table of 1.5 V slots (+16); the home slot (ps__model_home, unkeyed) is
     * monotone in the hash. Tokens are grouped by the top 11 bits of their
     * hash (one counting-sort pass that moves the hash and offset together), so the
     * inserts read sequentially and write the table nearly in order instead of
     * missing the cache on every insert. (A Bloom filter in front of the table was
     * tried: it costs known tokens an extra access and the load a pass; no gain.) */
    typedef struct hent { uint32_t hi, lo, off; } hent;
    uint32_t size = m->v + m->v / 2 + 16, n = m->v ? m->v : 1;
    if (build_lut(m) != PS_OK) return PS_ERR_NO_MEMORY;
    ps__mslot *s = calloc(size, sizeof *s);
    uint64_t *hs = hashes ? NULL : malloc((size_t)n * sizeof *hs);
    hent *order = malloc((size_t)n * sizeof *order);
    uint32_t *cnt = calloc(2049, sizeof *cnt);
    if (!s || (!hashes && !hs) || !order || !cnt) {
        free(s); free(hs); free(order); free(cnt);
        return PS_ERR_NO_MEMORY;
    }
    if (!hashes) {
        for (uint32_t i = 0; i < m->v; i++) {
            const uint8_t *r = m->rec + m->rec_off[i];
            hs[i] = ps__tok_hash_padded(r + PS__REC_HDR, r[4]);
        }
        hashes = hs;
    }
    for (uint32_t i = 0; i < m->v; i++) cnt[(hashes[i] >> 53) + 1]++;
    for (uint32_t i = 1; i <= 2048; i++) cnt[i] += cnt[i - 1];
    for (uint32_t i = 0; i < m->v; i++) {
        uint64_t h = hashes[i];
        order[cnt[h >> 53]++] = (hent){.hi = (uint32_t)(h >> 32), .lo = (uint32_t)h, .off = m->rec_off[i]};
    }
    ps_status st = PS_OK;
    uint32_t key = 0, rekeys = 0;
    for (uint32_t i = 0; st == PS_OK;) {
        if (i < m->v) {
            uint32_t j = ps__model_home_in(key, size, order[i].hi), d = 0;
            while (s[j].off1 && ++d <= MAX_RUN) j = j + 1 == size ? 0 : j + 1;
            if (d <= MAX_RUN) {
                s[j] = (ps__mslot){.hash = order[i].lo, .off1 = order[i].off + 1};
                i++;
                continue;
            }
        } else if (longest_run(s, size) <= MAX_RUN) {
            break;
        }
        if (rekeys == PS__MAX_REKEYS) {
            st = PS_ERR_MODEL_CORRUPT;
        } else {
            key = ps__rekey_key(++rekeys);
            memset(s, 0, (size_t)size * sizeof *s);
            i = 0;
        }
    }
    free(hs); free(order); free(cnt);
    if (st != PS_OK) { free(s); return st; }
    free(m->slots);
    m->slots = s;
    m->size = size;
    m->key = key;
    return PS_OK;
}

static float float_from_bits(uint32_t b) { float f; memcpy(&f, &b, sizeof f); return f; }

static float dequantise(const ps_nb_model *m, const uint8_t *q, uint32_t c)
{
    switch (m->opts.weight_bits) {
    case 8: return (float)(m->wmin[c] + (double)q[c] * m->wscale[c]);
    case 16: return (float)(m->wmin[c] + (double)ps__rd16(q + 2 * c) * m->wscale[c]);
    default: return float_from_bits(ps__rd32(q + 4 * c));
    }
}

void ps__nb_rec_weights(const ps_nb_model *m, const uint8_t *r, float *w)
{
    const uint8_t *q = r + PS__REC_HDR + r[4];
    if (m->lut) { for (uint32_t c = 0; c < m->k; c++) w[c] = m->lut[c * 256 + q[c]]; return; }
    for (uint32_t c = 0; c < m->k; c++) w[c] = dequantise(m, q, c);
}

static uint32_t float_bits(float f) { uint32_t b; memcpy(&b, &f, sizeof b); return b; }

void ps__nb_model_quantise(ps_nb_model *m, const double *wd)
{
    uint32_t k = m->k, v = m->v, bits = m->opts.weight_bits;
    if (bits == 32) {
        for (uint32_t t = 0; t < v; t++) {
            uint8_t *r = m->rec + m->rec_off[t], *q = r + PS__REC_HDR + r[4];
            for (uint32_t c = 0; c < k; c++) ps__wr32(q + 4 * c, float_bits((float)wd[(size_t)t * k + c]));
        }
        for (uint32_t c = 0; c < k; c++) { m->wmin[c] = 0; m->wscale[c] = 0; }
        return;
    }
    double levels = ps__nb_levels(bits);
    for (uint32_t c = 0; c < k; c++) {
        double lo = wd[c], hi = wd[c];
        for (uint32_t t = 1; t < v; t++) {
            double x = wd[(size_t)t * k + c];
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
        m->wmin[c] = lo;
        m->wscale[c] = (hi - lo) / levels;
        for (uint32_t t = 0; t < v; t++) {
            double x = wd[(size_t)t * k + c];
            uint8_t *r = m->rec + m->rec_off[t], *q = r + PS__REC_HDR + r[4];
            uint32_t qv = 0;
            if (m->wscale[c] > 0) {
                double y = (x - lo) / m->wscale[c] + 0.5;
                qv = y >= levels ? (uint32_t)levels : (uint32_t)y;
            }
            if (bits == 8) q[c] = (uint8_t)qv;
            else { q[2 * c] = (uint8_t)qv; q[2 * c + 1] = (uint8_t)(qv >> 8); }
        }
    }
}

ps_status ps__nb_model_clone_layout(const ps_nb_model *m, const ps_nb_options *o, ps_nb_model **out)
{
    ps_nb_model *c;
    ps_status st = ps__nb_model_alloc(m->k, m->v, m->tok_bytes, o->weight_bits, &c);
    if (st != PS_OK) return st;
    c->opts = *o;
    c->total_docs = m->total_docs;
    for (uint32_t i = 0; st == PS_OK && i < m->k; i++) {
        c->class_docs[i] = m->class_docs[i];
        c->log_prior[i] = m->log_prior[i];
        st = ps__nb_model_set_label(c, i, m->labels[i], m->label_len[i]);
    }
    for (uint32_t i = 0, off = 0; i < m->v; i++) {
        const uint8_t *r = m->rec + m->rec_off[i];
        memcpy(c->rec + off, r, PS__REC_HDR + r[4]);
        c->rec_off[i] = off;
        off += PS__REC_HDR + r[4] + c->wb;
    }
    for (uint32_t i = 0; st == PS_OK && i < m->meta_n; i++)
        st = ps_nb_model_meta_set(c, m->meta[i].key, m->meta[i].key_len, m->meta[i].value, m->meta[i].value_len);
    if (st != PS_OK) { ps_nb_model_destroy(c); return st; }
    *out = c;
    return PS_OK;
}

/* ---------- accessors ---------- */

uint32_t ps_nb_model_kind(const ps_nb_model *m) { return m ? m->opts.kind : 0; }
double ps_nb_model_base(const ps_nb_model *m, uint32_t i) { return m && i < m->k ? m->base[i] : 0.0; }

ps_status ps_nb_model_set_calibration(ps_nb_model *m, double a, double b)
{
    if (!m || !(a >= -PS_NB_CAL_A_MAX && a <= PS_NB_CAL_A_MAX) || !(b >= -PS_NB_CAL_B_MAX && b <= PS_NB_CAL_B_MAX))
        return PS_ERR_INVALID_ARGUMENT;
    m->cal_a = a + 0.0; /* no -0: a model without calibration is written without CALB */
    m->cal_b = b + 0.0;
    return PS_OK;
}

uint32_t ps_nb_model_calibration(const ps_nb_model *m, double *a, double *b)
{
    double x = m ? m->cal_a : 0.0, y = m ? m->cal_b : 0.0;
    if (a) *a = x;
    if (b) *b = y;
    return x != 0.0 || y != 0.0;
}

uint32_t ps_nb_model_class_count(const ps_nb_model *m) { return m ? m->k : 0; }
uint32_t ps_nb_model_vocab_size(const ps_nb_model *m) { return m ? m->v : 0; }
const ps_nb_options *ps_nb_model_options(const ps_nb_model *m) { return m ? &m->opts : NULL; }
uint32_t ps_nb_model_class_docs(const ps_nb_model *m, uint32_t i) { return m && i < m->k ? m->class_docs[i] : 0; }
double ps_nb_model_log_prior(const ps_nb_model *m, uint32_t i) { return m && i < m->k ? m->log_prior[i] : 0.0; }

const uint8_t *ps_nb_model_label(const ps_nb_model *m, uint32_t i, uint32_t *out_len)
{
    if (!m || i >= m->k) { if (out_len) *out_len = 0; return NULL; }
    if (out_len) *out_len = m->label_len[i];
    return m->labels[i];
}

const uint8_t *ps_nb_model_token(const ps_nb_model *m, uint32_t id, uint32_t *out_len)
{
    if (!m || id >= m->v) { if (out_len) *out_len = 0; return NULL; }
    if (out_len) *out_len = m->rec[m->rec_off[id] + 4];
    return m->rec + m->rec_off[id] + PS__REC_HDR;
}

double ps_nb_model_weight(const ps_nb_model *m, uint32_t id, uint32_t c)
{
    if (!m || id >= m->v || c >= m->k) return 0.0;
    const uint8_t *r = m->rec + m->rec_off[id];
    return (double)dequantise(m, r + PS__REC_HDR + r[4], c);
}

/* The record of a token with hash h (ps__tok_hash), or NULL if unknown. */
static const uint8_t *model_lookup(const ps_nb_model *m, const uint8_t *tok, uint32_t len, uint64_t h)
{
    uint32_t lo = (uint32_t)h, j = ps__model_home(m, (uint32_t)(h >> 32));
    for (;;) {
        ps__mslot s = m->slots[j];
        if (!s.off1) return NULL;
        const uint8_t *r = m->rec + (s.off1 - 1);
        if (s.hash == lo && r[4] == len && memcmp(r + PS__REC_HDR, tok, len) == 0) return r;
        j = j + 1 == m->size ? 0 : j + 1;
    }
}

ps_status ps_nb_model_find(const ps_nb_model *m, const uint8_t *token, uint32_t len, uint32_t *out_id)
{
    if (!m || !out_id || (!token && len > 0)) return PS_ERR_INVALID_ARGUMENT;
    const uint8_t *r = len == 0 || len > 255 ? NULL : model_lookup(m, token, len, ps__tok_hash(token, len));
    *out_id = r ? ps__rd32(r) : UINT32_MAX;
    return PS_OK;
}

/* ---------- the strongest tokens of a class ---------- */

/* strength of token t for class c: w[c] - the largest weight of another class */
static double strength(const ps_nb_model *m, uint32_t t, uint32_t c, float *w)
{
    double best = -1e300;
    ps__nb_rec_weights(m, m->rec + m->rec_off[t], w);
    for (uint32_t j = 0; j < m->k; j++) if (j != c && (double)w[j] > best) best = w[j];
    return (double)w[c] - best;
}

/* heap order: a is "weaker" than b */
static int weaker(double sa, uint32_t ia, double sb, uint32_t ib) { return sa < sb || (sa == sb && ia > ib); }

/* Offers (s, t) to a min-heap of at most n entries (the weakest at the root). */
static void heap_offer(double *hs, uint32_t *ids, uint32_t *hn, uint32_t n, double s, uint32_t t)
{
    uint32_t j;
    if (*hn < n) { /* sift up */
        for (j = (*hn)++; j > 0;) {
            uint32_t p = (j - 1) / 2;
            if (!weaker(s, t, hs[p], ids[p])) break;
            hs[j] = hs[p]; ids[j] = ids[p]; j = p;
        }
    } else if (weaker(hs[0], ids[0], s, t)) { /* replace the weakest, sift down */
        for (j = 0;;) {
            uint32_t l = 2 * j + 1, r = l + 1, w = j;
            double ws = s;
            uint32_t wi = t;
            if (l < *hn && weaker(hs[l], ids[l], ws, wi)) { w = l; ws = hs[l]; wi = ids[l]; }
            if (r < *hn && weaker(hs[r], ids[r], ws, wi)) w = r;
            if (w == j) break;
            hs[j] = hs[w]; ids[j] = ids[w]; j = w;
        }
    } else {
        return;
    }
    hs[j] = s; ids[j] = t;
}

ps_status ps_nb_model_top_tokens(const ps_nb_model *m, uint32_t c, uint32_t n, uint32_t *out_ids,
                                 double *out_strengths, uint32_t *out_count)
{
    if (!m || !out_ids || !out_count || c >= m->k || n > PS_NB_MAX_TOP_N) return PS_ERR_INVALID_ARGUMENT;
    if (n == 0) { *out_count = 0; return PS_OK; }
    double *hs = malloc(n * sizeof *hs);
    float *wt = malloc(m->k * sizeof *wt);
    if (!hs || !wt) { free(hs); free(wt); return PS_ERR_NO_MEMORY; }
    uint32_t hn = 0;
    for (uint32_t t = 0; t < m->v; t++) {
        double s = strength(m, t, c, wt);
        if (s > 0) heap_offer(hs, out_ids, &hn, n, s, t);
    }
    for (uint32_t i = 1; i < hn; i++) { /* strongest first (insertion sort; n <= 1000) */
        double s = hs[i];
        uint32_t id = out_ids[i], j = i;
        while (j > 0 && weaker(hs[j - 1], out_ids[j - 1], s, id)) { hs[j] = hs[j - 1]; out_ids[j] = out_ids[j - 1]; j--; }
        hs[j] = s; out_ids[j] = id;
    }
    if (out_strengths) memcpy(out_strengths, hs, hn * sizeof *hs);
    free(hs);
    free(wt);
    *out_count = hn;
    return PS_OK;
}

/* ---------- metadata ---------- */

static uint8_t *copy_string(const uint8_t *s, uint32_t len)
{
    uint8_t *copy = malloc(len + 1u);
    if (!copy) return NULL;
    if (len) memcpy(copy, s, len);
    copy[len] = 0;
    return copy;
}

static uint32_t meta_index(const ps_nb_model *m, const uint8_t *key, uint32_t key_len)
{
    for (uint32_t i = 0; i < m->meta_n; i++)
        if (m->meta[i].key_len == key_len && memcmp(m->meta[i].key, key, key_len) == 0) return i;
    return UINT32_MAX;
}

ps_status ps_nb_model_meta_set(ps_nb_model *m, const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t value_len)
{
    if (!m || !key || (!value && value_len > 0) || key_len == 0 || key_len > PS_NB_MAX_META_KEY ||
        value_len > PS_NB_MAX_META_VALUE || !ps__utf8_valid(key, key_len) || (value_len && !ps__utf8_valid(value, value_len)))
        return PS_ERR_INVALID_ARGUMENT;
    uint32_t i = meta_index(m, key, key_len);
    if (i == UINT32_MAX && m->meta_n >= PS_NB_MAX_META) return PS_ERR_NB_TOO_LARGE;
    uint8_t *v = copy_string(value, value_len);
    if (!v) return PS_ERR_NO_MEMORY;
    if (i != UINT32_MAX) {
        free(m->meta[i].value);
        m->meta[i].value = v;
        m->meta[i].value_len = value_len;
        return PS_OK;
    }
    if (m->meta_n == m->meta_cap) {
        uint32_t nc = m->meta_cap ? m->meta_cap * 2 : 8;
        ps__meta *nm = realloc(m->meta, nc * sizeof *nm);
        if (!nm) { free(v); return PS_ERR_NO_MEMORY; }
        m->meta = nm;
        m->meta_cap = nc;
    }
    uint8_t *k = copy_string(key, key_len);
    if (!k) { free(v); return PS_ERR_NO_MEMORY; }
    m->meta[m->meta_n++] = (ps__meta){.key = k, .value = v, .key_len = key_len, .value_len = value_len};
    return PS_OK;
}

uint32_t ps_nb_model_meta_count(const ps_nb_model *m) { return m ? m->meta_n : 0; }

const uint8_t *ps_nb_model_meta_key(const ps_nb_model *m, uint32_t i, uint32_t *out_len)
{
    if (!m || i >= m->meta_n) { if (out_len) *out_len = 0; return NULL; }
    if (out_len) *out_len = m->meta[i].key_len;
    return m->meta[i].key;
}

const uint8_t *ps_nb_model_meta_value(const ps_nb_model *m, uint32_t i, uint32_t *out_len)
{
    if (!m || i >= m->meta_n) { if (out_len) *out_len = 0; return NULL; }
    if (out_len) *out_len = m->meta[i].value_len;
    return m->meta[i].value;
}

ps_status ps_nb_model_meta_find(const ps_nb_model *m, const uint8_t *key, uint32_t key_len, uint32_t *out_index)
{
    if (!m || !out_index || (!key && key_len > 0)) return PS_ERR_INVALID_ARGUMENT;
    *out_index = meta_index(m, key, key_len);
    return PS_OK;
}
