/* A trainer's memory limit, and writing its counts out as a count stream
 * (nb_counts.h): records sorted by key, then the trainer is emptied so that
 * training goes on. A merge of the streams (nb_merge.c) gives the same model
 * as the trainer would have. */
#include "nb_internal.h"
#include "nb_counts.h"
#include "heap_sort.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

#define SPILL_BYTES 8u /* per token at spill time: its place in key order */

PS_COLD static uint64_t pow2_at_least(uint64_t x, uint64_t from)
{
    while (from < x) from *= 2;
    return from;
}

/* The memory the trainer would reach, at its peak, if it held n distinct tokens of `bytes` key bytes
 * (their length bytes included) in classes of capacity kcap and then wrote them out, from its arrays now
 * or, when `first`, empty with its arrays at their first sizes: every array grown by doubling from its size
 * (a realloc holds the old and the new array at once, one array at a time: the larger of the last steps of
 * those that grow), then the spill's order of the tokens. More classes than t->kcap lays the records out
 * again (grow_classes) into an array of just their size, while the old one is held; the records then grow
 * from that size. */
PS_COLD static uint64_t peak_at(const ps_nb_trainer *t, int first, uint64_t n, uint64_t bytes, uint32_t kcap)
{
    uint64_t rcap = first ? PS__REC_WORDS_FIRST : t->rcap, used = first ? 0 : t->used, held = first ? 0 : t->n;
    uint64_t nslots = first ? PS__SLOT_MASK_FIRST + 1u : (uint64_t)t->mask + 1;
    uint64_t words = n * (PS__REC_HEAD + kcap) + (bytes + 3 * n + 3) / 4 + PS__REC_SLACK, from = rcap, relayout = 0;
    uint64_t slots = nslots * sizeof(ps__slot);
    if (kcap > t->kcap) {
        from = used + held * (kcap - t->kcap) + PS__REC_SLACK;
        relayout = (rcap + from) * 4u + slots;
    }
    uint64_t r = pow2_at_least(words, from) * 4u, s = pow2_at_least(2 * n + 1, nslots) * sizeof(ps__slot);
    uint64_t tr = r > from * 4u ? r / 2 : 0, ts = s > slots ? s / 2 : 0; /* only while growing */
    uint64_t grown = r + s + (tr > ts ? tr : ts);
    return sizeof *t + (grown > relayout ? grown : relayout) + n * SPILL_BYTES;
}

/* Upper bounds of the distinct tokens and token bytes a document of len bytes can add: a word and a
 * separator take 2 input bytes at least; an n-gram of n words takes at most n of them, spaces and "!"s
 * included, each word being in at most n of the n-grams of size n. */
PS_COLD static void document_bounds(const ps_nb_trainer *t, uint32_t len, uint64_t *tokens, uint64_t *bytes)
{
    uint64_t words = ((uint64_t)len + 1) / 2, span = 0, weight = 0;
    for (uint32_t n = t->opts.tok.ngram_min; n <= t->opts.tok.ngram_max; n++) { span++; weight += n; }
    *tokens = span * words;
    *bytes = weight * 2 * ((uint64_t)len + words) + *tokens; /* + the length byte of each key */
}

/* The class capacity the trainer has once it holds a document of a new class, or of one of its own. */
static uint32_t class_capacity(const ps_nb_trainer *t, int new_class)
{
    return new_class && t->k == t->kcap ? t->kcap * 2 : t->kcap;
}

PS_COLD ps_status ps_nb_trainer_set_memory_limit(ps_nb_trainer *t, uint32_t kib)
{
    if (!t) return PS_ERR_INVALID_ARGUMENT;
    t->limit = (uint64_t)kib * 1024u;
    return PS_OK;
}

/* What an empty trainer needs for the document, its arrays at their first sizes, in the class capacity
 * ps__nb_trainer_room gives it. */
PS_COLD uint32_t ps_nb_trainer_memory_needed(const ps_nb_trainer *t, uint32_t len, int new_class)
{
    if (!t) return 0;
    uint64_t tokens, bytes;
    document_bounds(t, len, &tokens, &bytes);
    uint64_t need = (peak_at(t, 1, tokens, bytes, class_capacity(t, new_class)) + 1023) / 1024;
    return need > UINT32_MAX ? UINT32_MAX : (uint32_t)need;
}

/* Starts an empty trainer's arrays again at their first sizes (its slots are all empty: still zero). */
PS_COLD static ps_status restart_arrays(ps_nb_trainer *t)
{
    ps__slot *slots = realloc(t->slots, (PS__SLOT_MASK_FIRST + 1u) * sizeof *slots);
    uint32_t *rec = realloc(t->rec, PS__REC_WORDS_FIRST * sizeof *rec);
    if (slots) {
        t->slots = slots;
        t->mask = PS__SLOT_MASK_FIRST;
        t->shift = PS__SLOT_SHIFT_FIRST;
    }
    if (rec) {
        t->rec = rec;
        t->rcap = PS__REC_WORDS_FIRST;
    }
    return slots && rec ? PS_OK : PS_ERR_NO_MEMORY;
}

