/* Private to the palette modules (palette.c, histogram.c, remap.c). */
#ifndef PS__PALETTE_INTERNAL_H
#define PS__PALETTE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "ps_palette.h"

struct ps_palette_options {
    uint32_t k, space, seed, max_iter, alpha_threshold, ignore_near_white, restarts;
    double tolerance;
};

struct ps_palette {
    uint32_t size, pixels;
    double delta_e;
    uint32_t rgb[PS_PALETTE_K_MAX];
    uint32_t count[PS_PALETTE_K_MAX];
    double share[PS_PALETTE_K_MAX];
};

/* The distinct colours to cluster: 0xRRGGBB with pixel counts as weights. */
typedef struct ps__points {
    uint32_t n;
    uint32_t *rgb;
    double *weight;
} ps__points;

void ps__points_free(ps__points *p);
/* The grid histogram, built from pixels added in any number of parts. */
typedef struct ps__grid ps__grid;
/* Errors: NO_MEMORY. */
ps_status ps__grid_create(ps__grid **out);
void ps__grid_destroy(ps__grid *g);
/* Counts npix more RGBA8 pixels, but those the options filter out. */
void ps__grid_add(ps__grid *g, const uint8_t *rgba, size_t npix, const ps_palette_options *o);
/* Occupied bins so far. */
uint32_t ps__grid_bins(const ps__grid *g);
/* Each occupied bin as one point at its pixels' exact (rounded) mean colour, in bin order. Errors: NO_MEMORY. */
ps_status ps__grid_points(ps__grid *g, ps__points *out);
/* One pass over npix RGBA8 pixels into a 32x32x32 grid; each occupied bin becomes one point at its pixels'
 * exact (rounded) mean colour. Pixels the options filter out are not counted. Errors: NO_MEMORY. */
ps_status ps__grid_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *out);
/* Every distinct colour with its count (for images with few colours). Errors: NO_MEMORY. */
ps_status ps__exact_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *out);
/* The same, from pixels added in any number of parts. npix: the image's pixels in all (the table's first size
 * follows it, so that the points come in the order one pass gives). */
typedef struct ps__exact ps__exact;
ps_status ps__exact_create(size_t npix, ps__exact **out);                 /* Errors: NO_MEMORY. */
ps_status ps__exact_add(ps__exact *e, const uint8_t *rgba, size_t npix, const ps_palette_options *o); /* NO_MEMORY */
ps_status ps__exact_points(const ps__exact *e, ps__points *out);           /* Errors: NO_MEMORY. */
void ps__exact_destroy(ps__exact *e);

#endif
