/* Native tests of bounded-memory training and count streams: a trainer with a
 * memory limit writes its counts out and the merged streams give the very
 * bytes of the model trained in one piece; shards merged in any grouping and
 * order give the same stream; the class order does not depend on the data's
 * order; damaged streams are refused at every length and every byte. */
#include "check.h"
#include "ps_nb.h"
#include "nb_internal.h"
#include <stdint.h>
#include <stdlib.h>

#define S(x) (const uint8_t *)(x), (uint32_t)strlen(x)

typedef struct buf { uint8_t *d; uint32_t len, cap; } buf;

static void append(buf *b, const uint8_t *p, uint32_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->d = realloc(b->d, b->cap);
    }
    memcpy(b->d + b->len, p, n);
    b->len += n;
}

/* A small corpus with a growing vocabulary: document i of class i % 3 (labels in an unsorted first order). */
static void document(uint32_t i, char *text, size_t cap, const char **label)
{
    static const char *labels[3] = {"pos", "neg", "meh"};
    static const char *words[8] = {"good", "bad", "plot", "acting", "not", "great", "dull", "fine"};
    snprintf(text, cap, "%s %s w%u w%u the %s story %u", words[i % 8], words[(i * 7) % 8], i % 97, i % 13,
             words[(i * 3) % 8], i % 5);
    *label = labels[i % 3];
}

static ps_nb_options *options(uint32_t bits)
{
    ps_nb_options *o = NULL;
    CHECK_EQ_INT(ps_nb_options_create(&o), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_ngrams(o, 1, 3), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_binary(o, 1), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_min_df(o, 2), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_max_features(o, 300), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_weight_bits(o, bits), PS_OK);
    return o;
}

/* Appends the trainer's counts, written through a buffer of cap bytes, to b. */
static void write_counts(ps_nb_trainer *t, buf *b, uint32_t cap)
{
    uint8_t chunk[4096];
    uint32_t n = 0, done = 0;
    while (!done) {
        CHECK_EQ_INT(ps_nb_trainer_write_counts(t, chunk, cap, &n, &done), PS_OK);
        append(b, chunk, n);
    }
}

static buf save(const ps_nb_model *m)
{
    buf b = {0};
    CHECK_EQ_INT(ps_nb_model_save(m, &b.d, &b.len), PS_OK);
    return b;
}

/* Trains documents [from, to) (every step-th one) with a memory limit (0: none); spilled streams go to runs. */
static ps_nb_trainer *train(const ps_nb_options *o, uint32_t from, uint32_t to, uint32_t step, uint32_t limit_kib,
                            buf *runs, uint32_t *n_runs)
{
    ps_nb_trainer *t = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, limit_kib), PS_OK);
    for (uint32_t i = from; i < to; i += step) {
        char text[200];
        const char *label;
        document(i, text, sizeof text, &label);
        ps_status st = ps_nb_trainer_add(t, S(text), S(label));
        if (st == PS_ERR_NB_FULL) {
            write_counts(t, &runs[(*n_runs)++], 1000);
            st = ps_nb_trainer_add(t, S(text), S(label));
        }
        CHECK_EQ_INT(st, PS_OK);
    }
    return t;
}

/* Feeds the inputs to m in chunks of chunk bytes whenever it asks; returns the final status. */
typedef ps_status (*merge_call)(ps_nb_merger *m, void *ctx, uint32_t *need);

/* As drive, with input `at_input` (among n + 1) the counts in trainer t's memory. */
static ps_status drive_with(const buf *in, uint32_t n, uint32_t chunk, merge_call call, void *ctx, const ps_nb_trainer *t,
                            uint32_t at_input);

static ps_status drive(const buf *in, uint32_t n, uint32_t chunk, merge_call call, void *ctx)
{
    return drive_with(in, n, chunk, call, ctx, NULL, 0);
}

static ps_status drive_with(const buf *in, uint32_t n, uint32_t chunk, merge_call call, void *ctx, const ps_nb_trainer *t,
                            uint32_t at_input)
{
    ps_nb_merger *m = NULL;
    buf *inputs = calloc(n + 1, sizeof *inputs);
    for (uint32_t i = 0, j = 0; i < n + (t != NULL); i++) if (!t || i != at_input) inputs[i] = in[j++];
    CHECK_EQ_INT(ps_nb_merger_create(n + (t != NULL), &m), PS_OK);
    if (t) {
        CHECK_EQ_INT(ps_nb_merger_take_trainer(m, at_input, t), PS_OK);
        CHECK_EQ_INT(ps_nb_merger_take_trainer(m, at_input, t), PS_ERR_INVALID_ARGUMENT);
        CHECK_EQ_INT(ps_nb_merger_feed(m, at_input, (const uint8_t *)"x", 1), PS_ERR_INVALID_ARGUMENT);
    }
    in = inputs;
    uint32_t *at = calloc(n + 1, sizeof *at), need = 0;
    ps_status st;
    while ((st = call(m, ctx, &need)) == PS_ERR_NEED_INPUT) {
        uint32_t len = in[need].len - at[need] < chunk ? in[need].len - at[need] : chunk;
        CHECK_EQ_INT(ps_nb_merger_feed(m, need, in[need].d + at[need], len), PS_OK);
        at[need] += len;
    }
    free(at);
    free(inputs);
    ps_nb_merger_destroy(m);
    return st;
}

