/* Fuzz target: palette extraction on arbitrary pixels and options. The first
 * bytes choose width, k, space, seed, alpha threshold and the other options;
 * the rest are RGBA pixels. Checks the output's invariants. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "ps_palette.h"

#define HEADER 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEADER + 4) return 0;
    uint32_t npix = (uint32_t)((size - HEADER) / 4);
    uint32_t width = 1 + data[0] % 64;
    if (width > npix) width = npix;
    uint32_t height = npix / width;
    ps_palette_options *o;
    if (ps_palette_options_create(&o) != PS_OK) return 0;
    /* valid values: a refused one is a bug */
    if (ps_palette_options_set_k(o, 1 + data[1]) != PS_OK ||
        ps_palette_options_set_space(o, data[2] & 1) != PS_OK ||
        ps_palette_options_set_seed(o, (uint32_t)data[3] << 8 | data[4]) != PS_OK ||
        ps_palette_options_set_alpha_threshold(o, data[5]) != PS_OK ||
        ps_palette_options_set_ignore_near_white(o, data[6] & 1) != PS_OK ||
        ps_palette_options_set_restarts(o, 1 + (data[6] >> 1) % 4) != PS_OK ||
        ps_palette_options_set_max_iter(o, 1 + data[7] % 50) != PS_OK)
        abort();
    ps_palette *pal;
    if (ps_palette_extract(data + HEADER, width, height, o, &pal) == PS_OK) {
        uint32_t n = ps_palette_size(pal), total = 0;
        double share = 0.0;
        if (n < 1 || n > 1u + data[1]) abort();
        for (uint32_t i = 0; i < n; i++) {
            total += ps_palette_count(pal, i);
            share += ps_palette_share(pal, i);
            if (i && ps_palette_count(pal, i) > ps_palette_count(pal, i - 1)) abort(); /* sorted */
            for (uint32_t j = 0; j < i; j++) if (ps_palette_rgb(pal, i) == ps_palette_rgb(pal, j)) abort(); /* unique */
        }
        if (total != ps_palette_pixels(pal) || share < 0.999999 || share > 1.000001) abort();
        if (!(ps_palette_delta_e(pal) >= 0.0)) abort();
        uint8_t *out = malloc((size_t)width * height * 4);
        double de;
        if (out && ps_palette_remap(pal, data + HEADER, width, height, out, &de) == PS_OK && !(de >= 0.0)) abort();
        free(out);
        ps_palette_destroy(pal);
    }
    ps_palette_options_destroy(o);
    return 0;
}
