/* Palette extraction on synthetic images whose colours and proportions are
 * known by construction; options validation; ps_palette_create + remap. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "ps_palette.h"

/* ---- helpers ---------------------------------------------------------- */

typedef struct image { uint32_t w, h; uint8_t *px; } image;

static image image_new(uint32_t w, uint32_t h)
{
    image im = {w, h, calloc((size_t)w * h * 4, 1)};
    if (!im.px) { fprintf(stderr, "out of memory\n"); exit(2); }
    return im;
}

static void put(image *im, uint32_t i, uint32_t rgb, uint8_t alpha)
{
    uint8_t *p = im->px + 4 * (size_t)i;
    p[0] = (uint8_t)(rgb >> 16); p[1] = (uint8_t)(rgb >> 8); p[2] = (uint8_t)rgb; p[3] = alpha;
}

/* A tiny LCG of the test's own, independent of the library's PRNG. */
static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) { lcg_state = lcg_state * 1664525u + 1013904223u; return lcg_state >> 8; }

/* Fisher-Yates shuffle of the pixels, so that results cannot depend on runs. */
static void shuffle(image *im)
{
    uint32_t n = im->w * im->h;
    for (uint32_t i = n; i > 1; i--) {
        uint32_t j = lcg() % i;
        for (int c = 0; c < 4; c++) {
            uint8_t t = im->px[4 * (i - 1) + c]; im->px[4 * (i - 1) + c] = im->px[4 * j + c]; im->px[4 * j + c] = t;
        }
    }
}

static ps_palette_options *opts_new(uint32_t k, uint32_t space, uint32_t seed)
{
    ps_palette_options *o = NULL;
    if (ps_palette_options_create(&o) != PS_OK) { fprintf(stderr, "options_create failed\n"); exit(2); }
    CHECK_EQ_INT(ps_palette_options_set_k(o, k), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_space(o, space), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_seed(o, seed), PS_OK);
    return o;
}

/* Invariants every palette must satisfy: 1..k colours, no duplicates, sorted
 * by count descending then by value ascending, counts sum to pixels, shares
 * are count / pixels and sum to 1. */
static void check_invariants(const ps_palette *pal, uint32_t k)
{
    uint32_t n = ps_palette_size(pal);
    CHECK(n >= 1 && n <= k);
    uint64_t sum = 0;
    double share_sum = 0.0;
    int dup = 0, order = 1, share_ok = 1;
    for (uint32_t i = 0; i < n; i++) {
        sum += ps_palette_count(pal, i);
        share_sum += ps_palette_share(pal, i);
        if (ps_palette_count(pal, i) == 0) order = 0;
        if (fabs(ps_palette_share(pal, i) - (double)ps_palette_count(pal, i) / ps_palette_pixels(pal)) > 1e-15) share_ok = 0;
        for (uint32_t j = 0; j < i; j++) if (ps_palette_rgb(pal, i) == ps_palette_rgb(pal, j)) dup = 1;
        if (i > 0) {
            uint32_t cp = ps_palette_count(pal, i - 1), c = ps_palette_count(pal, i);
            if (cp < c || (cp == c && ps_palette_rgb(pal, i - 1) >= ps_palette_rgb(pal, i))) order = 0;
        }
        if (ps_palette_rgb(pal, i) > 0xFFFFFFu) dup = 1;
    }
    CHECK(!dup);
    CHECK(order);
    CHECK(share_ok);
    CHECK_EQ_INT(sum, ps_palette_pixels(pal));
    CHECK_NEAR(share_sum, 1.0, 1e-12);
}

