/* The count stream codec (see nb_counts.h and FORMAT.md). */
#include "nb_counts.h"
#include "bytes.h"
#include "crc32.h"
#include "heap_sort.h"
#include "utf8.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

static const uint8_t MAGIC[8] = PS_COUNTS_MAGIC; /* without the literal's NUL */
/* magic, major u16, minor u16, the 24-byte options, part u16, parts u16, flags u16, 0 u16, k u32 */
#define FIXED_HEADER 48u
#define FLAG_PRUNED 1u

/* ---------- writing ---------- */

PS_COLD void ps__bytes_free(ps__bytes *q)
{
    free(q->p);
    *q = (ps__bytes){0};
}

/* Counts the bytes put since the last time into the CRC. */
static void checksum(ps__bytes *q)
{
    q->crc = ps__crc32(q->crc, q->p + q->crc_at, (uint32_t)(q->len - q->crc_at));
    q->crc_at = q->len;
}

uint32_t ps__bytes_drain(ps__bytes *q, uint8_t *out, uint32_t cap)
{
    if (q->p) checksum(q);
    size_t n = ps__bytes_size(q) < cap ? ps__bytes_size(q) : cap;
    if (n == 0) return 0;
    memcpy(out, q->p + q->at, n);
    q->at += n;
    if (q->at == q->len) q->at = q->len = q->crc_at = 0;
    return (uint32_t)n;
}

/* Room for n more bytes at the end (the unread ones are moved to the front first). */
static ps_status room(ps__bytes *q, size_t n)
{
    if (q->at) {
        if (q->p) checksum(q);
        memmove(q->p, q->p + q->at, q->len - q->at);
        q->len -= q->at;
        q->crc_at -= q->at;
        q->at = 0;
    }
    return ps__bytes_reserve(&q->p, &q->cap, q->len + n);
}

ps_status ps__bytes_reserve(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return PS_OK;
    size_t grown = *cap ? *cap : 65536;
    while (grown < need) grown *= 2;
    uint8_t *p = realloc(*buf, grown);
    if (!p) return PS_ERR_NO_MEMORY;
    *buf = p;
    *cap = grown;
    return PS_OK;
}

static uint8_t *put(ps__bytes *q, size_t n) { uint8_t *at = q->p + q->len; q->len += n; return at; }

PS_COLD ps_status ps__counts_put_header(ps__bytes *q, const ps_nb_options *o, ps__counts_kind kind, uint32_t k,
                                uint8_t *const *labels, const uint32_t *label_len, const uint32_t *docs)
{
    size_t size = FIXED_HEADER;
    for (uint32_t c = 0; c < k; c++) size += 6u + label_len[c];
    if (room(q, size) != PS_OK) return PS_ERR_NO_MEMORY;
    uint8_t *p = put(q, size);
    memcpy(p, MAGIC, 8);
    p[8] = PS__COUNTS_MAJOR; p[9] = 0; p[10] = PS__COUNTS_MINOR; p[11] = 0;
    ps__nb_options_put(o, p + 12);
    ps__wr32(p + 36, kind.part | kind.parts << 16);
    ps__wr32(p + 40, kind.pruned ? FLAG_PRUNED : 0);
    ps__wr32(p + 44, k);
    p += FIXED_HEADER;
    for (uint32_t c = 0; c < k; c++) {
        ps__wr32(p, docs[c]);
        p[4] = (uint8_t)label_len[c]; p[5] = (uint8_t)(label_len[c] >> 8);
        memcpy(p + 6, labels[c], label_len[c]);
        p += 6 + label_len[c];
    }
    return PS_OK;
}

ps_status ps__counts_put_record(ps__bytes *q, const uint8_t *tok, uint32_t len, uint32_t df, const uint32_t *counts,
                                uint32_t k)
{
    if (room(q, 1u + len + 5u + 5u * k) != PS_OK) return PS_ERR_NO_MEMORY;
    uint8_t *p = q->p + q->len, *start = p;
    *p++ = (uint8_t)len;
    memcpy(p, tok, len);
    p += len;
    p += ps__put_varint(p, df);
    for (uint32_t c = 0; c < k; c++) p += ps__put_varint(p, counts[c]);
    q->len += (size_t)(p - start);
    q->records++;
    return PS_OK;
}

PS_COLD ps_status ps__counts_put_end(ps__bytes *q)
{
    if (room(q, 13) != PS_OK) return PS_ERR_NO_MEMORY;
    uint8_t *p = put(q, 9);
    p[0] = 0;
    ps__wr32(p + 1, (uint32_t)q->records);
    ps__wr32(p + 5, (uint32_t)(q->records >> 32));
    checksum(q);
    ps__wr32(put(q, 4), q->crc);
    q->crc_at = q->len; /* the CRC itself is not checksummed */
    return PS_OK;
}

