/* The model builder: tokens with their counts come in, in any order, once
 * each (from a trainer's table or a merge of count streams); those seen in at
 * least min_df documents are kept, the max_features most frequent of them when
 * there is a cap (ties by bytes: a total order, so the kept set is unique);
 * with a cap they gather unordered up to half as many again, and a selection
 * then keeps the strongest max_features (cheaper than a heap, whose every
 * replacement walks its height all over memory); finishing sorts the kept tokens in byte
 * order, lays out their records, computes the weights
 *     w[c][t] = log(n[c][t] + alpha) - log(N[c] + alpha * V)
 * and quantises them exactly as the model file stores them. The result does
 * not depend on the order the tokens came in. */
#include "nb_internal.h"
#include "nb_counts.h"
#include "detmath.h"
#include "heap_sort.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

/* prefix: the token's first 8 bytes, big-endian, zero-padded: most ties of totals are decided by it */
typedef struct kept { uint64_t total, hash, prefix; uint32_t tok_off, df; uint8_t len; } kept;

struct ps__nb_builder {
    ps_nb_options opts;
    uint32_t k;
    uint8_t **labels;
    uint32_t *label_len, *class_docs;
    kept *e;           /* kept tokens, unordered; with a cap, up to limit of them before a selection */
    uint32_t *counts;  /* k per kept token, row i for e[i] */
    uint32_t n, cap, limit;
    uint64_t floor;    /* with a cap, after a selection: the total of the weakest kept token (0 before) */
    uint8_t *arena;    /* token bytes; evicted tokens leave holes until a compaction */
    size_t abytes, acap, alive;
    uint64_t *wkey;    /* writing the kept tokens as a stream: their keys and ids in key order */
    uint32_t *wid, wpos;
    uint32_t sink;     /* what cache-warming reads add up to (lay_out) */
};

static uint64_t be_prefix(const uint8_t *tok, uint32_t len)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < 8; i++) v = v << 8 | (i < len ? tok[i] : 0);
    return v;
}

/* Byte order (memcmp's, then the shorter first) of two tokens whose first `skip` bytes, zero-padded, are
 * equal: their first min(len, skip) bytes are then equal (tokens hold no 0 byte), so only the bytes after
 * those and the lengths decide. <0, 0 or >0. */
static int cmp_after(const ps__nb_builder *b, const kept *x, const kept *y, uint32_t skip)
{
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = n > skip ? memcmp(b->arena + x->tok_off + skip, b->arena + y->tok_off + skip, n - skip) : 0;
    return c ? c : (int)x->len - (int)y->len;
}

static int kept_weaker(const ps__nb_builder *b, const kept *x, const kept *y)
{
    if (x->total != y->total) return x->total < y->total;
    if (x->prefix != y->prefix) return x->prefix > y->prefix; /* of equal totals, the larger bytes are weaker */
    return cmp_after(b, x, y, 8) > 0;
}

PS_COLD ps_status ps__nb_builder_create(const ps_nb_options *o, uint32_t k, uint8_t *const *labels, const uint32_t *label_len,
                                const uint32_t *class_docs, ps__nb_builder **out)
{
    ps__nb_builder *b = calloc(1, sizeof *b);
    if (!b) return PS_ERR_NO_MEMORY;
    b->opts = *o;
    b->k = k;
    b->labels = calloc(k, sizeof *b->labels);
    b->label_len = malloc(k * sizeof *b->label_len);
    b->class_docs = malloc(k * sizeof *b->class_docs);
    b->cap = 1024;
    b->limit = o->max_features ? o->max_features + o->max_features / 2 + 1 : PS_NB_MAX_VOCAB;
    b->acap = 16384;
    b->e = malloc(b->cap * sizeof *b->e);
    b->counts = malloc((size_t)b->cap * k * sizeof *b->counts);
    b->arena = malloc(b->acap);
    int ok = b->labels && b->label_len && b->class_docs && b->e && b->counts && b->arena;
    for (uint32_t c = 0; ok && c < k; c++) {
        b->labels[c] = malloc(label_len[c] + 1u);
        if (!b->labels[c]) { ok = 0; break; }
        memcpy(b->labels[c], labels[c], label_len[c] + 1u);
        b->label_len[c] = label_len[c];
        b->class_docs[c] = class_docs[c];
    }
    if (!ok) { ps__nb_builder_destroy(b); return PS_ERR_NO_MEMORY; }
    *out = b;
    return PS_OK;
}

