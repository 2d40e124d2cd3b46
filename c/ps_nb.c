/* ps_nb: multinomial Naive Bayes. See ps_nb.h for the maths and the API.
 * The trainer is one open-addressing hash table (linear probing, load <= 1/2)
 * of token strings kept in a byte arena ([len][bytes]); per-token counts live in
 * one array with a stride of the class capacity. No per-token allocation.
 * Token hashes come from the tokenizer (ps__tokenize_h), built from per-word
 * hashes, so no n-gram string is hashed byte by byte; the trainer keeps all 64
 * bits, so finishing does not hash the vocabulary again. Adds count tokens in
 * batches of PS__TRAIN_BATCH whose table reads are issued first, so their cache
 * misses overlap (train_flush). Finishing sorts the vocabulary by a counting
 * sort on its first two bytes, then a merge sort of each (small) bucket.
 * The model keeps each token's bytes and stored weights in one record (see
 * ps_nb_internal.h); prediction looks tokens up in batches of PS__PRED_BATCH so
 * that their cache misses overlap. */
#include "ps_nb_internal.h"
#include <stdlib.h>
#include <string.h>

/* ---------- deterministic log / exp (only + - * / on doubles) ---------- */

static const double LN2_HI = 6.93147180369123816490e-01;  /* fdlibm split of ln 2 */
static const double LN2_LO = 1.90821492927058770002e-10;
static const double INV_LN2 = 1.44269504088896338700e+00;

static double bits_to_double(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }
static uint64_t double_to_bits(double d) { uint64_t b; memcpy(&b, &d, sizeof b); return b; }

/* Natural log of a finite x > 0 (returns -1e300 for x <= 0). Error < 2 ulp. */
static double ps_log(double x)
{
    uint64_t b;
    int e;
    double m, f, f2, p;
    if (!(x > 0)) return -1e300;
    b = double_to_bits(x);
    e = (int)((b >> 52) & 0x7FF);
    if (e == 0) {  /* subnormal */
        x *= 18014398509481984.0;  /* 2^54 */
        b = double_to_bits(x);
        e = (int)((b >> 52) & 0x7FF) - 54;
    }
    e -= 1023;
    m = bits_to_double((b & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);  /* [1, 2) */
    if (m > 1.4142135623730951) { m *= 0.5; e++; }
    f = (m - 1.0) / (m + 1.0);  /* |f| <= 0.1716 */
    f2 = f * f;
    p = 1.0 / 23;
    p = p * f2 + 1.0 / 21; p = p * f2 + 1.0 / 19; p = p * f2 + 1.0 / 17; p = p * f2 + 1.0 / 15;
    p = p * f2 + 1.0 / 13; p = p * f2 + 1.0 / 11; p = p * f2 + 1.0 / 9; p = p * f2 + 1.0 / 7;
    p = p * f2 + 1.0 / 5; p = p * f2 + 1.0 / 3; p = p * f2 + 1.0;
    return (double)e * LN2_HI + (2.0 * f * p + (double)e * LN2_LO);
}

/* e^x for finite x: 0 below -745, DBL_MAX above 709. */
static double ps_exp(double x)
{
    int k;
    double r, p;
    if (!(x > -745.0)) return 0.0;
    if (x > 709.0) return 1.7976931348623157e308;
    k = (int)(x * INV_LN2 + (x < 0 ? -0.5 : 0.5));
    r = (x - (double)k * LN2_HI) - (double)k * LN2_LO;  /* |r| <= 0.35 */
    p = 1.0 / 6227020800.0;                               /* 1/13! */
    p = p * r + 1.0 / 479001600.0; p = p * r + 1.0 / 39916800.0; p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0; p = p * r + 1.0 / 40320.0; p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0; p = p * r + 1.0 / 120.0; p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0; p = p * r + 0.5; p = p * r + 1.0; p = p * r + 1.0;
    if (k < -1000) { p *= bits_to_double((uint64_t)(1023 - 100) << 52); k += 100; }
    if (k > 1023) { p *= 2.0; k -= 1; }
    return p * bits_to_double((uint64_t)(k + 1023) << 52);
}

/* ---------- shared helpers ---------- */

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

int ps__utf8_valid(const uint8_t *s, uint32_t n)
{
    uint32_t i = 0;
    while (i < n) {
        uint32_t c = s[i];
        if (c == 0) return 0;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) {
            if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80) return 0;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            uint32_t lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (n - i < 3 || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80) return 0;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            uint32_t lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (n - i < 4 || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80 ||
                (s[i + 3] & 0xC0) != 0x80)
                return 0;
            i += 4;
        } else {
            return 0;
        }
    }
    return 1;
}

/* ---------- options ---------- */

static void options_default(ps_nb_options *o)
{
    ps_tok_options_init(&o->tok);
    o->alpha = 1.0;
    o->min_df = 1;
    o->max_features = 0;
    o->binary = 0;
    o->weight_bits = 16;
}

ps_status ps_nb_options_create(ps_nb_options **out)
{
    ps_nb_options *o;
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    o = (ps_nb_options *)malloc(sizeof *o);
    if (!o) return PS_ERR_NO_MEMORY;
    options_default(o);
    *out = o;
    return PS_OK;
}

void ps_nb_options_destroy(ps_nb_options *o) { free(o); }

ps_status ps_nb_options_set_alpha(ps_nb_options *o, double alpha)
{
    if (!o || !(alpha >= 1e-9 && alpha <= 1e6)) return PS_ERR_INVALID_ARGUMENT;
    o->alpha = alpha;
    return PS_OK;
}

ps_status ps_nb_options_set_binary(ps_nb_options *o, uint32_t on)
{
    if (!o || on > 1) return PS_ERR_INVALID_ARGUMENT;
    o->binary = (uint8_t)on;
    return PS_OK;
}

ps_status ps_nb_options_set_min_df(ps_nb_options *o, uint32_t min_df)
{
    if (!o || min_df < 1) return PS_ERR_INVALID_ARGUMENT;
    o->min_df = min_df;
    return PS_OK;
}

ps_status ps_nb_options_set_max_features(ps_nb_options *o, uint32_t max_features)
{
    if (!o) return PS_ERR_INVALID_ARGUMENT;
    o->max_features = max_features;
    return PS_OK;
}

ps_status ps_nb_options_set_ngrams(ps_nb_options *o, uint32_t min, uint32_t max)
{
    return o ? ps_tok_options_set_ngrams(&o->tok, min, max) : PS_ERR_INVALID_ARGUMENT;
}

ps_status ps_nb_options_set_stopwords(ps_nb_options *o, uint32_t on)
{
    return o ? ps_tok_options_set_stopwords(&o->tok, on) : PS_ERR_INVALID_ARGUMENT;
}

ps_status ps_nb_options_set_negation(ps_nb_options *o, uint32_t on)
{
    return o ? ps_tok_options_set_negation(&o->tok, on) : PS_ERR_INVALID_ARGUMENT;
}

ps_status ps_nb_options_set_weight_bits(ps_nb_options *o, uint32_t bits)
{
    if (!o || (bits != 8 && bits != 16 && bits != 32)) return PS_ERR_INVALID_ARGUMENT;
    o->weight_bits = (uint8_t)bits;
    return PS_OK;
}

