/* ps_palette: options, extraction (histogram -> k-means -> sorted palette) and
 * the palette's accessors. See ps_palette.h. */
#include "palette_internal.h"
#include "color.h"
#include "kmeans.h"
#include "options.h"
#include "cold.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Weiszfeld steps after Lloyd: the error people see is the mean ΔE, not the
 * squared one k-means minimises; measured on the benchmark images. */
#define MEDIAN_STEPS 10

static ps_palette_options default_options(void)
{
    return (ps_palette_options){.k = PS_PALETTE_K_DEFAULT, .space = PS_PALETTE_SPACE_DEFAULT,
                                .seed = PS_PALETTE_SEED_DEFAULT, .max_iter = PS_PALETTE_MAX_ITER_DEFAULT,
                                .alpha_threshold = PS_PALETTE_ALPHA_THRESHOLD_DEFAULT,
                                .ignore_near_white = PS_PALETTE_IGNORE_NEAR_WHITE_DEFAULT,
                                .restarts = PS_PALETTE_RESTARTS_DEFAULT, .tolerance = PS_PALETTE_TOLERANCE_DEFAULT};
}

PS_COLD ps_status ps_palette_options_create(ps_palette_options **out)
{
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    ps_palette_options *o = malloc(sizeof *o);
    if (!o) return PS_ERR_NO_MEMORY;
    *o = default_options();
    *out = o;
    return PS_OK;
}

void ps_palette_options_destroy(ps_palette_options *opts) { free(opts); }