PS_COLD void ps__nb_builder_destroy(ps__nb_builder *b)
{
    if (!b) return;
    if (b->labels) for (uint32_t c = 0; c < b->k; c++) free(b->labels[c]);
    free(b->labels); free(b->label_len); free(b->class_docs);
    free(b->e); free(b->counts); free(b->arena); free(b->wkey); free(b->wid);
    free(b);
}

/* The arena is full: compacts away evicted tokens first when they are half of it, else doubles. */
PS_COLD static ps_status arena_grow(ps__nb_builder *b, uint32_t len)
{
    if (b->alive * 2 < b->abytes) {
        uint8_t *fresh = malloc(b->acap);
        if (!fresh) return PS_ERR_NO_MEMORY;
        size_t at = 0;
        for (uint32_t i = 0; i < b->n; i++) {
            memcpy(fresh + at, b->arena + b->e[i].tok_off, b->e[i].len);
            b->e[i].tok_off = (uint32_t)at;
            at += b->e[i].len;
        }
        free(b->arena);
        b->arena = fresh;
        b->abytes = at;
        if (at + len <= b->acap) return PS_OK;
    }
    size_t ncap = b->acap * 2;
    if (ncap > UINT32_MAX) ncap = UINT32_MAX;
    if (b->abytes + len > ncap) return PS_ERR_NB_TOO_LARGE;
    uint8_t *na = realloc(b->arena, ncap);
    if (!na) return PS_ERR_NO_MEMORY;
    b->arena = na;
    b->acap = ncap;
    return PS_OK;
}

/* Room for len more arena bytes. */
static ps_status arena_room(ps__nb_builder *b, uint32_t len)
{
    return b->abytes + len <= b->acap ? PS_OK : arena_grow(b, len);
}

/* Room for one more kept token: entries and counts double. */
PS_COLD static ps_status entry_grow(ps__nb_builder *b)
{
    if (b->cap >= PS_NB_MAX_VOCAB) return PS_ERR_NB_TOO_LARGE;
    uint32_t ncap = b->cap * 2 < b->limit ? b->cap * 2 : b->limit;
    kept *ne = realloc(b->e, (size_t)ncap * sizeof *ne);
    if (!ne) return PS_ERR_NO_MEMORY;
    b->e = ne;
    uint32_t *nc = realloc(b->counts, (size_t)ncap * b->k * sizeof *nc);
    if (!nc) return PS_ERR_NO_MEMORY;
    b->counts = nc;
    b->cap = ncap;
    return PS_OK;
}

static ps_status entry_room(ps__nb_builder *b) { return b->n < b->cap ? PS_OK : entry_grow(b); }

/* Stores a token into entry slot i (the arena must have room). */
static void store(ps__nb_builder *b, uint32_t i, const uint8_t *tok, uint32_t len, uint64_t hash, uint32_t df,
                  uint64_t total, const uint32_t *counts)
{
    b->e[i] = (kept){.total = total, .hash = hash, .prefix = be_prefix(tok, len), .tok_off = (uint32_t)b->abytes,
                     .df = df, .len = (uint8_t)len};
    memcpy(b->arena + b->abytes, tok, len);
    b->abytes += len;
    b->alive += len;
    memcpy(b->counts + (size_t)i * b->k, counts, b->k * sizeof *counts);
}