double ps_nb_options_alpha(const ps_nb_options *o) { return o ? o->alpha : 0.0; }
uint32_t ps_nb_options_binary(const ps_nb_options *o) { return o ? o->binary : 0; }
uint32_t ps_nb_options_min_df(const ps_nb_options *o) { return o ? o->min_df : 0; }
uint32_t ps_nb_options_max_features(const ps_nb_options *o) { return o ? o->max_features : 0; }
uint32_t ps_nb_options_ngram_min(const ps_nb_options *o) { return o ? o->tok.ngram_min : 0; }
uint32_t ps_nb_options_ngram_max(const ps_nb_options *o) { return o ? o->tok.ngram_max : 0; }
uint32_t ps_nb_options_stopwords(const ps_nb_options *o) { return o ? o->tok.stopwords : 0; }
uint32_t ps_nb_options_negation(const ps_nb_options *o) { return o ? o->tok.negation : 0; }
uint32_t ps_nb_options_weight_bits(const ps_nb_options *o) { return o ? o->weight_bits : 0; }
const ps_tok_options *ps_nb_options_tok(const ps_nb_options *o) { return o ? &o->tok : NULL; }

static int options_valid(const ps_nb_options *o)
{
    return ps_tok_options_check(&o->tok) == PS_OK && o->alpha >= 1e-9 && o->alpha <= 1e6 && o->min_df >= 1 &&
           o->binary <= 1 && (o->weight_bits == 8 || o->weight_bits == 16 || o->weight_bits == 32);
}

static int options_equal(const ps_nb_options *a, const ps_nb_options *b)
{
    return a->tok.ngram_min == b->tok.ngram_min && a->tok.ngram_max == b->tok.ngram_max &&
           a->tok.stopwords == b->tok.stopwords && a->tok.negation == b->tok.negation &&
           double_to_bits(a->alpha) == double_to_bits(b->alpha) && a->min_df == b->min_df &&
           a->max_features == b->max_features && a->binary == b->binary && a->weight_bits == b->weight_bits;
}

/* ---------- trainer ---------- */

/* arena[key_off] = length; hash, hhi = the low and high halves of the token's ps__tok_hash */
#define PS__TRAIN_BATCH 64u

typedef struct tentry { uint32_t key_off, hash, last_doc, df, hhi; } tentry;

struct ps_nb_trainer {
    ps_nb_options opts;
    uint32_t k, kcap;
    uint8_t **labels;
    uint32_t *label_len;
    uint32_t *class_docs;
    uint32_t docs;
    tentry *e;
    uint32_t n, ecap;
    uint32_t *counts;     /* ecap * kcap */
    ps__slot *slots;
    uint32_t mask;
    uint8_t *arena;
    size_t abytes, acap;
    uint32_t cur_class, cur_doc;  /* the document being added */
    /* tokens waiting to be counted (in order), see train_flush */
    uint32_t nb, sink;
    uint64_t bh[PS__TRAIN_BATCH];
    uint8_t blen[PS__TRAIN_BATCH];
    uint8_t *bbuf;  /* PS__TRAIN_BATCH * 256 bytes */
};

ps_status ps_nb_trainer_create(const ps_nb_options *opts, ps_nb_trainer **out)
{
    ps_nb_trainer *t;
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (opts && !options_valid(opts)) return PS_ERR_INVALID_ARGUMENT;
    t = (ps_nb_trainer *)calloc(1, sizeof *t);
    if (!t) return PS_ERR_NO_MEMORY;
    if (opts) t->opts = *opts; else options_default(&t->opts);
    t->kcap = 2;
    t->ecap = 1024;
    t->mask = 2047;
    t->acap = 16384;
    t->labels = (uint8_t **)calloc(t->kcap, sizeof *t->labels);
    t->label_len = (uint32_t *)calloc(t->kcap, sizeof *t->label_len);
    t->class_docs = (uint32_t *)calloc(t->kcap, sizeof *t->class_docs);
    t->e = (tentry *)malloc(t->ecap * sizeof *t->e);
    t->counts = (uint32_t *)calloc((size_t)t->ecap * t->kcap, sizeof *t->counts);
    t->slots = (ps__slot *)calloc((size_t)t->mask + 1, sizeof *t->slots);
    t->arena = (uint8_t *)malloc(t->acap);
    t->bbuf = (uint8_t *)malloc(PS__TRAIN_BATCH * 256);
    if (!t->bbuf || !t->labels || !t->label_len || !t->class_docs || !t->e || !t->counts || !t->slots || !t->arena) {
        ps_nb_trainer_destroy(t);
        return PS_ERR_NO_MEMORY;
    }
    *out = t;
    return PS_OK;
}

void ps_nb_trainer_destroy(ps_nb_trainer *t)
{
    uint32_t i;
    if (!t) return;
    if (t->labels) for (i = 0; i < t->k; i++) free(t->labels[i]);
    free(t->labels); free(t->label_len); free(t->class_docs);
    free(t->e); free(t->counts); free(t->slots); free(t->arena); free(t->bbuf);
    free(t);
}

uint32_t ps_nb_trainer_doc_count(const ps_nb_trainer *t) { return t ? t->docs : 0; }
uint32_t ps_nb_trainer_vocab_size(const ps_nb_trainer *t) { return t ? t->n : 0; }

/* Grow the class capacity to hold k + 1 classes (re-lays the counts). */
static ps_status grow_classes(ps_nb_trainer *t)
{
    uint32_t nk = t->kcap * 2, i;
    uint8_t **nl;
    uint32_t *nll, *ncd, *nc;
    if (t->k < t->kcap) return PS_OK;
    if (t->k >= PS_NB_MAX_CLASSES) return PS_ERR_NB_TOO_LARGE;
    nc = (uint32_t *)calloc((size_t)t->ecap * nk, sizeof *nc);
    if (!nc) return PS_ERR_NO_MEMORY;
    nl = (uint8_t **)realloc(t->labels, nk * sizeof *nl);
    if (!nl) { free(nc); return PS_ERR_NO_MEMORY; }
    t->labels = nl;
    nll = (uint32_t *)realloc(t->label_len, nk * sizeof *nll);
    if (!nll) { free(nc); return PS_ERR_NO_MEMORY; }
    t->label_len = nll;
    ncd = (uint32_t *)realloc(t->class_docs, nk * sizeof *ncd);
    if (!ncd) { free(nc); return PS_ERR_NO_MEMORY; }
    t->class_docs = ncd;
    for (i = 0; i < t->n; i++) memcpy(nc + (size_t)i * nk, t->counts + (size_t)i * t->kcap, t->kcap * sizeof *nc);
    free(t->counts);
    t->counts = nc;
    t->kcap = nk;
    return PS_OK;
}

/* Index of label, creating the class if new. */
static ps_status class_index(ps_nb_trainer *t, const uint8_t *label, uint32_t len, uint32_t *out)
{
    uint32_t i;
    ps_status st;
    for (i = 0; i < t->k; i++)
        if (t->label_len[i] == len && memcmp(t->labels[i], label, len) == 0) { *out = i; return PS_OK; }
    if (len == 0 || len > PS_NB_MAX_LABEL || !ps__utf8_valid(label, len)) return PS_ERR_NB_LABEL;
    if ((st = grow_classes(t)) != PS_OK) return st;
    t->labels[t->k] = (uint8_t *)malloc(len + 1u);
    if (!t->labels[t->k]) return PS_ERR_NO_MEMORY;
    memcpy(t->labels[t->k], label, len);
    t->labels[t->k][len] = 0;
    t->label_len[t->k] = len;
    t->class_docs[t->k] = 0;
    *out = t->k++;
    return PS_OK;
}

static ps_status grow_table(ps_nb_trainer *t)
{
    uint32_t nsize = (t->mask + 1) * 2, nmask = nsize - 1, i;
    ps__slot *ns = (ps__slot *)calloc(nsize, sizeof *ns);
    if (!ns) return PS_ERR_NO_MEMORY;
    for (i = 0; i <= t->mask; i++) {
        if (t->slots[i].id1) {
            uint32_t j = t->slots[i].hash & nmask;
            while (ns[j].id1) j = (j + 1) & nmask;
            ns[j] = t->slots[i];
        }
    }
    free(t->slots);
    t->slots = ns;
    t->mask = nmask;
    return PS_OK;
}

