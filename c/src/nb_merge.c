/* The merger: n count streams in, fed by the caller a chunk at a time, one
 * count stream or one model out. Records are merged in key order (a heap of
 * the inputs by their current record), counts of equal tokens added, and the
 * classes are the union of the inputs' in label order, so that any grouping
 * and any order of the inputs give the same bytes. */
#include "nb_internal.h"
#include "nb_counts.h"
#include "crc32.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

typedef struct input {
    uint8_t *buf;
    size_t at, len, cap;
    int ended;            /* the caller said no more bytes come */
    int state;            /* see the enum below */
    uint32_t crc;         /* of buf[0..crc_at): the bytes consumed are added in bulk, not record by record */
    size_t crc_at;
    uint64_t records;
    ps__counts_header h;  /* labels copied into label_copy */
    uint8_t *label_copy;
    uint32_t map[PS_NB_MAX_CLASSES]; /* input class -> merged class */
    ps__counts_record r;
    uint64_t prev_hash;   /* the previous record's key: records must be strictly ascending */
    uint32_t prev_len;
    uint8_t prev[255];
    ps__trainer_reader from;      /* from.t: the trainer whose memory this input reads (ps_nb_merger_take_trainer), else NULL */
} input;

/* HEADER: read the header next; NEXT: parse the next record or the end; RECORD: r is the current record
 * (in the heap); TRAILER: read the trailer; DONE: complete and checked. */
enum { HEADER, NEXT, RECORD, TRAILER, DONE };

struct ps_nb_merger {
    uint32_t n, k;
    input *in;
    int ready;                 /* every header read, the classes merged */
    ps_nb_options opts;
    ps__counts_kind kind;      /* of the output: the inputs' part, or a complete set's whole; pruned or not */
    int set;                   /* the inputs are the parts of one set of documents (not shards) */
    uint8_t *labels[PS_NB_MAX_CLASSES];
    uint32_t label_len[PS_NB_MAX_CLASSES], docs[PS_NB_MAX_CLASSES];
    uint32_t *heap, heap_n;    /* inputs holding a record, by key */
    uint32_t *stale, stale_n;  /* inputs whose record was merged: advance them next */
    uint32_t failed;           /* the input an error is about */
    uint32_t asked;            /* the input the last call asked for (NEED_INPUT), n for none */
    ps__bytes out;             /* write mode: the merged stream */
    int out_started, out_ended;
    ps__nb_builder *builder;   /* finish and prune modes */
    int merged;                /* prune mode: every input merged into the builder */
    uint32_t tokens;           /* distinct tokens merged so far */
};

PS_COLD ps_status ps_nb_merger_create(uint32_t n, ps_nb_merger **out)
{
    if (!out || n == 0 || n > PS_NB_MERGE_MAX_INPUTS) return PS_ERR_INVALID_ARGUMENT;
    ps_nb_merger *m = calloc(1, sizeof *m);
    if (!m) return PS_ERR_NO_MEMORY;
    m->n = m->asked = n;
    m->in = calloc(n, sizeof *m->in);
    m->heap = malloc(n * sizeof *m->heap);
    m->stale = malloc(n * sizeof *m->stale);
    if (!m->in || !m->heap || !m->stale) { ps_nb_merger_destroy(m); return PS_ERR_NO_MEMORY; }
    for (uint32_t i = 0; i < n; i++) m->stale[i] = i;
    m->stale_n = n;
    *out = m;
    return PS_OK;
}

PS_COLD void ps_nb_merger_destroy(ps_nb_merger *m)
{
    if (!m) return;
    if (m->in)
        for (uint32_t i = 0; i < m->n; i++) { free(m->in[i].buf); free(m->in[i].label_copy); ps__trainer_reader_close(&m->in[i].from); }
    for (uint32_t c = 0; c < m->k; c++) free(m->labels[c]);
    free(m->in); free(m->heap); free(m->stale);
    ps__bytes_free(&m->out);
    ps__nb_builder_destroy(m->builder);
    free(m);
}

