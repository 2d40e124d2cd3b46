#include "color.h"
#include "detmath.h"
#include "cold.h"
#include <stddef.h>

/* sRGB primaries to XYZ (IEC 61966-2-1), and its inverse. */
static const double to_xyz[3][3] = {
    {0.4124564, 0.3575761, 0.1804375},
    {0.2126729, 0.7151522, 0.0721750},
    {0.0193339, 0.1191920, 0.9503041},
};
static const double from_xyz[3][3] = {
    {3.2404542, -1.5371385, -0.4985314},
    {-0.9692660, 1.8760108, 0.0415560},
    {0.0556434, -0.2040259, 1.0572252},
};
/* D65 white as the matrix row sums, so sRGB white maps to exactly L=100, a=b=0. */
#define WHITE_X (0.4124564 + 0.3575761 + 0.1804375)
#define WHITE_Y (0.2126729 + 0.7151522 + 0.0721750)
#define WHITE_Z (0.0193339 + 0.1191920 + 0.9503041)
#define LAB_EPSILON (216.0 / 24389.0)
#define LAB_KAPPA (24389.0 / 27.0)

/* The tables, computed ahead (511 Newton roots cost more than a small image's palette). */
#include "srgb_table.h"

void ps__color_lut_init(ps__color_lut *lut) { *lut = ps__srgb_lut; }

double ps__color_srgb_to_linear(double v)
{
    if (v <= 0.04045) return v / 12.92;
    double t = (v + 0.055) / 1.055;
    return t * t * ps__nth_root(t * t, 5); /* t^2.4 = t^2 * t^(2/5) */
}

static double lab_f_inverse(double f)
{
    double cube = f * f * f;
    return cube > LAB_EPSILON ? cube : (116.0 * f - 16.0) / LAB_KAPPA;
}

void ps__color_srgb8_to_lab(const ps__color_lut *lut, uint8_t r, uint8_t g, uint8_t b, double lab[3])
{
    double lin[3] = {lut->linear[r], lut->linear[g], lut->linear[b]};
    double xyz[3];
    for (int i = 0; i < 3; i++)
        xyz[i] = to_xyz[i][0] * lin[0] + to_xyz[i][1] * lin[1] + to_xyz[i][2] * lin[2];
    double t[3] = {xyz[0] / WHITE_X, xyz[1] / WHITE_Y, xyz[2] / WHITE_Z}, cube[3], f[3];
    for (int i = 0; i < 3; i++) cube[i] = t[i] > LAB_EPSILON ? t[i] : 0.0;
    ps__cbrt3(cube, f);
    for (int i = 0; i < 3; i++) if (!(t[i] > LAB_EPSILON)) f[i] = (LAB_KAPPA * t[i] + 16.0) / 116.0;
    lab[0] = 116.0 * f[1] - 16.0;
    lab[1] = 500.0 * (f[0] - f[1]);
    lab[2] = 200.0 * (f[1] - f[2]);
}

/* Nearest sRGB8 code for a linear-light value: binary search of the midpoints. */
static uint8_t linear_to_srgb8(const ps__color_lut *lut, double v)
{
    int lo = 0, hi = 255;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v < lut->midpoint[mid]) hi = mid; else lo = mid + 1;
    }
    return (uint8_t)lo;
}

PS_COLD void ps__color_lab_to_srgb8(const ps__color_lut *lut, const double lab[3], uint8_t rgb[3])
{
    double fy = (lab[0] + 16.0) / 116.0;
    double xyz[3] = {
        WHITE_X * lab_f_inverse(fy + lab[1] / 500.0),
        WHITE_Y * lab_f_inverse(fy),
        WHITE_Z * lab_f_inverse(fy - lab[2] / 200.0),
    };
    for (int i = 0; i < 3; i++) {
        double v = from_xyz[i][0] * xyz[0] + from_xyz[i][1] * xyz[1] + from_xyz[i][2] * xyz[2];
        rgb[i] = linear_to_srgb8(lut, v);
    }
}

double ps__color_dist2(const double a[3], const double b[3])
{
    double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
    return d0 * d0 + d1 * d1 + d2 * d2;
}

/* ---- colour spaces ---- */

static uint32_t pack(const uint8_t c[3]) { return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2]; }

static void lab_to(const ps__color_lut *lut, uint32_t rgb, double xyz[3])
{
    ps__color_srgb8_to_lab(lut, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, xyz);
}

PS_COLD static uint32_t lab_from(const ps__color_lut *lut, const double xyz[3])
{
    uint8_t c[3];
    ps__color_lab_to_srgb8(lut, xyz, c);
    return pack(c);
}

static void rgb_to(const ps__color_lut *lut, uint32_t rgb, double xyz[3])
{
    (void)lut;
    xyz[0] = (uint8_t)(rgb >> 16); xyz[1] = (uint8_t)(rgb >> 8); xyz[2] = (uint8_t)rgb;
}

PS_COLD static uint32_t rgb_from(const ps__color_lut *lut, const double xyz[3])
{
    (void)lut;
    uint8_t c[3];
    for (int i = 0; i < 3; i++) c[i] = xyz[i] <= 0.0 ? 0 : xyz[i] >= 255.0 ? 255 : (uint8_t)(xyz[i] + 0.5);
    return pack(c);
}

static const ps__space spaces[] = {
    [PS_SPACE_LAB] = {lab_to, lab_from, 1},
    [PS_SPACE_RGB] = {rgb_to, rgb_from, 0},
};

const ps__space *ps__color_space(uint32_t space)
{
    return space < sizeof spaces / sizeof *spaces ? &spaces[space] : NULL;
}