/* Independent sRGB8 -> Lab (libm pow/cbrt, CIE formulas, D65) for hand checks. */
static double lin(int c)
{
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}
static double labf(double t) { return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; }
static void ref_lab(uint32_t rgb, double lab[3])
{
    double r = lin((int)(rgb >> 16)), g = lin((int)(rgb >> 8 & 255)), b = lin((int)(rgb & 255));
    double fx = labf((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
    double fy = labf(0.2126729 * r + 0.7151522 * g + 0.0721750 * b);
    double fz = labf((0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883);
    lab[0] = 116.0 * fy - 16.0; lab[1] = 500.0 * (fx - fy); lab[2] = 200.0 * (fy - fz);
}
static double ref_de(uint32_t a, uint32_t b)
{
    double x[3], y[3];
    ref_lab(a, x); ref_lab(b, y);
    return sqrt((x[0] - y[0]) * (x[0] - y[0]) + (x[1] - y[1]) * (x[1] - y[1]) + (x[2] - y[2]) * (x[2] - y[2]));
}

/* ---- tests -------------------------------------------------------------- */

/* 3 colours at 50/30/20 % of a 10x10 image. */
static void test_known_proportions(void)
{
    const uint32_t colours[3] = {0xC81E28, 0x1478DC, 0xF0F03C};
    image im = image_new(10, 10);
    for (uint32_t i = 0; i < 100; i++) put(&im, i, i < 50 ? colours[0] : i < 80 ? colours[1] : colours[2], 255);
    shuffle(&im);
    const uint32_t ks[3] = {3, 5, 256};
    for (int t = 0; t < 3; t++) {
        for (uint32_t space = 0; space < 2; space++) {
            ps_palette_options *o = opts_new(ks[t], space, 7);
            ps_palette *pal = NULL;
            CHECK_EQ_INT(ps_palette_extract(im.px, 10, 10, o, &pal), PS_OK);
            if (pal) {
                CHECK_EQ_INT(ps_palette_size(pal), 3);
                CHECK_EQ_INT(ps_palette_pixels(pal), 100);
                CHECK_EQ_INT(ps_palette_rgb(pal, 0), colours[0]);
                CHECK_EQ_INT(ps_palette_rgb(pal, 1), colours[1]);
                CHECK_EQ_INT(ps_palette_rgb(pal, 2), colours[2]);
                CHECK_EQ_INT(ps_palette_count(pal, 0), 50);
                CHECK_EQ_INT(ps_palette_count(pal, 1), 30);
                CHECK_EQ_INT(ps_palette_count(pal, 2), 20);
                CHECK_NEAR(ps_palette_share(pal, 0), 0.5, 1e-15);
                CHECK_NEAR(ps_palette_share(pal, 1), 0.3, 1e-15);
                CHECK_NEAR(ps_palette_share(pal, 2), 0.2, 1e-15);
                CHECK_NEAR(ps_palette_delta_e(pal), 0.0, 0.0);
                /* out of range index reads as 0 */
                CHECK_EQ_INT(ps_palette_rgb(pal, 3), 0);
                CHECK_EQ_INT(ps_palette_count(pal, 3), 0);
                CHECK_NEAR(ps_palette_share(pal, 3), 0.0, 0.0);
                check_invariants(pal, ks[t]);
            }
            ps_palette_destroy(pal);
            ps_palette_options_destroy(o);
        }
    }
    free(im.px);
}

/* Colours that fall in the same histogram bin are still returned exactly when
 * k is at least their number: never merged, never duplicated. */
static void test_close_colours_exact(void)
{
    const uint32_t colours[4] = {0x646464, 0x656464, 0x646564, 0x646465}; /* one 8x8x8 bin */
    image im = image_new(7, 2); /* 14 pixels: 5, 4, 3, 2 */
    const uint32_t counts[4] = {5, 4, 3, 2};
    uint32_t i = 0;
    for (int c = 0; c < 4; c++) for (uint32_t j = 0; j < counts[c]; j++) put(&im, i++, colours[c], 255);
    shuffle(&im);
    ps_palette_options *o = opts_new(4, PS_SPACE_LAB, 0);
    ps_palette *pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 7, 2, o, &pal), PS_OK);
    if (pal) {
        CHECK_EQ_INT(ps_palette_size(pal), 4);
        for (uint32_t c = 0; c < 4; c++) {
            CHECK_EQ_INT(ps_palette_rgb(pal, c), colours[c]);
            CHECK_EQ_INT(ps_palette_count(pal, c), counts[c]);
        }
        check_invariants(pal, 4);
    }
    ps_palette_destroy(pal);
    /* k = 2 < 4 distinct colours: clustered, at most 2, still consistent */
    CHECK_EQ_INT(ps_palette_options_set_k(o, 2), PS_OK);
    pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 7, 2, o, &pal), PS_OK);
    if (pal) {
        check_invariants(pal, 2);
        CHECK_EQ_INT(ps_palette_pixels(pal), 14);
        for (uint32_t c = 0; c < ps_palette_size(pal); c++) { /* stays inside the bin's box */
            uint32_t rgb = ps_palette_rgb(pal, c);
            CHECK((rgb >> 16) >= 0x64 && (rgb >> 16) <= 0x65 && (rgb >> 8 & 255) >= 0x64 && (rgb >> 8 & 255) <= 0x65 &&
                  (rgb & 255) >= 0x64 && (rgb & 255) <= 0x65);
        }
    }
    ps_palette_destroy(pal);
    ps_palette_options_destroy(o);
    free(im.px);
}

/* Equal counts are ordered by colour value ascending, whatever the pixel order. */
static void test_tie_break(void)
{
    const uint32_t colours[4] = {0xFF0000, 0x00FF00, 0x0000FF, 0x808080};
    const uint32_t sorted[4] = {0x0000FF, 0x00FF00, 0x808080, 0xFF0000};
    for (int round = 0; round < 3; round++) {
        image im = image_new(4, 4);
        for (uint32_t i = 0; i < 16; i++) put(&im, i, colours[(i + (uint32_t)round) % 4], 255);
        if (round == 2) shuffle(&im);
        ps_palette *pal = NULL;
        CHECK_EQ_INT(ps_palette_extract(im.px, 4, 4, NULL, &pal), PS_OK); /* NULL options: defaults */
        if (pal) {
            CHECK_EQ_INT(ps_palette_size(pal), 4);
            for (uint32_t c = 0; c < 4; c++) {
                CHECK_EQ_INT(ps_palette_rgb(pal, c), sorted[c]);
                CHECK_EQ_INT(ps_palette_count(pal, c), 4);
                CHECK_NEAR(ps_palette_share(pal, c), 0.25, 0.0);
            }
        }
        ps_palette_destroy(pal);
        free(im.px);
    }
}

