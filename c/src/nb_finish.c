/* Naive Bayes: from a trainer's counts to a model. Prune (min_df, then the
 * max_features most frequent), sort the kept tokens in byte order, lay out
 * their records, compute the weights
 *     w[c][t] = log(n[c][t] + alpha) - log(N[c] + alpha * V)
 * and quantise them exactly as the model file stores them. */
#include "nb_internal.h"
#include "detmath.h"
#include <stdlib.h>
#include <string.h>

/* ---------- sorting (deterministic: the order is total, tokens are distinct) ---------- */

typedef struct sitem { uint64_t k1, k2; uint32_t id; uint8_t len; } sitem;

static uint64_t be_prefix(const uint8_t *s, uint32_t len, uint32_t from)
{
    uint8_t b[8] = {0};
    if (len > from) memcpy(b, s + from, len - from < 8 ? len - from : 8);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | b[i];
    return v;
}

static int tok_cmp(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c) return c;
    return al < bl ? -1 : (al > bl ? 1 : 0);
}

static int sitem_less(const sitem *a, const sitem *b, const uint8_t *arena, const ps__tentry *e)
{
    if (a->k1 != b->k1) return a->k1 < b->k1;
    if (a->k2 != b->k2) return a->k2 < b->k2;
    const uint8_t *ka = arena + e[a->id].key_off, *kb = arena + e[b->id].key_off;
    return tok_cmp(ka + 1, ka[0], kb + 1, kb[0]) < 0;
}

/* Bottom-up merge sort of src[0..n) using dst[0..n) as scratch; returns the array holding the result. */
static sitem *merge_sort(sitem *src, sitem *dst, uint32_t n, const uint8_t *arena, const ps__tentry *e)
{
    for (uint32_t w = 1; w < n; w = w > n / 2 ? n : w * 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n && lo + 2 * w > lo ? lo + 2 * w : n;
            uint32_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) dst[o++] = sitem_less(&src[j], &src[i], arena, e) ? src[j++] : src[i++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        sitem *x = src; src = dst; dst = x;
    }
    return src;
}

/* Sort by (k1, k2, token bytes): one counting-sort pass on the top 16 bits of k1, then a merge sort of
 * each (small, so cache-resident) bucket. */
#define SORT_BUCKETS 65536u
static ps_status sort_items(sitem *a, uint32_t n, const uint8_t *arena, const ps__tentry *e)
{
    if (n < 2) return PS_OK;
    sitem *tmp = malloc((size_t)n * sizeof *tmp);
    uint32_t *cnt = calloc(SORT_BUCKETS + 1, sizeof *cnt);
    if (!tmp || !cnt) { free(tmp); free(cnt); return PS_ERR_NO_MEMORY; }
    for (uint32_t i = 0; i < n; i++) cnt[(a[i].k1 >> 48) + 1]++;
    for (uint32_t b = 1; b <= SORT_BUCKETS; b++) cnt[b] += cnt[b - 1];
    for (uint32_t i = 0; i < n; i++) tmp[cnt[a[i].k1 >> 48]++] = a[i];
    /* cnt[b] is now the end of bucket b */
    for (uint32_t b = 0; b < SORT_BUCKETS; b++) {
        uint32_t lo = b ? cnt[b - 1] : 0, hi = cnt[b];
        if (hi - lo < 2) { if (hi > lo) a[lo] = tmp[lo]; continue; }
        sitem *r = merge_sort(tmp + lo, a + lo, hi - lo, arena, e);
        if (r != a + lo) memcpy(a + lo, r, (size_t)(hi - lo) * sizeof *a);
    }
    free(tmp);
    free(cnt);
    return PS_OK;
}

/* ---------- finishing ---------- */

/* The kept tokens into items[0..*out_n), in byte order: min_df, then the max_features most frequent
 * (ties by bytes). *tok_bytes gets the sum of their lengths. */
static ps_status select_features(const ps_nb_trainer *t, sitem *items, uint32_t *out_n, uint32_t *tok_bytes)
{
    uint32_t nkeep = 0, bytes = 0;
    for (uint32_t i = 0; i < t->n; i++) if (t->e[i].df >= t->opts.min_df) items[nkeep++].id = i;
    if (nkeep == 0) return PS_ERR_NB_NO_DATA;
    if (t->opts.max_features && nkeep > t->opts.max_features) {
        for (uint32_t i = 0; i < nkeep; i++) {
            const uint8_t *key = t->arena + t->e[items[i].id].key_off;
            uint64_t sum = 0;
            for (uint32_t c = 0; c < t->k; c++) sum += t->counts[(size_t)items[i].id * t->kcap + c];
            items[i].k1 = UINT64_MAX - sum;
            items[i].k2 = be_prefix(key + 1, key[0], 0);
        }
        ps_status st = sort_items(items, nkeep, t->arena, t->e);
        if (st != PS_OK) return st;
        nkeep = t->opts.max_features;
    }
    for (uint32_t i = 0; i < nkeep; i++) {
        const uint8_t *key = t->arena + t->e[items[i].id].key_off;
        items[i].k1 = be_prefix(key + 1, key[0], 0);
        items[i].k2 = be_prefix(key + 1, key[0], 8);
        items[i].len = key[0];
        bytes += key[0];
    }
    *out_n = nkeep;
    *tok_bytes = bytes;
    return sort_items(items, nkeep, t->arena, t->e);
}

