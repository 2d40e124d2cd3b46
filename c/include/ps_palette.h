/* ps_palette: the dominant colours of an RGBA8 image.
 *
 * One pass builds a weighted histogram (a 32x32x32 grid of bins, each keeping
 * the exact mean of its pixels), then weighted k-means runs on the bins, so
 * the cost after that pass does not depend on the pixel count, then a few
 * k-medians (Weiszfeld) steps lower the mean ΔE. Colours are
 * returned in sRGB8, most frequent first, with the palette's mean ΔE76.
 *
 *   ps_palette_options *opts;
 *   ps_palette *pal;
 *   if (ps_palette_options_create(&opts) == PS_OK) {
 *       ps_palette_options_set_k(opts, 8);
 *       if (ps_palette_extract(rgba, width, height, opts, &pal) == PS_OK) {
 *           for (uint32_t i = 0; i < ps_palette_size(pal); i++)
 *               use(ps_palette_rgb(pal, i), ps_palette_share(pal, i));
 *           ps_palette_destroy(pal);
 *       }
 *       ps_palette_options_destroy(opts);
 *   }
 *
 * Limits: width * height <= 2^32 - 1 pixels; k <= PS_PALETTE_K_MAX. Fewer distinct colours
 * than k gives exactly the distinct colours. Deterministic: the same pixels,
 * options and seed give the same palette natively and in WebAssembly.
 * The reported ΔE is computed on the histogram (each bin at its mean colour).
 */
#ifndef PS_PALETTE_H
#define PS_PALETTE_H
#include <stdint.h>
#include "ps_status.h"

typedef enum ps_space { PS_SPACE_LAB = 0, PS_SPACE_RGB = 1 } ps_space;

/* Option ranges and defaults. */
#define PS_PALETTE_K_MIN 1u
#define PS_PALETTE_K_MAX 256u
#define PS_PALETTE_K_DEFAULT 5u
#define PS_PALETTE_SPACE_DEFAULT PS_SPACE_LAB
#define PS_PALETTE_SEED_DEFAULT 0u
#define PS_PALETTE_MAX_ITER_MIN 1u
#define PS_PALETTE_MAX_ITER_MAX 10000u
#define PS_PALETTE_MAX_ITER_DEFAULT 100u
#define PS_PALETTE_TOLERANCE_MIN 0.0
#define PS_PALETTE_TOLERANCE_MAX 100.0
#define PS_PALETTE_TOLERANCE_DEFAULT 0.01
#define PS_PALETTE_ALPHA_THRESHOLD_MIN 0u
#define PS_PALETTE_ALPHA_THRESHOLD_MAX 256u
#define PS_PALETTE_ALPHA_THRESHOLD_DEFAULT 128u
#define PS_PALETTE_IGNORE_NEAR_WHITE_DEFAULT 0u
#define PS_PALETTE_RESTARTS_MIN 1u
#define PS_PALETTE_RESTARTS_MAX 32u
#define PS_PALETTE_RESTARTS_DEFAULT 3u

typedef struct ps_palette_options ps_palette_options;
typedef struct ps_palette ps_palette;
typedef struct ps_palette_histogram ps_palette_histogram;

/* Options have the same shape as ps_nb.h's on purpose: create, range-checked setters, getters, destroy. */
/* Creates options with the defaults (PS_PALETTE_*_DEFAULT): k 5, CIELAB, seed 0, max_iter 100,
 * tolerance 0.01, alpha threshold 128, near-white kept, 3 restarts.
 * Caller destroys. Errors: PS_ERR_INVALID_ARGUMENT (NULL out), PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_options_create(ps_palette_options **out);
/* Frees options; NULL is a no-op. */
void ps_palette_options_destroy(ps_palette_options *opts);
/* The setters return PS_ERR_INVALID_ARGUMENT for a NULL opts or a value out of range (opts unchanged). */
/* Number of colours, PS_PALETTE_K_MIN..PS_PALETTE_K_MAX (1..256). */
PS_NODISCARD ps_status ps_palette_options_set_k(ps_palette_options *opts, uint32_t k);
/* Colour space for clustering: PS_SPACE_LAB (perceptual) or PS_SPACE_RGB. */
PS_NODISCARD ps_status ps_palette_options_set_space(ps_palette_options *opts, ps_space space);
/* Seed of the k-means++ initialisation; any value. */
PS_NODISCARD ps_status ps_palette_options_set_seed(ps_palette_options *opts, uint32_t seed);
/* Lloyd iterations per restart, 1..10000. */
PS_NODISCARD ps_status ps_palette_options_set_max_iter(ps_palette_options *opts, uint32_t max_iter);
/* Stop when no centre moves more than this (ΔE or RGB units), 0..100. */
PS_NODISCARD ps_status ps_palette_options_set_tolerance(ps_palette_options *opts, double tolerance);
/* Pixels with alpha below this, 0..256, are ignored (0 keeps every pixel). */
PS_NODISCARD ps_status ps_palette_options_set_alpha_threshold(ps_palette_options *opts, uint32_t threshold);
/* 1 ignores near-white pixels (every channel >= 240), 0 keeps them. */
PS_NODISCARD ps_status ps_palette_options_set_ignore_near_white(ps_palette_options *opts, uint32_t ignore);
/* Independent k-means runs, 1..32; the lowest error is kept. */
PS_NODISCARD ps_status ps_palette_options_set_restarts(ps_palette_options *opts, uint32_t restarts);
/* Getters of the same options (0 for NULL). */
uint32_t ps_palette_options_k(const ps_palette_options *opts);
ps_space ps_palette_options_space(const ps_palette_options *opts);
uint32_t ps_palette_options_seed(const ps_palette_options *opts);
uint32_t ps_palette_options_max_iter(const ps_palette_options *opts);
double ps_palette_options_tolerance(const ps_palette_options *opts);
uint32_t ps_palette_options_alpha_threshold(const ps_palette_options *opts);
uint32_t ps_palette_options_ignore_near_white(const ps_palette_options *opts);
uint32_t ps_palette_options_restarts(const ps_palette_options *opts);

