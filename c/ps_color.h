/* ps_color: sRGB <-> CIELAB (D65) conversions and the ΔE76 colour difference.
 *
 * Only + - * / and sqrt (correctly rounded by IEEE 754) are used on doubles;
 * other roots are Newton iterations, not libm's pow/cbrt, so results are bit-identical on every IEEE-754 platform,
 * natively and in WebAssembly.
 *
 *   ps_color_lut lut;
 *   ps_color_lut_init(&lut);
 *   double lab[3];
 *   ps_color_srgb8_to_lab(&lut, 255, 0, 0, lab);   // ≈ 53.24, 80.09, 67.20
 */
#ifndef PS_COLOR_H
#define PS_COLOR_H
#include <stdint.h>

/* Lookup tables built once per caller: sRGB8 -> linear light, and the
 * linear-light midpoints between neighbouring sRGB8 codes for rounding back. */
typedef struct ps_color_lut {
    double linear[256];
    double midpoint[255];
} ps_color_lut;

/* Fills lut; cheap (microseconds), no allocation. */
void ps_color_lut_init(ps_color_lut *lut);
/* Converts one sRGB8 colour to CIELAB (D65 white, L in 0..100) into lab[3]. */
void ps_color_srgb8_to_lab(const ps_color_lut *lut, uint8_t r, uint8_t g, uint8_t b, double lab[3]);
/* Converts CIELAB to the nearest sRGB8 colour, clamping out-of-gamut values; writes rgb[3]. */
void ps_color_lab_to_srgb8(const ps_color_lut *lut, const double lab[3], uint8_t rgb[3]);
/* Squared ΔE76 (squared Euclidean distance) between two 3-vectors. */
double ps_color_dist2(const double a[3], const double b[3]);

#endif