/* Find or insert a token; *out_id gets its id, *out_new 1 if inserted. */
static ps_status intern(ps_nb_trainer *t, const uint8_t *tok, uint32_t len, uint64_t h64, uint32_t *out_id)
{
    uint32_t h = (uint32_t)h64, j = h & t->mask, id;
    for (;;) {
        ps__slot s = t->slots[j];
        if (!s.id1) break;
        if (s.hash == h) {
            const uint8_t *k = t->arena + t->e[s.id1 - 1].key_off;
            if (k[0] == len && memcmp(k + 1, tok, len) == 0) { *out_id = s.id1 - 1; return PS_OK; }
        }
        j = (j + 1) & t->mask;
    }
    if (t->n >= PS__NB_MAX_VOCAB || len > 255) return PS_ERR_NB_TOO_LARGE;
    if (t->n == t->ecap) {
        uint32_t ncap = t->ecap * 2;
        tentry *ne = (tentry *)realloc(t->e, (size_t)ncap * sizeof *ne);
        uint32_t *nc;
        if (!ne) return PS_ERR_NO_MEMORY;
        t->e = ne;
        nc = (uint32_t *)realloc(t->counts, (size_t)ncap * t->kcap * sizeof *nc);
        if (!nc) return PS_ERR_NO_MEMORY;
        memset(nc + (size_t)t->ecap * t->kcap, 0, (size_t)(ncap - t->ecap) * t->kcap * sizeof *nc);
        t->counts = nc;
        t->ecap = ncap;
    }
    if (t->abytes + len + 1 > t->acap) {
        size_t ncap = t->acap * 2;
        uint8_t *na;
        if (ncap > UINT32_MAX) ncap = UINT32_MAX;
        if (t->abytes + len + 1 > ncap) return PS_ERR_NB_TOO_LARGE;
        na = (uint8_t *)realloc(t->arena, ncap);
        if (!na) return PS_ERR_NO_MEMORY;
        t->arena = na;
        t->acap = ncap;
    }
    id = t->n++;
    t->e[id].key_off = (uint32_t)t->abytes;
    t->e[id].hash = h;
    t->e[id].hhi = (uint32_t)(h64 >> 32);
    t->e[id].last_doc = UINT32_MAX;
    t->e[id].df = 0;
    t->arena[t->abytes] = (uint8_t)len;
    memcpy(t->arena + t->abytes + 1, tok, len);
    t->abytes += len + 1;
    t->slots[j].hash = h;
    t->slots[j].id1 = id + 1;
    *out_id = id;
    if ((uint64_t)t->n * 2 > t->mask) return grow_table(t);
    return PS_OK;
}