typedef struct finish_ctx { const ps_nb_options *override; ps_nb_model *model; } finish_ctx;
static ps_status finish_call(ps_nb_merger *m, void *ctx, uint32_t *need)
{
    finish_ctx *f = ctx;
    return ps_nb_merger_finish(m, f->override, &f->model, need);
}

static ps_status write_call(ps_nb_merger *m, void *ctx, uint32_t *need)
{
    uint8_t chunk[777];
    uint32_t n = 0, done = 0;
    ps_status st;
    while ((st = ps_nb_merger_write(m, chunk, sizeof chunk, &n, need, &done)) == PS_OK) {
        append(ctx, chunk, n);
        if (done) return PS_OK;
    }
    return st;
}

static buf merged_model(const buf *in, uint32_t n, uint32_t chunk, const ps_nb_options *override)
{
    finish_ctx f = {override, NULL};
    CHECK_EQ_INT(drive(in, n, chunk, finish_call, &f), PS_OK);
    buf b = f.model ? save(f.model) : (buf){0};
    ps_nb_model_destroy(f.model);
    return b;
}

static buf merged_stream(const buf *in, uint32_t n, uint32_t chunk)
{
    buf out = {0};
    CHECK_EQ_INT(drive(in, n, chunk, write_call, &out), PS_OK);
    return out;
}

static int same(buf a, buf b) { return a.len == b.len && a.len && memcmp(a.d, b.d, a.len) == 0; }

/* The model trained in one piece, and with a small memory limit (its streams merged), byte for byte. */
static void test_memory_limit_same_model(void)
{
    ps_nb_options *o = options(8);
    buf runs[64] = {{0}};
    uint32_t n = 0;
    ps_nb_trainer *whole = train(o, 0, 3000, 1, 0, runs, &n), *bounded;
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(whole, &m), PS_OK);
    buf want = save(m);
    ps_nb_model_destroy(m);
    CHECK_EQ_INT(n, 0);
    bounded = train(o, 0, 3000, 1, 256, runs, &n);
    CHECK(n >= 3); /* the limit was reached several times */
    CHECK_EQ_INT(ps_nb_trainer_finish(bounded, &m), PS_ERR_INVALID_ARGUMENT); /* its counts are in the streams */
    write_counts(bounded, &runs[n++], 4096);
    for (uint32_t chunk = 1; chunk <= 4096; chunk *= 64) {
        buf got = merged_model(runs, n, chunk, NULL);
        CHECK(same(got, want));
        free(got.d);
    }
    ps_nb_trainer_destroy(whole);
    ps_nb_trainer_destroy(bounded);
    for (uint32_t i = 0; i < n; i++) free(runs[i].d);
    free(want.d);
    ps_nb_options_destroy(o);
}

/* Classes that first come after the counts were written out (the records then laid out again for more
 * classes, with the arrays kept from before the spill): no NB_TOO_LARGE, and the model of unbounded training. */
static void test_memory_limit_late_classes(void)
{
    static const char *late[5] = {"c1", "c2", "c3", "c4", "c5"};
    ps_nb_options *o = options(8);
    buf runs[64] = {{0}}, want = {0};
    uint32_t n = 0;
    for (uint32_t limit = 0; limit <= 256; limit += 256) {
        ps_nb_trainer *t = NULL;
        CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
        CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, limit), PS_OK);
        for (uint32_t i = 0; i < 3000; i++) {
            char text[200];
            const char *label;
            document(i, text, sizeof text, &label);
            label = i < 2000 ? (i % 2 ? "pos" : "neg") : late[i % 5];
            ps_status st = ps_nb_trainer_add(t, S(text), S(label));
            if (st == PS_ERR_NB_FULL) {
                CHECK(n < 64);
                if (n == 64) break;
                write_counts(t, &runs[n++], 1000);
                st = ps_nb_trainer_add(t, S(text), S(label));
            }
            CHECK_EQ_INT(st, PS_OK);
        }
        if (!limit) {
            ps_nb_model *m = NULL;
            CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
            want = save(m);
            ps_nb_model_destroy(m);
        } else {
            CHECK(n >= 3);
            write_counts(t, &runs[n++], 4096);
            buf got = merged_model(runs, n, 4096, NULL);
            CHECK(same(got, want));
            free(got.d);
        }
        ps_nb_trainer_destroy(t);
    }
    for (uint32_t i = 0; i < n; i++) free(runs[i].d);
    free(want.d);
    ps_nb_options_destroy(o);
}

/* A bounded trainer's runs merged with the counts still in its memory, taken at any input: the model and the
 * stream of its runs and a last run written out, byte for byte. Clearing it then empties it as writing does. */