/* ---------- reading ---------- */

/* A minimal LEB128 u32 at p (avail bytes): its length, 0 if incomplete, -1 if malformed or overlong. */
static int get_varint(const uint8_t *p, size_t avail, uint32_t *v)
{
    uint64_t x = 0;
    for (int i = 0; i < 5; i++) {
        if ((size_t)i >= avail) return 0;
        x |= (uint64_t)(p[i] & 0x7F) << (7 * i);
        if (!(p[i] & 0x80)) {
            if ((i > 0 && p[i] == 0) || x > UINT32_MAX) return -1;
            *v = (uint32_t)x;
            return i + 1;
        }
    }
    return -1;
}

#define NEED(n) do { if (avail < (n)) return ended ? PS_ERR_COUNTS_TRUNCATED : PS_ERR_NEED_INPUT; } while (0)

PS_COLD ps_status ps__counts_parse_header(const uint8_t *p, size_t avail, int ended, ps__counts_header *h, size_t *used)
{
    NEED(8);
    if (memcmp(p, MAGIC, 8) != 0) return PS_ERR_COUNTS_MAGIC;
    NEED(FIXED_HEADER);
    if (ps__rd16(p + 8) != PS__COUNTS_MAJOR) return PS_ERR_COUNTS_VERSION;
    if (ps__nb_options_get(p + 12, &h->opts) != PS_OK) return PS_ERR_COUNTS_CORRUPT;
    h->kind = (ps__counts_kind){.part = ps__rd16(p + 36), .parts = ps__rd16(p + 38), .pruned = ps__rd32(p + 40) & FLAG_PRUNED};
    if (h->kind.parts < 1 || h->kind.parts > PS_NB_MAX_PARTS || h->kind.part >= h->kind.parts || (ps__rd32(p + 40) & ~FLAG_PRUNED))
        return PS_ERR_COUNTS_CORRUPT;
    h->k = ps__rd32(p + 44);
    if (h->k < 1 || h->k > PS_NB_MAX_CLASSES) return PS_ERR_COUNTS_CORRUPT;
    size_t at = FIXED_HEADER;
    h->total_docs = 0;
    for (uint32_t c = 0; c < h->k; c++) {
        NEED(at + 6);
        uint32_t ll = ps__rd16(p + at + 4);
        NEED(at + 6 + ll);
        h->docs[c] = ps__rd32(p + at);
        h->labels[c] = p + at + 6;
        h->label_len[c] = ll;
        h->total_docs += h->docs[c];
        if (ll == 0 || ll > PS_NB_MAX_LABEL || !ps__utf8_valid(h->labels[c], ll) ||
            (c && !ps__nb_label_less(h->labels[c - 1], h->label_len[c - 1], h->labels[c], ll)))
            return PS_ERR_COUNTS_CORRUPT;
        at += 6 + ll;
    }
    if (h->total_docs >= UINT32_MAX) return PS_ERR_COUNTS_CORRUPT;
    *used = at;
    return PS_OK;
}

ps_status ps__counts_parse_record(const uint8_t *p, size_t avail, int ended, const ps__counts_header *h,
                                  ps__counts_record *r, size_t *used)
{
    NEED(1);
    r->len = p[0];
    if (r->len == 0) { *used = 1; return PS_OK; } /* the end marker */
    NEED(1u + r->len);
    r->tok = p + 1;
    if (memchr(r->tok, 0, r->len)) return PS_ERR_COUNTS_CORRUPT;
    size_t at = 1u + r->len;
    uint64_t sum = 0;
    for (uint32_t c = 0; c <= h->k; c++) {
        uint32_t v = 0;
        int n = get_varint(p + at, avail - at, &v);
        if (n < 0) return PS_ERR_COUNTS_CORRUPT;
        if (n == 0) return ended ? PS_ERR_COUNTS_TRUNCATED : PS_ERR_NEED_INPUT;
        if (c == 0) r->df = v;
        else { r->counts[c - 1] = v; sum += v; }
        at += (size_t)n;
    }
    /* df documents hold the token: at least one, at most all; binary counts are one per document */
    if (r->df == 0 || r->df > h->total_docs || sum < r->df || (h->opts.binary && sum != r->df)) return PS_ERR_COUNTS_CORRUPT;
    /* most records have 8 more bytes after the token in the buffer: the hash may read them */
    r->hash = avail >= 9u + r->len ? ps__tok_hash_padded(r->tok, r->len) : ps__tok_hash(r->tok, r->len);
    *used = at;
    return PS_OK;
}