static void swap_entries(ps__nb_builder *b, uint32_t i, uint32_t j)
{
    kept t = b->e[i]; b->e[i] = b->e[j]; b->e[j] = t;
    uint32_t *ci = b->counts + (size_t)i * b->k, *cj = b->counts + (size_t)j * b->k;
    for (uint32_t c = 0; c < b->k; c++) { uint32_t x = ci[c]; ci[c] = cj[c]; cj[c] = x; }
}

/* Whether e[i] is stronger than e[j] (strictly: the tokens are distinct). */
PS_NOINLINE static int stronger(const ps__nb_builder *b, uint32_t i, uint32_t j) { return kept_weaker(b, &b->e[j], &b->e[i]); }

/* A range e[lo, ...) of a builder, for ps__heap_sort: strongest first. */
typedef struct kept_range { ps__nb_builder *b; uint32_t lo; } kept_range;
PS_COLD static int range_stronger(const void *ctx, uint32_t i, uint32_t j)
{
    const kept_range *r = ctx;
    return stronger(r->b, r->lo + i, r->lo + j);
}
PS_COLD static void range_swap(void *ctx, uint32_t i, uint32_t j)
{
    kept_range *r = ctx;
    swap_entries(r->b, r->lo + i, r->lo + j);
}

/* Heapsort of e[lo, hi), strongest first: the selection's fallback, so that no input makes it quadratic. */
PS_COLD static void sort_range(ps__nb_builder *b, uint32_t lo, uint32_t hi)
{
    kept_range r = {b, lo};
    ps__heap_sort(hi - lo, range_stronger, range_swap, &r);
}

/* Reorders e[0, n) so that its cap strongest tokens are e[0, cap) (in no order): a quickselect with the
 * median of three as pivot, heapsorting a range once its depth shows bad pivots. Then n = cap. */
static void select_strongest(ps__nb_builder *b)
{
    uint32_t cap = b->opts.max_features, lo = 0, hi = b->n, depth = 0;
    if (!cap || b->n <= cap) return;
    while (hi - lo > 16) {
        if (++depth > 64) { sort_range(b, lo, hi); lo = hi; break; }
        uint32_t mid = lo + (hi - lo) / 2, last = hi - 1;
        if (stronger(b, mid, lo)) swap_entries(b, mid, lo);
        if (stronger(b, last, lo)) swap_entries(b, last, lo);
        if (stronger(b, last, mid)) swap_entries(b, last, mid); /* lo >= mid >= last: mid is the median */
        swap_entries(b, mid, lo + 1);
        uint32_t i = lo + 1, j = last; /* the pivot at lo + 1; e[lo] is stronger, e[last] weaker */
        for (;;) {
            do i++; while (stronger(b, i, lo + 1));
            do j--; while (stronger(b, lo + 1, j));
            if (i >= j) break;
            swap_entries(b, i, j);
        }
        swap_entries(b, lo + 1, j); /* e[lo, j) are stronger than the pivot, now e[j], and e(j, hi) weaker */
        if (j == cap || j + 1 == cap) { lo = hi = cap; break; }
        if (j < cap) lo = j + 1;
        else hi = j;
    }
    if (lo < hi) sort_range(b, lo, hi);
    uint64_t floor = UINT64_MAX;
    for (uint32_t i = cap; i < b->n; i++) b->alive -= b->e[i].len;
    for (uint32_t i = 0; i < cap; i++) if (b->e[i].total < floor) floor = b->e[i].total;
    b->n = cap;
    b->floor = floor;
}

ps_status ps__nb_builder_add(ps__nb_builder *b, const uint8_t *tok, uint32_t len, uint64_t hash, uint32_t df,
                             const uint32_t *counts)
{
    if (df < b->opts.min_df) return PS_OK;
    uint64_t total = 0;
    for (uint32_t c = 0; c < b->k; c++) total += counts[c];
    if (total < b->floor) return PS_OK; /* weaker than cap kept ones, whatever its bytes */
    if (b->n == b->limit) select_strongest(b);
    ps_status st = entry_room(b);
    if (st == PS_OK) st = arena_room(b, len);
    if (st != PS_OK) return st;
    store(b, b->n, tok, len, hash, df, total, counts);
    b->n++;
    return PS_OK;
}