static void test_merge_from_memory(void)
{
    ps_nb_options *o = options(8);
    buf runs[64] = {{0}};
    uint32_t n = 0;
    ps_nb_trainer *t = train(o, 0, 3000, 1, 256, runs, &n), *copy;
    CHECK(n >= 3);
    uint32_t copy_runs = 0;
    buf other[64] = {{0}};
    copy = train(o, 0, 3000, 1, 256, other, &copy_runs);
    CHECK_EQ_INT(copy_runs, n);
    write_counts(copy, &runs[n], 4096); /* the same counts, written out */
    buf want_model = merged_model(runs, n + 1, 4096, NULL), want_stream = merged_stream(runs, n + 1, 4096);
    for (uint32_t at_input = 0; at_input <= n; at_input += n) {
        finish_ctx f = {NULL, NULL};
        CHECK_EQ_INT(drive_with(runs, n, 300, finish_call, &f, t, at_input), PS_OK);
        buf got = save(f.model);
        CHECK(same(got, want_model));
        ps_nb_model_destroy(f.model);
        free(got.d);
        buf stream = {0};
        CHECK_EQ_INT(drive_with(runs, n, 300, write_call, &stream, t, at_input), PS_OK);
        CHECK(same(stream, want_stream));
        free(stream.d);
    }
    CHECK(ps_nb_trainer_vocab_size(t) > 0);
    CHECK_EQ_INT(ps_nb_trainer_clear(t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_vocab_size(t), 0);
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_ERR_INVALID_ARGUMENT);
    ps_nb_merger *empty = NULL;
    ps_nb_trainer *fresh = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &fresh), PS_OK);
    CHECK_EQ_INT(ps_nb_merger_create(1, &empty), PS_OK);
    CHECK_EQ_INT(ps_nb_merger_take_trainer(empty, 0, fresh), PS_ERR_NB_NO_DATA); /* no class yet */
    CHECK_EQ_INT(ps_nb_merger_take_trainer(empty, 1, t), PS_ERR_INVALID_ARGUMENT);
    ps_nb_merger_destroy(empty);
    ps_nb_trainer_destroy(fresh);
    ps_nb_trainer_destroy(t);
    ps_nb_trainer_destroy(copy);
    for (uint32_t i = 0; i <= n; i++) free(runs[i].d);
    for (uint32_t i = 0; i < copy_runs; i++) free(other[i].d);
    free(want_model.d); free(want_stream.d);
    ps_nb_options_destroy(o);
}

static int u32_less(const void *a, const void *b) { return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : *(const uint32_t *)a > *(const uint32_t *)b; }

/* 400,000 distinct words, some of which share the high half of their hash (the trainer's slots order tokens
 * by it): written out, whole or in parts, their records are in strict key order, which a merge checks. */
static void test_key_order(void)
{
    enum { WORDS = 400000, PER_DOC = 2000 };
    uint32_t *high = malloc(WORDS * sizeof *high), ties = 0;
    char word[16];
    for (uint32_t i = 0; i < WORDS; i++) high[i] = (uint32_t)(ps__tok_hash(S((snprintf(word, sizeof word, "k%u", i), word))) >> 32);
    qsort(high, WORDS, sizeof *high, u32_less);
    for (uint32_t i = 1; i < WORDS; i++) ties += high[i] == high[i - 1];
    CHECK(ties > 0);
    free(high);
    static char text[PER_DOC * 9];
    for (uint32_t parts = 1; parts <= 3; parts += 2) {
        for (uint32_t part = 0; part < parts; part++) {
            ps_nb_trainer *t = NULL;
            CHECK_EQ_INT(ps_nb_trainer_create(NULL, &t), PS_OK);
            CHECK_EQ_INT(ps_nb_trainer_set_partition(t, part, parts), PS_OK);
            for (uint32_t d = 0; d < WORDS / PER_DOC; d++) {
                size_t at = 0;
                for (uint32_t i = d * PER_DOC; i < (d + 1) * PER_DOC; i++) at += (size_t)snprintf(text + at, sizeof text - at, "k%u ", i);
                CHECK_EQ_INT(ps_nb_trainer_add(t, S(text), S(d % 2 ? "a" : "b")), PS_OK);
            }
            buf counts = {0};
            write_counts(t, &counts, 4096);
            buf merged = merged_stream(&counts, 1, 4096); /* COUNTS_CORRUPT if a record came out of order */
            CHECK(same(merged, counts));
            free(counts.d);
            free(merged.d);
            ps_nb_trainer_destroy(t);
        }
    }
}

/* Trains the words (7 letters each, one document each, the labels taking turns) in order or backwards, with a
 * memory limit (0: none); spilled streams go to runs. */
static ps_nb_trainer *train_words(const char (*words)[8], uint32_t n, int backwards, uint32_t limit_kib, buf *runs,
                                  uint32_t *n_runs)
{
    ps_nb_trainer *t = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(NULL, &t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, limit_kib), PS_OK);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t w = backwards ? n - 1 - i : i;
        ps_status st = ps_nb_trainer_add(t, (const uint8_t *)words[w], 7, S(w % 2 ? "a" : "b"));
        if (st == PS_ERR_NB_FULL) {
            write_counts(t, &runs[(*n_runs)++], 4096);
            st = ps_nb_trainer_add(t, (const uint8_t *)words[w], 7, S(w % 2 ? "a" : "b"));
        }
        CHECK_EQ_INT(st, PS_OK);
    }
    return t;
}

/* The farthest a token of t sits from its home slot. */
static uint32_t max_displacement(const ps_nb_trainer *t)
{
    uint32_t most = 0;
    for (uint32_t j = 0; j <= t->mask; j++) {
        uint32_t d = (j - ps__trainer_home(t, t->slots[j].hhi, t->shift)) & t->mask;
        if (t->slots[j].id1 && d > most) most = d;
    }
    return most;
}