PS_COLD ps_status ps__counts_parse_trailer(const uint8_t *p, size_t avail, int ended, uint64_t records, uint32_t crc, size_t *used)
{
    NEED(12);
    if ((uint64_t)ps__rd32(p) + ((uint64_t)ps__rd32(p + 4) << 32) != records) return PS_ERR_COUNTS_CORRUPT;
    if (ps__crc32(crc, p, 8) != ps__rd32(p + 8)) return PS_ERR_COUNTS_CHECKSUM;
    *used = 12;
    return PS_OK;
}

int ps__counts_key_cmp(uint64_t ha, const uint8_t *a, uint32_t al, uint64_t hb, const uint8_t *b, uint32_t bl)
{
    if (ha != hb) return ha < hb ? -1 : 1;
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

/* Ids with their keys, for ps__heap_sort in key order. */
typedef struct keyed_ids {
    uint64_t *keys;
    uint32_t *ids;
    const uint8_t *(*token)(const void *ctx, uint32_t id, uint32_t *len);
    const void *ctx;
} keyed_ids;

PS_COLD static int key_less(const void *ctx, uint32_t i, uint32_t j)
{
    const keyed_ids *r = ctx;
    if (r->keys[i] != r->keys[j]) return r->keys[i] < r->keys[j];
    uint32_t il, jl;
    const uint8_t *a = r->token(r->ctx, r->ids[i], &il), *b = r->token(r->ctx, r->ids[j], &jl);
    return ps__counts_key_cmp(r->keys[i], a, il, r->keys[j], b, jl) < 0;
}

PS_COLD static void key_swap(void *ctx, uint32_t i, uint32_t j)
{
    keyed_ids *r = ctx;
    uint64_t k = r->keys[i]; r->keys[i] = r->keys[j]; r->keys[j] = k;
    uint32_t id = r->ids[i]; r->ids[i] = r->ids[j]; r->ids[j] = id;
}

/* The largest bucket sorted by insertion: uniform hashes put a few keys in each; more were chosen to collide. */
#define INSERTION_MAX 32u

PS_COLD ps_status ps__counts_sort(uint64_t *keys, uint32_t *ids, uint32_t n,
                          const uint8_t *(*token)(const void *ctx, uint32_t id, uint32_t *len), const void *ctx)
{
    enum { BUCKETS = 65536 };
    uint32_t *cnt = calloc(BUCKETS + 1, sizeof *cnt), *id2 = malloc((size_t)(n ? n : 1) * sizeof *id2);
    uint64_t *key2 = malloc((size_t)(n ? n : 1) * sizeof *key2);
    if (!cnt || !id2 || !key2) { free(cnt); free(id2); free(key2); return PS_ERR_NO_MEMORY; }
    for (uint32_t i = 0; i < n; i++) cnt[(keys[i] >> 48) + 1]++;
    for (uint32_t b = 1; b <= BUCKETS; b++) cnt[b] += cnt[b - 1];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t at = cnt[keys[i] >> 48]++;
        key2[at] = keys[i];
        id2[at] = ids[i];
    }
    for (uint32_t b = 0, lo = 0; b < BUCKETS; lo = cnt[b++]) {
        if (cnt[b] - lo > INSERTION_MAX) { /* keys chosen to share their top bits */
            memcpy(keys + lo, key2 + lo, (cnt[b] - lo) * sizeof *keys);
            memcpy(ids + lo, id2 + lo, (cnt[b] - lo) * sizeof *ids);
            keyed_ids r = {keys + lo, ids + lo, token, ctx};
            ps__heap_sort(cnt[b] - lo, key_less, key_swap, &r);
            continue;
        }
        for (uint32_t i = lo; i < cnt[b]; i++) {
            uint64_t k = key2[i];
            uint32_t id = id2[i], j = i;
            for (; j > lo && keys[j - 1] >= k; j--) {
                if (keys[j - 1] == k) { /* equal hashes (rare): the bytes decide */
                    uint32_t len, jlen;
                    const uint8_t *tok = token(ctx, id, &len), *other = token(ctx, ids[j - 1], &jlen);
                    if (ps__counts_key_cmp(k, other, jlen, k, tok, len) < 0) break;
                }
                keys[j] = keys[j - 1];
                ids[j] = ids[j - 1];
            }
            keys[j] = k;
            ids[j] = id;
        }
    }
    free(cnt); free(id2); free(key2);
    return PS_OK;
}
