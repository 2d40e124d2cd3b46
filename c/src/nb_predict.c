/* Naive Bayes prediction: tokens are looked up in batches (ps__tok_batch) so
 * that their cache misses overlap, counted once per distinct token in a small
 * per-call table, and accounted into the class scores and the explanation. */
#include "nb_internal.h"
#include "detmath.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

struct ps_nb_prediction {
    uint32_t k, top_n;
    uint32_t label, evidence, n_explain;
    double *probs, *scores, *ex_w;
    uint32_t *ex_ids, *ex_cls;
    float *wtmp; /* k */
    ps__tok_batch batch;
    /* per-call token table: record offset -> index into used/cnt */
    uint32_t *tab; /* index + 1, 0 = empty */
    uint32_t tmask;
    uint32_t *used, *cnt, *pos;
    uint32_t n_used, ucap;
    int tokens_only; /* ps__nb_predict_tokens: find the tokens, score nothing */
    const ps_nb_model *m;
};

PS_COLD ps_status ps_nb_prediction_create(const ps_nb_model *m, uint32_t top_n, ps_nb_prediction **out)
{
    if (!out || !m || top_n > PS_NB_MAX_TOP_N) return PS_ERR_INVALID_ARGUMENT;
    ps_nb_prediction *p = calloc(1, sizeof *p);
    if (!p) return PS_ERR_NO_MEMORY;
    uint32_t tn = top_n ? top_n : 1;
    p->k = m->k;
    p->top_n = top_n;
    p->ucap = 512;
    p->tmask = 1023;
    p->probs = calloc(m->k, sizeof *p->probs);
    p->scores = calloc(m->k, sizeof *p->scores);
    p->wtmp = calloc(m->k, sizeof *p->wtmp);
    p->ex_w = calloc(tn, sizeof *p->ex_w);
    p->ex_ids = calloc(tn, sizeof *p->ex_ids);
    p->ex_cls = calloc(tn, sizeof *p->ex_cls);
    p->tab = calloc(p->tmask + 1, sizeof *p->tab);
    p->used = malloc(p->ucap * sizeof *p->used);
    p->cnt = malloc(p->ucap * sizeof *p->cnt);
    p->pos = malloc(p->ucap * sizeof *p->pos);
    if (!p->probs || !p->scores || !p->wtmp || !p->ex_w || !p->ex_ids || !p->ex_cls || !p->tab || !p->used || !p->cnt || !p->pos) {
        ps_nb_prediction_destroy(p);
        return PS_ERR_NO_MEMORY;
    }
    *out = p;
    return PS_OK;
}

PS_COLD void ps_nb_prediction_destroy(ps_nb_prediction *p)
{
    if (!p) return;
    free(p->probs); free(p->scores); free(p->wtmp); free(p->ex_w); free(p->ex_ids); free(p->ex_cls);
    free(p->tab); free(p->used); free(p->cnt); free(p->pos);
    free(p);
}

static uint32_t id_hash(uint32_t x) { x ^= x >> 16; x *= 0x7FEB352Du; x ^= x >> 15; x *= 0x846CA68Bu; x ^= x >> 16; return x; }

PS_COLD static ps_status pred_grow(ps_nb_prediction *p)
{
    uint32_t nu = p->ucap * 2, ns = (p->tmask + 1) * 2;
    if (nu > (1u << 28)) return PS_ERR_NB_TOO_LARGE;
    uint32_t *u = realloc(p->used, nu * sizeof *u);
    if (!u) return PS_ERR_NO_MEMORY;
    p->used = u;
    uint32_t *c = realloc(p->cnt, nu * sizeof *c);
    if (!c) return PS_ERR_NO_MEMORY;
    p->cnt = c;
    uint32_t *q = realloc(p->pos, nu * sizeof *q);
    if (!q) return PS_ERR_NO_MEMORY;
    p->pos = q;
    uint32_t *tab = calloc(ns, sizeof *tab);
    if (!tab) return PS_ERR_NO_MEMORY;
    free(p->tab);
    p->tab = tab;
    p->tmask = ns - 1;
    p->ucap = nu;
    for (uint32_t i = 0; i < p->n_used; i++) {
        uint32_t j = id_hash(p->used[i]) & p->tmask;
        while (p->tab[j]) j = (j + 1) & p->tmask;
        p->tab[j] = i + 1;
        p->pos[i] = j;
    }
    return PS_OK;
}