/* Words whose hashes crowd the lowest twentieth of the hash range (1 word in 20 qualifies: anyone can write
 * such text), 100 of them sharing their top 16 bits. Their home slots crowded a twentieth of the table, and
 * every new token walked past the ones before it (80,000 such words took 6.4 s to count, against 15 ms).
 * Now the table is rekeyed: every token stays near its home. The counts come out in key order and give
 * the model of the same words in another order, with a memory limit, and as a pruned stream. */
static void test_crowded_hashes(void)
{
    enum { WORDS = 20000, SHARED_TOP = 100 };
    char (*words)[8] = calloc(WORDS, sizeof *words);
    uint32_t found = 0, top = 0;
    for (uint64_t c = 0; found < WORDS; c++) {
        char w[8] = {0};
        uint64_t x = c;
        for (int i = 0; i < 7; i++, x /= 26) w[i] = (char)('a' + x % 26);
        uint64_t h = ps__tok_hash((const uint8_t *)w, 7);
        int crowded = (h >> 32) < UINT32_MAX / 20, shared = h >> 48 == 0;
        if (!crowded || (found >= WORDS - SHARED_TOP && !shared)) continue; /* the last ones share their top 16 bits */
        top += shared;
        memcpy(words[found++], w, 8);
    }
    CHECK(top >= SHARED_TOP);
    buf runs[64] = {{0}}, none[1] = {{0}};
    uint32_t n = 0, zero = 0;
    ps_nb_trainer *fwd = train_words(words, WORDS, 0, 0, none, &zero), *back = train_words(words, WORDS, 1, 0, none, &zero);
    CHECK(max_displacement(fwd) <= PS__MAX_DISPLACEMENT);
    CHECK(max_displacement(back) <= PS__MAX_DISPLACEMENT);
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(fwd, &m), PS_OK);
    buf want = m ? save(m) : (buf){0}, counts = {0}, pruned = {0};
    ps_nb_model_destroy(m);
    write_counts(fwd, &counts, 4096);
    buf merged = merged_stream(&counts, 1, 4096), from_counts = merged_model(&counts, 1, 4096, NULL);
    CHECK(same(merged, counts)); /* COUNTS_CORRUPT if a record came out of order */
    CHECK(same(from_counts, want));
    uint8_t chunk[4096];
    for (uint32_t len = 0, done = 0; !done;) {
        CHECK_EQ_INT(ps_nb_trainer_write_pruned(back, chunk, sizeof chunk, &len, &done), PS_OK);
        append(&pruned, chunk, len);
    }
    buf from_pruned = merged_model(&pruned, 1, 4096, NULL);
    CHECK(same(from_pruned, want));
    ps_nb_trainer *bounded = train_words(words, WORDS, 0, 512, runs, &n);
    CHECK(n >= 1);
    write_counts(bounded, &runs[n++], 4096);
    buf from_runs = merged_model(runs, n, 4096, NULL);
    CHECK(same(from_runs, want));
    ps_nb_trainer_destroy(fwd);
    ps_nb_trainer_destroy(back);
    ps_nb_trainer_destroy(bounded);
    for (uint32_t i = 0; i < n; i++) free(runs[i].d);
    free(want.d); free(counts.d); free(pruned.d); free(merged.d); free(from_counts.d); free(from_pruned.d);
    free(from_runs.d);
    free(words);
}

/* Four shards: merged in two groupings and two orders, the same stream; finished, the one-piece model; a
 * finish with other pruning and weighting is the model trained with those options. */
static void test_shards_any_grouping(void)
{
    ps_nb_options *o = options(16), *o2 = options(32);
    buf shard[4] = {{0}}, runs[1];
    uint32_t n = 0;
    for (uint32_t s = 0; s < 4; s++) {
        ps_nb_trainer *t = train(o, s, 2000, 4, 0, runs, &n);
        write_counts(t, &shard[s], 100);
        ps_nb_trainer_destroy(t);
    }
    buf ab = merged_stream(shard, 2, 333), cd = merged_stream(shard + 2, 2, 333);
    buf pairs[2] = {ab, cd}, back[4] = {shard[3], shard[1], shard[0], shard[2]};
    buf grouped = merged_stream(pairs, 2, 4096), reversed = merged_stream(back, 4, 7);
    CHECK(same(grouped, reversed));
    ps_nb_trainer *whole = train(o, 0, 2000, 1, 0, runs, &n);
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(whole, &m), PS_OK);
    buf one = {0};
    write_counts(whole, &one, 4096);
    CHECK(same(grouped, one));
    buf want = save(m), got = merged_model(&grouped, 1, 4096, NULL);
    CHECK(same(got, want));
    ps_nb_model_destroy(m);
    CHECK_EQ_INT(ps_nb_options_set_min_df(o2, 3), PS_OK);
    CHECK_EQ_INT(ps_nb_options_set_alpha(o2, 0.25), PS_OK);
    ps_nb_trainer *other = train(o2, 0, 2000, 1, 0, runs, &n);
    CHECK_EQ_INT(ps_nb_trainer_finish(other, &m), PS_OK);
    buf want2 = save(m), got2 = merged_model(&grouped, 1, 50, o2);
    CHECK(same(got2, want2));
    ps_nb_model_destroy(m);
    for (uint32_t s = 0; s < 4; s++) free(shard[s].d);
    free(ab.d); free(cd.d); free(grouped.d); free(reversed.d); free(one.d); free(want.d); free(got.d); free(want2.d); free(got2.d);
    ps_nb_trainer_destroy(whole); ps_nb_trainer_destroy(other);
    ps_nb_options_destroy(o); ps_nb_options_destroy(o2);
}