uint32_t ps_nb_merger_failed_input(const ps_nb_merger *m) { return m ? m->failed : 0; }
uint32_t ps_nb_merger_tokens(const ps_nb_merger *m) { return m ? m->tokens : 0; }

uint32_t ps_nb_merger_documents(const ps_nb_merger *m)
{
    uint32_t docs = 0;
    if (m && m->ready)
        for (uint32_t c = 0; c < m->k; c++) docs += m->docs[c];
    return docs;
}

const uint8_t *ps_nb_merger_label(const ps_nb_merger *m, uint32_t i, uint32_t *out_len)
{
    if (!m || !m->ready || i >= m->k) return NULL;
    if (out_len) *out_len = m->label_len[i];
    return m->labels[i];
}

/* Input x's unread bytes (an empty string before its first feed). */
static const uint8_t *unread(const input *x) { return x->buf ? x->buf + x->at : (const uint8_t *)""; }

static void consume(input *x, size_t used) { x->at += used; }

/* Brings input x's checksum up to the bytes consumed. */
static void checksum(input *x)
{
    x->crc = ps__crc32(x->crc, x->buf + x->crc_at, (uint32_t)(x->at - x->crc_at));
    x->crc_at = x->at;
}

PS_COLD ps_status ps_nb_merger_feed(ps_nb_merger *m, uint32_t i, const uint8_t *bytes, uint32_t len)
{
    if (!m || i >= m->n || (!bytes && len > 0) || m->in[i].ended || i != m->asked) return PS_ERR_INVALID_ARGUMENT;
    input *x = &m->in[i];
    if (len == 0) { x->ended = 1; return PS_OK; }
    if (x->state == RECORD) return PS_ERR_INVALID_ARGUMENT; /* its current record points into the buffer */
    if (x->at) {
        checksum(x);
        memmove(x->buf, x->buf + x->at, x->len - x->at);
        x->len -= x->at;
        x->at = x->crc_at = 0;
    }
    ps_status st = ps__bytes_reserve(&x->buf, &x->cap, x->len + len);
    if (st != PS_OK) return st;
    memcpy(x->buf + x->len, bytes, len);
    x->len += len;
    return PS_OK;
}

/* Reads input i's header and keeps a copy of its labels (the buffer moves). */
PS_COLD static ps_status read_header(input *x)
{
    size_t used;
    ps_status st = ps__counts_parse_header(unread(x), x->len - x->at, x->ended, &x->h, &used);
    if (st != PS_OK) return st;
    size_t bytes = 0;
    for (uint32_t c = 0; c < x->h.k; c++) bytes += x->h.label_len[c];
    x->label_copy = malloc(bytes ? bytes : 1);
    if (!x->label_copy) return PS_ERR_NO_MEMORY;
    for (uint32_t c = 0, at = 0; c < x->h.k; c++) {
        memcpy(x->label_copy + at, x->h.labels[c], x->h.label_len[c]);
        x->h.labels[c] = x->label_copy + at;
        at += x->h.label_len[c];
    }
    consume(x, used);
    x->state = NEXT;
    return PS_OK;
}

PS_COLD ps_status ps_nb_merger_take_trainer(ps_nb_merger *m, uint32_t i, const ps_nb_trainer *t)
{
    if (!m || !t || i >= m->n || t->spill || m->in[i].ended || m->in[i].buf) return PS_ERR_INVALID_ARGUMENT;
    if (t->k == 0) return PS_ERR_NB_NO_DATA;
    input *x = &m->in[i];
    ps_status st = ps__trainer_reader_open(&x->from, t);
    if (st != PS_OK) { ps__trainer_reader_close(&x->from); x->from.t = NULL; return st; }
    const uint32_t *order = x->from.order;
    x->h.opts = t->opts;
    x->h.opts.kind = PS_NB_KIND_DEFAULT; /* as its count stream would carry them: the kind only weighs counts */
    x->h.kind = (ps__counts_kind){.part = t->part, .parts = t->parts, .pruned = 0};
    x->h.k = t->k;
    for (uint32_t c = 0; c < t->k; c++) {
        x->h.labels[c] = t->labels[order[c]];
        x->h.label_len[c] = t->label_len[order[c]];
        x->h.docs[c] = t->class_docs[order[c]];
    }
    x->ended = 1;
    x->state = NEXT;
    return PS_OK;
}