/* Insert (w, id, cls) into the top-n list, strongest first, ties by lower id. */
static void explain_insert(ps_nb_prediction *p, double w, uint32_t id, uint32_t cls)
{
    uint32_t n = p->n_explain;
    if (n == p->top_n) {
        if (!(w > p->ex_w[n - 1] || (w == p->ex_w[n - 1] && id < p->ex_ids[n - 1]))) return;
        n--;
    }
    uint32_t j = n;
    while (j > 0 && (w > p->ex_w[j - 1] || (w == p->ex_w[j - 1] && id < p->ex_ids[j - 1]))) {
        p->ex_w[j] = p->ex_w[j - 1]; p->ex_ids[j] = p->ex_ids[j - 1]; p->ex_cls[j] = p->ex_cls[j - 1];
        j--;
    }
    p->ex_w[j] = w; p->ex_ids[j] = id; p->ex_cls[j] = cls;
    p->n_explain = n + 1;
}

/* Add n occurrences of the token of record r to the scores, the evidence and the explanation. Tokens are
 * accounted in the order of their first occurrence in the text, whatever the count mode. */
static void account(ps_nb_prediction *p, const uint8_t *r, uint32_t n)
{
    const ps_nb_model *m = p->m;
    uint32_t k = m->k, b1 = 0;
    double dn = (double)n;
    p->evidence = p->evidence > UINT32_MAX - n ? UINT32_MAX : p->evidence + n;
    if (k == 2 && m->lut) { /* the common case, same arithmetic as below */
        const uint8_t *q = r + PS__REC_HDR + r[4];
        double d0 = (double)m->lut[q[0]], d1 = (double)m->lut[256 + q[1]], x;
        p->scores[0] += dn * d0;
        p->scores[1] += dn * d1;
        if (!p->top_n) return;
        if (d1 > d0) { b1 = 1; x = dn * (d1 - d0); } else x = dn * (d0 - d1);
        if (p->n_explain == p->top_n && x < p->ex_w[p->n_explain - 1]) return; /* fast reject */
        explain_insert(p, x, ps__rd32(r), b1);
        return;
    }
    float *w = p->wtmp;
    ps__nb_rec_weights(m, r, w);
    for (uint32_t c = 0; c < k; c++) p->scores[c] += dn * (double)w[c];
    if (!p->top_n) return;
    for (uint32_t c = 1; c < k; c++) if (w[c] > w[b1]) b1 = c;
    uint32_t b2 = b1 == 0 ? 1 : 0;
    for (uint32_t c = 0; c < k; c++) if (c != b1 && w[c] > w[b2]) b2 = c;
    explain_insert(p, dn * ((double)w[b1] - (double)w[b2]), ps__rd32(r), b1);
}

/* Count the token whose record is at offset off (first occurrences keep their order). */
static ps_status pred_add(ps_nb_prediction *p, uint32_t off)
{
    uint32_t j = id_hash(off) & p->tmask;
    for (uint32_t e; (e = p->tab[j]) != 0; j = (j + 1) & p->tmask) {
        if (p->used[e - 1] == off) { if (p->cnt[e - 1] < UINT32_MAX) p->cnt[e - 1]++; return PS_OK; }
    }
    if (p->n_used == p->ucap || p->n_used * 2 >= p->tmask) {
        ps_status st = pred_grow(p);
        if (st != PS_OK) return st;
        j = id_hash(off) & p->tmask;
        while (p->tab[j]) j = (j + 1) & p->tmask;
    }
    p->tab[j] = p->n_used + 1;
    p->used[p->n_used] = off;
    p->cnt[p->n_used] = 1;
    p->pos[p->n_used] = j;
    p->n_used++;
    if (p->m->opts.binary && !p->tokens_only) account(p, p->m->rec + off, 1); /* the record is in the cache now */
    return PS_OK;
}

