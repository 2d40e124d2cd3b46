/* Naive Bayes training: counting tokens per class, and merging trainers.
 * Token hashes come from the tokenizer (ps__tokenize_h), built from per-word
 * hashes, so no n-gram string is hashed byte by byte; the trainer keeps all 64
 * bits, so finishing (nb_finish.c) does not hash the vocabulary again. Adds
 * count tokens in batches whose table reads are issued first, so that their
 * cache misses overlap (train_flush). */
#include "nb_internal.h"
#include "utf8.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

PS_COLD ps_status ps_nb_trainer_set_partition(ps_nb_trainer *t, uint32_t part, uint32_t parts)
{
    if (!t || parts < 1 || parts > PS_NB_MAX_PARTS || part >= parts || t->docs || t->spill) return PS_ERR_INVALID_ARGUMENT;
    t->part = part;
    t->parts = parts;
    return PS_OK;
}

PS_COLD ps_status ps_nb_trainer_create(const ps_nb_options *opts, ps_nb_trainer **out)
{
    if (!out || (opts && !ps__nb_options_valid(opts))) return PS_ERR_INVALID_ARGUMENT;
    ps_nb_trainer *t = calloc(1, sizeof *t);
    if (!t) return PS_ERR_NO_MEMORY;
    if (opts) t->opts = *opts;
    else ps__nb_options_default(&t->opts);
    t->parts = 1;
    t->kcap = 2;
    t->rcap = PS__REC_WORDS_FIRST;
    t->mask = PS__SLOT_MASK_FIRST;
    t->shift = PS__SLOT_SHIFT_FIRST;
    t->labels = calloc(t->kcap, sizeof *t->labels);
    t->label_len = calloc(t->kcap, sizeof *t->label_len);
    t->class_docs = calloc(t->kcap, sizeof *t->class_docs);
    t->rec = malloc(t->rcap * sizeof *t->rec);
    t->slots = calloc((size_t)t->mask + 1, sizeof *t->slots);
    if (!t->labels || !t->label_len || !t->class_docs || !t->rec || !t->slots) {
        ps_nb_trainer_destroy(t);
        return PS_ERR_NO_MEMORY;
    }
    *out = t;
    return PS_OK;
}

PS_COLD void ps_nb_trainer_destroy(ps_nb_trainer *t)
{
    if (!t) return;
    if (t->labels) for (uint32_t i = 0; i < t->k; i++) free(t->labels[i]);
    free(t->labels); free(t->label_len); free(t->class_docs);
    free(t->rec); free(t->slots);
    ps__nb_trainer_spill_free(t);
    free(t);
}

uint32_t ps_nb_trainer_doc_count(const ps_nb_trainer *t) { return t ? t->docs : 0; }
uint32_t ps_nb_trainer_vocab_size(const ps_nb_trainer *t) { return t ? t->n : 0; }
const uint8_t *ps_nb_trainer_label(const ps_nb_trainer *t, uint32_t i, uint32_t *out_len)
{
    if (!t || i >= t->k) return NULL;
    if (out_len) *out_len = t->label_len[i];
    return t->labels[i];
}

/* Grow the class capacity to hold k + 1 classes: every record is laid out again, with room for the new
 * counts (zero), into an array of just the size they take. */