PS_COLD ps_status ps__nb_trainer_room(ps_nb_trainer *t, uint32_t len, int new_class)
{
    if (!t->limit) return PS_OK;
    uint64_t tokens, bytes;
    document_bounds(t, len, &tokens, &bytes);
    uint32_t kcap = class_capacity(t, new_class);
    uint64_t keys = (t->used - (uint64_t)t->n * (PS__REC_HEAD + t->kcap)) * 4u; /* at most, padding included */
    if (peak_at(t, 0, t->n + tokens, keys + bytes, kcap) <= t->limit) return PS_OK;
    if (t->n) return PS_ERR_NB_FULL;
    /* empty, its arrays grown before its counts were written out: smaller ones may make room */
    return peak_at(t, 1, tokens, bytes, kcap) <= t->limit ? restart_arrays(t) : PS_ERR_NB_TOO_LARGE;
}

/* ---------- writing the counts out ---------- */

struct ps__spill {
    int pruned;         /* writing the tokens a model could keep (through a builder), not every count */
    ps__nb_builder *builder;
    ps__trainer_reader in; /* every count, in key order */
    int ended;
    ps__bytes out;
};

/* Whether slot-walk element a (hhi << 32 | record) comes after b in key order: by hhi, then by the whole
 * hash and the bytes (rare: equal high halves). */
static int after(const ps_nb_trainer *t, uint64_t a, uint64_t b)
{
    if (a >> 32 != b >> 32) return a > b;
    const ps__tentry *x = ps__trainer_entry(t, (uint32_t)a), *y = ps__trainer_entry(t, (uint32_t)b);
    const uint8_t *xk = ps__trainer_key(t, (uint32_t)a), *yk = ps__trainer_key(t, (uint32_t)b);
    return ps__counts_key_cmp(x->hash, xk + 1, xk[0], y->hash, yk + 1, yk[0]) > 0;
}

PS_COLD static int walk_less(const void *ctx, uint32_t i, uint32_t j)
{
    const ps__trainer_reader *r = ctx;
    return after(r->t, r->walk[j], r->walk[i]);
}

PS_COLD static void walk_swap(void *ctx, uint32_t i, uint32_t j)
{
    ps__trainer_reader *r = ctx;
    uint64_t x = r->walk[i];
    r->walk[i] = r->walk[j];
    r->walk[j] = x;
}

/* The slots hold the tokens by home slot (ps__trainer_home), which follows key order; a token sits at or
 * after its home, in its cluster. So the tokens are taken in slot order and an insertion sort moves each
 * past the few its cluster put before it (and the few a cluster wrapped round to the table's start, from
 * the front to the end: a pass each). Tokens sit within about PS__MAX_DISPLACEMENT slots of home (one
 * farther rekeys the table), so none moves far. A rekeyed table, in no order, is heapsorted. */
PS_COLD ps_status ps__trainer_reader_open(ps__trainer_reader *r, const ps_nb_trainer *t)
{
    uint32_t n = t->n, at = 0;
    *r = (ps__trainer_reader){.t = t};
    ps__nb_label_order(t->labels, t->label_len, t->k, r->order);
    r->walk = malloc((size_t)(n ? n : 1) * sizeof *r->walk);
    if (!r->walk) return PS_ERR_NO_MEMORY;
    for (uint32_t i = 0; i <= t->mask; i++)
        if (t->slots[i].id1) r->walk[at++] = (uint64_t)t->slots[i].hhi << 32 | (t->slots[i].id1 - 1);
    if (t->key) { /* rekeyed: the slots are in no order */
        ps__heap_sort(n, walk_less, walk_swap, r);
        return PS_OK;
    }
    for (uint32_t i = 1; i < n; i++) {
        uint64_t x = r->walk[i];
        uint32_t j = i;
        for (; j > 0 && after(t, r->walk[j - 1], x); j--) r->walk[j] = r->walk[j - 1];
        r->walk[j] = x;
    }
    return PS_OK;
}

PS_COLD void ps__trainer_reader_close(ps__trainer_reader *r)
{
    free(r->walk);
    r->walk = NULL;
}

/* The records are read in key order, all over memory: every BATCH records, the first and the last word
 * of each of the next batch's are read (loads independent of one another) so that their cache misses
 * overlap. */
