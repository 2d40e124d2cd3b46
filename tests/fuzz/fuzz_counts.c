/* Fuzz target: count streams through the merger. The input is split into one
 * to three streams (optionally with their CRC-32 repaired, so mutations reach
 * the record checks), fed in chunks of a size the input picks, merged into a
 * stream and finished into a model. Whatever the bytes: a status, never a
 * crash; and when the inputs finish into a model, so does their merged stream,
 * into the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "crc32.h"
#include "ps_memory.h"
#include "ps_nb.h"

typedef struct { const uint8_t *p; uint32_t len; } stream;
typedef struct { uint8_t *p; uint32_t len, cap; } sink;

static void put(sink *s, const uint8_t *p, uint32_t n)
{
    if (s->len + n > s->cap) {
        uint32_t cap = (s->len + n) * 2;
        uint8_t *q = realloc(s->p, cap);
        if (!q) abort();
        s->p = q;
        s->cap = cap;
    }
    memcpy(s->p + s->len, p, n);
    s->len += n;
}

/* Feeds input `need` its next chunk (or its end). */
static ps_status feed(ps_nb_merger *m, const stream *in, uint32_t *at, uint32_t need, uint32_t chunk)
{
    uint32_t left = in[need].len - at[need], n = left < chunk ? left : chunk;
    ps_status st = ps_nb_merger_feed(m, need, n ? in[need].p + at[need] : NULL, n);
    at[need] += n;
    return st;
}

/* The merged stream of the inputs into *out (PS_OK), or the merge's status. */
static ps_status merge(const stream *in, uint32_t n, uint32_t chunk, sink *out)
{
    ps_nb_merger *m;
    if (ps_nb_merger_create(n, &m) != PS_OK) abort();
    uint32_t at[3] = {0, 0, 0}, need = 0, len = 0, done = 0;
    uint8_t buf[777];
    ps_status st;
    while (!done) {
        st = ps_nb_merger_write(m, buf, sizeof buf, &len, &need, &done);
        if (st == PS_ERR_NEED_INPUT) st = feed(m, in, at, need, chunk);
        else if (st == PS_OK) put(out, buf, len);
        if (st != PS_OK) break;
    }
    ps_nb_merger_destroy(m);
    return st;
}

/* The saved model the inputs finish into (PS_OK), or the finish's status. */
static ps_status finish(const stream *in, uint32_t n, uint32_t chunk, sink *out)
{
    ps_nb_merger *m;
    if (ps_nb_merger_create(n, &m) != PS_OK) abort();
    uint32_t at[3] = {0, 0, 0}, need = 0;
    ps_nb_model *model = NULL;
    ps_status st;
    while ((st = ps_nb_merger_finish(m, NULL, &model, &need)) == PS_ERR_NEED_INPUT)
        if ((st = feed(m, in, at, need, chunk)) != PS_OK) break;
    ps_nb_merger_destroy(m);
    if (st == PS_OK) {
        uint8_t *bytes;
        uint32_t len;
        if (ps_nb_model_save(model, &bytes, &len) != PS_OK) abort();
        put(out, bytes, len);
        ps_free(bytes);
        ps_nb_model_destroy(model);
    }
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > (1u << 20)) return 0;
    uint32_t n = 1 + data[0] % 3, chunk = 1 + (uint32_t)data[1] * 37u, body = (uint32_t)size - 2, part = body / n;
    int repair = data[0] & 0x80;
    uint8_t *copy = malloc(body ? body : 1);
    if (!copy) abort();
    memcpy(copy, data + 2, body);
    stream in[3];
    for (uint32_t i = 0; i < n; i++) {
        in[i].p = copy + i * part;
        in[i].len = i + 1 == n ? body - i * part : part;
        if (repair && in[i].len >= 8) {
            uint32_t crc = ps__crc32(0, in[i].p, in[i].len - 4);
            uint8_t *end = copy + (in[i].p - copy) + in[i].len - 4;
            for (int b = 0; b < 4; b++) end[b] = (uint8_t)(crc >> (8 * b));
        }
    }
    sink merged = {0}, direct = {0}, again = {0};
    ps_status merged_st = merge(in, n, chunk, &merged);
    ps_status direct_st = finish(in, n, chunk, &direct);
    if (merged_st == PS_OK && direct_st == PS_OK) {
        stream one = {merged.p, merged.len};
        if (finish(&one, 1, chunk, &again) != PS_OK) abort();
        if (again.len != direct.len || memcmp(again.p, direct.p, direct.len) != 0) abort();
    }
    free(merged.p);
    free(direct.p);
    free(again.p);
    free(copy);
    return 0;
}