static void test_one_pixel(void)
{
    image im = image_new(1, 1);
    put(&im, 0, 0x123456, 255);
    for (uint32_t k = 1; k <= 256; k += 255) {
        ps_palette_options *o = opts_new(k, PS_SPACE_LAB, 0);
        ps_palette *pal = NULL;
        CHECK_EQ_INT(ps_palette_extract(im.px, 1, 1, o, &pal), PS_OK);
        if (pal) {
            CHECK_EQ_INT(ps_palette_size(pal), 1);
            CHECK_EQ_INT(ps_palette_rgb(pal, 0), 0x123456);
            CHECK_EQ_INT(ps_palette_count(pal, 0), 1);
            CHECK_EQ_INT(ps_palette_pixels(pal), 1);
            CHECK_NEAR(ps_palette_share(pal, 0), 1.0, 0.0);
            CHECK_NEAR(ps_palette_delta_e(pal), 0.0, 0.0);
        }
        ps_palette_destroy(pal);
        ps_palette_options_destroy(o);
    }
    free(im.px);
}

static void test_alpha_and_near_white(void)
{
    /* All transparent: its own status, no palette written. */
    image im = image_new(3, 3);
    for (uint32_t i = 0; i < 9; i++) put(&im, i, 0xFF0000, (uint8_t)(i * 14)); /* alpha 0..112 < 128 */
    ps_palette *pal = (ps_palette *)&pal; /* a sentinel that must not be replaced */
    ps_palette *sentinel = pal;
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, NULL, &pal), PS_ERR_NO_PIXELS);
    CHECK(pal == sentinel);

    /* Threshold 0 keeps every pixel, even alpha 0. */
    ps_palette_options *o = opts_new(5, PS_SPACE_LAB, 0);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 0), PS_OK);
    pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_OK);
    if (pal) {
        CHECK_EQ_INT(ps_palette_size(pal), 1);
        CHECK_EQ_INT(ps_palette_rgb(pal, 0), 0xFF0000);
        CHECK_EQ_INT(ps_palette_pixels(pal), 9);
    }
    ps_palette_destroy(pal);

    /* Threshold boundary: alpha 127 dropped, 128 kept (default threshold 128); the same steps as above, on purpose. */
    put(&im, 0, 0x00FF00, 127);
    put(&im, 1, 0x0000FF, 128);
    put(&im, 2, 0x0000FF, 255);
    put(&im, 3, 0x00FF00, 255);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 128), PS_OK);
    pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_OK);
    if (pal) {
        CHECK_EQ_INT(ps_palette_size(pal), 2);
        CHECK_EQ_INT(ps_palette_rgb(pal, 0), 0x0000FF);
        CHECK_EQ_INT(ps_palette_count(pal, 0), 2);
        CHECK_EQ_INT(ps_palette_rgb(pal, 1), 0x00FF00);
        CHECK_EQ_INT(ps_palette_count(pal, 1), 1);
        CHECK_EQ_INT(ps_palette_pixels(pal), 3);
    }
    ps_palette_destroy(pal);
    /* Threshold 256 drops even opaque pixels. */
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 256), PS_OK);
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_ERR_NO_PIXELS);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 128), PS_OK);

    /* Near white: every channel >= 240 is ignored when asked, kept by default. */
    const uint32_t colours[9] = {0xFFFFFF, 0xF0F0F0, 0xF0FFFF, 0xFFFFF0, /* near white */
                                 0xEFFFFF, 0xFFEFFF, 0xFFFFEF, 0x000000, 0xEFEFEF};
    for (uint32_t i = 0; i < 9; i++) put(&im, i, colours[i], 255);
    pal = NULL;
    CHECK_EQ_INT(ps_palette_options_set_k(o, 9), PS_OK);
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_OK);
    if (pal) CHECK_EQ_INT(ps_palette_pixels(pal), 9);
    ps_palette_destroy(pal);
    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(o, 1), PS_OK);
    pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_OK);
    if (pal) {
        CHECK_EQ_INT(ps_palette_pixels(pal), 5);
        CHECK_EQ_INT(ps_palette_size(pal), 5);
        /* five colours of one pixel each: ascending order */
        const uint32_t kept[5] = {0x000000, 0xEFEFEF, 0xEFFFFF, 0xFFEFFF, 0xFFFFEF};
        for (uint32_t c = 0; c < 5; c++) CHECK_EQ_INT(ps_palette_rgb(pal, c), kept[c]);
    }
    ps_palette_destroy(pal);
    /* An all near-white image with the filter on: no pixels. */
    for (uint32_t i = 0; i < 9; i++) put(&im, i, colours[i % 4], 255);
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_ERR_NO_PIXELS);
    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(o, 0), PS_OK);
    pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 3, 3, o, &pal), PS_OK);
    ps_palette_destroy(pal);
    ps_palette_options_destroy(o);
    free(im.px);
}

/* Two noisy blobs: with k = 2 each centre lands near its blob's mean and
 * each blob is counted exactly. Odd pixel count on purpose. */
static void make_blobs(image *im, uint32_t n_a, double mean_a[3], double mean_b[3])
{
    const int ca[3] = {60, 120, 200}, cb[3] = {220, 80, 40};
    double sa[3] = {0, 0, 0}, sb[3] = {0, 0, 0};
    uint32_t n = im->w * im->h;
    for (uint32_t i = 0; i < n; i++) {
        const int *c = i < n_a ? ca : cb;
        double *s = i < n_a ? sa : sb;
        uint8_t *p = im->px + 4 * i;
        for (int ch = 0; ch < 3; ch++) {
            int v = c[ch] + (int)(lcg() % 25) - 12; /* uniform -12..12 */
            p[ch] = (uint8_t)v;
            s[ch] += v;
        }
        p[3] = 255;
    }
    for (int ch = 0; ch < 3; ch++) { mean_a[ch] = sa[ch] / n_a; mean_b[ch] = sb[ch] / (n - n_a); }
    shuffle(im);
}

