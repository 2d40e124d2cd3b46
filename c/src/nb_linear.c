/* The NB-weighted logistic regression (PS_NB_KIND_NBLR): after the counts, passes over the documents.
 *
 * Features are binary presences scaled by the NB log-count ratio r[t] (Wang & Manning 2012), so a document is
 * the list of its distinct known tokens. The loss is the log loss summed over the documents plus
 * lambda / 2 * |theta|^2, the margin of a document being b + sum over its tokens of (theta[t] + nb_mix) * r[t]
 * (nb_mix > 0 keeps a share of the NB log-odds in every score: short texts lean on it), minimised by averaged
 * stochastic gradient descent (Bottou, "Stochastic gradient descent tricks", 2012; Xu 2011): rate eta_t = eta0 / (1 + eta0 * lambda / N * t)^0.75, the weights kept as
 * w / wdiv so that the L2 shrinkage of every weight is one division per step, and the average of the iterates
 * from the second epoch on kept as (a + wfrac * w) / adiv, so that a step touches only the document's tokens.
 * Documents pass through a seeded shuffle buffer. Only + - * / and the library's own exp/log: the same
 * documents, options and seed give the same model everywhere. */
#include "nb_internal.h"
#include "detmath.h"
#include "doc_cache.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

#define ETA0 0.1        /* the first step, for features of |r| ~ 1 and documents of hundreds of tokens */
#define RENORM 1e5      /* fold the divisors into the weights above this */
#define PIECE_MIN 12u   /* bytes: shorter sentences are not trained on as pieces */

typedef struct lin_doc { uint32_t *ids, n, cap, label; } lin_doc;

/* What a step reads and writes of one token in one problem, side by side: one cache line, not three. */
typedef struct lin_cell { double w, a; float r; } lin_cell;

struct ps_nb_linear {
    const ps_nb_model *nb;
    ps_nb_options o;
    uint32_t k, np, v;      /* classes, problems (1 for two classes, else one per class), tokens */
    lin_cell *c;            /* v * np: r the NB log-count ratio; theta = w / wdiv; its average = (a + wfrac * w) / adiv */
    double *wdiv, *adiv, *wfrac, *bias, *abias; /* np each */
    double *z;              /* np: margins of the document being learned */
    double steps, lambda;   /* lambda per step: l2 / documents */
    double avg_from;        /* the step averaging starts at (the first of the second epoch) */
    uint64_t rng;
    uint32_t epochs;
    lin_doc buf[PS_NB_LINEAR_BUFFER];
    uint32_t nbuf;
    uint32_t doc;           /* documents of this epoch so far (not counting pieces) */
    ps__doc_cache cache;    /* the documents' ids, from the first epoch on */
    uint32_t *tmp;          /* tcap ids: for sorting */
    uint32_t tcap;
    ps_nb_prediction *pred; /* tokenises and looks up for us */
};