/* ---------- the kept tokens as a pruned count stream ---------- */

static const uint8_t *kept_token(const void *ctx, uint32_t id, uint32_t *len)
{
    const ps__nb_builder *b = ctx;
    *len = b->e[id].len;
    return b->arena + b->e[id].tok_off;
}

ps_status ps__nb_builder_write(ps__nb_builder *b, ps__counts_kind kind, ps__bytes *q, size_t want, int *ended)
{
    *ended = 0;
    if (!b->wkey) { /* first call: the header, and the kept tokens sorted by key */
        select_strongest(b);
        b->wkey = malloc((size_t)(b->n ? b->n : 1) * sizeof *b->wkey);
        b->wid = malloc((size_t)(b->n ? b->n : 1) * sizeof *b->wid);
        if (!b->wkey || !b->wid) return PS_ERR_NO_MEMORY;
        for (uint32_t i = 0; i < b->n; i++) { b->wkey[i] = b->e[i].hash; b->wid[i] = i; }
        ps_status st = ps__counts_sort(b->wkey, b->wid, b->n, kept_token, b);
        if (st == PS_OK) st = ps__counts_put_header(q, &b->opts, kind, b->k, b->labels, b->label_len, b->class_docs);
        if (st != PS_OK) return st;
    }
    for (; b->wpos < b->n && ps__bytes_size(q) < want; b->wpos++) {
        uint32_t id = b->wid[b->wpos];
        const kept *e = &b->e[id];
        ps_status st = ps__counts_put_record(q, b->arena + e->tok_off, e->len, e->df, b->counts + (size_t)id * b->k, b->k);
        if (st != PS_OK) return st;
    }
    if (b->wpos < b->n) return PS_OK;
    *ended = 1;
    return ps__counts_put_end(q);
}

/* ---------- finishing: byte order, records, weights ---------- */

/* A kept token's first 16 bytes, zero-padded: n-grams often share their first 8 (a first word), and a
 * comparison that reads only the keys stays in the cache. */
typedef struct okey { uint64_t prefix, next; uint32_t id; } okey;

static int okey_less(const ps__nb_builder *b, const okey *x, const okey *y)
{
    if (x->prefix != y->prefix) return x->prefix < y->prefix;
    return x->next != y->next ? x->next < y->next : cmp_after(b, &b->e[x->id], &b->e[y->id], 16) < 0;
}

/* Under this many kept tokens, byte_order's counting sort takes their first bit (2 buckets), not their first
 * two bytes (65,536 buckets, whose passes then cost more than they save: above all in the fuzzers, where every
 * loop is instrumented). The keys are distinct, so the order is the same. */
#define BUCKET_SORT_FROM 4096u

/* order[0..n) = the kept tokens in byte order: a counting sort on the first two bytes (the first bit under
 * BUCKET_SORT_FROM tokens), then a merge sort of each bucket on prefix-and-id keys. */