typedef ps_status (*write_fn)(ps_nb_trainer *, uint8_t *, uint32_t, uint32_t *, uint32_t *);

static void write_with(ps_nb_trainer *t, buf *b, write_fn write)
{
    uint8_t chunk[999];
    uint32_t n = 0, done = 0;
    while (!done) {
        CHECK_EQ_INT(write(t, chunk, sizeof chunk, &n, &done), PS_OK);
        append(b, chunk, n);
    }
}

typedef struct prune_ctx { buf out; } prune_ctx;
static ps_status prune_call(ps_nb_merger *m, void *ctx, uint32_t *need)
{
    uint8_t chunk[555];
    uint32_t n = 0, done = 0;
    ps_status st;
    while ((st = ps_nb_merger_write_pruned(m, chunk, sizeof chunk, &n, need, &done)) == PS_OK) {
        append(&((prune_ctx *)ctx)->out, chunk, n);
        if (done) return PS_OK;
    }
    return st;
}

/* Three trainers fed every document, each counting one part of the tokens: their streams, full or pruned
 * (directly, or through a memory limit's streams), finish into the one trainer's model; the full ones merge
 * into its stream. An incomplete or repeated set of parts is refused. */
static void test_parts(void)
{
    ps_nb_options *o = options(8);
    buf runs[64] = {{0}}, full[3] = {{0}}, pruned[3] = {{0}}, limited[3] = {{0}};
    uint32_t n = 0;
    ps_nb_trainer *whole = train(o, 0, 2000, 1, 0, runs, &n);
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(whole, &m), PS_OK);
    buf want = save(m), one = {0};
    ps_nb_model_destroy(m);
    write_counts(whole, &one, 4096);
    for (uint32_t p = 0; p < 3; p++) {
        for (int variant = 0; variant < 3; variant++) {
            uint32_t r0 = n;
            ps_nb_trainer *t = NULL;
            CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
            CHECK_EQ_INT(ps_nb_trainer_set_partition(t, p, 3), PS_OK);
            CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, variant == 2 ? 256 : 0), PS_OK);
            for (uint32_t i = 0; i < 2000; i++) {
                char text[200];
                const char *label;
                document(i, text, sizeof text, &label);
                ps_status st = ps_nb_trainer_add(t, S(text), S(label));
                if (st == PS_ERR_NB_FULL) { write_counts(t, &runs[n++], 1000); st = ps_nb_trainer_add(t, S(text), S(label)); }
                CHECK_EQ_INT(st, PS_OK);
            }
            CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_ERR_INVALID_ARGUMENT); /* a part alone is no model */
            if (variant == 0) write_counts(t, &full[p], 700);
            else if (variant == 1) write_with(t, &pruned[p], ps_nb_trainer_write_pruned);
            else {
                write_counts(t, &runs[n++], 700);
                prune_ctx c = {{0}};
                CHECK_EQ_INT(drive(runs + r0, n - r0, 333, prune_call, &c), PS_OK);
                limited[p] = c.out;
            }
            ps_nb_trainer_destroy(t);
        }
    }
    buf joined = merged_stream(full, 3, 100);
    CHECK(same(joined, one));
    buf got = merged_model(full, 3, 4096, NULL), got2 = merged_model(pruned, 3, 77, NULL), got3 = merged_model(limited, 3, 4096, NULL);
    CHECK(same(got, want));
    CHECK(same(got2, want));
    CHECK(same(got3, want));
    finish_ctx f = {NULL, NULL};
    CHECK_EQ_INT(drive(full, 2, 4096, finish_call, &f), PS_ERR_NB_MISMATCH); /* two parts of three */
    buf twice[3] = {full[0], full[0], full[2]};
    CHECK_EQ_INT(drive(twice, 3, 4096, finish_call, &f), PS_ERR_NB_MISMATCH);
    for (uint32_t i = 0; i < n; i++) free(runs[i].d);
    for (uint32_t p = 0; p < 3; p++) { free(full[p].d); free(pruned[p].d); free(limited[p].d); }
    free(want.d); free(one.d); free(joined.d); free(got.d); free(got2.d); free(got3.d);
    ps_nb_trainer_destroy(whole);
    ps_nb_options_destroy(o);
}