static void test_blobs(void)
{
    image im = image_new(41, 25); /* 1025 pixels: 700 + 325 */
    double ma[3], mb[3];
    lcg_state = 99;
    make_blobs(&im, 700, ma, mb);
    for (uint32_t space = 0; space < 2; space++) {
        for (uint32_t seed = 0; seed < 3; seed++) {
            ps_palette_options *o = opts_new(2, space, seed * 1000003u);
            ps_palette *pal = NULL;
            CHECK_EQ_INT(ps_palette_extract(im.px, 41, 25, o, &pal), PS_OK);
            if (pal) {
                check_invariants(pal, 2);
                CHECK_EQ_INT(ps_palette_size(pal), 2);
                CHECK_EQ_INT(ps_palette_pixels(pal), 1025);
                CHECK_EQ_INT(ps_palette_count(pal, 0), 700);
                CHECK_EQ_INT(ps_palette_count(pal, 1), 325);
                uint32_t a = ps_palette_rgb(pal, 0), b = ps_palette_rgb(pal, 1);
                CHECK_NEAR((double)(a >> 16), ma[0], 3.0);
                CHECK_NEAR((double)(a >> 8 & 255), ma[1], 3.0);
                CHECK_NEAR((double)(a & 255), ma[2], 3.0);
                CHECK_NEAR((double)(b >> 16), mb[0], 3.0);
                CHECK_NEAR((double)(b >> 8 & 255), mb[1], 3.0);
                CHECK_NEAR((double)(b & 255), mb[2], 3.0);
                /* mean ΔE of noise ±12 per channel: clearly positive, clearly small */
                CHECK(ps_palette_delta_e(pal) > 1.0 && ps_palette_delta_e(pal) < 15.0);
            }
            ps_palette_destroy(pal);
            ps_palette_options_destroy(o);
        }
    }
    free(im.px);
}

/* Same pixels, options and seed: identical output, bit for bit. */
static void test_determinism(void)
{
    image im = image_new(37, 23);
    lcg_state = 2024;
    for (uint32_t i = 0; i < 37 * 23; i++) put(&im, i, lcg() & 0xFFFFFF, 255);
    for (uint32_t space = 0; space < 2; space++) {
        for (uint32_t k = 2; k <= 12; k += 5) {
            ps_palette_options *o = opts_new(k, space, 42);
            ps_palette *p1 = NULL, *p2 = NULL;
            CHECK_EQ_INT(ps_palette_extract(im.px, 37, 23, o, &p1), PS_OK);
            CHECK_EQ_INT(ps_palette_extract(im.px, 37, 23, o, &p2), PS_OK);
            if (p1 && p2) {
                check_invariants(p1, k);
                CHECK_EQ_INT(ps_palette_pixels(p1), 37 * 23);
                CHECK_EQ_INT(ps_palette_size(p1), ps_palette_size(p2));
                int same = ps_palette_size(p1) == ps_palette_size(p2);
                for (uint32_t i = 0; same && i < ps_palette_size(p1); i++) {
                    double s1 = ps_palette_share(p1, i), s2 = ps_palette_share(p2, i);
                    same = ps_palette_rgb(p1, i) == ps_palette_rgb(p2, i) &&
                           ps_palette_count(p1, i) == ps_palette_count(p2, i) && memcmp(&s1, &s2, sizeof s1) == 0;
                }
                double d1 = ps_palette_delta_e(p1), d2 = ps_palette_delta_e(p2);
                CHECK(same);
                CHECK(memcmp(&d1, &d2, sizeof d1) == 0);
            }
            ps_palette_destroy(p1);
            ps_palette_destroy(p2);
            ps_palette_options_destroy(o);
        }
    }
    free(im.px);
}

/* When every pixel colour sits alone in its bin, counts and ΔE (Lab space)
 * must follow from nearest-colour assignment, recomputed here independently. */
static void test_counts_and_delta_e_follow_assignment(void)
{
    const uint32_t colours[6] = {0x102030, 0x183040, 0xC04020, 0xD05030, 0x30C060, 0xF0F0F0};
    const uint32_t counts[6] = {40, 25, 17, 9, 30, 11}; /* 132 pixels */
    image im = image_new(12, 11);
    uint32_t i = 0;
    for (int c = 0; c < 6; c++) for (uint32_t j = 0; j < counts[c]; j++) put(&im, i++, colours[c], 255);
    shuffle(&im);
    for (uint32_t k = 1; k <= 5; k++) {
        ps_palette_options *o = opts_new(k, PS_SPACE_LAB, 3);
        ps_palette *pal = NULL;
        CHECK_EQ_INT(ps_palette_extract(im.px, 12, 11, o, &pal), PS_OK);
        if (pal) {
            check_invariants(pal, k);
            uint32_t n = ps_palette_size(pal), expect[256] = {0};
            double err = 0.0;
            for (int c = 0; c < 6; c++) {
                uint32_t best = 0;
                double best_d = 1e300;
                for (uint32_t p = 0; p < n; p++) {
                    double d = ref_de(colours[c], ps_palette_rgb(pal, p));
                    if (d < best_d) { best_d = d; best = p; }
                }
                expect[best] += counts[c];
                err += best_d * counts[c];
            }
            for (uint32_t p = 0; p < n; p++) CHECK_EQ_INT(ps_palette_count(pal, p), expect[p]);
            CHECK_NEAR(ps_palette_delta_e(pal), err / 132.0, 1e-3);
            if (k == 5) CHECK(ps_palette_delta_e(pal) > 0.0);
        }
        ps_palette_destroy(pal);
        ps_palette_options_destroy(o);
    }
    free(im.px);
}

