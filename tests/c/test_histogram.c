/* The grid histogram against a plain reference: every bin's pixel count and
 * rounded mean colour, for images that exercise the vector path, the
 * one-at-a-time path of the filters, the tail, bins that spill, and images
 * large enough for the words' copies, in one call and in parts. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "palette_internal.h"

static uint32_t lcg_state = 2024u;
static uint32_t lcg(void) { lcg_state = lcg_state * 1664525u + 1013904223u; return lcg_state >> 8; }

/* The histogram computed the obvious way: one pass, 64-bit sums. */
static void reference(const uint8_t *px, size_t npix, const ps_palette_options *o, ps__points *out)
{
    static uint64_t count[32768], sum[32768][3];
    memset(count, 0, sizeof count);
    memset(sum, 0, sizeof sum);
    for (size_t i = 0; i < npix; i++) {
        const uint8_t *p = px + 4 * i;
        if (p[3] < o->alpha_threshold) continue;
        if (o->ignore_near_white && p[0] >= 240 && p[1] >= 240 && p[2] >= 240) continue;
        uint32_t bin = (uint32_t)(p[0] >> 3) << 10 | (uint32_t)(p[1] >> 3) << 5 | (uint32_t)(p[2] >> 3);
        count[bin]++;
        for (int c = 0; c < 3; c++) sum[bin][c] += p[c];
    }
    out->n = 0;
    for (uint32_t bin = 0; bin < 32768; bin++) {
        if (!count[bin]) continue;
        uint32_t rgb = 0;
        for (int c = 0; c < 3; c++) rgb = rgb << 8 | (uint32_t)((sum[bin][c] + count[bin] / 2) / count[bin]);
        out->rgb[out->n] = rgb;
        out->weight[out->n++] = (double)count[bin];
    }
}

/* The grid's histogram of the pixels added in parts of `part` pixels (the last one shorter). */
static ps_status in_parts(const uint8_t *px, size_t npix, size_t part, const ps_palette_options *o, ps__points *out)
{
    ps__grid *g;
    ps_status st = ps__grid_create(&g);
    if (st != PS_OK) return st;
    for (size_t at = 0; at < npix; at += part) ps__grid_add(g, px + 4 * at, npix - at < part ? npix - at : part, o);
    st = ps__grid_points(g, out);
    ps__grid_destroy(g);
    return st;
}

static void check_same(ps__points *got, const ps__points *want, const char *what, const char *how, uint32_t filters)
{
    int same = got->n == want->n;
    for (uint32_t i = 0; same && i < got->n; i++) same = got->rgb[i] == want->rgb[i] && got->weight[i] == want->weight[i];
    if (!same) fprintf(stderr, "histogram differs: %s %s, filters %u (%u bins, want %u)\n", what, how, filters, got->n, want->n);
    CHECK(same);
    ps__points_free(got);
}

static void check_image(const uint8_t *px, size_t npix, const char *what)
{
    static uint32_t ref_rgb[32768];
    static double ref_weight[32768];
    for (uint32_t filters = 0; filters < 4; filters++) {
        ps_palette_options o = {.alpha_threshold = filters & 1 ? 128 : 0, .ignore_near_white = filters >> 1};
        ps__points got = {0}, want = {0, ref_rgb, ref_weight};
        reference(px, npix, &o, &want);
        CHECK_EQ_INT(ps__grid_histogram(px, npix, &o, &got), PS_OK);
        check_same(&got, &want, what, "in one call", filters);
        /* in parts of 2^18 pixels + 3, as the JS adds a large image's pixels in parts (the copies start part way) */
        CHECK_EQ_INT(in_parts(px, npix, (1u << 18) + 3, &o, &got), PS_OK);
        check_same(&got, &want, what, "in parts", filters);
    }
}

int main(void)
{
    enum { N = 100003 }; /* not a multiple of 4: the tail too */
    uint8_t *px = malloc(4 * (size_t)N);
    if (!px) return 2;
    /* noise: every bin, all alphas, some near-white */
    for (size_t i = 0; i < 4 * (size_t)N; i++) px[i] = (uint8_t)lcg();
    check_image(px, N, "noise");
    /* long runs of one pixel (a bin spills many times) between short noisy stretches */
    for (size_t i = 0; i < N; i++) {
        uint32_t r = lcg();
        int run = (i / 9000) % 2 == 0;
        px[4 * i] = run ? 200 : (uint8_t)r;
        px[4 * i + 1] = run ? 17 : (uint8_t)(r >> 8);
        px[4 * i + 2] = run ? 99 : (uint8_t)(r >> 16);
        px[4 * i + 3] = run ? 255 : (uint8_t)(r >> 4);
    }
    check_image(px, N, "runs");
    /* few bins, every low bit: sums near the fields' limits before each spill */
    for (size_t i = 0; i < N; i++) {
        px[4 * i] = (uint8_t)(248 + i % 8);
        px[4 * i + 1] = (uint8_t)(248 + i / 8 % 8);
        px[4 * i + 2] = (uint8_t)(i % 3 ? 255 : 7);
        px[4 * i + 3] = 255;
    }
    check_image(px, N, "bright");
    check_image(px, 3, "three pixels");
    /* about the sizes where the two halves start to be scanned side by side (2 * 256 quads), and with a half
     * one quad longer or a last short block */
    for (size_t i = 0; i < 4 * (size_t)N; i++) px[i] = (uint8_t)lcg();
    static const size_t sizes[] = {2047, 2048, 2049, 2052, 2053, 3071, 4095, 4100, 6151};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        char what[32];
        snprintf(what, sizeof what, "noise, %zu pixels", sizes[s]);
        check_image(px, sizes[s], what);
    }
    free(px);
    /* over 2^21 pixels, where lane i of a quad adds to copy i of the words: runs of one colour (the lanes of a
     * quad in one bin), noise and few bright bins near the fields' limits, in turns of 7,000 pixels */
    enum { BIG = (1 << 21) + 4099 };
    px = malloc(4 * (size_t)BIG);
    if (!px) return 2;
    for (size_t i = 0; i < BIG; i++) {
        uint32_t r = lcg(), kind = (uint32_t)(i / 7000 % 3);
        px[4 * i] = kind == 0 ? 200 : kind == 1 ? (uint8_t)r : (uint8_t)(248 + i % 8);
        px[4 * i + 1] = kind == 0 ? 17 : kind == 1 ? (uint8_t)(r >> 8) : (uint8_t)(248 + i / 8 % 8);
        px[4 * i + 2] = kind == 0 ? 99 : kind == 1 ? (uint8_t)(r >> 16) : (uint8_t)(i % 3 ? 255 : 7);
        px[4 * i + 3] = kind == 1 ? (uint8_t)(r >> 4) : 255;
    }
    check_image(px, BIG, "large mixed");
    free(px);
    return check_report("test_histogram");
}