/* Adds input x's classes to the merged ones (both in label order) and maps them. */
PS_COLD static ps_status merge_classes(ps_nb_merger *m, input *x)
{
    for (uint32_t c = 0; c < x->h.k; c++) {
        const uint8_t *l = x->h.labels[c];
        uint32_t ll = x->h.label_len[c], j = 0;
        while (j < m->k && ps__nb_label_less(m->labels[j], m->label_len[j], l, ll)) j++;
        if (j == m->k || ps__nb_label_less(l, ll, m->labels[j], m->label_len[j])) { /* new: insert at j */
            if (m->k == PS_NB_MAX_CLASSES) return PS_ERR_NB_TOO_LARGE;
            uint8_t *copy = malloc(ll + 1u);
            if (!copy) return PS_ERR_NO_MEMORY;
            memcpy(copy, l, ll);
            copy[ll] = 0;
            memmove(m->labels + j + 1, m->labels + j, (m->k - j) * sizeof *m->labels);
            memmove(m->label_len + j + 1, m->label_len + j, (m->k - j) * sizeof *m->label_len);
            memmove(m->docs + j + 1, m->docs + j, (m->k - j) * sizeof *m->docs);
            m->labels[j] = copy;
            m->label_len[j] = ll;
            m->docs[j] = 0;
            m->k++;
        }
        if (m->set && x != &m->in[0]) continue; /* the parts of one set of documents */
        if ((uint64_t)m->docs[j] + x->h.docs[c] >= UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
        m->docs[j] += x->h.docs[c];
    }
    return PS_OK;
}

/* Whether input x has the same classes and documents as input 0 (parts of one set of documents). */
PS_COLD static int same_documents(const input *x, const input *first)
{
    if (x->h.k != first->h.k) return 0;
    for (uint32_t c = 0; c < x->h.k; c++)
        if (x->h.docs[c] != first->h.docs[c] || x->h.label_len[c] != first->h.label_len[c] ||
            memcmp(x->h.labels[c], first->h.labels[c], x->h.label_len[c]) != 0)
            return 0;
    return 1;
}

/* What the inputs are: shards of the same part (documents add up; a pruned stream only alone), or each part
 * of one set of documents exactly once (same classes and documents, all pruned or none). Else NB_MISMATCH. */
PS_COLD static ps_status check_kinds(ps_nb_merger *m)
{
    const input *first = &m->in[0];
    uint32_t seen[PS_NB_MAX_PARTS] = {0}, parts = first->h.kind.parts;
    m->set = 0;
    for (uint32_t i = 1; i < m->n; i++) m->set |= m->in[i].h.kind.part != first->h.kind.part;
    m->kind = m->set ? (ps__counts_kind){.part = 0, .parts = 1, .pruned = first->h.kind.pruned} : first->h.kind;
    if (m->set && m->n != parts) return PS_ERR_NB_MISMATCH;
    for (uint32_t i = 0; i < m->n; i++) {
        const input *x = &m->in[i];
        m->failed = i;
        if (x->h.kind.parts != parts || x->h.kind.pruned != first->h.kind.pruned || (!m->set && x->h.kind.pruned && m->n > 1))
            return PS_ERR_NB_MISMATCH;
        if (m->set && (seen[x->h.kind.part]++ || !same_documents(x, first))) return PS_ERR_NB_MISMATCH;
    }
    return PS_OK;
}

/* Every header read (else NEED_INPUT), the options and kinds compared and the classes merged and mapped. */
PS_COLD static ps_status read_headers(ps_nb_merger *m, uint32_t *need)
{
    m->asked = m->n;
    for (uint32_t i = 0; i < m->n; i++) {
        input *x = &m->in[i];
        m->failed = i;
        ps_status st = x->state == HEADER ? read_header(x) : PS_OK;
        if (st == PS_ERR_NEED_INPUT) *need = m->asked = i;
        if (st != PS_OK) return st;
        if (i > 0 && !ps__nb_options_equal(&m->in[0].h.opts, &x->h.opts)) return PS_ERR_NB_MISMATCH;
    }
    m->opts = m->in[0].h.opts;
    ps_status st = check_kinds(m);
    for (uint32_t i = 0; st == PS_OK && i < m->n; i++) {
        m->failed = i;
        st = merge_classes(m, &m->in[i]);
    }
    if (st != PS_OK) return st;
    for (uint32_t i = 0; i < m->n; i++) {
        input *x = &m->in[i];
        for (uint32_t c = 0, j = 0; c < x->h.k; c++) {
            while (ps__nb_label_less(m->labels[j], m->label_len[j], x->h.labels[c], x->h.label_len[c])) j++;
            x->map[c] = j;
        }
    }
    uint64_t docs = 0;
    for (uint32_t c = 0; c < m->k; c++) docs += m->docs[c];
    m->ready = 1;
    return docs >= UINT32_MAX ? PS_ERR_NB_TOO_LARGE : PS_OK;
}

static int before(const ps_nb_merger *m, uint32_t a, uint32_t b)
{
    const ps__counts_record *x = &m->in[a].r, *y = &m->in[b].r;
    return ps__counts_key_cmp(x->hash, x->tok, x->len, y->hash, y->tok, y->len) < 0;
}

static void heap_push(ps_nb_merger *m, uint32_t i)
{
    uint32_t j = m->heap_n++;
    for (; j > 0 && before(m, i, m->heap[(j - 1) / 2]); j = (j - 1) / 2) m->heap[j] = m->heap[(j - 1) / 2];
    m->heap[j] = i;
}

static uint32_t heap_pop(ps_nb_merger *m)
{
    uint32_t top = m->heap[0], last = m->heap[--m->heap_n], j = 0;
    for (;;) {
        uint32_t l = 2 * j + 1, r = l + 1, w = l;
        if (l >= m->heap_n) break;
        if (r < m->heap_n && before(m, m->heap[r], m->heap[l])) w = r;
        if (!before(m, m->heap[w], last)) break;
        m->heap[j] = m->heap[w];
        j = w;
    }
    if (m->heap_n) m->heap[j] = last;
    return top;
}

/* Input x's next record, checked to come after the previous one, or its end marker. */
static ps_status next_record(input *x)
{
    size_t used;
    ps_status st = ps__counts_parse_record(unread(x), x->len - x->at, x->ended, &x->h, &x->r, &used);
    if (st != PS_OK) return st;
    if (x->r.len && x->h.kind.parts > 1 && ps__tok_part_of(x->r.hash, x->h.kind.parts) != x->h.kind.part)
        return PS_ERR_COUNTS_CORRUPT; /* a token of another part */
    if (x->r.len && x->records && ps__counts_key_cmp(x->prev_hash, x->prev, x->prev_len, x->r.hash, x->r.tok, x->r.len) >= 0)
        return PS_ERR_COUNTS_CORRUPT;
    consume(x, used);
    if (x->r.len == 0) return PS_OK;
    x->records++;
    x->prev_hash = x->r.hash;
    x->prev_len = x->r.len;
    memcpy(x->prev, x->r.tok, x->r.len);
    return PS_OK;
}

/* Moves input i on: its next record into the heap, or through its trailer to its checked end. */
static ps_status advance(ps_nb_merger *m, uint32_t i)
{
    input *x = &m->in[i];
    if (x->state == NEXT) {
        ps_status st = PS_OK;
        if (x->from.t) ps__trainer_reader_next(&x->from, &x->r);
        else st = next_record(x);
        if (st != PS_OK) return st;
        if (x->r.len) { x->state = RECORD; heap_push(m, i); return PS_OK; }
        x->state = x->from.t ? DONE : TRAILER;
    }
    if (x->state == TRAILER) {
        size_t used;
        checksum(x);
        ps_status st = ps__counts_parse_trailer(unread(x), x->len - x->at, x->ended, x->records, x->crc, &used);
        if (st != PS_OK) return st;
        x->at += used;
        x->state = DONE;
    }
    if (x->at < x->len) return PS_ERR_COUNTS_CORRUPT; /* bytes after the trailer */
    return x->ended ? PS_OK : PS_ERR_NEED_INPUT;
}

/* The merged record handed to emit: every input's record of the smallest key, counts added. */
typedef ps_status (*emit_fn)(ps_nb_merger *m, const ps__counts_record *r, uint32_t df, const uint32_t *counts);

/* One merged record, or NEED_INPUT (*need set) or PS_ERR_... ; *finished when every input is done. */
static ps_status merge_step(ps_nb_merger *m, emit_fn emit, uint32_t *need, int *finished)
{
    m->asked = m->n;
    while (m->stale_n) {
        uint32_t i = m->stale[m->stale_n - 1];
        m->failed = i;
        ps_status st = advance(m, i);
        if (st == PS_ERR_NEED_INPUT) *need = m->asked = i;
        if (st != PS_OK) return st;
        m->stale_n--;
    }
    *finished = m->heap_n == 0;
    if (*finished) return PS_OK;
    uint64_t counts[PS_NB_MAX_CLASSES], df = 0;
    memset(counts, 0, m->k * sizeof *counts);
    uint32_t first = heap_pop(m);
    const ps__counts_record *r = &m->in[first].r;
    for (uint32_t i = first;;) {
        input *x = &m->in[i];
        df += x->r.df;
        for (uint32_t c = 0; c < x->h.k; c++) counts[x->map[c]] += x->r.counts[c];
        x->state = NEXT;
        m->stale[m->stale_n++] = i;
        if (!m->heap_n) break;
        const ps__counts_record *y = &m->in[m->heap[0]].r;
        if (ps__counts_key_cmp(r->hash, r->tok, r->len, y->hash, y->tok, y->len) != 0) break;
        i = heap_pop(m);
    }
    uint32_t sum[PS_NB_MAX_CLASSES];
    for (uint32_t c = 0; c < m->k; c++) {
        if (counts[c] > UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
        sum[c] = (uint32_t)counts[c];
    }
    m->tokens++;
    return df > UINT32_MAX ? PS_ERR_NB_TOO_LARGE : emit(m, r, (uint32_t)df, sum);
}

PS_COLD ps_status ps_nb_merger_begin(ps_nb_merger *m, uint32_t *need)
{
    if (!m || !need) return PS_ERR_INVALID_ARGUMENT;
    return m->ready ? PS_OK : read_headers(m, need);
}

const ps_nb_options *ps_nb_merger_options(const ps_nb_merger *m) { return m && m->ready ? &m->opts : NULL; }

const ps_nb_options *ps_nb_merger_input_options(const ps_nb_merger *m, uint32_t i)
{
    return m && i < m->n && m->in[i].state != HEADER ? &m->in[i].h.opts : NULL;
}

/* ---------- a count stream out ---------- */

static ps_status emit_record(ps_nb_merger *m, const ps__counts_record *r, uint32_t df, const uint32_t *counts)
{
    return ps__counts_put_record(&m->out, r->tok, r->len, df, counts, m->k);
}

PS_COLD ps_status ps_nb_merger_write(ps_nb_merger *m, uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *need,
                             uint32_t *done)
{
    if (!m || !out || !out_len || !need || !done || m->builder) return PS_ERR_INVALID_ARGUMENT;
    ps_status st = ps_nb_merger_begin(m, need);
    if (st == PS_OK && !m->out_started) {
        st = ps__counts_put_header(&m->out, &m->opts, m->kind, m->k, m->labels, m->label_len, m->docs);
        m->out_started = st == PS_OK;
    }
    while (st == PS_OK && !m->out_ended && ps__bytes_size(&m->out) < cap) {
        int finished;
        st = merge_step(m, emit_record, need, &finished);
        if (st == PS_OK && finished) {
            st = ps__counts_put_end(&m->out);
            m->out_ended = 1;
        }
    }
    if (st != PS_OK && st != PS_ERR_NEED_INPUT) return st;
    *out_len = ps__bytes_drain(&m->out, out, cap);
    *done = m->out_ended && ps__bytes_size(&m->out) == 0;
    return *out_len || *done ? PS_OK : st;
}

/* ---------- a model out ---------- */

static ps_status emit_token(ps_nb_merger *m, const ps__counts_record *r, uint32_t df, const uint32_t *counts)
{
    return ps__nb_builder_add(m->builder, r->tok, r->len, r->hash, df, counts);
}

/* The inputs' options with override's pruning and weighting (its counting options must be the same). */
PS_COLD static ps_status finish_options(const ps_nb_merger *m, const ps_nb_options *override, ps_nb_options *o)
{
    *o = m->opts;
    if (!override) return PS_OK;
    if (memcmp(&override->tok, &o->tok, sizeof o->tok) != 0 || override->binary != o->binary) return PS_ERR_NB_MISMATCH;
    o->alpha = override->alpha;
    o->min_df = override->min_df;
    o->max_features = override->max_features;
    o->weight_bits = override->weight_bits;
    o->kind = override->kind;
    return PS_OK;
}

/* Feeds the merged counts to the builder (made on the first call) until every input is merged. */
static ps_status merge_into_builder(ps_nb_merger *m, const ps_nb_options *override, int whole, uint32_t *need)
{
    ps_status st = ps_nb_merger_begin(m, need);
    if (st == PS_OK && whole && m->kind.parts != 1) { m->failed = 0; return PS_ERR_NB_MISMATCH; } /* parts missing */
    if (st == PS_OK && !m->builder) {
        ps_nb_options o;
        st = finish_options(m, override, &o);
        if (st == PS_OK) st = ps__nb_builder_create(&o, m->k, m->labels, m->label_len, m->docs, &m->builder);
    }
    for (int finished = 0; st == PS_OK;) {
        st = merge_step(m, emit_token, need, &finished);
        if (st == PS_OK && finished) return PS_OK;
    }
    return st;
}

PS_COLD ps_status ps_nb_merger_finish(ps_nb_merger *m, const ps_nb_options *override, ps_nb_model **out, uint32_t *need)
{
    if (!m || !out || !need || m->out_started || (override && !ps__nb_options_valid(override))) return PS_ERR_INVALID_ARGUMENT;
    ps_status st = merge_into_builder(m, override, 1, need);
    return st == PS_OK ? ps__nb_builder_finish(m->builder, out) : st;
}

PS_COLD ps_status ps_nb_merger_write_pruned(ps_nb_merger *m, uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *need,
                                    uint32_t *done)
{
    if (!m || !out || !out_len || !need || !done || m->out_started) return PS_ERR_INVALID_ARGUMENT;
    ps_status st = m->merged ? PS_OK : merge_into_builder(m, NULL, 0, need);
    if (st != PS_OK) return st;
    m->merged = 1;
    int ended = m->out_ended;
    if (!ended) {
        ps__counts_kind kind = m->kind;
        kind.pruned = 1;
        st = ps__nb_builder_write(m->builder, kind, &m->out, cap, &ended);
        if (st != PS_OK) return st;
        m->out_ended = ended;
    }
    *out_len = ps__bytes_drain(&m->out, out, cap);
    *done = m->out_ended && ps__bytes_size(&m->out) == 0;
    return PS_OK;
}