/* The record offset + 1 of batched token i whose probe starts at slot j (its hash matched there), or 0. */
static uint32_t probe_rest(const ps_nb_model *m, const ps__tok_batch *b, uint32_t i, uint32_t j, uint8_t rlen)
{
    uint32_t lo = (uint32_t)b->hash[i], len = b->len[i];
    const uint8_t *tok = ps__tok_batch_token(b, i);
    if (rlen == len && ps__eq_padded(m->rec + m->slots[j].off1 - 1 + PS__REC_HDR, tok, len)) return m->slots[j].off1;
    for (;;) { /* rare: a hash collision in the low 32 bits; continue the probe */
        j = j + 1 == m->size ? 0 : j + 1;
        if (!m->slots[j].off1) return 0;
        if (m->slots[j].hash != lo) continue;
        const uint8_t *r = m->rec + m->slots[j].off1 - 1;
        if (r[4] == len && ps__eq_padded(r + PS__REC_HDR, tok, len)) return m->slots[j].off1;
    }
}

/* Look up the batched tokens in order. Each phase's loads are independent of one another, so the
 * cache misses of a whole batch (home slot, record) overlap instead of queueing. */
static ps_status pred_flush(ps_nb_prediction *p)
{
    const ps_nb_model *m = p->m;
    const ps__tok_batch *b = &p->batch;
    uint32_t n = b->n, home[PS__TOK_BATCH], cand[PS__TOK_BATCH];
    ps__mslot first[PS__TOK_BATCH];
    uint8_t rlen[PS__TOK_BATCH];
    p->batch.n = 0;
    for (uint32_t i = 0; i < n; i++) home[i] = ps__model_home(m, (uint32_t)(b->hash[i] >> 32));
    for (uint32_t i = 0; i < n; i++) first[i] = m->slots[home[i]];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t lo = (uint32_t)b->hash[i], j = home[i];
        cand[i] = UINT32_MAX;
        if (!first[i].off1) continue;
        if (first[i].hash != lo) {
            do j = j + 1 == m->size ? 0 : j + 1;
            while (m->slots[j].off1 && m->slots[j].hash != lo);
            if (!m->slots[j].off1) continue;
        }
        cand[i] = j;
        rlen[i] = m->rec[m->slots[j].off1 - 1 + 4];
    }
    for (uint32_t i = 0; i < n; i++) {
        if (cand[i] == UINT32_MAX) continue;
        uint32_t off1 = probe_rest(m, b, i, cand[i], rlen[i]);
        if (!off1) continue;
        ps_status st = pred_add(p, off1 - 1);
        if (st != PS_OK) return st;
    }
    return PS_OK;
}

static ps_status pred_emit(void *ctx, const uint8_t *tok, uint32_t len, uint64_t h)
{
    ps_nb_prediction *p = ctx;
    if (len > 255) return PS_OK; /* longer than any vocabulary token */
    return ps__tok_batch_push(&p->batch, tok, len, h) ? pred_flush(p) : PS_OK;
}

/* Clears the per-call state of p for a text classified by m. */
static void pred_reset(ps_nb_prediction *p, const ps_nb_model *m)
{
    p->m = m;
    for (uint32_t i = 0; i < p->n_used; i++) p->tab[p->pos[i]] = 0;
    p->n_used = 0;
    p->n_explain = 0;
    p->evidence = 0;
    for (uint32_t c = 0; c < m->k; c++) p->scores[c] = 0.0;
    p->batch.n = 0;
}