/* A range-checked setter and its getter for each option (the getter gives 0 for NULL). */
#define OPTION(name, type, valid)                                                                   \
    PS__SETTER(ps_palette_options_set_##name, ps_palette_options, name, type, valid)                 \
    type ps_palette_options_##name(const ps_palette_options *opts) { return opts ? opts->name : 0; }
#define IN(name) (value >= PS_PALETTE_##name##_MIN && value <= PS_PALETTE_##name##_MAX)
OPTION(k, uint32_t, IN(K))
OPTION(space, ps_space, ps__color_space(value) != NULL)
OPTION(seed, uint32_t, 1)
OPTION(max_iter, uint32_t, IN(MAX_ITER))
OPTION(tolerance, double, IN(TOLERANCE))
OPTION(alpha_threshold, uint32_t, value <= PS_PALETTE_ALPHA_THRESHOLD_MAX)
OPTION(ignore_near_white, uint32_t, value <= 1)
OPTION(restarts, uint32_t, IN(RESTARTS))
#undef IN
#undef OPTION

static int comes_before(const ps_palette *p, uint32_t a, uint32_t b)
{
    return p->count[a] != p->count[b] ? p->count[a] > p->count[b] : p->rgb[a] < p->rgb[b];
}

PS_COLD static void sort_palette(ps_palette *p)
{
    for (uint32_t i = 1; i < p->size; i++) {
        for (uint32_t j = i; j > 0 && comes_before(p, j, j - 1); j--) {
            uint32_t t = p->rgb[j]; p->rgb[j] = p->rgb[j - 1]; p->rgb[j - 1] = t;
            t = p->count[j]; p->count[j] = p->count[j - 1]; p->count[j - 1] = t;
        }
    }
}

/* Palette of exactly the given colours (n <= k): no clustering, ΔE 0. */
PS_COLD static void palette_from_points(const ps__points *pts, ps_palette *pal)
{
    pal->size = pts->n;
    for (uint32_t i = 0; i < pts->n; i++) {
        pal->rgb[i] = pts->rgb[i];
        pal->count[i] = (uint32_t)pts->weight[i];
    }
    pal->delta_e = 0.0;
}

/* Rounds the k centres to sRGB8, merging colours that round alike; their coordinates go back to centres.
 * Returns the number of distinct colours. */
PS_COLD static uint32_t round_centres(const ps__space *sp, const ps__color_lut *lut, uint32_t k, double *centres, ps_palette *pal)
{
    uint32_t unique = 0;
    for (uint32_t c = 0; c < k; c++) {
        uint32_t rgb = sp->from(lut, centres + 3 * c), j = 0;
        while (j < unique && pal->rgb[j] != rgb) j++;
        if (j == unique) pal->rgb[unique++] = rgb;
    }
    for (uint32_t c = 0; c < unique; c++) sp->to(lut, pal->rgb[c], centres + 3 * c);
    return unique;
}

/* Reassigns every point to its nearest rounded colour: the counts and the mean ΔE76 of the palette. */
static void assign_points(const ps__points *pts, const double *coords, const ps__space *sp, const ps__color_lut *lut,
                          const double *centres, uint32_t unique, const uint32_t *prev, ps_palette *pal)
{
    const ps__space *lab = ps__color_space(PS_SPACE_LAB);
    double counts[PS_PALETTE_K_MAX] = {0}, err = 0.0, total = 0.0, lab_of[3 * PS_PALETTE_K_MAX], gap2[PS_PALETTE_K_MAX];
    for (uint32_t c = 0; c < unique; c++) lab->to(lut, pal->rgb[c], lab_of + 3 * c);
    ps__kmeans_gaps(centres, unique, gap2);
    for (uint32_t i = 0; i < pts->n; i++) {
        double d2, xyz[3];
        uint32_t c = ps__kmeans_nearest_from(centres, gap2, unique, coords + 3 * i, prev[i], &d2);
        counts[c] += pts->weight[i];
        total += pts->weight[i];
        if (sp->distance_is_delta_e) {
            err += pts->weight[i] * sqrt(d2);
        } else {
            lab->to(lut, pts->rgb[i], xyz);
            err += pts->weight[i] * sqrt(ps__color_dist2(xyz, lab_of + 3 * c));
        }
    }
    pal->size = 0;
    for (uint32_t c = 0; c < unique; c++) {
        if (counts[c] <= 0.0) continue;
        pal->rgb[pal->size] = pal->rgb[c];
        pal->count[pal->size++] = (uint32_t)counts[c];
    }
    pal->delta_e = err / total;
}

/* Clusters the points, rounds the centres to sRGB8, reassigns every point to
 * its nearest rounded colour and merges colours that rounded alike. */
static ps_status palette_from_kmeans(const ps__points *pts, const ps_palette_options *o, const ps__color_lut *lut,
                                     ps_palette *pal)
{
    const ps__space *sp = ps__color_space(o->space);
    double *coords = malloc((size_t)pts->n * 3 * sizeof *coords);
    uint32_t *assign = malloc((size_t)pts->n * sizeof *assign);
    double centres[3 * PS_PALETTE_K_MAX];
    ps_status st = PS_ERR_NO_MEMORY;
    if (coords && assign) {
        for (uint32_t i = 0; i < pts->n; i++) sp->to(lut, pts->rgb[i], coords + 3 * i);
        ps__kmeans_params params = {.k = o->k, .max_iter = o->max_iter, .restarts = o->restarts,
                                    .tolerance = o->tolerance, .seed = o->seed, .median_steps = MEDIAN_STEPS};
        st = ps__kmeans_run(coords, pts->weight, pts->n, &params, centres, assign);
    }
    if (st == PS_OK) {
        uint32_t unique = round_centres(sp, lut, o->k, centres, pal);
        assign_points(pts, coords, sp, lut, centres, unique, assign, pal);
    }
    free(coords);
    free(assign);
    return st;
}

/* Images up to this many pixels are clustered on their exact colours: no more
 * points than the grid would give, and a cost that follows the pixel count
 * (the grid's table is 256 KB whatever the image). */
#define SMALL_IMAGE 4096u

/* The histogram of the image: its exact colours when it is small or they are
 * no more than k, else the grid's bins. */
static ps_status histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *pts)
{
    ps_status st;
    if (npix <= SMALL_IMAGE) {
        st = ps__exact_histogram(rgba, npix, o, pts);
    } else {
        st = ps__grid_histogram(rgba, npix, o, pts);
        if (st == PS_OK && pts->n > 0 && pts->n <= o->k) {
            ps__points_free(pts);
            st = ps__exact_histogram(rgba, npix, o, pts);
        }
    }
    if (st == PS_OK && pts->n == 0) {
        ps__points_free(pts);
        st = PS_ERR_NO_PIXELS;
    }
    return st;
}

