/* ps_palette_remap: every pixel to its nearest palette colour by ΔE76. */
#include "palette_internal.h"
#include "color.h"
#include "kmeans.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Colours seen recently, by a hash of their value: an image has far fewer
 * distinct colours than pixels. At most 2^CACHE_BITS slots, fewer for a small image. */
#define CACHE_BITS 12u

ps_status ps_palette_remap(const ps_palette *pal, const uint8_t *rgba, uint32_t width, uint32_t height,
                           uint8_t *out, double *mean_delta_e)
{
    if (!pal || !rgba || !out || width == 0 || height == 0) return PS_ERR_INVALID_ARGUMENT;
    uint64_t npix = (uint64_t)width * height;
    if (npix > UINT32_MAX || npix > SIZE_MAX / 4) return PS_ERR_IMAGE_TOO_LARGE;
    uint32_t bits = 4;
    while (bits < CACHE_BITS && (1ull << bits) < npix) bits++;
    uint32_t *cache_key = calloc((size_t)1 << bits, sizeof *cache_key);
    uint32_t *cache_index = malloc(((size_t)1 << bits) * sizeof *cache_index);
    double *cache_de = malloc(((size_t)1 << bits) * sizeof *cache_de);
    if (!cache_key || !cache_index || !cache_de) {
        free(cache_key); free(cache_index); free(cache_de);
        return PS_ERR_NO_MEMORY;
    }
    ps__color_lut lut;
    ps__color_lut_init(&lut);
    const ps__space *lab = ps__color_space(PS_SPACE_LAB);
    double labs[3 * PS_PALETTE_K_MAX];
    for (uint32_t c = 0; c < pal->size; c++) lab->to(&lut, pal->rgb[c], labs + 3 * c);
    double err = 0.0;
    for (size_t p = 0; p < (size_t)npix; p++) {
        const uint8_t *px = rgba + 4 * p;
        uint32_t key = 0x1000000u | (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
        uint32_t slot = (key * 2654435761u) >> (32 - bits);
        if (cache_key[slot] != key) {
            double xyz[3], d2;
            lab->to(&lut, key & 0xFFFFFFu, xyz);
            cache_key[slot] = key;
            cache_index[slot] = ps__kmeans_nearest(labs, pal->size, xyz, &d2);
            cache_de[slot] = sqrt(d2);
        }
        uint32_t rgb = pal->rgb[cache_index[slot]];
        err += cache_de[slot];
        uint8_t *o = out + 4 * p;
        o[3] = px[3];
        o[0] = (uint8_t)(rgb >> 16); o[1] = (uint8_t)(rgb >> 8); o[2] = (uint8_t)rgb;
    }
    if (mean_delta_e) *mean_delta_e = err / (double)npix;
    free(cache_key); free(cache_index); free(cache_de);
    return PS_OK;
}