/* A gradient with many colours and k up to 256: at most k unique colours. */
static void test_gradient_many_k(void)
{
    image im = image_new(256, 48);
    for (uint32_t y = 0; y < 48; y++)
        for (uint32_t x = 0; x < 256; x++)
            put(&im, y * 256 + x, x << 16 | (y * 5) << 8 | ((x + 3 * y) & 255), 255);
    const uint32_t ks[] = {1, 2, 3, 8, 31, 64, 200, 255, 256};
    for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
        for (uint32_t space = 0; space < 2; space++) {
            ps_palette_options *o = opts_new(ks[t], space, 1);
            CHECK_EQ_INT(ps_palette_options_set_restarts(o, 1), PS_OK);
            ps_palette *pal = NULL;
            CHECK_EQ_INT(ps_palette_extract(im.px, 256, 48, o, &pal), PS_OK);
            if (pal) {
                check_invariants(pal, ks[t]);
                CHECK_EQ_INT(ps_palette_pixels(pal), 256 * 48);
                if (ks[t] >= 8) CHECK(ps_palette_size(pal) >= ks[t] / 2); /* a rich image fills most of k */
            }
            ps_palette_destroy(pal);
            ps_palette_options_destroy(o);
        }
    }
    free(im.px);
}

/* Over 512 distinct colours in two bins (k = 2): the exact histogram grows
 * and rehashes; each bin becomes one colour with its exact pixel count. */
static void test_many_colours_few_bins(void)
{
    image im = image_new(64, 24); /* 1536 = 512 * 2 + 512 */
    uint32_t i = 0;
    for (int rep = 0; rep < 2; rep++)
        for (uint32_t r = 0; r < 8; r++) for (uint32_t g = 0; g < 8; g++) for (uint32_t b = 0; b < 8; b++)
            put(&im, i++, (96 + r) << 16 | (96 + g) << 8 | (96 + b), 255);
    for (uint32_t r = 0; r < 8; r++) for (uint32_t g = 0; g < 8; g++) for (uint32_t b = 0; b < 8; b++)
        put(&im, i++, (200 + r) << 16 | (16 + g) << 8 | (32 + b), 255);
    shuffle(&im);
    ps_palette_options *o = opts_new(2, PS_SPACE_RGB, 5);
    ps_palette *pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 64, 24, o, &pal), PS_OK);
    if (pal) {
        check_invariants(pal, 2);
        CHECK_EQ_INT(ps_palette_size(pal), 2);
        CHECK_EQ_INT(ps_palette_count(pal, 0), 1024);
        CHECK_EQ_INT(ps_palette_count(pal, 1), 512);
        uint32_t a = ps_palette_rgb(pal, 0), b = ps_palette_rgb(pal, 1);
        CHECK_NEAR((double)(a >> 16), 99.5, 1.5);
        CHECK_NEAR((double)(a >> 8 & 255), 99.5, 1.5);
        CHECK_NEAR((double)(a & 255), 99.5, 1.5);
        CHECK_NEAR((double)(b >> 16), 203.5, 1.5);
        CHECK_NEAR((double)(b >> 8 & 255), 19.5, 1.5);
        CHECK_NEAR((double)(b & 255), 35.5, 1.5);
    }
    ps_palette_destroy(pal);
    ps_palette_options_destroy(o);
    free(im.px);
}

/* More than 2^24 pixels: the histogram is built in chunks; counts must still
 * add up exactly. Colours: A and B in neighbouring bins, W far away; k = 2
 * puts A and B together, W alone. */
static void test_large_image_chunks(void)
{
    const uint32_t w = 4097, h = 4097; /* 16,785,409 pixels > 2^24 */
    image im = image_new(w, h);
    uint32_t n = w * h, white = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rgb = i % 7 == 3 ? 0xFFFFFF : (i & 1) ? 0x000000 : 0x080000;
        white += rgb == 0xFFFFFF;
        uint8_t *p = im.px + 4 * (size_t)i;
        p[0] = (uint8_t)(rgb >> 16); p[1] = (uint8_t)(rgb >> 8); p[2] = (uint8_t)rgb; p[3] = 255;
    }
    ps_palette_options *o = opts_new(2, PS_SPACE_LAB, 0);
    ps_palette *pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, w, h, o, &pal), PS_OK);
    if (pal) {
        CHECK_EQ_INT(ps_palette_size(pal), 2);
        CHECK_EQ_INT(ps_palette_pixels(pal), n);
        CHECK_EQ_INT(ps_palette_count(pal, 0), n - white);
        CHECK_EQ_INT(ps_palette_count(pal, 1), white);
        CHECK_EQ_INT(ps_palette_rgb(pal, 1), 0xFFFFFF);
    }
    ps_palette_destroy(pal);
    ps_palette_options_destroy(o);
    free(im.px);
}