PS_COLD static ps_status byte_order(const ps__nb_builder *b, uint32_t *order)
{
    uint32_t n = b->n, shift = n < BUCKET_SORT_FROM ? 63 : 48, buckets = 1u << (64 - shift);
    uint32_t *cnt = calloc(buckets + 1, sizeof *cnt);
    okey *keys = malloc((size_t)(n ? n : 1) * sizeof *keys), *tmp = malloc((size_t)(n ? n : 1) * sizeof *tmp);
    if (!cnt || !keys || !tmp) { free(cnt); free(keys); free(tmp); return PS_ERR_NO_MEMORY; }
    for (uint32_t i = 0; i < n; i++) cnt[(b->e[i].prefix >> shift) + 1]++; /* zero-padded bytes */
    for (uint32_t x = 1; x <= buckets; x++) cnt[x] += cnt[x - 1];
    for (uint32_t i = 0; i < n; i++) {
        const kept *e = &b->e[i];
        uint64_t next = e->len > 8 ? be_prefix(b->arena + e->tok_off + 8, e->len - 8u) : 0;
        tmp[cnt[e->prefix >> shift]++] = (okey){.prefix = e->prefix, .next = next, .id = i};
    }
    for (uint32_t x = 0, lo = 0; x < buckets; lo = cnt[x++]) {
        uint32_t hi = cnt[x], m = hi - lo;
        okey *src = tmp + lo, *dst = keys + lo;
        for (uint32_t w = 1; w < m; w *= 2) { /* bottom-up merge sort, src <-> dst */
            for (uint32_t s = 0; s < m; s += 2 * w) {
                uint32_t mid = s + w < m ? s + w : m, end = s + 2 * w < m ? s + 2 * w : m, i = s, j = mid, o = s;
                while (i < mid && j < end) dst[o++] = okey_less(b, &src[j], &src[i]) ? src[j++] : src[i++];
                while (i < mid) dst[o++] = src[i++];
                while (j < end) dst[o++] = src[j++];
            }
            okey *t = src; src = dst; dst = t;
        }
        for (uint32_t i = 0; i < m; i++) order[lo + i] = src[i].id;
    }
    free(cnt);
    free(keys);
    free(tmp);
    return PS_OK;
}

/* The model's records in byte order; its counts (k per token) and hashes into sc and hs in the same order.
 * The kept tokens are read all over memory: each batch's entries, then their bytes and counts are loaded
 * first (each phase's loads independent) so that their cache misses overlap; *warm gets what they add up to. */
PS_COLD static void lay_out(const ps__nb_builder *b, const uint32_t *order, ps_nb_model *m, uint32_t *sc, uint64_t *hs,
                            uint32_t *warm)
{
    enum { BATCH = 32 };
    uint32_t off = 0, k = b->k, tok[BATCH];
    for (uint32_t r0 = 0; r0 < b->n; r0 += BATCH) {
        uint32_t n = b->n - r0 < BATCH ? b->n - r0 : BATCH;
        for (uint32_t j = 0; j < n; j++) tok[j] = b->e[order[r0 + j]].tok_off;
        for (uint32_t j = 0; j < n; j++) *warm += b->arena[tok[j]] + b->counts[(size_t)order[r0 + j] * k];
        for (uint32_t r = r0; r < r0 + n; r++) {
            const kept *e = &b->e[order[r]];
            uint8_t *d = m->rec + off;
            m->rec_off[r] = off;
            ps__wr32(d, r);
            d[4] = e->len;
            memcpy(d + PS__REC_HDR, b->arena + e->tok_off, e->len);
            memcpy(sc + (size_t)r * k, b->counts + (size_t)order[r] * k, k * sizeof *sc);
            hs[r] = e->hash;
            off += PS__REC_HDR + e->len + m->wb;
        }
    }
}

/* wd[t * k + c] = log(n + alpha) - log(N_c + alpha * V), from the counts sc; with complement, the negated
 * log-likelihood of the other classes' counts together: -(log(n_not_c + alpha) - log(N_not_c + alpha * V)). */
