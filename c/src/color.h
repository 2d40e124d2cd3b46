/* Colour maths: sRGB <-> CIELAB (D65), the ΔE76 colour difference, and the
 * colour spaces k-means can run in.
 *
 * Only + - * / and sqrt are used on doubles (detmath.h), so results are
 * bit-identical on every IEEE-754 platform, natively and in WebAssembly.
 *
 *   ps__color_lut lut;
 *   ps__color_lut_init(&lut);
 *   double lab[3];
 *   ps__color_srgb8_to_lab(&lut, 255, 0, 0, lab);   // ≈ 53.24, 80.09, 67.20 */
#ifndef PS__COLOR_H
#define PS__COLOR_H
#include <stdint.h>
#include "ps_palette.h"

/* Lookup tables built once per caller: sRGB8 -> linear light, and the
 * linear-light midpoints between neighbouring sRGB8 codes for rounding back. */
typedef struct ps__color_lut {
    double linear[256];
    double midpoint[255];
} ps__color_lut;

/* Fills lut; cheap (microseconds), no allocation. */
void ps__color_lut_init(ps__color_lut *lut);
/* Converts one sRGB8 colour to CIELAB (D65 white, L in 0..100) into lab[3]. */
void ps__color_srgb8_to_lab(const ps__color_lut *lut, uint8_t r, uint8_t g, uint8_t b, double lab[3]);
/* Converts CIELAB to the nearest sRGB8 colour, clamping out-of-gamut values; writes rgb[3]. */
void ps__color_lab_to_srgb8(const ps__color_lut *lut, const double lab[3], uint8_t rgb[3]);
/* Squared ΔE76 (squared Euclidean distance) between two 3-vectors. */
double ps__color_dist2(const double a[3], const double b[3]);

/* A colour space to cluster in: coordinates of 0xRRGGBB colours and back. */
typedef struct ps__space {
    void (*to)(const ps__color_lut *lut, uint32_t rgb, double xyz[3]);
    uint32_t (*from)(const ps__color_lut *lut, const double xyz[3]); /* the nearest 0xRRGGBB */
    int distance_is_delta_e;                                          /* its distances are ΔE76 */
} ps__space;
/* The space of a ps_space value; NULL for any other value. */
const ps__space *ps__color_space(uint32_t space);

#endif