static void test_options_validation(void)
{
    CHECK_EQ_INT(ps_palette_options_create(NULL), PS_ERR_INVALID_ARGUMENT);
    ps_palette_options *o = NULL;
    CHECK_EQ_INT(ps_palette_options_create(&o), PS_OK);
    CHECK(o != NULL);
    /* a new handle holds the header's defaults (the JS option table takes them from the header) */
    CHECK_EQ_INT(ps_palette_options_k(o), PS_PALETTE_K_DEFAULT);
    CHECK_EQ_INT(ps_palette_options_space(o), PS_PALETTE_SPACE_DEFAULT);
    CHECK_EQ_INT(ps_palette_options_seed(o), PS_PALETTE_SEED_DEFAULT);
    CHECK_EQ_INT(ps_palette_options_max_iter(o), PS_PALETTE_MAX_ITER_DEFAULT);
    CHECK(ps_palette_options_tolerance(o) == PS_PALETTE_TOLERANCE_DEFAULT);
    CHECK_EQ_INT(ps_palette_options_alpha_threshold(o), PS_PALETTE_ALPHA_THRESHOLD_DEFAULT);
    CHECK_EQ_INT(ps_palette_options_ignore_near_white(o), PS_PALETTE_IGNORE_NEAR_WHITE_DEFAULT);
    CHECK_EQ_INT(ps_palette_options_restarts(o), PS_PALETTE_RESTARTS_DEFAULT);

    CHECK_EQ_INT(ps_palette_options_set_k(o, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_k(o, 257), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_k(o, UINT32_MAX), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_k(o, 1), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_k(o, 256), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_space(o, 2), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_space(o, UINT32_MAX), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_space(o, PS_SPACE_RGB), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_space(o, PS_SPACE_LAB), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_seed(o, 0), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_seed(o, UINT32_MAX), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_max_iter(o, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_max_iter(o, 10001), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_max_iter(o, 1), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_max_iter(o, 10000), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_tolerance(o, -0.001), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_tolerance(o, 100.001), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_tolerance(o, NAN), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_tolerance(o, INFINITY), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_tolerance(o, 0.0), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_tolerance(o, 100.0), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 257), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 0), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 256), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(o, 0), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(o, 1), PS_OK);

    CHECK_EQ_INT(ps_palette_options_set_restarts(o, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_restarts(o, 33), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_restarts(o, 1), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_restarts(o, 32), PS_OK);

    /* NULL handle: every setter refuses it. */
    CHECK_EQ_INT(ps_palette_options_set_k(NULL, 5), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_space(NULL, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_seed(NULL, 0), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_max_iter(NULL, 10), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_tolerance(NULL, 0.1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(NULL, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(NULL, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(o, 2), PS_ERR_INVALID_ARGUMENT); /* booleans are 0 or 1 */
    CHECK_EQ_INT(ps_palette_options_set_restarts(NULL, 1), PS_ERR_INVALID_ARGUMENT);

    /* A refused value leaves the previous one in place: k is still 1 after a bad set. */
    CHECK_EQ_INT(ps_palette_options_set_k(o, 1), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_k(o, 300), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_options_set_alpha_threshold(o, 128), PS_OK);
    CHECK_EQ_INT(ps_palette_options_set_ignore_near_white(o, 0), PS_OK);
    image im = image_new(2, 1);
    put(&im, 0, 0xFF0000, 255);
    put(&im, 1, 0x0000FF, 255);
    ps_palette *pal = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 2, 1, o, &pal), PS_OK);
    if (pal) CHECK_EQ_INT(ps_palette_size(pal), 1);
    ps_palette_destroy(pal);

    /* extract's own argument checks */
    ps_palette *sentinel = (ps_palette *)&sentinel;
    pal = sentinel;
    CHECK_EQ_INT(ps_palette_extract(NULL, 2, 1, o, &pal), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_extract(im.px, 2, 1, o, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_extract(im.px, 0, 1, o, &pal), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_extract(im.px, 2, 0, o, &pal), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_extract(im.px, 65536, 65536, o, &pal), PS_ERR_IMAGE_TOO_LARGE); /* 2^32 pixels */
    CHECK_EQ_INT(ps_palette_extract(im.px, UINT32_MAX, UINT32_MAX, o, &pal), PS_ERR_IMAGE_TOO_LARGE);
    CHECK(pal == sentinel);

    /* NULL-safe destroy and accessors */
    ps_palette_options_destroy(NULL);
    ps_palette_destroy(NULL);
    CHECK_EQ_INT(ps_palette_size(NULL), 0);
    CHECK_EQ_INT(ps_palette_rgb(NULL, 0), 0);
    CHECK_EQ_INT(ps_palette_count(NULL, 0), 0);
    CHECK_NEAR(ps_palette_share(NULL, 0), 0.0, 0.0);
    CHECK_EQ_INT(ps_palette_pixels(NULL), 0);
    CHECK_NEAR(ps_palette_delta_e(NULL), 0.0, 0.0);
    ps_palette_options_destroy(o);
    free(im.px);
}

static void test_create_and_remap(void)
{
    const uint32_t bw[2] = {0x000000, 0xFFFFFF};
    ps_palette *sentinel = (ps_palette *)&sentinel, *pal = sentinel;
    CHECK_EQ_INT(ps_palette_create(NULL, 2, &pal), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_create(bw, 0, &pal), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_create(bw, 257, &pal), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_create(bw, 2, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK(pal == sentinel);

    pal = NULL;
    const uint32_t with_alpha_byte[2] = {0xAB000000, 0x12FFFFFF}; /* high byte ignored */
    CHECK_EQ_INT(ps_palette_create(with_alpha_byte, 2, &pal), PS_OK);
    if (pal) {
        CHECK_EQ_INT(ps_palette_size(pal), 2);
        CHECK_EQ_INT(ps_palette_rgb(pal, 0), 0x000000);
        CHECK_EQ_INT(ps_palette_rgb(pal, 1), 0xFFFFFF);
        CHECK_EQ_INT(ps_palette_count(pal, 0), 0);
        CHECK_NEAR(ps_palette_share(pal, 1), 0.0, 0.0);
    }

    /* Greys against black and white: L*(118) = 49.64 goes to black,
     * L*(119) = 50.03 to white (ΔE = |L - 0| or |100 - L| for greys). */
    const uint32_t greys[6] = {0x0A0A0A, 0x767676, 0x777777, 0xF5F5F5, 0x000000, 0xFFFFFF};
    const uint32_t want[6] = {0x000000, 0x000000, 0xFFFFFF, 0xFFFFFF, 0x000000, 0xFFFFFF};
    const uint8_t alpha[6] = {255, 0, 17, 128, 255, 1};
    image im = image_new(3, 2), out = image_new(3, 2);
    double expect_de = 0.0;
    for (uint32_t i = 0; i < 6; i++) {
        put(&im, i, greys[i], alpha[i]);
        expect_de += ref_de(greys[i], want[i]);
    }
    expect_de /= 6.0;
    double de = -1.0;
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 3, 2, out.px, &de), PS_OK);
    int ok = 1;
    for (uint32_t i = 0; i < 6; i++) {
        const uint8_t *p = out.px + 4 * i;
        if (p[0] != (uint8_t)(want[i] >> 16) || p[1] != (uint8_t)(want[i] >> 8) || p[2] != (uint8_t)want[i] ||
            p[3] != alpha[i]) ok = 0;
    }
    CHECK(ok);
    /* greys: ΔE is the L* distance to black or white, from the CIE formulas above */
    CHECK_NEAR(de, expect_de, 1e-3);
    CHECK(de > 15.0 && de < 20.0); /* (2.74 + 49.64 + 49.97 + 3.5) / 6 ≈ 17.6 */
    /* NULL mean_delta_e is allowed; in place (out == rgba) gives the same pixels */
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 3, 2, im.px, NULL), PS_OK);
    CHECK(memcmp(im.px, out.px, 24) == 0);
    /* remapping an already remapped image: ΔE 0 */
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 3, 2, out.px, &de), PS_OK);
    CHECK_NEAR(de, 0.0, 0.0);
    ps_palette_destroy(pal);

    /* Primaries: each pixel goes to its obvious nearest colour. */
    const uint32_t rgbp[3] = {0xFF0000, 0x00FF00, 0x0000FF};
    pal = NULL;
    CHECK_EQ_INT(ps_palette_create(rgbp, 3, &pal), PS_OK);
    const uint32_t px[6] = {0xC83232, 0x20D040, 0x1010A0, 0xFF0000, 0x00FF00, 0x0000FF};
    for (uint32_t i = 0; i < 6; i++) put(&im, i, px[i], 255);
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 3, 2, out.px, &de), PS_OK);
    for (uint32_t i = 0; i < 6; i++) {
        const uint8_t *p = out.px + 4 * i;
        uint32_t got = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
        CHECK_EQ_INT(got, rgbp[i % 3]);
    }
    CHECK_NEAR(de, (ref_de(px[0], rgbp[0]) + ref_de(px[1], rgbp[1]) + ref_de(px[2], rgbp[2])) / 6.0, 1e-3);

    /* argument checks */
    CHECK_EQ_INT(ps_palette_remap(NULL, im.px, 3, 2, out.px, &de), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_remap(pal, NULL, 3, 2, out.px, &de), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 3, 2, NULL, &de), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 0, 2, out.px, &de), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 3, 0, out.px, &de), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_remap(pal, im.px, 65536, 65536, out.px, &de), PS_ERR_IMAGE_TOO_LARGE);
    ps_palette_destroy(pal);

    /* A 256-colour palette remaps each of its own colours to itself. */
    uint32_t many[256];
    for (uint32_t i = 0; i < 256; i++) many[i] = (i * 0x9E3779B1u) & 0xFFFFFF;
    pal = NULL;
    CHECK_EQ_INT(ps_palette_create(many, 256, &pal), PS_OK);
    image big = image_new(16, 16), big_out = image_new(16, 16);
    for (uint32_t i = 0; i < 256; i++) put(&big, i, many[i], 255);
    CHECK_EQ_INT(ps_palette_remap(pal, big.px, 16, 16, big_out.px, &de), PS_OK);
    CHECK(memcmp(big.px, big_out.px, 256 * 4) == 0);
    CHECK_NEAR(de, 0.0, 0.0);
    ps_palette_destroy(pal);
    free(big.px); free(big_out.px);
    free(im.px); free(out.px);
}