/* The token records of the sorted items, with their counts (sc, v * k) and hashes (hs) in the same order.
 * The position of every kept token is noted by trainer id, then the trainer's arrays are read in id order
 * (sequentially) and scattered to those positions: random writes do not stall the way random reads do. */
static ps_status build_records(const ps_nb_trainer *t, const sitem *items, ps_nb_model *m, uint32_t *sc, uint64_t *hs)
{
    uint32_t k = m->k, *rk = malloc(((size_t)t->n + 1) * sizeof *rk);
    if (!rk) return PS_ERR_NO_MEMORY;
    memset(rk, 0xFF, ((size_t)t->n + 1) * sizeof *rk);
    uint32_t off = 0;
    for (uint32_t i = 0; i < m->v; i++) {
        rk[items[i].id] = i;
        m->rec_off[i] = off;
        off += PS__REC_HDR + items[i].len + m->wb;
    }
    for (uint32_t i = 0; i < t->n; i++) {
        uint32_t r = rk[i];
        if (r == UINT32_MAX) continue;
        const ps__tentry *te = &t->e[i];
        const uint8_t *key = t->arena + te->key_off;
        hs[r] = ((uint64_t)te->hhi << 32) | te->hash;
        memcpy(sc + (size_t)r * k, t->counts + (size_t)i * t->kcap, k * sizeof *sc);
        uint8_t *d = m->rec + m->rec_off[r];
        ps__wr32(d, r);
        d[4] = key[0];
        memcpy(d + PS__REC_HDR, key + 1, key[0]);
    }
    free(rk);
    return PS_OK;
}

/* wd[t * k + c] = log(n + alpha) - log(N_c + alpha * V), from the counts sc. */
static ps_status compute_weights(const uint32_t *sc, uint32_t v, uint32_t k, double alpha, double *wd)
{
    enum { NLOG = 4096 };
    double *logn = malloc(NLOG * sizeof *logn), *denom = malloc(k * sizeof *denom);
    uint64_t *total = calloc(k, sizeof *total);
    if (!logn || !denom || !total) { free(logn); free(denom); free(total); return PS_ERR_NO_MEMORY; }
    for (uint32_t i = 0; i < NLOG; i++) logn[i] = ps__log((double)i + alpha);
    for (uint32_t i = 0; i < v; i++)
        for (uint32_t c = 0; c < k; c++) total[c] += sc[(size_t)i * k + c];
    for (uint32_t c = 0; c < k; c++) denom[c] = ps__log((double)total[c] + alpha * (double)v);
    for (uint32_t i = 0; i < v; i++)
        for (uint32_t c = 0; c < k; c++) {
            uint32_t n = sc[(size_t)i * k + c];
            wd[(size_t)i * k + c] = (n < NLOG ? logn[n] : ps__log((double)n + alpha)) - denom[c];
        }
    free(logn); free(denom); free(total);
    return PS_OK;
}

static uint32_t float_bits(float f) { uint32_t b; memcpy(&b, &f, sizeof b); return b; }

/* Quantise the double weights wd (v * k, token-major) into the records and wmin / wscale. */
static void quantise(ps_nb_model *m, const double *wd)
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

/* The model's classes: labels, document counts and log priors. */
static ps_status set_classes(const ps_nb_trainer *t, ps_nb_model *m)
{
    m->total_docs = t->docs;
    for (uint32_t c = 0; c < t->k; c++) {
        ps_status st = ps__nb_model_set_label(m, c, t->labels[c], t->label_len[c]);
        if (st != PS_OK) return st;
        m->class_docs[c] = t->class_docs[c];
        m->log_prior[c] = ps__log((double)t->class_docs[c]) - ps__log((double)t->docs);
    }
    return PS_OK;
}

/* The records, weights and index of a model whose classes are set, from the sorted items. */
static ps_status fill_model(const ps_nb_trainer *t, const sitem *items, ps_nb_model *m)
{
    size_t cells = (size_t)m->v * m->k;
    uint32_t *sc = malloc(cells * sizeof *sc);
    uint64_t *hs = malloc((size_t)m->v * sizeof *hs);
    double *wd = malloc(cells * sizeof *wd);
    ps_status st = !sc || !hs || !wd ? PS_ERR_NO_MEMORY : build_records(t, items, m, sc, hs);
    if (st == PS_OK) st = compute_weights(sc, m->v, m->k, t->opts.alpha, wd);
    if (st == PS_OK) {
        quantise(m, wd);
        st = ps__nb_model_index(m, hs);
    }
    free(sc); free(hs); free(wd);
    return st;
}

ps_status ps_nb_trainer_finish(const ps_nb_trainer *t, ps_nb_model **out)
{
    if (!out || !t) return PS_ERR_INVALID_ARGUMENT;
    if (t->docs == 0 || t->k < 2) return PS_ERR_NB_NO_DATA;
    sitem *items = malloc(((size_t)t->n + 1) * sizeof *items);
    if (!items) return PS_ERR_NO_MEMORY;
    uint32_t v = 0, tok_bytes = 0;
    ps_nb_model *m = NULL;
    ps_status st = select_features(t, items, &v, &tok_bytes);
    if (st == PS_OK) st = ps__nb_model_alloc(t->k, v, tok_bytes, t->opts.weight_bits, &m);
    if (st == PS_OK) {
        m->opts = t->opts;
        st = set_classes(t, m);
    }
    if (st == PS_OK) st = fill_model(t, items, m);
    free(items);
    if (st != PS_OK) { ps_nb_model_destroy(m); return st; }
    *out = m;
    return PS_OK;
}
