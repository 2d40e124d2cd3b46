/* The colour histograms the palette clusters: a fixed grid of bins that keep
 * their pixels' exact mean, or, for images with few colours, every colour. */
#include "palette_internal.h"
#include <stdlib.h>
#include <string.h>

#define GRID_BITS 5
#define GRID_SHIFT (8 - GRID_BITS)
#define GRID_BINS (1u << (3 * GRID_BITS))
/* Per-chunk 32-bit sums cannot overflow: 255 * 2^24 < 2^32. */
#define CHUNK_PIXELS (1u << 24)
/* Two tables of two words a bin: see ps__grid_histogram. */
#define CHUNK_WORDS (2 * 2 * GRID_BINS)
#define NEAR_WHITE 240

void ps__points_free(ps__points *p)
{
    free(p->rgb);
    free(p->weight);
}

static ps_status points_alloc(ps__points *p, uint32_t n)
{
    p->n = n;
    p->rgb = malloc((size_t)(n ? n : 1) * sizeof *p->rgb);
    p->weight = malloc((size_t)(n ? n : 1) * sizeof *p->weight);
    if (p->rgb && p->weight) return PS_OK;
    ps__points_free(p);
    return PS_ERR_NO_MEMORY;
}

static int keep_pixel(const uint8_t *px, const ps_palette_options *o)
{
    if (px[3] < o->alpha_threshold) return 0;
    if (o->ignore_near_white && px[0] >= NEAR_WHITE && px[1] >= NEAR_WHITE && px[2] >= NEAR_WHITE) return 0;
    return 1;
}

/* Two 64-bit adds a pixel: (count << 32 | r) and (g << 32 | b); the low halves
 * cannot carry within a chunk. */
static inline void add_pixel(uint64_t *table, const uint8_t *px, const ps_palette_options *o)
{
    if (!keep_pixel(px, o)) return;
    uint64_t r = px[0], g = px[1], b = px[2];
    uint64_t *bin = table + 2 * ((r >> GRID_SHIFT) << (2 * GRID_BITS) | (g >> GRID_SHIFT) << GRID_BITS | b >> GRID_SHIFT);
    bin[0] += (1ull << 32) | r;
    bin[1] += g << 32 | b;
}

typedef struct bin64 { uint64_t count, r, g, b; } bin64;

/* Adds the pixels [start, end) to total, through the chunk tables (zeroed before and after). */
static void add_chunk(const uint8_t *rgba, size_t start, size_t end, const ps_palette_options *o, uint64_t *chunk,
                      bin64 *total)
{
    /* Even and odd pixels go to separate tables so that runs of one colour
     * do not chain read-modify-writes through one memory location. */
    const uint8_t *px = rgba + 4 * start, *stop = rgba + 4 * end;
    if ((end - start) & 1) add_pixel(chunk, px, o), px += 4;
    for (; px < stop; px += 8) {
        add_pixel(chunk, px, o);
        add_pixel(chunk + 2 * GRID_BINS, px + 4, o);
    }
    for (uint32_t lane = 0; lane < 2; lane++) {
        for (uint32_t i = 0; i < GRID_BINS; i++) {
            const uint64_t *bin = chunk + 2 * (lane * GRID_BINS + i);
            total[i].count += bin[0] >> 32; total[i].r += bin[0] & 0xFFFFFFFFu;
            total[i].g += bin[1] >> 32; total[i].b += bin[1] & 0xFFFFFFFFu;
        }
    }
    memset(chunk, 0, CHUNK_WORDS * sizeof *chunk);
}

ps_status ps__grid_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *out)
{
    uint64_t *chunk = calloc(CHUNK_WORDS, sizeof *chunk);
    bin64 *total = calloc(GRID_BINS, sizeof *total);
    if (!chunk || !total) { free(chunk); free(total); return PS_ERR_NO_MEMORY; }
    for (size_t start = 0; start < npix; start += CHUNK_PIXELS)
        add_chunk(rgba, start, npix - start > CHUNK_PIXELS ? start + CHUNK_PIXELS : npix, o, chunk, total);
    free(chunk);
    uint32_t n = 0;
    for (uint32_t i = 0; i < GRID_BINS; i++) n += total[i].count > 0;
    ps_status st = points_alloc(out, n);
    if (st == PS_OK) {
        uint32_t j = 0;
        for (uint32_t i = 0; i < GRID_BINS; i++) {
            uint64_t c = total[i].count;
            if (!c) continue;
            uint32_t r = (uint32_t)((total[i].r + c / 2) / c), g = (uint32_t)((total[i].g + c / 2) / c),
                     b = (uint32_t)((total[i].b + c / 2) / c);
            out->rgb[j] = r << 16 | g << 8 | b;
            out->weight[j++] = (double)c;
        }
    }
    free(total);
    return st;
}

/* An open-addressing table of colours (0x1RRGGBB, 0 = empty) and their counts. */
typedef struct color_table { uint32_t cap, used, *keys, *counts; } color_table;

static uint32_t slot_of(const color_table *t, uint32_t key)
{
    uint32_t slot = (key * 2654435761u) & (t->cap - 1);
    while (t->keys[slot] && t->keys[slot] != key) slot = (slot + 1) & (t->cap - 1);
    return slot;
}

static ps_status table_alloc(color_table *t, uint32_t cap)
{
    *t = (color_table){.cap = cap, .keys = calloc(cap, sizeof *t->keys), .counts = calloc(cap, sizeof *t->counts)};
    if (t->keys && t->counts) return PS_OK;
    free(t->keys); free(t->counts);
    return PS_ERR_NO_MEMORY;
}

static ps_status table_grow(color_table *t)
{
    color_table bigger;
    if (table_alloc(&bigger, t->cap * 2) != PS_OK) return PS_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->keys[i]) continue;
        uint32_t s = slot_of(&bigger, t->keys[i]);
        bigger.keys[s] = t->keys[i];
        bigger.counts[s] = t->counts[i];
    }
    bigger.used = t->used;
    free(t->keys); free(t->counts);
    *t = bigger;
    return PS_OK;
}

ps_status ps__exact_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *out)
{
    color_table t;
    if (table_alloc(&t, 1024) != PS_OK) return PS_ERR_NO_MEMORY;
    ps_status st = PS_OK;
    for (size_t p = 0; p < npix && st == PS_OK; p++) {
        const uint8_t *px = rgba + 4 * p;
        if (!keep_pixel(px, o)) continue;
        uint32_t key = 0x1000000u | (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
        uint32_t slot = slot_of(&t, key);
        if (!t.keys[slot]) t.keys[slot] = key, t.used++;
        t.counts[slot]++;
        if (t.used * 2 > t.cap) st = table_grow(&t);
    }
    if (st == PS_OK) st = points_alloc(out, t.used);
    if (st == PS_OK) {
        uint32_t j = 0;
        for (uint32_t i = 0; i < t.cap; i++) {
            if (!t.keys[i]) continue;
            out->rgb[j] = t.keys[i] & 0xFFFFFFu;
            out->weight[j++] = t.counts[i];
        }
    }
    free(t.keys);
    free(t.counts);
    return st;
}