/* An image of few bins (3, k = 4) but many exact colours, counted in parts and then again by exact colour:
 * exactly ps_palette_extract's palette, which clusters the exact colours (so their order must match too). */
static void test_histogram_exact_in_parts(void)
{
    image im = image_new(120, 100);
    const uint32_t base[3] = {0x606060, 0xC81020, 0x20A0E0};
    for (uint32_t i = 0; i < 120 * 100; i++) put(&im, i, base[lcg() % 3] + (lcg() & 0x070707), (uint8_t)(i % 7 ? 255 : 90));
    ps_palette_options *o = opts_new(4, PS_SPACE_LAB, 11);
    ps_palette *whole = NULL, *parts = NULL;
    ps_palette_histogram *h = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 120, 100, o, &whole), PS_OK);
    CHECK_EQ_INT(ps_palette_histogram_create(o, &h), PS_OK);
    const uint32_t cuts[] = {0, 5, 4099, 7000, 120 * 100};
    for (int c = 0; c + 1 < 5; c++) CHECK_EQ_INT(ps_palette_histogram_add(h, im.px + 4 * cuts[c], cuts[c + 1] - cuts[c]), PS_OK);
    CHECK_EQ_INT(ps_palette_histogram_bins(h), 3);
    for (int c = 0; c + 1 < 5; c++) CHECK_EQ_INT(ps_palette_histogram_add_exact(h, im.px + 4 * cuts[c], cuts[c + 1] - cuts[c]), PS_OK);
    CHECK_EQ_INT(ps_palette_histogram_extract(h, &parts), PS_OK);
    if (whole && parts) {
        CHECK_EQ_INT(ps_palette_size(whole), 4);
        int same = ps_palette_size(whole) == ps_palette_size(parts) && ps_palette_delta_e(whole) == ps_palette_delta_e(parts);
        for (uint32_t i = 0; same && i < ps_palette_size(whole); i++)
            same = ps_palette_rgb(whole, i) == ps_palette_rgb(parts, i) && ps_palette_count(whole, i) == ps_palette_count(parts, i);
        CHECK(same);
    }
    CHECK_EQ_INT(ps_palette_histogram_add_exact(NULL, im.px, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_histogram_add_exact(h, NULL, 1), PS_ERR_INVALID_ARGUMENT);
    ps_palette_histogram_destroy(h);
    ps_palette_destroy(whole);
    ps_palette_destroy(parts);
    ps_palette_options_destroy(o);
    free(im.px);
}

