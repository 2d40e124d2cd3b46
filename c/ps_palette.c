#include "ps_palette.h"
#include "ps_color.h"
#include "ps_kmeans.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLORS 256
#define GRID_BITS 5
#define GRID_SHIFT (8 - GRID_BITS)
#define GRID_BINS (1u << (3 * GRID_BITS))
/* Per-chunk 32-bit sums cannot overflow: 255 * 2^24 < 2^32. */
#define CHUNK_PIXELS (1u << 24)
#define NEAR_WHITE 240
/* Weiszfeld steps after Lloyd: the error people see is the mean ΔE, not the
 * squared one k-means minimises; measured on the benchmark images. */
#define MEDIAN_STEPS 10
/* Two tables of two words a bin: see grid_histogram. */
#define CHUNK_WORDS (2 * 2 * GRID_BINS)

struct ps_palette_options {
    uint32_t k, space, seed, max_iter, alpha_threshold, ignore_near_white, restarts;
    double tolerance;
};

struct ps_palette {
    uint32_t size, pixels;
    double delta_e;
    uint32_t rgb[MAX_COLORS];
    uint32_t count[MAX_COLORS];
    double share[MAX_COLORS];
};

/* The distinct colours to cluster: 0xRRGGBB with pixel counts as weights. */
typedef struct points {
    uint32_t n;
    uint32_t *rgb;
    double *weight;
} points;

static ps_palette_options default_options(void)
{
    return (ps_palette_options){.k = 5, .space = PS_SPACE_LAB, .seed = 0, .max_iter = 100,
                                .alpha_threshold = 128, .ignore_near_white = 0, .restarts = 3,
                                .tolerance = 0.01};
}

ps_status ps_palette_options_create(ps_palette_options **out)
{
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    ps_palette_options *o = malloc(sizeof *o);
    if (!o) return PS_ERR_NO_MEMORY;
    *o = default_options();
    *out = o;
    return PS_OK;
}

void ps_palette_options_destroy(ps_palette_options *opts) { free(opts); }

#define SETTER(name, type, field, valid)                                          \
    ps_status ps_palette_options_set_##name(ps_palette_options *opts, type value) \
    {                                                                             \
        if (!opts || !(valid)) return PS_ERR_INVALID_ARGUMENT;                    \
        opts->field = value;                                                      \
        return PS_OK;                                                             \
    }
SETTER(k, uint32_t, k, value >= 1 && value <= MAX_COLORS)
SETTER(space, uint32_t, space, value == PS_SPACE_LAB || value == PS_SPACE_RGB)
SETTER(seed, uint32_t, seed, 1)
SETTER(max_iter, uint32_t, max_iter, value >= 1 && value <= 10000)
SETTER(tolerance, double, tolerance, value >= 0.0 && value <= 100.0)
SETTER(alpha_threshold, uint32_t, alpha_threshold, value <= 256)
SETTER(ignore_near_white, uint32_t, ignore_near_white, 1)
SETTER(restarts, uint32_t, restarts, value >= 1 && value <= 32)
#undef SETTER

static void points_free(points *p)
{
    free(p->rgb);
    free(p->weight);
}