PS_COLD static ps_status compute_weights(const uint32_t *sc, uint32_t v, uint32_t k, double alpha, int complement, double *wd)
{
    enum { NLOG = 4096 };
    double *logn = malloc(NLOG * sizeof *logn), *denom = malloc(k * sizeof *denom);
    uint64_t *total = calloc(k, sizeof *total);
    if (!logn || !denom || !total) { free(logn); free(denom); free(total); return PS_ERR_NO_MEMORY; }
    for (uint32_t i = 0; i < NLOG; i++) logn[i] = ps__log((double)i + alpha);
    for (uint32_t i = 0; i < v; i++)
        for (uint32_t c = 0; c < k; c++) total[c] += sc[(size_t)i * k + c];
    uint64_t all = 0;
    for (uint32_t c = 0; c < k; c++) all += total[c];
    for (uint32_t c = 0; c < k; c++)
        denom[c] = ps__log((double)(complement ? all - total[c] : total[c]) + alpha * (double)v);
    for (uint32_t i = 0; i < v; i++) {
        uint64_t row = 0;
        if (complement) for (uint32_t c = 0; c < k; c++) row += sc[(size_t)i * k + c];
        for (uint32_t c = 0; c < k; c++) {
            uint64_t n = complement ? row - sc[(size_t)i * k + c] : sc[(size_t)i * k + c];
            double w = (n < NLOG ? logn[n] : ps__log((double)n + alpha)) - denom[c];
            wd[(size_t)i * k + c] = complement ? -w : w;
        }
    }
    free(logn); free(denom); free(total);
    return PS_OK;
}

/* The model's classes: labels, document counts and log priors. */
PS_COLD static ps_status set_classes(const ps__nb_builder *b, ps_nb_model *m)
{
    uint64_t docs = 0;
    for (uint32_t c = 0; c < b->k; c++) docs += b->class_docs[c];
    m->total_docs = (uint32_t)docs;
    for (uint32_t c = 0; c < b->k; c++) {
        ps_status st = ps__nb_model_set_label(m, c, b->labels[c], b->label_len[c]);
        if (st != PS_OK) return st;
        m->class_docs[c] = b->class_docs[c];
        m->log_prior[c] = ps__log((double)b->class_docs[c]) - ps__log((double)docs);
        m->base[c] = m->opts.kind == PS_NB_KIND_COMPLEMENT ? 0.0 : m->log_prior[c];
    }
    return PS_OK;
}

PS_COLD static ps_status fill_model(ps__nb_builder *b, ps_nb_model *m)
{
    size_t cells = (size_t)m->v * m->k;
    uint32_t *order = malloc((size_t)m->v * sizeof *order), *sc = malloc(cells * sizeof *sc);
    uint64_t *hs = malloc((size_t)m->v * sizeof *hs);
    double *wd = malloc(cells * sizeof *wd);
    ps_status st = !order || !sc || !hs || !wd ? PS_ERR_NO_MEMORY : byte_order(b, order);
    if (st == PS_OK) {
        lay_out(b, order, m, sc, hs, &b->sink);
        st = compute_weights(sc, m->v, m->k, b->opts.alpha, m->opts.kind == PS_NB_KIND_COMPLEMENT, wd);
    }
    if (st == PS_OK) {
        ps__nb_model_quantise(m, wd);
        st = ps__nb_model_index(m, hs);
    }
    free(order); free(sc); free(hs); free(wd);
    return st;
}

PS_COLD ps_status ps__nb_builder_finish(ps__nb_builder *b, ps_nb_model **out)
{
    select_strongest(b);
    for (uint32_t c = 0; c < b->k; c++) /* a class of no document (some of a trainer's streams): no model holds it */
        if (!b->class_docs[c]) return PS_ERR_NB_NO_DATA;
    if (b->k < 2 || b->n == 0) return PS_ERR_NB_NO_DATA;
    uint64_t tok_bytes = 0;
    for (uint32_t i = 0; i < b->n; i++) tok_bytes += b->e[i].len;
    if (tok_bytes > UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
    ps_nb_model *m;
    ps_status st = ps__nb_model_alloc(b->k, b->n, (uint32_t)tok_bytes, b->opts.weight_bits, &m);
    if (st != PS_OK) return st;
    m->opts = b->opts;
    if (m->opts.kind == PS_NB_KIND_NBLR) m->opts.kind = PS_NB_KIND_NB; /* its counts' NB model: the ratios */
    st = set_classes(b, m);
    if (st == PS_OK) st = fill_model(b, m);
    if (st != PS_OK) { ps_nb_model_destroy(m); return st; }
    *out = m;
    return PS_OK;
}