/* A histogram fed in uneven parts gives exactly ps_palette_extract's palette. */
static void test_histogram_in_parts(void)
{
    image im = image_new(300, 200);
    for (uint32_t i = 0; i < 300 * 200; i++) {
        uint32_t x = i % 300, y = i / 300, noise = lcg() & 0x0F0F0F;
        put(&im, i, ((x * 255 / 300) << 16 | (y * 255 / 200) << 8 | ((x + y) & 255)) ^ noise, (uint8_t)(i % 5 ? 255 : 100));
    }
    ps_palette_options *o = opts_new(7, PS_SPACE_LAB, 3);
    ps_palette *whole = NULL, *parts = NULL;
    ps_palette_histogram *h = NULL;
    CHECK_EQ_INT(ps_palette_extract(im.px, 300, 200, o, &whole), PS_OK);
    CHECK_EQ_INT(ps_palette_histogram_create(o, &h), PS_OK);
    const uint32_t cuts[] = {0, 1, 8, 1003, 40000, 300 * 200};
    for (int c = 0; c + 1 < 6; c++) CHECK_EQ_INT(ps_palette_histogram_add(h, im.px + 4 * cuts[c], cuts[c + 1] - cuts[c]), PS_OK);
    CHECK(ps_palette_histogram_bins(h) > 7);
    CHECK_EQ_INT(ps_palette_histogram_extract(h, &parts), PS_OK);
    if (whole && parts) {
        int same = ps_palette_size(whole) == ps_palette_size(parts) && ps_palette_delta_e(whole) == ps_palette_delta_e(parts);
        for (uint32_t i = 0; same && i < ps_palette_size(whole); i++)
            same = ps_palette_rgb(whole, i) == ps_palette_rgb(parts, i) && ps_palette_count(whole, i) == ps_palette_count(parts, i);
        CHECK(same);
    }
    /* errors: NULLs, 2^32 pixels in all (refused before any is read), nothing counted */
    CHECK_EQ_INT(ps_palette_histogram_create(o, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_histogram_add(NULL, im.px, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_histogram_add(h, NULL, 1), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_histogram_add(h, im.px, UINT32_MAX), PS_ERR_IMAGE_TOO_LARGE);
    CHECK_EQ_INT(ps_palette_histogram_extract(h, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_palette_histogram_bins(NULL), 0);
    ps_palette_histogram_destroy(h);
    ps_palette *none = NULL;
    CHECK_EQ_INT(ps_palette_histogram_create(NULL, &h), PS_OK);
    CHECK_EQ_INT(ps_palette_histogram_add(h, im.px, 0), PS_OK);
    CHECK_EQ_INT(ps_palette_histogram_extract(h, &none), PS_ERR_NO_PIXELS);
    ps_palette_histogram_destroy(h);
    ps_palette_histogram_destroy(NULL);
    ps_palette_destroy(whole);
    ps_palette_destroy(parts);
    ps_palette_options_destroy(o);
    free(im.px);
}

int main(void)
{
    test_known_proportions();
    test_close_colours_exact();
    test_tie_break();
    test_one_pixel();
    test_alpha_and_near_white();
    test_blobs();
    test_determinism();
    test_counts_and_delta_e_follow_assignment();
    test_gradient_many_k();
    test_many_colours_few_bins();
    test_large_image_chunks();
    test_options_validation();
    test_create_and_remap();
    test_histogram_in_parts();
    test_histogram_exact_in_parts();
    return check_report("test_palette");
}