/* Classes come in label order whatever order the documents come in. */
static void test_class_order(void)
{
    ps_nb_options *o = options(32);
    buf a, b;
    for (int reverse = 0; reverse < 2; reverse++) {
        ps_nb_trainer *t = NULL;
        ps_nb_model *m = NULL;
        CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
        for (uint32_t j = 0; j < 600; j++) {
            char text[200];
            const char *label;
            document(reverse ? 599 - j : j, text, sizeof text, &label);
            CHECK_EQ_INT(ps_nb_trainer_add(t, S(text), S(label)), PS_OK);
        }
        CHECK_EQ_INT(ps_nb_trainer_finish(t, &m), PS_OK);
        CHECK_STR((const char *)ps_nb_model_label(m, 0, NULL), "meh");
        CHECK_STR((const char *)ps_nb_model_label(m, 2, NULL), "pos");
        if (reverse) b = save(m); else a = save(m);
        ps_nb_model_destroy(m);
        ps_nb_trainer_destroy(t);
    }
    CHECK(same(a, b));
    free(a.d); free(b.d);
    ps_nb_options_destroy(o);
}

/* A merger names its merged classes in label order once begun (a one-class error names its class). */
static void test_merger_labels(void)
{
    ps_nb_options *o = options(32);
    ps_nb_trainer *t = NULL;
    ps_nb_merger *mg = NULL;
    uint32_t need, len = 0;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("good"), S("pos")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("bad"), S("neg")), PS_OK);
    CHECK_EQ_INT(ps_nb_merger_create(1, &mg), PS_OK);
    CHECK_EQ_INT(ps_nb_merger_take_trainer(mg, 0, t), PS_OK);
    CHECK(ps_nb_merger_label(mg, 0, &len) == NULL); /* not begun */
    CHECK_EQ_INT(ps_nb_merger_begin(mg, &need), PS_OK);
    const uint8_t *first = ps_nb_merger_label(mg, 0, &len);
    CHECK(first != NULL && len == 3 && memcmp(first, "neg", 3) == 0);
    const uint8_t *second = ps_nb_merger_label(mg, 1, &len);
    CHECK(second != NULL && len == 3 && memcmp(second, "pos", 3) == 0);
    CHECK(ps_nb_merger_label(mg, 2, &len) == NULL);
    ps_nb_merger_destroy(mg);
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
}

/* NB_FULL changes nothing; a document alone over the limit is NB_TOO_LARGE, with the memory it needs. */
static void test_limit_errors(void)
{
    ps_nb_options *o = options(8);
    ps_nb_trainer *t = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
    uint8_t none[64];
    uint32_t none_len = 0, none_done = 0; /* no class yet: no count stream holds 0 classes */
    CHECK_EQ_INT(ps_nb_trainer_write_counts(t, none, sizeof none, &none_len, &none_done), PS_ERR_NB_NO_DATA);
    CHECK_EQ_INT(ps_nb_trainer_write_pruned(t, none, sizeof none, &none_len, &none_done), PS_ERR_NB_NO_DATA);
    CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, 256), PS_OK);
    static char big[200000];
    for (size_t i = 0; i + 1 < sizeof big; i++) big[i] = "ab cd efg hi "[i % 13];
    CHECK_EQ_INT(ps_nb_trainer_add(t, S(big), S("pos")), PS_ERR_NB_TOO_LARGE);
    CHECK(ps_nb_trainer_memory_needed(t, (uint32_t)strlen(big), 1) > 256);
    CHECK_EQ_INT(ps_nb_trainer_doc_count(t), 0);
    uint32_t added = 0;
    ps_status st;
    char text[64];
    do { /* new words each time, until the limit is near */
        snprintf(text, sizeof text, "a short review number %u", added);
        st = ps_nb_trainer_add(t, S(text), S("pos"));
    } while (st == PS_OK && ++added < 1000000);
    CHECK_EQ_INT(st, PS_ERR_NB_FULL);
    CHECK(added > 0);
    CHECK_EQ_INT(ps_nb_trainer_doc_count(t), added);
    CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(NULL, 1), PS_ERR_INVALID_ARGUMENT);
    ps_nb_trainer_destroy(t);
    ps_nb_options_destroy(o);
}

/* The least memory ps_nb_trainer_memory_needed names for a document is enough, also once writing the counts
 * out has left the trainer's arrays grown (3 classes, so that a 4th would lay the records out again): at
 * each limit, the longest document it says fits in a trainer of the 3 classes is taken after every spill,
 * not refused as NB_TOO_LARGE. */
static void test_limit_named_minimum_after_spills(void)
{
    static const char *labels[3] = {"pos", "neg", "mid"};
    static char big[400000];
    ps_nb_options *o = options(8);
    for (uint32_t limit = 512; limit <= 4096; limit *= 2) {
        ps_nb_trainer *t = NULL;
        CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
        CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, limit), PS_OK);
        for (uint32_t c = 0; c < 3; c++) CHECK_EQ_INT(ps_nb_trainer_add(t, S("a first review"), S(labels[c])), PS_OK);
        uint32_t len = 0;
        for (uint32_t step = 1u << 18; step; step >>= 1) /* the longest document it says fits */
            if (len + step < sizeof big && ps_nb_trainer_memory_needed(t, len + step, 0) <= limit) len += step;
        CHECK(len > 1000);
        for (uint32_t i = 0; i < len; i++) big[i] = "ab cd efg hi jk "[i % 16];
        uint32_t spills = 0, added = 0;
        for (uint32_t i = 0; spills < 3 && i < 2000000; i++) {
            char text[96];
            snprintf(text, sizeof text, "short review %u with words %u and %u", i, i * 7, i * 13);
            ps_status st = ps_nb_trainer_add(t, S(text), S(labels[i % 3]));
            if (st != PS_ERR_NB_FULL) { CHECK_EQ_INT(st, PS_OK); continue; }
            buf run = {0};
            write_counts(t, &run, 4096);
            free(run.d);
            spills++;
            CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)big, len, S("pos")), PS_OK);
            added++;
        }
        CHECK_EQ_INT(spills, 3);
        CHECK_EQ_INT(added, 3);
        ps_nb_trainer_destroy(t);
    }
    ps_nb_options_destroy(o);
}

