/* The token ids of documents kept between epochs: see doc_cache.h. Each stored document is its id count, then
 * the gaps between its sorted ids, as LEB128 varints. */
#include "doc_cache.h"
#include "bytes.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

uint64_t ps__text_hash(const uint8_t *text, uint32_t len)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (uint32_t i = 0; i < len; i++) h = (h ^ text[i]) * 0x100000001B3ull;
    return h;
}

PS_COLD void ps__ids_sort(uint32_t *ids, uint32_t *tmp, uint32_t n)
{
    uint32_t *src = ids, *dst = tmp;
    if (n < 2) return;
    for (uint32_t shift = 0; shift < 32; shift += 8) {
        uint32_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++) count[((src[i] >> shift) & 0xFF) + 1]++;
        if (count[1 + ((src[0] >> shift) & 0xFF)] == n) continue; /* one bucket: nothing moves */
        for (uint32_t b = 1; b <= 256; b++) count[b] += count[b - 1];
        for (uint32_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
        uint32_t *t = src; src = dst; dst = t;
    }
    if (src != ids) memcpy(ids, src, n * sizeof *ids);
}

static uint32_t get_varint(const uint8_t **p)
{
    uint32_t v = 0;
    for (uint32_t shift = 0;; shift += 7) {
        uint8_t b = *(*p)++;
        v |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) return v;
    }
}

PS_COLD static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 1;
    size_t ncap = *cap ? *cap : 1024;
    while (ncap < need) ncap *= 2;
    void *q = realloc(*p, ncap * size);
    if (!q) return 0;
    *p = q;
    *cap = ncap;
    return 1;
}

PS_COLD ps_status ps__doc_cache_put(ps__doc_cache *c, uint64_t hash, uint32_t len, const uint32_t *ids, uint32_t n)
{
    size_t most = 5 * ((size_t)n + 1) + sizeof(ps__doc_entry);
    if (c->full || c->used + c->n * sizeof(ps__doc_entry) + most > c->budget) { c->full = 1; return PS_OK; }
    if (!grow((void **)&c->doc, &c->slots, c->n + 1, sizeof *c->doc) || !grow((void **)&c->bytes, &c->cap, c->used + most, 1))
        return PS_ERR_NO_MEMORY;
    uint8_t *p = c->bytes + c->used;
    size_t at = ps__put_varint(p, n);
    for (uint32_t i = 0, prev = 0; i < n; prev = ids[i++]) at += ps__put_varint(p + at, ids[i] - prev);
    c->doc[c->n++] = (ps__doc_entry){.hash = hash, .start = c->used, .len = len};
    c->used += at;
    return PS_OK;
}

uint32_t ps__doc_cache_count(const ps__doc_cache *c, uint32_t k)
{
    if (k >= c->n) return 0;
    const uint8_t *p = c->bytes + c->doc[k].start;
    return get_varint(&p);
}

uint32_t ps__doc_cache_get(const ps__doc_cache *c, uint32_t k, uint64_t hash, uint32_t len, uint32_t *ids, uint32_t cap)
{
    if (k >= c->n || c->doc[k].hash != hash || c->doc[k].len != len) return UINT32_MAX;
    const uint8_t *p = c->bytes + c->doc[k].start;
    uint32_t n = get_varint(&p), id = 0;
    if (n > cap) return UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) ids[i] = id += get_varint(&p);
    return n;
}

PS_COLD void ps__doc_cache_free(ps__doc_cache *c)
{
    free(c->bytes);
    free(c->doc);
    memset(c, 0, sizeof *c);
}