PS_COLD static ps_status grow_classes(ps_nb_trainer *t)
{
    if (t->k < t->kcap) return PS_OK;
    if (t->k >= PS_NB_MAX_CLASSES) return PS_ERR_NB_TOO_LARGE;
    uint32_t nk = t->kcap * 2;
    size_t ncap = t->used + (size_t)t->n * (nk - t->kcap) + PS__REC_SLACK;
    if (ncap > UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
    uint32_t *nc = malloc(ncap * sizeof *nc);
    if (!nc) return PS_ERR_NO_MEMORY;
    uint8_t **nl = realloc(t->labels, nk * sizeof *nl);
    if (!nl) { free(nc); return PS_ERR_NO_MEMORY; }
    t->labels = nl;
    uint32_t *nll = realloc(t->label_len, nk * sizeof *nll);
    if (!nll) { free(nc); return PS_ERR_NO_MEMORY; }
    t->label_len = nll;
    uint32_t *ncd = realloc(t->class_docs, nk * sizeof *ncd);
    if (!ncd) { free(nc); return PS_ERR_NO_MEMORY; }
    t->class_docs = ncd;
    uint32_t at = 0;
    for (uint32_t off = 0; off < t->used; off = ps__trainer_next(t, off)) {
        uint32_t head = PS__REC_HEAD + t->kcap, key = ps__trainer_rec_words(t->kcap, ps__trainer_key(t, off)[0]) - head;
        memcpy(nc + at, t->rec + off, head * sizeof *nc);
        memset(nc + at + head, 0, (nk - t->kcap) * sizeof *nc);
        memcpy(nc + at + PS__REC_HEAD + nk, t->rec + off + head, key * sizeof *nc);
        t->rec[off] = at; /* the old record's new place, for its slot (the old array goes) */
        at += PS__REC_HEAD + nk + key;
    }
    for (uint32_t j = 0; j <= t->mask; j++)
        if (t->slots[j].id1) t->slots[j].id1 = t->rec[t->slots[j].id1 - 1] + 1;
    free(t->rec);
    t->rec = nc;
    t->used = at;
    t->rcap = ncap;
    t->kcap = nk;
    return PS_OK;
}

/* Index of label among the classes, or t->k if it is new. */
static uint32_t find_class(const ps_nb_trainer *t, const uint8_t *label, uint32_t len)
{
    uint32_t i = 0;
    while (i < t->k && !(t->label_len[i] == len && memcmp(t->labels[i], label, len) == 0)) i++;
    return i;
}

/* Creates the class of a new label. */
PS_COLD static ps_status new_class(ps_nb_trainer *t, const uint8_t *label, uint32_t len, uint32_t *out)
{
    if (len == 0 || len > PS_NB_MAX_LABEL || !ps__utf8_valid(label, len)) return PS_ERR_NB_LABEL;
    ps_status st = grow_classes(t);
    if (st != PS_OK) return st;
    uint8_t *copy = malloc(len + 1u);
    if (!copy) return PS_ERR_NO_MEMORY;
    memcpy(copy, label, len);
    copy[len] = 0;
    t->labels[t->k] = copy;
    t->label_len[t->k] = len;
    t->class_docs[t->k] = 0;
    *out = t->k++;
    return PS_OK;
}

/* Index of label, creating the class if new. */
static ps_status class_index(ps_nb_trainer *t, const uint8_t *label, uint32_t len, uint32_t *out)
{
    uint32_t i = find_class(t, label, len);
    if (i < t->k) { *out = i; return PS_OK; }
    return new_class(t, label, len, out);
}

static ps_status grow_table(ps_nb_trainer *t)
{
    uint32_t nsize = (t->mask + 1) * 2, nmask = nsize - 1, nshift = t->shift - 1;
    ps__slot *ns = calloc(nsize, sizeof *ns);
    if (!ns) return PS_ERR_NO_MEMORY;
    for (uint32_t i = 0; i <= t->mask; i++) {
        if (!t->slots[i].id1) continue;
        uint32_t j = ps__trainer_home(t, t->slots[i].hhi, nshift);
        while (ns[j].id1) j = (j + 1) & nmask;
        ns[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = ns;
    t->mask = nmask;
    t->shift = nshift;
    return PS_OK;
}

/* Tokens crowd a few homes, as only chosen text makes them (ps__trainer_home): every token is homed again
 * from a new key, in the same slots (no memory beyond the limit), from the records. */
PS_COLD static void rekey(ps_nb_trainer *t)
{
    t->key = ps__rekey_key(++t->rekeys);
    memset(t->slots, 0, ((size_t)t->mask + 1) * sizeof *t->slots);
    for (uint32_t off = 0; off < t->used; off = ps__trainer_next(t, off)) {
        uint32_t h = ps__trainer_entry(t, off)->hhi, j = ps__trainer_home(t, h, t->shift);
        while (t->slots[j].id1) j = (j + 1) & t->mask;
        t->slots[j] = (ps__slot){.hhi = h, .id1 = off + 1};
    }
}

/* Room for a record of `words` more words and PS__REC_SLACK after it: the array doubles, up to offsets
 * that fit in a slot. */
static ps_status grow_records(ps_nb_trainer *t, uint32_t words)
{
    size_t need = t->used + words + PS__REC_SLACK, ncap = t->rcap;
    if (need <= ncap) return PS_OK;
    while (ncap < need) ncap *= 2;
    if (ncap > UINT32_MAX) ncap = UINT32_MAX;
    if (need > ncap) return PS_ERR_NB_TOO_LARGE;
    uint32_t *nr = realloc(t->rec, ncap * sizeof *nr);
    if (!nr) return PS_ERR_NO_MEMORY;
    t->rec = nr;
    t->rcap = ncap;
    return PS_OK;
}

/* Find or insert a token whose ps__tok_hash is h64; *out gets its record. tok must stay readable 8 bytes
 * past len when len <= 255 (a batched token, or a key of another trainer's records). */
static ps_status intern(ps_nb_trainer *t, const uint8_t *tok, uint32_t len, uint64_t h64, uint32_t *out)
{
    uint32_t h = (uint32_t)(h64 >> 32), j = ps__trainer_home(t, h, t->shift), far = 0;
    for (;; far++) {
        ps__slot s = t->slots[j];
        if (!s.id1) break;
        if (s.hhi == h) {
            const uint8_t *k = ps__trainer_key(t, s.id1 - 1);
            if (k[0] == len && ps__eq_padded(k + 1, tok, len)) { *out = s.id1 - 1; return PS_OK; }
        }
        j = (j + 1) & t->mask;
    }
    if (t->n >= PS_NB_MAX_VOCAB || len > 255) return PS_ERR_NB_TOO_LARGE;
    uint32_t words = ps__trainer_rec_words(t->kcap, len), off = (uint32_t)t->used;
    ps_status st = grow_records(t, words);
    if (st != PS_OK) return st;
    *ps__trainer_entry(t, off) = (ps__tentry){.hash = (uint32_t)h64, .hhi = h, .last_doc = UINT32_MAX, .df = 0};
    memset(ps__trainer_counts(t, off), 0, (size_t)t->kcap * sizeof *t->rec);
    t->rec[off + words - 1] = 0; /* the padding */
    uint8_t *k = (uint8_t *)ps__trainer_key(t, off);
    k[0] = (uint8_t)len;
    memcpy(k + 1, tok, len);
    t->used += words;
    t->n++;
    t->slots[j] = (ps__slot){.hhi = h, .id1 = off + 1};
    *out = off;
    if ((uint64_t)t->n * 2 > t->mask) return grow_table(t);
    if (far > PS__MAX_DISPLACEMENT && t->rekeys < PS__MAX_REKEYS) rekey(t);
    return PS_OK;
}

static ps_status train_one(ps_nb_trainer *t, const uint8_t *tok, uint32_t len, uint64_t h)
{
    uint32_t off;
    ps_status st = intern(t, tok, len, h, &off);
    if (st != PS_OK) return st;
    ps__tentry *e = ps__trainer_entry(t, off);
    uint32_t *c = ps__trainer_counts(t, off) + t->cur_class;
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

/* Count the batched tokens in order. First every token's home slot, then the first and the last word
 * of the record of a matching slot are read (loads independent of one another, so the cache misses of
 * the batch overlap); those reads only warm the cache (their sum goes to t->sink), the counting itself
 * is train_one, token by token, as without the batch. */
static ps_status train_flush(ps_nb_trainer *t)
{
    ps__tok_batch *b = &t->batch;
    uint32_t n = b->n, id1[PS__TOK_BATCH], acc = 0;
    b->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t h = (uint32_t)(b->hash[i] >> 32), j = ps__trainer_home(t, h, t->shift);
        ps__slot s;
        while ((s = t->slots[j]).id1 && s.hhi != h) j = (j + 1) & t->mask;
        id1[i] = s.id1;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!id1[i]) continue;
        size_t last = id1[i] - 1 + ps__trainer_rec_words(t->kcap, b->len[i]) - 1; /* if it is this token */
        acc += t->rec[id1[i] - 1] + t->rec[last < t->used ? last : t->used - 1];
    }
    t->sink += acc;
    for (uint32_t i = 0; i < n; i++) {
        ps_status st = train_one(t, ps__tok_batch_token(b, i), b->len[i], b->hash[i]);
        if (st != PS_OK) return st;
    }
    return PS_OK;
}

/* Every token comes here, and those of other parts are dropped without a branch: which part a token
 * belongs to is random, and a branch on it was mispredicted half the time (tokenizing IMDB with 1-3-grams
 * took 1.7x as long as without a partition, natively). */
static ps_status train_emit(void *ctx, const uint8_t *tok, uint32_t len, uint64_t h)
{
    ps_nb_trainer *t = ctx;
    uint32_t own = ps__tok_part_of(h, t->parts) == t->part;
    if (len > 255) { /* not batched (train_one reports it) */
        if (!own) return PS_OK;
        ps_status st = train_flush(t);
        return st != PS_OK ? st : train_one(t, tok, len, h);
    }
    return ps__tok_batch_push_if(&t->batch, tok, len, h, own) ? train_flush(t) : PS_OK;
}

ps_status ps_nb_trainer_add(ps_nb_trainer *t, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len)
{
    if (!t || (!text && len > 0) || !label || t->spill) return PS_ERR_INVALID_ARGUMENT;
    if (t->docs >= UINT32_MAX - 1) return PS_ERR_NB_TOO_LARGE;
    uint32_t c = find_class(t, label, label_len);
    ps_status st = ps__nb_trainer_room(t, len, c == t->k);
    if (st == PS_OK && c == t->k) st = new_class(t, label, label_len, &c);
    if (st != PS_OK) return st;
    t->cur_class = c;
    t->cur_doc = t->docs;
    t->batch.n = 0;
    st = ps__tokenize_h(&t->opts.tok, text, len, train_emit, t); /* train_emit keeps this trainer's part */
    if (st == PS_OK && t->batch.n) st = train_flush(t);
    t->batch.n = 0;
    if (st != PS_OK) return st;
    t->docs++;
    t->class_docs[c]++;
    return PS_OK;
}

ps_status ps_nb_trainer_merge(ps_nb_trainer *dst, const ps_nb_trainer *src)
{
    if (!dst || !src || dst == src || dst->spilled || src->spilled || dst->spill || src->spill) return PS_ERR_INVALID_ARGUMENT;
    if (!ps__nb_options_equal(&dst->opts, &src->opts) || dst->part != src->part || dst->parts != src->parts)
        return PS_ERR_NB_MISMATCH;
    if ((uint64_t)dst->docs + src->docs >= UINT32_MAX - 1) return PS_ERR_NB_TOO_LARGE;
    uint32_t map[PS_NB_MAX_CLASSES], k0 = dst->k;
    for (uint32_t c = 0; c < src->k; c++) {
        ps_status st = class_index(dst, src->labels[c], src->label_len[c], &map[c]);
        if (st != PS_OK) { /* too many classes, say: dst as it was */
            while (dst->k > k0) free(dst->labels[--dst->k]);
            return st;
        }
    }
    for (uint32_t off = 0; off < src->used; off = ps__trainer_next(src, off)) {
        const ps__tentry *e = ps__trainer_entry(src, off);
        const uint8_t *k = ps__trainer_key(src, off);
        uint32_t at;
        ps_status st = intern(dst, k + 1, k[0], ((uint64_t)e->hhi << 32) | e->hash, &at);
        if (st != PS_OK) return st;
        for (uint32_t c = 0; c < src->k; c++) {
            uint32_t *d = ps__trainer_counts(dst, at) + map[c];
            uint32_t s = ps__trainer_counts(src, off)[c];
            if (*d > UINT32_MAX - s) return PS_ERR_NB_TOO_LARGE;
            *d += s;
        }
        ps__trainer_entry(dst, at)->df += e->df;
    }
    for (uint32_t c = 0; c < src->k; c++) dst->class_docs[map[c]] += src->class_docs[c];
    dst->docs += src->docs;
    return PS_OK;
}