/* What ps_nb_trainer_memory_needed names is the least limit that takes the document into an empty trainer:
 * one KiB less refuses it. For a trainer's first document (a new class that fits its first capacity), for
 * a document of one of its classes, and for a new class that doubles its capacity. */
static void test_limit_named_is_least(void)
{
    static char big[300000];
    for (size_t i = 0; i + 1 < sizeof big; i++) big[i] = "ab cd efg hi jk "[i % 16];
    ps_nb_options *o = options(8);
    static const struct { uint32_t classes; const char *label; int new_class; } cases[] = {
        {0, "pos", 1}, {2, "neg", 0}, {2, "mid", 1},
    };
    static const char *labels[2] = {"pos", "neg"};
    for (uint32_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (uint32_t len = 1000; len < sizeof big; len *= 4) {
            ps_nb_trainer *t = NULL;
            CHECK_EQ_INT(ps_nb_trainer_create(o, &t), PS_OK);
            for (uint32_t k = 0; k < cases[c].classes; k++) CHECK_EQ_INT(ps_nb_trainer_add(t, S("a review"), S(labels[k])), PS_OK);
            buf run = {0};
            if (cases[c].classes) write_counts(t, &run, 4096); /* empty again, its classes kept */
            free(run.d);
            uint32_t need = ps_nb_trainer_memory_needed(t, len, cases[c].new_class);
            CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, need - 1), PS_OK);
            CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)big, len, S(cases[c].label)), PS_ERR_NB_TOO_LARGE);
            CHECK_EQ_INT(ps_nb_trainer_set_memory_limit(t, need), PS_OK);
            CHECK_EQ_INT(ps_nb_trainer_add(t, (const uint8_t *)big, len, S(cases[c].label)), PS_OK);
            ps_nb_trainer_destroy(t);
        }
    }
    ps_nb_options_destroy(o);
}

/* Misuse the headers refuse: merging trainers of other partitions, more classes than a trainer holds (dst
 * unchanged), feeding an input no call asked for, and finishing counts where a class has no document (a
 * trainer's later stream, taken alone): none leaves a model that saves and will not load. */
static void test_merge_misuse(void)
{
    ps_nb_trainer *dst = NULL, *src = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(NULL, &dst), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_create(NULL, &src), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_set_partition(src, 0, 2), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(src, S("terrible awful"), S("neg")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(dst, S("great fine"), S("pos")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_merge(dst, src), PS_ERR_NB_MISMATCH);
    CHECK_EQ_INT(ps_nb_trainer_merge(src, dst), PS_ERR_NB_MISMATCH);
    ps_nb_trainer_destroy(src);

    char label[16];
    for (uint32_t c = 2; c < PS_NB_MAX_CLASSES; c++) { /* dst: "pos" and these, 1,024 classes but one */
        snprintf(label, sizeof label, "d%04u", c);
        CHECK_EQ_INT(ps_nb_trainer_add(dst, S("w"), S(label)), PS_OK);
    }
    CHECK_EQ_INT(ps_nb_trainer_create(NULL, &src), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(src, S("v"), S("a0")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(src, S("v"), S("a1")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_merge(dst, src), PS_ERR_NB_TOO_LARGE);
    ps_nb_model *m = NULL;
    CHECK_EQ_INT(ps_nb_trainer_finish(dst, &m), PS_OK);
    if (m) CHECK_EQ_INT(ps_nb_model_class_count(m), PS_NB_MAX_CLASSES - 1); /* no class of src came in */
    ps_nb_model_destroy(m);
    ps_nb_trainer_destroy(src);
    ps_nb_trainer_destroy(dst);

    ps_nb_merger *mg = NULL;
    uint32_t need = 9;
    CHECK_EQ_INT(ps_nb_merger_create(2, &mg), PS_OK);
    CHECK_EQ_INT(ps_nb_merger_feed(mg, 0, (const uint8_t *)"x", 1), PS_ERR_INVALID_ARGUMENT); /* nothing asked yet */
    CHECK_EQ_INT(ps_nb_merger_begin(mg, &need), PS_ERR_NEED_INPUT);
    CHECK_EQ_INT(need, 0);
    CHECK_EQ_INT(ps_nb_merger_feed(mg, 1, (const uint8_t *)"x", 1), PS_ERR_INVALID_ARGUMENT); /* 0 was asked */
    ps_nb_merger_destroy(mg);

    ps_nb_trainer *t = NULL;
    CHECK_EQ_INT(ps_nb_trainer_create(NULL, &t), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("alpha beta"), S("x")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("gamma delta"), S("y")), PS_OK);
    buf first = {0};
    write_counts(t, &first, 4096);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("alpha zeta"), S("x")), PS_OK);
    CHECK_EQ_INT(ps_nb_trainer_add(t, S("eta theta"), S("z")), PS_OK); /* y has no document from here on */
    CHECK_EQ_INT(ps_nb_merger_create(1, &mg), PS_OK);
    CHECK_EQ_INT(ps_nb_merger_take_trainer(mg, 0, t), PS_OK);
    m = NULL;
    CHECK_EQ_INT(ps_nb_merger_finish(mg, NULL, &m, &need), PS_ERR_NB_NO_DATA);
    CHECK(m == NULL);
    ps_nb_merger_destroy(mg);
    ps_nb_trainer_destroy(t);
    free(first.d);
}