static ps_status points_alloc(points *p, uint32_t n)
{
    p->n = n;
    p->rgb = malloc((size_t)(n ? n : 1) * sizeof *p->rgb);
    p->weight = malloc((size_t)(n ? n : 1) * sizeof *p->weight);
    if (p->rgb && p->weight) return PS_OK;
    points_free(p);
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

/* One pass over the pixels into the grid; each occupied bin becomes one point
 * at its pixels' exact (rounded) mean colour. */
static ps_status grid_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, points *out)
{
    uint64_t *chunk = calloc(CHUNK_WORDS, sizeof *chunk);
    bin64 *total = calloc(GRID_BINS, sizeof *total);
    if (!chunk || !total) { free(chunk); free(total); return PS_ERR_NO_MEMORY; }
    for (size_t start = 0; start < npix; start += CHUNK_PIXELS) {
        size_t end = npix - start > CHUNK_PIXELS ? start + CHUNK_PIXELS : npix;
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

/* Every distinct colour with its count: used when the grid holds no more bins
 * than k, so that an image with few colours gets exactly its own colours. */
static ps_status exact_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, points *out)
{
    uint32_t cap = 1024, used = 0;
    uint32_t *keys = calloc(cap, sizeof *keys); /* 0 = empty, else 0x1RRGGBB */
    uint32_t *counts = calloc(cap, sizeof *counts);
    ps_status st = PS_OK;
    if (!keys || !counts) { st = PS_ERR_NO_MEMORY; goto done; }
    for (size_t p = 0; p < npix; p++) {
        const uint8_t *px = rgba + 4 * p;
        if (!keep_pixel(px, o)) continue;
        uint32_t key = 0x1000000u | (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
        uint32_t slot = (key * 2654435761u) & (cap - 1);
        while (keys[slot] && keys[slot] != key) slot = (slot + 1) & (cap - 1);
        if (!keys[slot]) {
            keys[slot] = key;
            if (++used * 2 > cap) { /* grow and rehash */
                uint32_t ncap = cap * 2;
                uint32_t *nkeys = calloc(ncap, sizeof *nkeys), *ncounts = calloc(ncap, sizeof *ncounts);
                if (!nkeys || !ncounts) { free(nkeys); free(ncounts); st = PS_ERR_NO_MEMORY; goto done; }
                counts[slot]++;
                for (uint32_t i = 0; i < cap; i++) {
                    if (!keys[i]) continue;
                    uint32_t s = (keys[i] * 2654435761u) & (ncap - 1);
                    while (nkeys[s]) s = (s + 1) & (ncap - 1);
                    nkeys[s] = keys[i];
                    ncounts[s] = counts[i];
                }
                free(keys); free(counts);
                keys = nkeys; counts = ncounts; cap = ncap;
                continue;
            }
        }
        counts[slot]++;
    }
    st = points_alloc(out, used);
    if (st == PS_OK) {
        uint32_t j = 0;
        for (uint32_t i = 0; i < cap; i++) {
            if (!keys[i]) continue;
            out->rgb[j] = keys[i] & 0xFFFFFFu;
            out->weight[j++] = counts[i];
        }
    }
done:
    free(keys);
    free(counts);
    return st;
}

static void to_space(const ps_color_lut *lut, uint32_t space, uint32_t rgb, double xyz[3])
{
    uint8_t r = rgb >> 16, g = (rgb >> 8) & 255, b = rgb & 255;
    if (space == PS_SPACE_LAB) {
        ps_color_srgb8_to_lab(lut, r, g, b, xyz);
    } else {
        xyz[0] = r; xyz[1] = g; xyz[2] = b;
    }
}

static uint32_t from_space(const ps_color_lut *lut, uint32_t space, const double xyz[3])
{
    uint8_t c[3];
    if (space == PS_SPACE_LAB) {
        ps_color_lab_to_srgb8(lut, xyz, c);
    } else {
        for (int i = 0; i < 3; i++) c[i] = xyz[i] <= 0.0 ? 0 : xyz[i] >= 255.0 ? 255 : (uint8_t)(xyz[i] + 0.5);
    }
    return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
}

static int comes_before(const ps_palette *p, uint32_t a, uint32_t b)
{
    return p->count[a] != p->count[b] ? p->count[a] > p->count[b] : p->rgb[a] < p->rgb[b];
}

static void sort_palette(ps_palette *p)
{
    for (uint32_t i = 1; i < p->size; i++) {
        for (uint32_t j = i; j > 0 && comes_before(p, j, j - 1); j--) {
            uint32_t t = p->rgb[j]; p->rgb[j] = p->rgb[j - 1]; p->rgb[j - 1] = t;
            t = p->count[j]; p->count[j] = p->count[j - 1]; p->count[j - 1] = t;
        }
    }
}

/* Palette of exactly the given colours (n <= k): no clustering, ΔE 0. */
static void palette_from_points(const points *pts, ps_palette *pal)
{
    pal->size = pts->n;
    for (uint32_t i = 0; i < pts->n; i++) {
        pal->rgb[i] = pts->rgb[i];
        pal->count[i] = (uint32_t)pts->weight[i];
    }
    pal->delta_e = 0.0;
}

/* Clusters the points, rounds the centres to sRGB8, reassigns every point to
 * its nearest rounded colour and merges colours that rounded alike. */
static ps_status palette_from_kmeans(const points *pts, const ps_palette_options *o, const ps_color_lut *lut,
                                     ps_palette *pal)
{
    uint32_t n = pts->n, k = o->k;
    double *coords = malloc((size_t)n * 3 * sizeof *coords);
    uint32_t *assign = malloc((size_t)n * sizeof *assign);
    double centres[3 * MAX_COLORS];
    ps_status st = PS_ERR_NO_MEMORY;
    if (!coords || !assign) goto done;
    for (uint32_t i = 0; i < n; i++) to_space(lut, o->space, pts->rgb[i], coords + 3 * i);
    ps_kmeans_params params = {.k = k, .max_iter = o->max_iter, .restarts = o->restarts,
                               .tolerance = o->tolerance, .seed = o->seed,
                               .median_steps = MEDIAN_STEPS};
    st = ps_kmeans_run(coords, pts->weight, n, &params, centres, assign);
    if (st != PS_OK) goto done;

    uint32_t unique = 0;
    for (uint32_t c = 0; c < k; c++) {
        uint32_t rgb = from_space(lut, o->space, centres + 3 * c);
        uint32_t j = 0;
        while (j < unique && pal->rgb[j] != rgb) j++;
        if (j == unique) pal->rgb[unique++] = rgb;
    }
    for (uint32_t c = 0; c < unique; c++) to_space(lut, o->space, pal->rgb[c], centres + 3 * c);
    double counts[MAX_COLORS] = {0}, err = 0.0, total = 0.0;
    double lab_of[3 * MAX_COLORS];
    for (uint32_t c = 0; c < unique; c++) to_space(lut, PS_SPACE_LAB, pal->rgb[c], lab_of + 3 * c);
    for (uint32_t i = 0; i < n; i++) {
        double d2, lab[3];
        uint32_t c = ps_kmeans_nearest(centres, unique, coords + 3 * i, &d2);
        counts[c] += pts->weight[i];
        total += pts->weight[i];
        if (o->space == PS_SPACE_LAB) {
            err += pts->weight[i] * sqrt(d2);
        } else {
            to_space(lut, PS_SPACE_LAB, pts->rgb[i], lab);
            err += pts->weight[i] * sqrt(ps_color_dist2(lab, lab_of + 3 * c));
        }
    }
    pal->size = 0;
    for (uint32_t c = 0; c < unique; c++) {
        if (counts[c] <= 0.0) continue;
        pal->rgb[pal->size] = pal->rgb[c];
        pal->count[pal->size++] = (uint32_t)counts[c];
    }
    pal->delta_e = err / total;
done:
    free(coords);
    free(assign);
    return st;
}

ps_status ps_palette_extract(const uint8_t *rgba, uint32_t width, uint32_t height,
                             const ps_palette_options *opts, ps_palette **out)
{
    if (!rgba || !out || width == 0 || height == 0) return PS_ERR_INVALID_ARGUMENT;
    uint64_t npix = (uint64_t)width * height;
    if (npix > UINT32_MAX || npix > SIZE_MAX / 4) return PS_ERR_INVALID_ARGUMENT;
    ps_palette_options defaults = default_options();
    if (!opts) opts = &defaults;
    ps_palette *pal = calloc(1, sizeof *pal);
    if (!pal) return PS_ERR_NO_MEMORY;
    points pts = {0};
    ps_status st = grid_histogram(rgba, (size_t)npix, opts, &pts);
    if (st == PS_OK && pts.n > 0 && pts.n <= opts->k) {
        points_free(&pts);
        st = exact_histogram(rgba, (size_t)npix, opts, &pts);
    }
    if (st == PS_OK && pts.n == 0) st = PS_ERR_NO_PIXELS;
    if (st == PS_OK) {
        ps_color_lut lut;
        ps_color_lut_init(&lut);
        if (pts.n <= opts->k) palette_from_points(&pts, pal);
        else st = palette_from_kmeans(&pts, opts, &lut, pal);
    }
    points_free(&pts);
    if (st != PS_OK) { free(pal); return st; }
    for (uint32_t i = 0; i < pal->size; i++) pal->pixels += pal->count[i];
    sort_palette(pal);
    for (uint32_t i = 0; i < pal->size; i++) pal->share[i] = (double)pal->count[i] / pal->pixels;
    *out = pal;
    return PS_OK;
}

ps_status ps_palette_create(const uint32_t *rgb, uint32_t n, ps_palette **out)
{
    if (!rgb || !out || n < 1 || n > MAX_COLORS) return PS_ERR_INVALID_ARGUMENT;
    ps_palette *pal = calloc(1, sizeof *pal);
    if (!pal) return PS_ERR_NO_MEMORY;
    pal->size = n;
    for (uint32_t i = 0; i < n; i++) pal->rgb[i] = rgb[i] & 0xFFFFFFu;
    *out = pal;
    return PS_OK;
}

void ps_palette_destroy(ps_palette *pal) { free(pal); }
uint32_t ps_palette_size(const ps_palette *pal) { return pal ? pal->size : 0; }
uint32_t ps_palette_rgb(const ps_palette *pal, uint32_t i) { return pal && i < pal->size ? pal->rgb[i] : 0; }
uint32_t ps_palette_count(const ps_palette *pal, uint32_t i) { return pal && i < pal->size ? pal->count[i] : 0; }
double ps_palette_share(const ps_palette *pal, uint32_t i) { return pal && i < pal->size ? pal->share[i] : 0.0; }
uint32_t ps_palette_pixels(const ps_palette *pal) { return pal ? pal->pixels : 0; }
double ps_palette_delta_e(const ps_palette *pal) { return pal ? pal->delta_e : 0.0; }

#define REMAP_CACHE 4096

ps_status ps_palette_remap(const ps_palette *pal, const uint8_t *rgba, uint32_t width, uint32_t height,
                           uint8_t *out, double *mean_delta_e)
{
    if (!pal || !rgba || !out || width == 0 || height == 0) return PS_ERR_INVALID_ARGUMENT;
    uint64_t npix = (uint64_t)width * height;
    if (npix > UINT32_MAX || npix > SIZE_MAX / 4) return PS_ERR_INVALID_ARGUMENT;
    uint32_t *cache_key = malloc(REMAP_CACHE * sizeof *cache_key);
    uint32_t *cache_index = malloc(REMAP_CACHE * sizeof *cache_index);
    double *cache_de = malloc(REMAP_CACHE * sizeof *cache_de);
    if (!cache_key || !cache_index || !cache_de) {
        free(cache_key); free(cache_index); free(cache_de);
        return PS_ERR_NO_MEMORY;
    }
    memset(cache_key, 0, REMAP_CACHE * sizeof *cache_key);
    ps_color_lut lut;
    ps_color_lut_init(&lut);
    double labs[3 * MAX_COLORS];
    for (uint32_t c = 0; c < pal->size; c++) to_space(&lut, PS_SPACE_LAB, pal->rgb[c], labs + 3 * c);
    double err = 0.0;
    for (size_t p = 0; p < (size_t)npix; p++) {
        const uint8_t *px = rgba + 4 * p;
        uint32_t key = 0x1000000u | (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
        uint32_t slot = (key * 2654435761u) >> 20;
        if (cache_key[slot] != key) {
            double lab[3], d2;
            to_space(&lut, PS_SPACE_LAB, key & 0xFFFFFFu, lab);
            cache_key[slot] = key;
            cache_index[slot] = ps_kmeans_nearest(labs, pal->size, lab, &d2);
            cache_de[slot] = sqrt(d2);
        }
        uint32_t rgb = pal->rgb[cache_index[slot]];
        err += cache_de[slot];
        uint8_t *o = out + 4 * p;
        o[3] = px[3];
        o[0] = rgb >> 16; o[1] = (rgb >> 8) & 255; o[2] = rgb & 255;
    }
    if (mean_delta_e) *mean_delta_e = err / (double)npix;
    free(cache_key); free(cache_index); free(cache_de);
    return PS_OK;
}