PS_SMALL void ps__trainer_reader_next(ps__trainer_reader *r, ps__counts_record *rec)
{
    enum { BATCH = 32 };
    const ps_nb_trainer *t = r->t;
    uint32_t pos = r->pos;
    if (pos == t->n) { rec->len = 0; return; }
    if (pos % BATCH == 0) {
        uint32_t n = t->n - pos < BATCH ? t->n - pos : BATCH, warm = 0;
        for (uint32_t j = 0; j < n; j++) {
            uint32_t off = (uint32_t)r->walk[pos + j];
            warm += t->rec[off] + t->rec[ps__trainer_next(t, off) - 1];
        }
        r->warm += warm;
    }
    uint32_t id = (uint32_t)r->walk[pos];
    const ps__tentry *e = ps__trainer_entry(t, id);
    const uint8_t *key = ps__trainer_key(t, id);
    const uint32_t *row = ps__trainer_counts(t, id);
    rec->len = key[0];
    rec->tok = key + 1;
    rec->df = e->df;
    rec->hash = (uint64_t)e->hhi << 32 | e->hash;
    for (uint32_t c = 0; c < t->k; c++) rec->counts[c] = row[r->order[c]];
    r->pos = pos + 1;
}

PS_COLD static ps_status spill_begin(ps_nb_trainer *t, int pruned)
{
    struct ps__spill *s = calloc(1, sizeof *s);
    if (!s) return PS_ERR_NO_MEMORY;
    t->spill = s;
    s->pruned = pruned;
    if (pruned) return ps__nb_trainer_builder(t, &s->builder);
    ps_status st = ps__trainer_reader_open(&s->in, t);
    const uint32_t *order = s->in.order;
    uint8_t *labels[PS_NB_MAX_CLASSES];
    uint32_t len[PS_NB_MAX_CLASSES], docs[PS_NB_MAX_CLASSES];
    for (uint32_t c = 0; c < t->k; c++) {
        labels[c] = t->labels[order[c]];
        len[c] = t->label_len[order[c]];
        docs[c] = t->class_docs[order[c]];
    }
    ps__counts_kind kind = {.part = t->part, .parts = t->parts, .pruned = 0};
    return st == PS_OK ? ps__counts_put_header(&s->out, &t->opts, kind, t->k, labels, len, docs) : st;
}

/* Puts records until the queue holds want bytes, then the end. */
static ps_status spill_fill(ps_nb_trainer *t, size_t want)
{
    struct ps__spill *s = t->spill;
    ps__counts_record r;
    while (!s->ended && ps__bytes_size(&s->out) < want) {
        ps__trainer_reader_next(&s->in, &r);
        if (r.len == 0) { s->ended = 1; return ps__counts_put_end(&s->out); }
        ps_status st = ps__counts_put_record(&s->out, r.tok, r.len, r.df, r.counts, t->k);
        if (st != PS_OK) return st;
    }
    return PS_OK;
}

PS_COLD static void spill_end(ps_nb_trainer *t)
{
    if (!t->spill) return;
    ps__trainer_reader_close(&t->spill->in);
    ps__nb_builder_destroy(t->spill->builder);
    ps__bytes_free(&t->spill->out);
    free(t->spill);
    t->spill = NULL;
}

void ps__nb_trainer_spill_free(ps_nb_trainer *t) { spill_end(t); }

/* Empties the counts (the arrays keep their sizes for the next documents). */
static void reset_counts(ps_nb_trainer *t)
{
    memset(t->slots, 0, ((size_t)t->mask + 1) * sizeof *t->slots);
    memset(t->class_docs, 0, t->kcap * sizeof *t->class_docs);
    t->n = 0;
    t->used = 0;
    t->spilled = 1;
}

PS_COLD static ps_status write_out(ps_nb_trainer *t, int pruned, uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *done)
{
    if (!t || !out_len || !done || (!out && cap > 0) || (t->spill && t->spill->pruned != pruned)) return PS_ERR_INVALID_ARGUMENT;
    if (t->k == 0) return PS_ERR_NB_NO_DATA;
    ps_status st = t->spill ? PS_OK : spill_begin(t, pruned);
    if (st == PS_OK && pruned) {
        ps__counts_kind kind = {.part = t->part, .parts = t->parts, .pruned = 1};
        st = t->spill->ended ? PS_OK : ps__nb_builder_write(t->spill->builder, kind, &t->spill->out, cap, &t->spill->ended);
    } else if (st == PS_OK) {
        st = spill_fill(t, cap);
    }
    if (st != PS_OK) { spill_end(t); return st; }
    *out_len = ps__bytes_drain(&t->spill->out, out, cap);
    *done = t->spill->ended && ps__bytes_size(&t->spill->out) == 0;
    if (*done) { spill_end(t); reset_counts(t); }
    return PS_OK;
}

PS_COLD ps_status ps_nb_trainer_clear(ps_nb_trainer *t)
{
    if (!t || t->spill) return PS_ERR_INVALID_ARGUMENT;
    reset_counts(t);
    return PS_OK;
}

PS_COLD ps_status ps_nb_trainer_write_counts(ps_nb_trainer *t, uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *done)
{
    return write_out(t, 0, out, cap, out_len, done);
}

PS_COLD ps_status ps_nb_trainer_write_pruned(ps_nb_trainer *t, uint8_t *out, uint32_t cap, uint32_t *out_len, uint32_t *done)
{
    return write_out(t, 1, out, cap, out_len, done);
}