static ps_status train_one(ps_nb_trainer *t, const uint8_t *tok, uint32_t len, uint64_t h)
{
    uint32_t id, *c;
    tentry *e;
    ps_status st = intern(t, tok, len, h, &id);
    if (st != PS_OK) return st;
    e = &t->e[id];
    c = &t->counts[(size_t)id * t->kcap + t->cur_class];
    if (e->last_doc != t->cur_doc) {
        e->last_doc = t->cur_doc;
        e->df++;
        if (t->opts.binary) (*c)++;
    }
    if (!t->opts.binary) {
        if (*c == UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
        (*c)++;
    }
    return PS_OK;
}

/* Count the batched tokens in order. First every token's home slot, then the entry and count of a
 * matching slot, then its key are read (loads independent of one another, so the cache misses of
 * the batch overlap); those reads only warm the cache (their sum goes to t->sink), the counting
 * itself is train_one, token by token, as without the batch. */
static ps_status train_flush(ps_nb_trainer *t)
{
    uint32_t n = t->nb, i, id1[PS__TRAIN_BATCH], acc = 0;
    ps_status st;
    t->nb = 0;
    for (i = 0; i < n; i++) {
        ps__slot s = t->slots[(uint32_t)t->bh[i] & t->mask];
        id1[i] = s.hash == (uint32_t)t->bh[i] ? s.id1 : 0;
    }
    for (i = 0; i < n; i++) {
        if (id1[i]) {
            const tentry *e = &t->e[id1[i] - 1];
            acc += e->key_off + e->last_doc + t->counts[(size_t)(id1[i] - 1) * t->kcap + t->cur_class];
            id1[i] = e->key_off + 1;
        }
    }
    for (i = 0; i < n; i++) if (id1[i]) acc += t->arena[id1[i] - 1];
    t->sink += acc;
    for (i = 0; i < n; i++)
        if ((st = train_one(t, t->bbuf + (size_t)i * 256, t->blen[i], t->bh[i])) != PS_OK) return st;
    return PS_OK;
}

static ps_status train_emit(void *ctx, const uint8_t *tok, uint32_t len, uint64_t h)
{
    ps_nb_trainer *t = (ps_nb_trainer *)ctx;
    if (len > 255) {  /* not batched (train_one reports it) */
        ps_status st = train_flush(t);
        return st != PS_OK ? st : train_one(t, tok, len, h);
    }
    t->bh[t->nb] = h;
    t->blen[t->nb] = (uint8_t)len;
    {   /* whole 8-byte chunks: ps__tokenize_h keeps 8 bytes past every token readable */
        uint8_t *d = t->bbuf + (size_t)t->nb * 256;
        uint32_t j;
        for (j = 0; j < len; j += 8) memcpy(d + j, tok + j, 8);
    }
    if (++t->nb == PS__TRAIN_BATCH) return train_flush(t);
    return PS_OK;
}

ps_status ps_nb_train_add(ps_nb_trainer *t, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    uint32_t c;
    ps_status st;
    if (!t || (!text && len > 0) || !label) return PS_ERR_INVALID_ARGUMENT;
    if (t->docs >= UINT32_MAX - 1) return PS_ERR_NB_TOO_LARGE;
    if ((st = class_index(t, label, label_len, &c)) != PS_OK) return st;
    t->cur_class = c;
    t->cur_doc = t->docs;
    t->nb = 0;
    st = ps__tokenize_h(&t->opts.tok, text, len, train_emit, t);
    if (st == PS_OK && t->nb) st = train_flush(t);
    t->nb = 0;
    if (st != PS_OK) return st;
    t->docs++;
    t->class_docs[c]++;
    return PS_OK;
}

ps_status ps_nb_trainer_merge(ps_nb_trainer *dst, const ps_nb_trainer *src)
{
    uint32_t map[PS_NB_MAX_CLASSES], i, c;
    ps_status st;
    if (!dst || !src || dst == src) return PS_ERR_INVALID_ARGUMENT;
    if (!options_equal(&dst->opts, &src->opts)) return PS_ERR_NB_MISMATCH;
    if ((uint64_t)dst->docs + src->docs >= UINT32_MAX - 1) return PS_ERR_NB_TOO_LARGE;
    for (c = 0; c < src->k; c++)
        if ((st = class_index(dst, src->labels[c], src->label_len[c], &map[c])) != PS_OK) return st;
    for (i = 0; i < src->n; i++) {
        const uint8_t *k = src->arena + src->e[i].key_off;
        uint32_t id;
        if ((st = intern(dst, k + 1, k[0], ((uint64_t)src->e[i].hhi << 32) | src->e[i].hash, &id)) != PS_OK) return st;
        for (c = 0; c < src->k; c++) {
            uint32_t *d = &dst->counts[(size_t)id * dst->kcap + map[c]];
            uint32_t s = src->counts[(size_t)i * src->kcap + c];
            if (*d > UINT32_MAX - s) return PS_ERR_NB_TOO_LARGE;
            *d += s;
        }
        dst->e[id].df += src->e[i].df;
    }
    for (c = 0; c < src->k; c++) dst->class_docs[map[c]] += src->class_docs[c];
    dst->docs += src->docs;
    return PS_OK;
}

/* ---------- sorting (bottom-up merge sort, deterministic) ---------- */

typedef struct sitem { uint64_t k1, k2; uint32_t id; uint8_t len; } sitem;

static uint64_t be_prefix(const uint8_t *s, uint32_t len, uint32_t from)
{
    uint8_t b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    if (len > from) memcpy(b, s + from, len - from < 8 ? len - from : 8);
    return ((uint64_t)b[0] << 56) | ((uint64_t)b[1] << 48) | ((uint64_t)b[2] << 40) | ((uint64_t)b[3] << 32) |
           ((uint64_t)b[4] << 24) | ((uint64_t)b[5] << 16) | ((uint64_t)b[6] << 8) | (uint64_t)b[7];
}

static int tok_cmp(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl)
{
    uint32_t m = al < bl ? al : bl;
    int c = memcmp(a, b, m);
    if (c) return c;
    return al < bl ? -1 : (al > bl ? 1 : 0);
}

static int sitem_less(const sitem *a, const sitem *b, const uint8_t *arena, const tentry *e)
{
    const uint8_t *ka, *kb;
    if (a->k1 != b->k1) return a->k1 < b->k1;
    if (a->k2 != b->k2) return a->k2 < b->k2;
    ka = arena + e[a->id].key_off;
    kb = arena + e[b->id].key_off;
    return tok_cmp(ka + 1, ka[0], kb + 1, kb[0]) < 0;
}

/* Merge sort src[0..n) using dst[0..n) as scratch; returns the array holding the result (src or dst). */
static sitem *merge_sort(sitem *src, sitem *dst, uint32_t n, const uint8_t *arena, const tentry *e)
{
    uint32_t w;
    for (w = 1; w < n; w = w > n / 2 ? n : w * 2) {
        uint32_t lo;
        for (lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n && lo + 2 * w > lo ? lo + 2 * w : n;
            uint32_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) dst[o++] = sitem_less(&src[j], &src[i], arena, e) ? src[j++] : src[i++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        { sitem *x = src; src = dst; dst = x; }
    }
    return src;
}

/* Sort by (k1, k2, token bytes): one counting-sort pass on the top 16 bits of k1, then a merge sort of
 * each bucket (small, so it stays in the cache). The order is total (tokens are distinct), so the
 * result does not depend on the method. */
#define SORT_BUCKETS 65536u
static ps_status sort_items(sitem *a, uint32_t n, const uint8_t *arena, const tentry *e)
{
    sitem *tmp;
    uint32_t *cnt, i, b;
    if (n < 2) return PS_OK;
    tmp = (sitem *)malloc((size_t)n * sizeof *tmp);
    cnt = (uint32_t *)calloc(SORT_BUCKETS + 1, sizeof *cnt);
    if (!tmp || !cnt) { free(tmp); free(cnt); return PS_ERR_NO_MEMORY; }
    for (i = 0; i < n; i++) cnt[(a[i].k1 >> 48) + 1]++;
    for (b = 1; b <= SORT_BUCKETS; b++) cnt[b] += cnt[b - 1];
    for (i = 0; i < n; i++) tmp[cnt[a[i].k1 >> 48]++] = a[i];
    /* cnt[b] is now the end of bucket b */
    for (b = 0; b < SORT_BUCKETS; b++) {
        uint32_t lo = b ? cnt[b - 1] : 0, hi = cnt[b];
        if (hi - lo < 2) { if (hi > lo) a[lo] = tmp[lo]; continue; }
        {
            sitem *r = merge_sort(tmp + lo, a + lo, hi - lo, arena, e);
            if (r != a + lo) memcpy(a + lo, r, (size_t)(hi - lo) * sizeof *a);
        }
    }
    free(tmp);
    free(cnt);
    return PS_OK;
}

/* ---------- model ---------- */

ps_status ps__nb_model_alloc(uint32_t k, uint32_t v, uint32_t tok_bytes, uint32_t weight_bits, ps_nb_model **out)
{
    ps_nb_model *m;
    uint64_t wb = (uint64_t)k * (weight_bits / 8), rb = (uint64_t)v * (PS__REC_HDR + wb) + tok_bytes;
    *out = NULL;
    if (rb + 8 > UINT32_MAX) return PS_ERR_NO_MEMORY;
    m = (ps_nb_model *)calloc(1, sizeof *m);
    if (!m) return PS_ERR_NO_MEMORY;
    m->k = k;
    m->v = v;
    m->tok_bytes = tok_bytes;
    m->wb = (uint32_t)wb;
    m->rec_bytes = (uint32_t)rb;
    m->labels = (uint8_t **)calloc(k, sizeof *m->labels);
    m->label_len = (uint32_t *)calloc(k, sizeof *m->label_len);
    m->class_docs = (uint32_t *)calloc(k, sizeof *m->class_docs);
    m->log_prior = (double *)calloc(k, sizeof *m->log_prior);
    m->wmin = (double *)calloc(k, sizeof *m->wmin);
    m->wscale = (double *)calloc(k, sizeof *m->wscale);
    m->rec = (uint8_t *)malloc((size_t)rb + 8);
    m->rec_off = (uint32_t *)malloc((v ? v : 1) * sizeof *m->rec_off);
    if (!m->labels || !m->label_len || !m->class_docs || !m->log_prior || !m->wmin || !m->wscale || !m->rec ||
        !m->rec_off) {
        ps_nb_model_destroy(m);
        return PS_ERR_NO_MEMORY;
    }
    memset(m->rec + rb, 0, 8);
    *out = m;
    return PS_OK;
}

void ps_nb_model_destroy(ps_nb_model *m)
{
    uint32_t i;
    if (!m) return;
    if (m->labels) for (i = 0; i < m->k; i++) free(m->labels[i]);
    for (i = 0; i < m->meta_n; i++) { free(m->meta[i].key); free(m->meta[i].value); }
    free(m->meta);
    free(m->labels); free(m->label_len); free(m->class_docs); free(m->log_prior); free(m->wmin); free(m->wscale);
    free(m->rec); free(m->rec_off); free(m->slots); free(m->lut);
    free(m);
}

ps_status ps__nb_model_index(ps_nb_model *m, const uint64_t *hashes)
{
    /* Table of 1.5 V slots (+16); home slot = ((hash >> 32) * size) >> 32, so the
     * home is monotone in the hash. Tokens are grouped by the top 11 bits of their
     * hash (one counting-sort pass that moves the hash and offset together), so the
     * inserts read sequentially and write the table nearly in order instead of
     * missing the cache on every insert. (A Bloom filter in front of the table was
     * tried: it costs known tokens an extra access and the load a pass; no gain.) */
    typedef struct hent { uint32_t hi, lo, off; } hent;
    uint32_t size = m->v + m->v / 2 + 16, i;
    uint64_t *hs = NULL;
    uint32_t *cnt = NULL;
    hent *order = NULL;
    ps__mslot *s = (ps__mslot *)calloc(size, sizeof *s);
    if (m->opts.weight_bits == 8 && !m->lut) {  /* every 8-bit weight, dequantised as rec_weights does */
        uint32_t c, q;
        m->lut = (float *)malloc((size_t)m->k * 256 * sizeof *m->lut);
        if (!m->lut) { free(s); return PS_ERR_NO_MEMORY; }
        for (c = 0; c < m->k; c++)
            for (q = 0; q < 256; q++) m->lut[c * 256 + q] = (float)(m->wmin[c] + (double)q * m->wscale[c]);
    }
    if (!hashes) hs = (uint64_t *)malloc((size_t)(m->v ? m->v : 1) * sizeof *hs);
    order = (hent *)malloc((size_t)(m->v ? m->v : 1) * sizeof *order);
    cnt = (uint32_t *)calloc(2049, sizeof *cnt);
    if (!s || (!hashes && !hs) || !order || !cnt) {
        free(s); free(hs); free(order); free(cnt);
        return PS_ERR_NO_MEMORY;
    }
    if (!hashes) {
        for (i = 0; i < m->v; i++) {
            const uint8_t *r = m->rec + m->rec_off[i];
            hs[i] = ps__tok_hash_padded(r + PS__REC_HDR, r[4]);
        }
        hashes = hs;
    }
    for (i = 0; i < m->v; i++) {
        cnt[(hashes[i] >> 53) + 1]++;
    }
    for (i = 1; i <= 2048; i++) cnt[i] += cnt[i - 1];
    for (i = 0; i < m->v; i++) {
        uint64_t h = hashes[i];
        hent *o = &order[cnt[h >> 53]++];
        o->hi = (uint32_t)(h >> 32);
        o->lo = (uint32_t)h;
        o->off = m->rec_off[i];
    }
    for (i = 0; i < m->v; i++) {
        uint32_t j = (uint32_t)(((uint64_t)order[i].hi * size) >> 32);
        while (s[j].off1) j = j + 1 == size ? 0 : j + 1;
        s[j].hash = order[i].lo;
        s[j].off1 = order[i].off + 1;
    }
    free(hs); free(order); free(cnt);
    free(m->slots);
    m->slots = s;
    m->size = size;
    return PS_OK;
}

static float float_from_bits(uint32_t b) { float f; memcpy(&f, &b, sizeof f); return f; }

/* The weights stored in record r, dequantised exactly as the file defines them, into w[0..k). */
static void rec_weights(const ps_nb_model *m, const uint8_t *r, float *w)
{
    const uint8_t *q = r + PS__REC_HDR + r[4];
    uint32_t c, k = m->k;
    switch (m->opts.weight_bits) {
    case 8:
        if (m->lut) { for (c = 0; c < k; c++) w[c] = m->lut[c * 256 + q[c]]; break; }
        for (c = 0; c < k; c++) w[c] = (float)(m->wmin[c] + (double)q[c] * m->wscale[c]);
        break;
    case 16:
        for (c = 0; c < k; c++) w[c] = (float)(m->wmin[c] + (double)((uint32_t)q[2 * c] | ((uint32_t)q[2 * c + 1] << 8)) * m->wscale[c]);
        break;
    default:
        for (c = 0; c < k; c++) w[c] = float_from_bits(rd32(q + 4 * c));
        break;
    }
}

static float rec_weight(const ps_nb_model *m, const uint8_t *r, uint32_t c)
{
    const uint8_t *q = r + PS__REC_HDR + r[4];
    switch (m->opts.weight_bits) {
    case 8: return (float)(m->wmin[c] + (double)q[c] * m->wscale[c]);
    case 16: return (float)(m->wmin[c] + (double)((uint32_t)q[2 * c] | ((uint32_t)q[2 * c + 1] << 8)) * m->wscale[c]);
    default: return float_from_bits(rd32(q + 4 * c));
    }
}

static uint32_t float_bits(float f) { uint32_t b; memcpy(&b, &f, sizeof b); return b; }

/* Quantise the double weights wd (v*k, token-major) into the records and wmin / wscale. */
static void quantise(ps_nb_model *m, const double *wd)
{
    uint32_t k = m->k, v = m->v, c, t, bits = m->opts.weight_bits;
    if (bits == 32) {
        for (t = 0; t < v; t++) {
            uint8_t *r = m->rec + m->rec_off[t], *q = r + PS__REC_HDR + r[4];
            for (c = 0; c < k; c++) {
                uint32_t b = float_bits((float)wd[(size_t)t * k + c]);
                uint8_t *p = q + 4 * c;
                p[0] = (uint8_t)b; p[1] = (uint8_t)(b >> 8); p[2] = (uint8_t)(b >> 16); p[3] = (uint8_t)(b >> 24);
            }
        }
        for (c = 0; c < k; c++) { m->wmin[c] = 0; m->wscale[c] = 0; }
        return;
    }
    for (c = 0; c < k; c++) {
        double lo = wd[c], hi = wd[c], levels = bits == 8 ? 255.0 : 65535.0;
        for (t = 1; t < v; t++) {
            double x = wd[(size_t)t * k + c];
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
        m->wmin[c] = lo;
        m->wscale[c] = (hi - lo) / levels;
        for (t = 0; t < v; t++) {
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

ps_status ps_nb_trainer_finish(const ps_nb_trainer *t, ps_nb_model **out)
{
    sitem *items = NULL;
    double *wd = NULL, *logn = NULL, *denom = NULL;
    uint64_t *total = NULL, *hs = NULL;
    uint32_t *sc = NULL, *rk = NULL;
    ps_nb_model *m = NULL;
    uint32_t nkeep = 0, i, c, k, tok_bytes = 0;
    ps_status st = PS_ERR_NO_MEMORY;
    const uint32_t NLOG = 4096;
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!t) return PS_ERR_INVALID_ARGUMENT;
    k = t->k;
    if (t->docs == 0 || k < 2) return PS_ERR_NB_NO_DATA;
    items = (sitem *)malloc(((size_t)t->n + 1) * sizeof *items);
    if (!items) goto fail;
    for (i = 0; i < t->n; i++) {
        if (t->e[i].df >= t->opts.min_df) { items[nkeep].id = i; nkeep++; }
    }
    if (nkeep == 0) { st = PS_ERR_NB_NO_DATA; goto fail; }
    if (t->opts.max_features && nkeep > t->opts.max_features) {
        for (i = 0; i < nkeep; i++) {
            const uint8_t *key = t->arena + t->e[items[i].id].key_off;
            uint64_t sum = 0;
            for (c = 0; c < k; c++) sum += t->counts[(size_t)items[i].id * t->kcap + c];
            items[i].k1 = UINT64_MAX - sum;
            items[i].k2 = be_prefix(key + 1, key[0], 0);
        }
        if ((st = sort_items(items, nkeep, t->arena, t->e)) != PS_OK) goto fail;
        nkeep = t->opts.max_features;
    }
    for (i = 0; i < nkeep; i++) {
        const uint8_t *key = t->arena + t->e[items[i].id].key_off;
        items[i].k1 = be_prefix(key + 1, key[0], 0);
        items[i].k2 = be_prefix(key + 1, key[0], 8);
        items[i].len = key[0];
        tok_bytes += key[0];
    }
    if ((st = sort_items(items, nkeep, t->arena, t->e)) != PS_OK) goto fail;
    st = PS_ERR_NO_MEMORY;
    if (ps__nb_model_alloc(k, nkeep, tok_bytes, t->opts.weight_bits, &m) != PS_OK) goto fail;
    m->opts = t->opts;
    m->total_docs = t->docs;
    for (c = 0; c < k; c++) {
        m->labels[c] = (uint8_t *)malloc(t->label_len[c] + 1u);
        if (!m->labels[c]) goto fail;
        memcpy(m->labels[c], t->labels[c], t->label_len[c] + 1u);
        m->label_len[c] = t->label_len[c];
        m->class_docs[c] = t->class_docs[c];
        m->log_prior[c] = ps_log((double)t->class_docs[c]) - ps_log((double)t->docs);
    }
    /* token records in byte order, with the counts and hashes in the same order: the position of every
     * kept token is noted by trainer id, then the trainer's arrays are read in id order (sequentially)
     * and scattered to those positions (random writes do not stall the way random reads do) */
    sc = (uint32_t *)malloc((size_t)nkeep * k * sizeof *sc);
    hs = (uint64_t *)malloc((size_t)nkeep * sizeof *hs);
    rk = (uint32_t *)malloc(((size_t)t->n + 1) * sizeof *rk);
    if (!sc || !hs || !rk) goto fail;
    {
        uint32_t off = 0;
        memset(rk, 0xFF, ((size_t)t->n + 1) * sizeof *rk);
        for (i = 0; i < nkeep; i++) {
            rk[items[i].id] = i;
            m->rec_off[i] = off;
            off += PS__REC_HDR + items[i].len + m->wb;
        }
        for (i = 0; i < t->n; i++) {
            uint32_t r = rk[i];
            const tentry *te = &t->e[i];
            const uint8_t *key = t->arena + te->key_off;
            uint8_t *d;
            if (r == UINT32_MAX) continue;
            hs[r] = ((uint64_t)te->hhi << 32) | te->hash;
            memcpy(sc + (size_t)r * k, t->counts + (size_t)i * t->kcap, k * sizeof *sc);
            d = m->rec + m->rec_off[r];
            d[0] = (uint8_t)r; d[1] = (uint8_t)(r >> 8); d[2] = (uint8_t)(r >> 16); d[3] = (uint8_t)(r >> 24);
            d[4] = key[0];
            memcpy(d + PS__REC_HDR, key + 1, key[0]);
        }
    }
    /* weights: w[c][t] = log(n + alpha) - log(N_c + alpha * V) */
    wd = (double *)malloc((size_t)nkeep * k * sizeof *wd);
    logn = (double *)malloc(NLOG * sizeof *logn);
    denom = (double *)malloc(k * sizeof *denom);
    total = (uint64_t *)calloc(k, sizeof *total);
    if (!wd || !logn || !denom || !total) goto fail;
    for (i = 0; i < NLOG; i++) logn[i] = ps_log((double)i + t->opts.alpha);
    for (i = 0; i < nkeep; i++)
        for (c = 0; c < k; c++) total[c] += sc[(size_t)i * k + c];
    for (c = 0; c < k; c++) denom[c] = ps_log((double)total[c] + t->opts.alpha * (double)nkeep);
    for (i = 0; i < nkeep; i++)
        for (c = 0; c < k; c++) {
            uint32_t n = sc[(size_t)i * k + c];
            wd[(size_t)i * k + c] = (n < NLOG ? logn[n] : ps_log((double)n + t->opts.alpha)) - denom[c];
        }
    quantise(m, wd);
    if ((st = ps__nb_model_index(m, hs)) != PS_OK) goto fail;
    free(items); free(wd); free(logn); free(denom); free(total); free(sc); free(hs); free(rk);
    *out = m;
    return PS_OK;
fail:
    free(items); free(wd); free(logn); free(denom); free(total); free(sc); free(hs); free(rk);
    ps_nb_model_destroy(m);
    return st;
}

/* ---------- model accessors ---------- */

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
    return m && id < m->v && c < m->k ? (double)rec_weight(m, m->rec + m->rec_off[id], c) : 0.0;
}

/* The record of a token with hash h (ps__tok_hash), or NULL if unknown. */
static const uint8_t *model_lookup(const ps_nb_model *m, const uint8_t *tok, uint32_t len, uint64_t h)
{
    uint32_t lo = (uint32_t)h, j;
    j = (uint32_t)(((h >> 32) * m->size) >> 32);
    for (;;) {
        ps__mslot s = m->slots[j];
        if (!s.off1) return NULL;
        if (s.hash == lo) {
            const uint8_t *r = m->rec + (s.off1 - 1);
            if (r[4] == len) {
                const uint8_t *t = r + PS__REC_HDR;
                uint32_t i = 0;
                while (i < len && t[i] == tok[i]) i++;
                if (i == len) return r;
            }
        }
        j = j + 1 == m->size ? 0 : j + 1;
    }
}

ps_status ps_nb_model_find(const ps_nb_model *m, const uint8_t *token, uint32_t len, uint32_t *out_id)
{
    const uint8_t *r;
    if (!m || !out_id || (!token && len > 0)) return PS_ERR_INVALID_ARGUMENT;
    r = len == 0 || len > 255 ? NULL : model_lookup(m, token, len, ps__tok_hash(token, len));
    *out_id = r ? rd32(r) : UINT32_MAX;
    return PS_OK;
}

/* strength of token t for class c: w[c] - max other */
static double strength(const ps_nb_model *m, uint32_t t, uint32_t c, float *w)
{
    double best = -1e300;
    uint32_t j;
    rec_weights(m, m->rec + m->rec_off[t], w);
    for (j = 0; j < m->k; j++) if (j != c && (double)w[j] > best) best = w[j];
    return (double)w[c] - best;
}

/* heap order: a is "weaker" than b */
static int weaker(double sa, uint32_t ia, double sb, uint32_t ib) { return sa < sb || (sa == sb && ia > ib); }

ps_status ps_nb_model_top_tokens(const ps_nb_model *m, uint32_t c, uint32_t n, uint32_t *out_ids, uint32_t *out_count)
{
    double *hs;
    float *wt;
    uint32_t hn = 0, t, i;
    if (!m || !out_ids || !out_count || c >= m->k || n > PS_NB_MAX_TOP_N) return PS_ERR_INVALID_ARGUMENT;
    *out_count = 0;
    if (n == 0) return PS_OK;
    hs = (double *)malloc(n * sizeof *hs);
    wt = (float *)malloc(m->k * sizeof *wt);
    if (!hs || !wt) { free(hs); free(wt); return PS_ERR_NO_MEMORY; }
    for (t = 0; t < m->v; t++) {
        double s = strength(m, t, c, wt);
        uint32_t j;
        if (!(s > 0)) continue;
        if (hn < n) {  /* sift up */
            j = hn++;
            while (j > 0) {
                uint32_t p = (j - 1) / 2;
                if (!weaker(s, t, hs[p], out_ids[p])) break;
                hs[j] = hs[p]; out_ids[j] = out_ids[p]; j = p;
            }
            hs[j] = s; out_ids[j] = t;
        } else if (weaker(hs[0], out_ids[0], s, t)) {  /* replace the weakest, sift down */
            j = 0;
            for (;;) {
                uint32_t l = 2 * j + 1, r = l + 1, w = j;
                double ws = s; uint32_t wi = t;
                if (l < hn && weaker(hs[l], out_ids[l], ws, wi)) { w = l; ws = hs[l]; wi = out_ids[l]; }
                if (r < hn && weaker(hs[r], out_ids[r], ws, wi)) { w = r; }
                if (w == j) break;
                hs[j] = hs[w]; out_ids[j] = out_ids[w]; j = w;
            }
            hs[j] = s; out_ids[j] = t;
        }
    }
    /* sort strongest first (insertion sort; n <= 1000) */
    for (i = 1; i < hn; i++) {
        double s = hs[i]; uint32_t id = out_ids[i], j = i;
        while (j > 0 && weaker(hs[j - 1], out_ids[j - 1], s, id)) { hs[j] = hs[j - 1]; out_ids[j] = out_ids[j - 1]; j--; }
        hs[j] = s; out_ids[j] = id;
    }
    free(hs);
    free(wt);
    *out_count = hn;
    return PS_OK;
}

/* ---------- metadata ---------- */

ps_status ps_nb_model_meta_set(ps_nb_model *m, const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t value_len)
{
    uint32_t i;
    uint8_t *v;
    if (!m || !key || (!value && value_len > 0) || key_len == 0 || key_len > PS_NB_MAX_META_KEY ||
        value_len > PS_NB_MAX_META_VALUE || !ps__utf8_valid(key, key_len) || (value_len && !ps__utf8_valid(value, value_len)))
        return PS_ERR_INVALID_ARGUMENT;
    v = (uint8_t *)malloc(value_len + 1u);
    if (!v) return PS_ERR_NO_MEMORY;
    if (value_len) memcpy(v, value, value_len);
    v[value_len] = 0;
    for (i = 0; i < m->meta_n; i++) {
        if (m->meta[i].key_len == key_len && memcmp(m->meta[i].key, key, key_len) == 0) {
            free(m->meta[i].value);
            m->meta[i].value = v;
            m->meta[i].value_len = value_len;
            return PS_OK;
        }
    }
    if (m->meta_n >= PS__NB_MAX_META) { free(v); return PS_ERR_NB_TOO_LARGE; }
    if (m->meta_n == m->meta_cap) {
        uint32_t nc = m->meta_cap ? m->meta_cap * 2 : 8;
        ps__meta *nm = (ps__meta *)realloc(m->meta, nc * sizeof *nm);
        if (!nm) { free(v); return PS_ERR_NO_MEMORY; }
        m->meta = nm;
        m->meta_cap = nc;
    }
    m->meta[m->meta_n].key = (uint8_t *)malloc(key_len + 1u);
    if (!m->meta[m->meta_n].key) { free(v); return PS_ERR_NO_MEMORY; }
    memcpy(m->meta[m->meta_n].key, key, key_len);
    m->meta[m->meta_n].key[key_len] = 0;
    m->meta[m->meta_n].key_len = key_len;
    m->meta[m->meta_n].value = v;
    m->meta[m->meta_n].value_len = value_len;
    m->meta_n++;
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
    uint32_t i;
    if (!m || !out_index || (!key && key_len > 0)) return PS_ERR_INVALID_ARGUMENT;
    *out_index = UINT32_MAX;
    for (i = 0; i < m->meta_n; i++)
        if (m->meta[i].key_len == key_len && memcmp(m->meta[i].key, key, key_len) == 0) { *out_index = i; break; }
    return PS_OK;
}

/* ---------- prediction ---------- */

#define PS__PRED_BATCH 64u
#define PS__PRED_TOKCAP 256u

struct ps_nb_prediction {
    uint32_t k, top_n;
    uint32_t label, evidence, n_explain;
    double *probs, *scores, *ex_w;
    uint32_t *ex_ids, *ex_cls;
    float *wtmp;         /* k */
    /* tokens waiting to be looked up (in order) */
    uint32_t nb;
    uint64_t bh[PS__PRED_BATCH];
    uint8_t blen[PS__PRED_BATCH];
    uint8_t bbuf[PS__PRED_BATCH * PS__PRED_TOKCAP];
    /* per-call token table: record offset -> index into used/cnt */
    uint32_t *tab;       /* index + 1, 0 = empty */
    uint32_t tmask;
    uint32_t *used, *cnt, *pos;
    uint32_t n_used, ucap;
    const ps_nb_model *m;
};

ps_status ps_nb_prediction_create(const ps_nb_model *m, uint32_t top_n, ps_nb_prediction **out)
{
    ps_nb_prediction *p;
    uint32_t tn = top_n ? top_n : 1;
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!m || top_n > PS_NB_MAX_TOP_N) return PS_ERR_INVALID_ARGUMENT;
    p = (ps_nb_prediction *)calloc(1, sizeof *p);
    if (!p) return PS_ERR_NO_MEMORY;
    p->k = m->k;
    p->top_n = top_n;
    p->ucap = 512;
    p->tmask = 1023;
    p->probs = (double *)calloc(m->k, sizeof *p->probs);
    p->scores = (double *)calloc(m->k, sizeof *p->scores);
    p->wtmp = (float *)calloc(m->k, sizeof *p->wtmp);
    p->ex_w = (double *)calloc(tn, sizeof *p->ex_w);
    p->ex_ids = (uint32_t *)calloc(tn, sizeof *p->ex_ids);
    p->ex_cls = (uint32_t *)calloc(tn, sizeof *p->ex_cls);
    p->tab = (uint32_t *)calloc(p->tmask + 1, sizeof *p->tab);
    p->used = (uint32_t *)malloc(p->ucap * sizeof *p->used);
    p->cnt = (uint32_t *)malloc(p->ucap * sizeof *p->cnt);
    p->pos = (uint32_t *)malloc(p->ucap * sizeof *p->pos);
    if (!p->probs || !p->scores || !p->wtmp || !p->ex_w || !p->ex_ids || !p->ex_cls || !p->tab || !p->used || !p->cnt || !p->pos) {
        ps_nb_prediction_destroy(p);
        return PS_ERR_NO_MEMORY;
    }
    *out = p;
    return PS_OK;
}

void ps_nb_prediction_destroy(ps_nb_prediction *p)
{
    if (!p) return;
    free(p->probs); free(p->scores); free(p->wtmp); free(p->ex_w); free(p->ex_ids); free(p->ex_cls);
    free(p->tab); free(p->used); free(p->cnt); free(p->pos);
    free(p);
}

static uint32_t id_hash(uint32_t x) { x ^= x >> 16; x *= 0x7FEB352Du; x ^= x >> 15; x *= 0x846CA68Bu; x ^= x >> 16; return x; }

static ps_status pred_grow(ps_nb_prediction *p)
{
    uint32_t nu = p->ucap * 2, ns = (p->tmask + 1) * 2, i;
    uint32_t *u, *c, *q, *tab;
    if (nu > (1u << 28)) return PS_ERR_NB_TOO_LARGE;
    u = (uint32_t *)realloc(p->used, nu * sizeof *u);
    if (!u) return PS_ERR_NO_MEMORY;
    p->used = u;
    c = (uint32_t *)realloc(p->cnt, nu * sizeof *c);
    if (!c) return PS_ERR_NO_MEMORY;
    p->cnt = c;
    q = (uint32_t *)realloc(p->pos, nu * sizeof *q);
    if (!q) return PS_ERR_NO_MEMORY;
    p->pos = q;
    tab = (uint32_t *)calloc(ns, sizeof *tab);
    if (!tab) return PS_ERR_NO_MEMORY;
    free(p->tab);
    p->tab = tab;
    p->tmask = ns - 1;
    p->ucap = nu;
    for (i = 0; i < p->n_used; i++) {
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
    uint32_t n = p->n_explain, j;
    if (n == p->top_n) {
        if (!(w > p->ex_w[n - 1] || (w == p->ex_w[n - 1] && id < p->ex_ids[n - 1]))) return;
        n--;
    }
    j = n;
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
    uint32_t c, k = m->k, b1 = 0, b2;
    float *w = p->wtmp;
    double dn = (double)n;
    p->evidence = p->evidence > UINT32_MAX - n ? UINT32_MAX : p->evidence + n;
    if (k == 2 && m->lut) {  /* the common case, same arithmetic as below */
        const uint8_t *q = r + PS__REC_HDR + r[4];
        double d0 = (double)m->lut[q[0]], d1 = (double)m->lut[256 + q[1]], x;
        p->scores[0] += dn * d0;
        p->scores[1] += dn * d1;
        if (!p->top_n) return;
        if (d1 > d0) { b1 = 1; x = dn * (d1 - d0); } else x = dn * (d0 - d1);
        if (p->n_explain == p->top_n && x < p->ex_w[p->n_explain - 1]) return;  /* fast reject */
        explain_insert(p, x, rd32(r), b1);
        return;
    }
    rec_weights(m, r, w);
    for (c = 0; c < k; c++) p->scores[c] += dn * (double)w[c];
    if (p->top_n) {
        for (c = 1; c < k; c++) if (w[c] > w[b1]) b1 = c;
        b2 = b1 == 0 ? 1 : 0;
        for (c = 0; c < k; c++) if (c != b1 && w[c] > w[b2]) b2 = c;
        explain_insert(p, dn * ((double)w[b1] - (double)w[b2]), rd32(r), b1);
    }
}

/* Count the token whose record is at offset off (first occurrences keep their order). */
static ps_status pred_add(ps_nb_prediction *p, uint32_t off)
{
    uint32_t j = id_hash(off) & p->tmask;
    for (;;) {
        uint32_t e = p->tab[j];
        if (!e) break;
        if (p->used[e - 1] == off) { if (p->cnt[e - 1] < UINT32_MAX) p->cnt[e - 1]++; return PS_OK; }
        j = (j + 1) & p->tmask;
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
    if (p->m->opts.binary) account(p, p->m->rec + off, 1);  /* the record is in the cache now */
    return PS_OK;
}

/* a[0..n) == b[0..n), comparing whole 8-byte chunks (masked): both must stay readable 8 bytes past n */
static int eq_padded(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    uint32_t j = 0;
    for (; j + 8 <= n; j += 8)
        if (ps__tok_rd64(a + j) != ps__tok_rd64(b + j)) return 0;
    return j == n || ((ps__tok_rd64(a + j) ^ ps__tok_rd64(b + j)) & (~0ull >> (64 - 8 * (n - j)))) == 0;
}

/* Look up the batched tokens in order. Each phase's loads are independent of one another, so the
 * cache misses of a whole batch (home slot, record) overlap instead of queueing. */
static ps_status pred_flush(ps_nb_prediction *p)
{
    const ps_nb_model *m = p->m;
    uint32_t n = p->nb, i, home[PS__PRED_BATCH], cand[PS__PRED_BATCH];
    ps__mslot first[PS__PRED_BATCH];
    uint8_t rlen[PS__PRED_BATCH];
    p->nb = 0;
    for (i = 0; i < n; i++) {
        uint64_t h = p->bh[i];
        home[i] = (uint32_t)(((h >> 32) * m->size) >> 32);
    }
    for (i = 0; i < n; i++) {
        if (home[i] != UINT32_MAX) first[i] = m->slots[home[i]];
    }
    for (i = 0; i < n; i++) {
        uint32_t lo = (uint32_t)p->bh[i], j = home[i];
        cand[i] = UINT32_MAX;
        if (j == UINT32_MAX) continue;
        if (first[i].hash != lo || !first[i].off1) {
            if (!first[i].off1) continue;
            for (;;) {
                j = j + 1 == m->size ? 0 : j + 1;
                if (!m->slots[j].off1 || m->slots[j].hash == lo) break;
            }
            if (!m->slots[j].off1) continue;
        }
        cand[i] = j;
        rlen[i] = m->rec[m->slots[j].off1 - 1 + 4];
    }
    for (i = 0; i < n; i++) {
        uint32_t j = cand[i], lo = (uint32_t)p->bh[i], len = p->blen[i];
        const uint8_t *tok = p->bbuf + (size_t)i * PS__PRED_TOKCAP;
        ps_status st;
        if (j == UINT32_MAX) continue;
        if (rlen[i] == len) {
            const uint8_t *t = m->rec + m->slots[j].off1 - 1 + PS__REC_HDR;
            if (eq_padded(t, tok, len)) {
                if ((st = pred_add(p, m->slots[j].off1 - 1)) != PS_OK) return st;
                continue;
            }
        }
        /* rare: a hash collision in the low 32 bits; continue the probe */
        for (;;) {
            j = j + 1 == m->size ? 0 : j + 1;
            if (!m->slots[j].off1) break;
            if (m->slots[j].hash == lo) {
                const uint8_t *r = m->rec + m->slots[j].off1 - 1;
                if (r[4] != len) continue;
                if (eq_padded(r + PS__REC_HDR, tok, len)) {
                    if ((st = pred_add(p, m->slots[j].off1 - 1)) != PS_OK) return st;
                    break;
                }
            }
        }
    }
    return PS_OK;
}

static ps_status pred_emit(void *ctx, const uint8_t *tok, uint32_t len, uint64_t h)
{
    ps_nb_prediction *p = (ps_nb_prediction *)ctx;
    if (len > 255) return PS_OK;  /* longer than any vocabulary token */
    p->bh[p->nb] = h;
    p->blen[p->nb] = (uint8_t)len;
    {   /* whole 8-byte chunks: ps__tokenize_h keeps 8 bytes past every token readable */
        uint8_t *d = p->bbuf + (size_t)p->nb * PS__PRED_TOKCAP;
        uint32_t j;
        for (j = 0; j < len; j += 8) memcpy(d + j, tok + j, 8);
    }
    if (++p->nb == PS__PRED_BATCH) return pred_flush(p);
    return PS_OK;
}

ps_status ps_nb_predict(const ps_nb_model *m, const uint8_t *text, uint32_t len, ps_nb_prediction *p)
{
    uint32_t i, c, k;
    double mx, sum;
    ps_status st;
    if (!m || !p || (!text && len > 0) || p->k != m->k) return PS_ERR_INVALID_ARGUMENT;
    k = m->k;
    p->m = m;
    for (i = 0; i < p->n_used; i++) p->tab[p->pos[i]] = 0;
    p->n_used = 0;
    p->n_explain = 0;
    p->evidence = 0;
    for (c = 0; c < k; c++) p->scores[c] = 0.0;
    p->nb = 0;
    st = ps__tokenize_h(&m->opts.tok, text, len, pred_emit, p);
    if (st == PS_OK && p->nb) st = pred_flush(p);
    if (st != PS_OK) {
        for (i = 0; i < p->n_used; i++) p->tab[p->pos[i]] = 0;
        p->n_used = 0;
    }
    if (st != PS_OK) {  /* the priors, evidence 0 */
        for (c = 0; c < k; c++) p->scores[c] = 0.0;
        p->evidence = 0;
        p->n_explain = 0;
    }
    if (!m->opts.binary)  /* with binary counts, pred_add accounted each token at its first occurrence */
        for (i = 0; i < p->n_used; i++) account(p, m->rec + p->used[i], p->cnt[i]);
    /* drop zero-weight entries from the explanation */
    while (p->n_explain > 0 && !(p->ex_w[p->n_explain - 1] > 0)) p->n_explain--;
    for (c = 0; c < k; c++) p->scores[c] += m->log_prior[c];
    mx = p->scores[0];
    p->label = 0;
    for (c = 1; c < k; c++) if (p->scores[c] > mx) { mx = p->scores[c]; p->label = c; }
    sum = 0.0;
    for (c = 0; c < k; c++) { p->probs[c] = ps_exp(p->scores[c] - mx); sum += p->probs[c]; }
    for (c = 0; c < k; c++) p->probs[c] /= sum;
    return st;
}

uint32_t ps_nb_prediction_label(const ps_nb_prediction *p) { return p ? p->label : 0; }
const double *ps_nb_prediction_probs(const ps_nb_prediction *p) { return p ? p->probs : NULL; }
const double *ps_nb_prediction_scores(const ps_nb_prediction *p) { return p ? p->scores : NULL; }
uint32_t ps_nb_prediction_evidence(const ps_nb_prediction *p) { return p ? p->evidence : 0; }
uint32_t ps_nb_prediction_explain_count(const ps_nb_prediction *p) { return p ? p->n_explain : 0; }
const uint32_t *ps_nb_prediction_explain_ids(const ps_nb_prediction *p) { return p ? p->ex_ids : NULL; }
const double *ps_nb_prediction_explain_weights(const ps_nb_prediction *p) { return p ? p->ex_w : NULL; }
const uint32_t *ps_nb_prediction_explain_classes(const ps_nb_prediction *p) { return p ? p->ex_cls : NULL; }