/* Begins merging stream s with the counts of a trainer with options o: the status, the failed input checked. */
static ps_status merge_status(buf s, const ps_nb_options *o)
{
    buf runs[1], other = {0};
    uint32_t n = 0, need = 0;
    ps_nb_trainer *t = train(o, 0, 60, 1, 0, runs, &n);
    write_counts(t, &other, 4096);
    ps_nb_trainer_destroy(t);
    buf both[2] = {s, other};
    ps_nb_merger *m = NULL;
    CHECK_EQ_INT(ps_nb_merger_create(2, &m), PS_OK);
    CHECK(ps_nb_merger_input_options(m, 0) == NULL); /* no header read yet */
    ps_status st;
    while ((st = ps_nb_merger_begin(m, &need)) == PS_ERR_NEED_INPUT) {
        CHECK_EQ_INT(ps_nb_merger_feed(m, need, both[need].d, both[need].len), PS_OK);
        CHECK_EQ_INT(ps_nb_merger_feed(m, need, NULL, 0), PS_OK);
    }
    if (st == PS_ERR_NB_MISMATCH) CHECK_EQ_INT(ps_nb_merger_failed_input(m), 1);
    /* each input's own options, to say what differs */
    const ps_nb_options *second = ps_nb_merger_input_options(m, 1);
    CHECK(ps_nb_merger_input_options(m, 0) != NULL && second != NULL && ps_nb_merger_input_options(m, 2) == NULL);
    if (second) {
        CHECK_EQ_INT(ps_nb_options_negation(second), ps_nb_options_negation(o));
        CHECK_EQ_INT(ps_nb_options_char_ngram_max(second), ps_nb_options_char_ngram_max(o));
        CHECK_EQ_INT(ps_nb_options_emoji(second), ps_nb_options_emoji(o));
        CHECK_EQ_INT(ps_nb_options_unicode_case(second), ps_nb_options_unicode_case(o));
        CHECK_EQ_INT(ps_nb_options_fold_accents(second), ps_nb_options_fold_accents(o));
    }
    ps_nb_merger_destroy(m);
    free(other.d);
    return st;
}

/* A stream cut at every length, and with every byte altered: an error each time, never a crash. */
static void test_damaged_streams(void)
{
    ps_nb_options *o = options(8);
    buf runs[1], s = {0};
    uint32_t n = 0;
    ps_nb_trainer *t = train(o, 0, 12, 1, 0, runs, &n);
    write_counts(t, &s, 4096);
    ps_nb_trainer_destroy(t);
    int bad = 0;
    for (uint32_t len = 0; len < s.len; len++) {
        buf cut = {s.d, len, len};
        finish_ctx f = {NULL, NULL};
        ps_status st = drive(&cut, 1, 64, finish_call, &f);
        bad += st == PS_OK || st == PS_ERR_NEED_INPUT;
        ps_nb_model_destroy(f.model);
    }
    for (uint32_t i = 0; i < s.len; i++) {
        s.d[i] ^= 0x41;
        finish_ctx f = {NULL, NULL};
        ps_status st = drive(&s, 1, 999, finish_call, &f);
        bad += st == PS_OK;
        ps_nb_model_destroy(f.model);
        s.d[i] ^= 0x41;
    }
    CHECK_EQ_INT(bad, 0);
    /* other tokenizer options, each of them (the count header carries them all): NB_MISMATCH, about the second input */
    for (uint32_t change = 0; change < 5; change++) {
        ps_nb_options *other_options = options(8);
        ps_status set = change == 0 ? ps_nb_options_set_negation(other_options, 1)
                      : change == 1 ? ps_nb_options_set_char_ngrams(other_options, 1, 3)
                      : change == 2 ? ps_nb_options_set_emoji(other_options, 0)
                      : change == 3 ? ps_nb_options_set_unicode_case(other_options, 0)
                                    : ps_nb_options_set_fold_accents(other_options, 1);
        CHECK_EQ_INT(set, PS_OK);
        CHECK_EQ_INT(merge_status(s, other_options), PS_ERR_NB_MISMATCH);
        ps_nb_options_destroy(other_options);
    }
    CHECK_EQ_INT(merge_status(s, o), PS_OK);
    free(s.d);
    ps_nb_options_destroy(o);
}

int main(void)
{
    test_memory_limit_same_model();
    test_memory_limit_late_classes();
    test_merge_from_memory();
    test_key_order();
    test_crowded_hashes();
    test_shards_any_grouping();
    test_parts();
    test_class_order();
    test_merger_labels();
    test_limit_errors();
    test_limit_named_minimum_after_spills();
    test_limit_named_is_least();
    test_merge_misuse();
    test_damaged_streams();
    return check_report("test_nb_stream");
}