/* The label and the probabilities: a softmax of the calibrated scores in log space. The calibration scales
 * every score by the same positive factor, so the label is the uncalibrated one. With no known token, the
 * priors, whatever the kind and the calibration: a linear model's intercept, scaled up by a length-aware
 * calibration, would otherwise give an empty text a confident label. */
PS_COLD static void pred_probabilities(ps_nb_prediction *p, const ps_nb_model *m)
{
    uint32_t k = m->k;
    for (uint32_t c = 0; c < k; c++) p->scores[c] = p->evidence ? p->scores[c] + m->base[c] : m->log_prior[c];
    double mx = p->scores[0], sum = 0.0, s = 1.0;
    p->label = 0;
    for (uint32_t c = 1; c < k; c++) if (p->scores[c] > mx) { mx = p->scores[c]; p->label = c; }
    if (p->evidence && (m->cal_a != 0.0 || m->cal_b != 0.0)) s = ps__exp(m->cal_a + m->cal_b * ps__log(1.0 + (double)p->evidence));
    for (uint32_t c = 0; c < k; c++) { p->probs[c] = ps__exp(s * (p->scores[c] - mx)); sum += p->probs[c]; }
    for (uint32_t c = 0; c < k; c++) p->probs[c] /= sum;
}

ps_status ps_nb_model_predict(const ps_nb_model *m, const uint8_t *text, uint32_t len, ps_nb_prediction *p)
{
    if (!m || !p || (!text && len > 0) || p->k != m->k) return PS_ERR_INVALID_ARGUMENT;
    pred_reset(p, m);
    ps_status st = ps__tokenize_h(&m->opts.tok, text, len, pred_emit, p);
    if (st == PS_OK && p->batch.n) st = pred_flush(p);
    if (st != PS_OK) pred_reset(p, m); /* the priors, evidence 0 */
    if (!m->opts.binary) /* with binary counts, pred_add accounted each token at its first occurrence */
        for (uint32_t i = 0; i < p->n_used; i++) account(p, m->rec + p->used[i], p->cnt[i]);
    while (p->n_explain > 0 && !(p->ex_w[p->n_explain - 1] > 0)) p->n_explain--; /* drop zero weights */
    pred_probabilities(p, m);
    return st;
}

ps_status ps__nb_predict_tokens(const ps_nb_model *m, const uint8_t *text, uint32_t len, ps_nb_prediction *p,
                                const uint32_t **offs, uint32_t *n)
{
    pred_reset(p, m);
    p->tokens_only = 1;
    ps_status st = ps__tokenize_h(&m->opts.tok, text, len, pred_emit, p);
    if (st == PS_OK && p->batch.n) st = pred_flush(p);
    p->tokens_only = 0;
    if (st != PS_OK) { pred_reset(p, m); return st; }
    *offs = p->used;
    *n = p->n_used;
    return PS_OK;
}

uint32_t ps_nb_prediction_label(const ps_nb_prediction *p) { return p ? p->label : 0; }
const double *ps_nb_prediction_probs(const ps_nb_prediction *p) { return p ? p->probs : NULL; }
const double *ps_nb_prediction_scores(const ps_nb_prediction *p) { return p ? p->scores : NULL; }
uint32_t ps_nb_prediction_evidence(const ps_nb_prediction *p) { return p ? p->evidence : 0; }
uint32_t ps_nb_prediction_explain_count(const ps_nb_prediction *p) { return p ? p->n_explain : 0; }
const uint32_t *ps_nb_prediction_explain_ids(const ps_nb_prediction *p) { return p ? p->ex_ids : NULL; }
const double *ps_nb_prediction_explain_weights(const ps_nb_prediction *p) { return p ? p->ex_w : NULL; }
const uint32_t *ps_nb_prediction_explain_classes(const ps_nb_prediction *p) { return p ? p->ex_cls : NULL; }