/* The palette of a histogram's points (which it frees); on success *out is a new palette. */
static ps_status palette_of(ps__points *pts, const ps_palette_options *opts, ps_palette **out)
{
    ps_palette *pal = calloc(1, sizeof *pal);
    ps_status st = pal ? PS_OK : PS_ERR_NO_MEMORY;
    if (st == PS_OK) {
        ps__color_lut lut;
        ps__color_lut_init(&lut);
        if (pts->n <= opts->k) palette_from_points(pts, pal);
        else st = palette_from_kmeans(pts, opts, &lut, pal);
    }
    ps__points_free(pts);
    if (st != PS_OK) { free(pal); return st; }
    for (uint32_t i = 0; i < pal->size; i++) pal->pixels += pal->count[i];
    sort_palette(pal);
    for (uint32_t i = 0; i < pal->size; i++) pal->share[i] = (double)pal->count[i] / pal->pixels;
    *out = pal;
    return PS_OK;
}

ps_status ps_palette_extract(const uint8_t *rgba, uint32_t width, uint32_t height, const ps_palette_options *opts,
                             ps_palette **out)
{
    if (!rgba || !out || width == 0 || height == 0) return PS_ERR_INVALID_ARGUMENT;
    uint64_t npix = (uint64_t)width * height;
    if (npix > UINT32_MAX || npix > SIZE_MAX / 4) return PS_ERR_IMAGE_TOO_LARGE;
    ps_palette_options defaults = default_options();
    if (!opts) opts = &defaults;
    ps__points pts = {0};
    ps_status st = histogram(rgba, (size_t)npix, opts, &pts);
    return st == PS_OK ? palette_of(&pts, opts, out) : st;
}

struct ps_palette_histogram {
    ps_palette_options opts;
    ps__grid *grid;
    uint64_t pixels;
    ps__exact *exact; /* the exact colours, once ps_palette_histogram_add_exact is called */
};

PS_COLD ps_status ps_palette_histogram_create(const ps_palette_options *opts, ps_palette_histogram **out)
{
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    ps_palette_histogram *h = malloc(sizeof *h);
    if (!h) return PS_ERR_NO_MEMORY;
    *h = (ps_palette_histogram){opts ? *opts : default_options(), NULL, 0, NULL};
    if (ps__grid_create(&h->grid) != PS_OK) {
        free(h);
        return PS_ERR_NO_MEMORY;
    }
    *out = h;
    return PS_OK;
}

ps_status ps_palette_histogram_add(ps_palette_histogram *h, const uint8_t *rgba, uint32_t npix)
{
    if (!h || (!rgba && npix)) return PS_ERR_INVALID_ARGUMENT;
    if (h->pixels + npix > UINT32_MAX || (uint64_t)npix * 4 > SIZE_MAX) return PS_ERR_IMAGE_TOO_LARGE;
    h->pixels += npix;
    ps__grid_add(h->grid, rgba, npix, &h->opts);
    return PS_OK;
}

uint32_t ps_palette_histogram_bins(const ps_palette_histogram *h) { return h ? ps__grid_bins(h->grid) : 0; }

ps_status ps_palette_histogram_add_exact(ps_palette_histogram *h, const uint8_t *rgba, uint32_t npix)
{
    if (!h || (!rgba && npix)) return PS_ERR_INVALID_ARGUMENT;
    if (!h->exact && ps__exact_create((size_t)h->pixels, &h->exact) != PS_OK) return PS_ERR_NO_MEMORY;
    return ps__exact_add(h->exact, rgba, npix, &h->opts);
}

ps_status ps_palette_histogram_extract(ps_palette_histogram *h, ps_palette **out)
{
    if (!h || !out) return PS_ERR_INVALID_ARGUMENT;
    ps__points pts = {0};
    ps_status st = h->exact ? ps__exact_points(h->exact, &pts) : ps__grid_points(h->grid, &pts);
    if (st == PS_OK && pts.n == 0) {
        ps__points_free(&pts);
        st = PS_ERR_NO_PIXELS;
    }
    return st == PS_OK ? palette_of(&pts, &h->opts, out) : st;
}

PS_COLD void ps_palette_histogram_destroy(ps_palette_histogram *h)
{
    if (!h) return;
    ps__grid_destroy(h->grid);
    ps__exact_destroy(h->exact);
    free(h);
}

PS_COLD ps_status ps_palette_create(const uint32_t *rgb, uint32_t n, ps_palette **out)
{
    if (!rgb || !out || n < 1 || n > PS_PALETTE_K_MAX) return PS_ERR_INVALID_ARGUMENT;
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