/* Extracts the palette of width x height RGBA8 pixels (rgba borrowed for the call).
 * opts NULL means defaults. On success *out is a palette the caller destroys.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL, zero size), PS_ERR_IMAGE_TOO_LARGE (more than
 * 2^32 - 1 pixels), PS_ERR_NO_PIXELS (every pixel filtered out), PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_extract(const uint8_t *rgba, uint32_t width, uint32_t height,
                             const ps_palette_options *opts, ps_palette **out);
/* A histogram built from pixels given in parts, so that a large image need
 * not be copied whole first (a JS caller copies one part at a time into
 * WebAssembly memory). For an image of more than 4096 pixels it gives the
 * palette ps_palette_extract gives for the same pixels, options and seed, once
 * all are added, except for an image whose grid bins are no more than k
 * (ps_palette_histogram_bins tells): ps_palette_extract clusters its exact
 * colours, this the bins' mean colours, unless every pixel is added again with
 * ps_palette_histogram_add_exact. (ps_palette_extract clusters the exact
 * colours of an image of up to 4096 pixels; this always the bins'.)
 * Creates one for the options (copied; NULL means defaults); caller destroys.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL out), PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_histogram_create(const ps_palette_options *opts, ps_palette_histogram **out);
/* Counts npix more RGBA8 pixels (rgba borrowed for the call), in image order.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL), PS_ERR_IMAGE_TOO_LARGE (2^32 pixels in all). */
PS_NODISCARD ps_status ps_palette_histogram_add(ps_palette_histogram *h, const uint8_t *rgba, uint32_t npix);
/* Occupied grid bins so far (0 for NULL). */
uint32_t ps_palette_histogram_bins(const ps_palette_histogram *h);
/* Counts npix more pixels by their exact colour, for an image of no more grid bins than k: after
 * ps_palette_histogram_add has counted them all, add every pixel again here, in image order, and
 * ps_palette_histogram_extract clusters the exact colours, as ps_palette_extract does.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL), PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_histogram_add_exact(ps_palette_histogram *h, const uint8_t *rgba, uint32_t npix);
/* The palette of the pixels added; on success *out is a palette the caller destroys. The histogram
 * stays usable. Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_NO_PIXELS, PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_histogram_extract(ps_palette_histogram *h, ps_palette **out);
/* Frees a histogram; NULL is a no-op. */
void ps_palette_histogram_destroy(ps_palette_histogram *h);

/* Frees a palette; NULL is a no-op. */
void ps_palette_destroy(ps_palette *pal);
/* Number of colours, 1..k. */
uint32_t ps_palette_size(const ps_palette *pal);
/* Colour i as 0xRRGGBB; colours are sorted by share, descending, ties by value. */
uint32_t ps_palette_rgb(const ps_palette *pal, uint32_t i);
/* Pixels assigned to colour i. */
uint32_t ps_palette_count(const ps_palette *pal, uint32_t i);
/* Share of colour i in 0..1; the shares sum to 1. */
double ps_palette_share(const ps_palette *pal, uint32_t i);
/* Pixels counted (those that passed the filters). */
uint32_t ps_palette_pixels(const ps_palette *pal);
/* Mean ΔE76 between each counted pixel's clustered colour and its palette colour: the pixel's own
 * colour up to 4096 pixels (or at most k occupied bins), else its histogram bin's mean, which leaves
 * out the spread inside each bin (below the per-pixel mean of ps_palette_remap). */
double ps_palette_delta_e(const ps_palette *pal);

/* Creates a palette of n (1..256) given 0xRRGGBB colours, e.g. to remap an
 * image with colours chosen elsewhere; counts and shares are 0. Caller destroys.
 * Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_create(const uint32_t *rgb, uint32_t n, ps_palette **out);

/* Maps each pixel of rgba to its nearest palette colour (by ΔE76), writing
 * RGBA8 to out (caller-sized, width*height*4; alpha copied; may equal rgba).
 * If mean_delta_e is not NULL, writes the mean ΔE76 over every pixel.
 * Errors: PS_ERR_INVALID_ARGUMENT, PS_ERR_IMAGE_TOO_LARGE (as ps_palette_extract), PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_palette_remap(const ps_palette *pal, const uint8_t *rgba, uint32_t width, uint32_t height,
                           uint8_t *out, double *mean_delta_e);

#endif