static uint64_t next_random(ps_nb_linear *l) /* splitmix64 */
{
    uint64_t z = (l->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t below(ps_nb_linear *l, uint32_t n) { return (uint32_t)((next_random(l) >> 32) * n >> 32); }

/* r[t][c] = w_nb[c][t] - mean over the other classes of w_nb[k][t] (for two classes, w_nb[1] - w_nb[0]). */
PS_COLD static ps_status ratios(ps_nb_linear *l)
{
    const ps_nb_model *m = l->nb;
    float *w = malloc(m->k * sizeof *w);
    if (!w) return PS_ERR_NO_MEMORY;
    for (uint32_t t = 0; t < m->v; t++) {
        ps__nb_rec_weights(m, m->rec + m->rec_off[t], w);
        if (m->k == 2) { l->c[t].r = (float)((double)w[1] - (double)w[0]); continue; }
        double sum = 0.0;
        for (uint32_t c = 0; c < m->k; c++) sum += (double)w[c];
        for (uint32_t c = 0; c < m->k; c++)
            l->c[(size_t)t * l->np + c].r = (float)((double)w[c] - (sum - (double)w[c]) / (double)(m->k - 1));
    }
    free(w);
    return PS_OK;
}

PS_COLD ps_status ps_nb_linear_create(const ps_nb_model *nb, const ps_nb_options *o, ps_nb_linear **out)
{
    if (!out || !nb || !o || nb->opts.kind != PS_NB_KIND_NB || !ps__nb_options_valid(o)) return PS_ERR_INVALID_ARGUMENT;
    ps_nb_linear *l = calloc(1, sizeof *l);
    if (!l) return PS_ERR_NO_MEMORY;
    l->nb = nb;
    l->o = *o;
    l->o.tok = nb->opts.tok;
    l->o.binary = 1;
    l->o.kind = PS_NB_KIND_NBLR;
    l->k = nb->k;
    l->np = nb->k == 2 ? 1 : nb->k;
    l->v = nb->v;
    l->lambda = o->l2 / (double)(nb->total_docs ? nb->total_docs : 1);
    l->rng = o->seed;
    size_t cells = (size_t)l->v * l->np;
    l->c = calloc(cells, sizeof *l->c);
    l->wdiv = malloc(l->np * sizeof *l->wdiv);
    l->adiv = malloc(l->np * sizeof *l->adiv);
    l->wfrac = calloc(l->np, sizeof *l->wfrac);
    l->bias = calloc(l->np, sizeof *l->bias);
    l->abias = calloc(l->np, sizeof *l->abias);
    l->z = calloc(2 * l->np, sizeof *l->z);
    ps_status st = l->c && l->wdiv && l->adiv && l->wfrac && l->bias && l->abias && l->z
                       ? ps_nb_prediction_create(nb, 0, &l->pred) : PS_ERR_NO_MEMORY;
    if (st == PS_OK) st = ratios(l);
    if (st != PS_OK) { ps_nb_linear_destroy(l); return st; }
    for (uint32_t j = 0; j < l->np; j++) l->wdiv[j] = l->adiv[j] = 1.0;
    l->avg_from = -1.0; /* set when the first epoch ends */
    l->cache.budget = PS_NB_LINEAR_CACHE;
    *out = l;
    return PS_OK;
}

PS_COLD void ps_nb_linear_destroy(ps_nb_linear *l)
{
    if (!l) return;
    for (uint32_t i = 0; i < PS_NB_LINEAR_BUFFER; i++) free(l->buf[i].ids);
    free(l->c); free(l->wdiv); free(l->adiv); free(l->wfrac); free(l->bias); free(l->abias);
    free(l->z);
    ps_nb_prediction_destroy(l->pred);
    ps__doc_cache_free(&l->cache);
    free(l->tmp);
    free(l);
}

PS_COLD ps_status ps_nb_linear_set_cache(ps_nb_linear *l, uint32_t bytes)
{
    if (!l || l->cache.n || l->epochs || l->doc) return PS_ERR_INVALID_ARGUMENT;
    l->cache.budget = bytes;
    return PS_OK;
}

static double sigmoid(double z) { return 1.0 / (1.0 + ps__exp(-z)); }

/* a = (a + wfrac * w) / adiv, w = w / wdiv: the same weights and average with divisors 1 (problem j). */
static void renorm(ps_nb_linear *l, uint32_t j)
{
    size_t np = l->np;
    for (size_t t = 0; t < l->v; t++) {
        lin_cell *c = l->c + t * np + j;
        c->a = (c->a + l->wfrac[j] * c->w) / l->adiv[j];
        c->w /= l->wdiv[j];
    }
    l->wdiv[j] = l->adiv[j] = 1.0;
    l->wfrac[j] = 0.0;
}

/* One averaged SGD step on a document: its distinct tokens ids[0..n) and its class. */
static void learn(ps_nb_linear *l, const uint32_t *ids, uint32_t n, uint32_t label)
{
    uint32_t np = l->np;
    double t = l->steps, eta = ETA0 / ps__exp(0.75 * ps__log(1.0 + ETA0 * l->lambda * t));
    double mu = l->avg_from < 0 || t < l->avg_from ? 0.0 : 1.0 / (1.0 + (t - l->avg_from));
    l->steps += 1.0;
    for (uint32_t j = 0; j < np; j++) {
        if (l->wdiv[j] > RENORM || l->adiv[j] > RENORM) renorm(l, j);
        l->z[j] = 0.0;
    }
    double *off = l->z + np, mix = l->o.nb_mix; /* off: the NB log-odds, a fixed part of the margin */
    for (uint32_t j = 0; j < np; j++) off[j] = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        const lin_cell *c = l->c + (size_t)ids[i] * np;
        for (uint32_t j = 0; j < np; j++) { l->z[j] += c[j].w * (double)c[j].r; off[j] += (double)c[j].r; }
    }
    for (uint32_t j = 0; j < np; j++) {
        double y = np == 1 ? (label == 1) : (label == j);
        double d = y - sigmoid(l->z[j] / l->wdiv[j] + mix * off[j] + l->bias[j]); /* minus the log loss's slope */
        l->wdiv[j] /= 1.0 - eta * l->lambda;
        l->bias[j] += eta * d;
        l->z[j] = eta * d * l->wdiv[j]; /* now the step of w per unit of r */
    }
    for (uint32_t i = 0; i < n; i++) {
        lin_cell *c = l->c + (size_t)ids[i] * np;
        for (uint32_t j = 0; j < np; j++) {
            double step = l->z[j] * (double)c[j].r;
            c[j].w += step;
            if (mu > 0.0) c[j].a -= l->wfrac[j] * step;
        }
    }
    for (uint32_t j = 0; j < np && mu > 0.0; j++) {
        if (mu >= 1.0) { /* averaging starts: the average is the current weights */
            l->adiv[j] = l->wdiv[j];
            l->wfrac[j] = 1.0;
            l->abias[j] = l->bias[j];
            continue;
        }
        l->adiv[j] /= 1.0 - mu;
        l->wfrac[j] += mu * l->adiv[j] / l->wdiv[j];
        l->abias[j] += mu * (l->bias[j] - l->abias[j]);
    }
}

static uint32_t find_label(const ps_nb_model *m, const uint8_t *label, uint32_t len)
{
    for (uint32_t c = 0; c < m->k; c++)
        if (m->label_len[c] == len && memcmp(m->labels[c], label, len) == 0) return c;
    return UINT32_MAX;
}

static ps_status room(uint32_t **ids, uint32_t *cap, uint32_t n)
{
    if (n <= *cap) return PS_OK;
    uint32_t *grown = realloc(*ids, (size_t)n * sizeof *grown);
    if (!grown) return PS_ERR_NO_MEMORY;
    *ids = grown;
    *cap = n;
    return PS_OK;
}

/* The ids of the distinct known tokens of text, sorted, into buffer slot d: from the cache when document
 * `doc` (UINT32_MAX for a piece) of the first epoch had this text, else tokenized (and cached in the first
 * epoch). Sorted, the ids are summed in the same order either way, so the cache never changes a result. */
static ps_status collect(ps_nb_linear *l, const uint8_t *text, uint32_t len, uint32_t doc, lin_doc *d)
{
    uint64_t hash = doc == UINT32_MAX ? 0 : ps__text_hash(text, len);
    if (doc != UINT32_MAX && room(&d->ids, &d->cap, ps__doc_cache_count(&l->cache, doc)) == PS_OK) {
        uint32_t n = ps__doc_cache_get(&l->cache, doc, hash, len, d->ids, d->cap);
        if (n != UINT32_MAX) { d->n = n; return PS_OK; }
    }
    const uint32_t *offs;
    uint32_t n;
    ps_status st = ps__nb_predict_tokens(l->nb, text, len, l->pred, &offs, &n);
    if (st == PS_OK) st = room(&d->ids, &d->cap, n);
    if (st == PS_OK) st = room(&l->tmp, &l->tcap, n);
    if (st != PS_OK) return st;
    for (uint32_t i = 0; i < n; i++) d->ids[i] = ps__rd32(l->nb->rec + offs[i]);
    ps__ids_sort(d->ids, l->tmp, n);
    d->n = n;
    return l->epochs == 0 && doc != UINT32_MAX && doc == l->cache.n ? ps__doc_cache_put(&l->cache, hash, len, d->ids, n) : PS_OK;
}

#define MAX_SENTENCES 256u

/* The sentences of the text, [from[i], to[i]) for i < the count returned (at most MAX_SENTENCES): a sentence
 * ends at . ! ? newline or <br, and has at least PIECE_MIN bytes. Found once per text for all of its pieces. */
static uint32_t sentences(const uint8_t *text, uint32_t len, uint32_t *from, uint32_t *to)
{
    uint32_t n = 0, s = 0;
    for (uint32_t i = 0; i <= len && n < MAX_SENTENCES; i++) {
        int stop = i == len || text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n' ||
                   (text[i] == '<' && i + 1 < len && text[i + 1] == 'b');
        if (!stop) continue;
        if (i - s >= PIECE_MIN) { from[n] = s; to[n] = i; n++; }
        s = i + 1;
    }
    return n;
}

/* Puts a document into the shuffle buffer; when it is full, a random buffered document is learned from first
 * and gives up its slot. */
static ps_status buffer_add(ps_nb_linear *l, const uint8_t *text, uint32_t len, uint32_t doc, uint32_t label)
{
    uint32_t slot = l->nbuf;
    if (l->nbuf == PS_NB_LINEAR_BUFFER) {
        slot = below(l, PS_NB_LINEAR_BUFFER);
        learn(l, l->buf[slot].ids, l->buf[slot].n, l->buf[slot].label);
    } else {
        l->nbuf++;
    }
    ps_status st = collect(l, text, len, doc, &l->buf[slot]);
    if (st != PS_OK) { l->buf[slot].n = 0; return st; }
    l->buf[slot].label = label;
    return PS_OK;
}

PS_COLD ps_status ps_nb_linear_add(ps_nb_linear *l, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    if (!l || (!text && len > 0) || !label) return PS_ERR_INVALID_ARGUMENT;
    uint32_t c = find_label(l->nb, label, label_len);
    if (c == UINT32_MAX) return PS_ERR_NB_LABEL;
    ps_status st = buffer_add(l, text, len, l->doc++, c);
    if (st != PS_OK || !l->o.pieces) return st;
    /* Pieces: 1-3 consecutive sentences at random, none if the text has fewer than two (it is its own piece). */
    uint32_t from[MAX_SENTENCES], to[MAX_SENTENCES], n = sentences(text, len, from, to);
    for (uint32_t i = 0; st == PS_OK && i < l->o.pieces && n >= 2; i++) {
        uint32_t span = 1 + below(l, 3), first = below(l, n);
        if (first + span > n) span = n - first;
        st = buffer_add(l, text + from[first], to[first + span - 1] - from[first], UINT32_MAX, c);
    }
    return st;
}

PS_COLD ps_status ps_nb_linear_end_epoch(ps_nb_linear *l)
{
    if (!l) return PS_ERR_INVALID_ARGUMENT;
    if (!l->doc) return PS_ERR_NB_NO_DATA; /* an epoch of no document (an iterator already consumed, say) */
    while (l->nbuf) {
        uint32_t i = below(l, l->nbuf);
        lin_doc d = l->buf[i];
        learn(l, d.ids, d.n, d.label);
        l->buf[i] = l->buf[--l->nbuf];
        l->buf[l->nbuf] = d; /* keeps its array for reuse */
    }
    l->epochs++;
    l->doc = 0;
    if (l->avg_from < 0) l->avg_from = l->steps;
    return PS_OK;
}

uint32_t ps_nb_linear_epochs(const ps_nb_linear *l) { return l ? l->epochs : 0; }

/* The weight theta of token t in problem j: the average of the iterates after the first epoch. */
PS_COLD static double average(const ps_nb_linear *l, uint32_t t, uint32_t j)
{
    size_t i = (size_t)t * l->np + j;
    if (l->epochs <= 1) return l->c[i].w / l->wdiv[j];
    return (l->c[i].a + l->wfrac[j] * l->c[i].w) / l->adiv[j];
}

PS_COLD ps_status ps_nb_linear_finish(const ps_nb_linear *l, ps_nb_model **out)
{
    if (!l || !out) return PS_ERR_INVALID_ARGUMENT;
    if (!l->epochs) return PS_ERR_NB_NO_DATA;
    const ps_nb_model *nb = l->nb;
    uint32_t k = l->k, np = l->np;
    double mix = l->o.nb_mix, *wd = malloc((size_t)l->v * k * sizeof *wd);
    if (!wd) return PS_ERR_NO_MEMORY;
    ps_nb_model *m;
    ps_status st = ps__nb_model_clone_layout(nb, &l->o, &m);
    if (st != PS_OK) { free(wd); return st; }
    for (uint32_t t = 0; t < l->v; t++)
        for (uint32_t c = 0; c < k; c++) {
            uint32_t j = np == 1 ? 0 : c;
            double theta = average(l, t, j), r = (double)l->c[(size_t)t * np + j].r;
            wd[(size_t)t * k + c] = np == 1 && c == 0 ? 0.0 : (theta + mix) * r;
        }
    for (uint32_t c = 0; c < k; c++) {
        uint32_t j = np == 1 ? 0 : c;
        m->base[c] = np == 1 && c == 0 ? 0.0 : l->epochs > 1 ? l->abias[j] : l->bias[j];
    }
    ps__nb_model_quantise(m, wd);
    free(wd);
    st = ps__nb_model_index(m, NULL);
    if (st != PS_OK) { ps_nb_model_destroy(m); return st; }
    *out = m;
    return PS_OK;
}
