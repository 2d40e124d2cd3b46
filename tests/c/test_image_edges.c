/* Image decoding edge cases beyond test_image.c: JPEGs (written in code with
 * stb_image_write) and GIFs (built byte by byte, with extensions, sub-blocks
 * and two frames) truncated at every length are an error every time, never a
 * lenient success; complete files with bytes after their end still decode;
 * a JPEG header declaring 65535 x 65535 is refused before allocating; every
 * real PNG/JPEG in ../shared/data/images/{ui,large} (or $PS_DATA/images)
 * still decodes, and cut short no longer does. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "ps_image.h"
#include "ps_memory.h"

#define STBIW_ASSERT(x) ((void)0)
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include "stb_quiet_begin.h"
#if defined(__clang__) /* the writer shifts negative ints: test-side code, keep UBSan on the library */
#pragma clang attribute push (__attribute__((no_sanitize("undefined"))), apply_to = function)
#endif
#include <stb_image_write.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif
#include "stb_quiet_end.h"

/* ---- a growable byte buffer ----------------------------------------------- */

typedef struct buf { uint8_t *d; uint32_t len, cap; } buf;

static void put_bytes(buf *b, const void *p, uint32_t n)
{
    if (b->len + n > b->cap) {
        while (b->len + n > b->cap) b->cap = b->cap ? 2 * b->cap : 256;
        b->d = realloc(b->d, b->cap);
        if (!b->d) { fprintf(stderr, "out of memory\n"); exit(2); }
    }
    memcpy(b->d + b->len, p, n);
    b->len += n;
}
static void put8(buf *b, uint32_t v) { uint8_t c = (uint8_t)v; put_bytes(b, &c, 1); }
static void put16le(buf *b, uint32_t v) { put8(b, v); put8(b, v >> 8); }
static void write_to_buf(void *ctx, void *data, int size) { put_bytes(ctx, data, (uint32_t)size); }

/* ---- fixtures ------------------------------------------------------------- */

/* A w x h baseline JPEG of a deterministic gradient with noise (comp 1 or 3). */
static buf jpeg_encode(int w, int h, int comp, int quality)
{
    uint8_t *px = malloc((size_t)w * h * comp);
    for (int i = 0; i < w * h * comp; i++) px[i] = (uint8_t)(i * 7 + (i % comp) * 80 + ((i * 2654435761u) >> 28));
    buf b = {0};
    if (!stbi_write_jpg_to_func(write_to_buf, &b, w, h, comp, px, quality)) { fprintf(stderr, "stbi_write_jpg failed\n"); exit(2); }
    free(px);
    return b;
}

/* A GIF89a of 5 x 3 (two frames when two_frames): a 4-colour global table, a
 * comment extension, a Graphic Control Extension, a Netscape loop extension,
 * the first image's LZW data split over several 1-3 byte sub-blocks, and a
 * second image with a local colour table. Codes are 3 bits wide throughout
 * (min code size 2: clear 4, end 5). */
static buf gif_encode(int two_frames)
{
    buf b = {0};
    put_bytes(&b, "GIF89a", 6);
    put16le(&b, 5); put16le(&b, 3);
    put8(&b, 0x81); put8(&b, 0); put8(&b, 0);                 /* global table, 4 entries */
    const uint8_t table[12] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
    put_bytes(&b, table, 12);
    put_bytes(&b, "\x21\xFE\x05hello\x00", 9);               /* comment */
    put_bytes(&b, "\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19); /* loop */
    const uint8_t gce[8] = {0x21, 0xF9, 4, 0x00, 10, 0, 0, 0};
    put_bytes(&b, gce, 8);
    /* 15 pixels, indices i % 4; a clear code after every 2 (a third would
     * add dictionary entry 7 and widen the codes to 4 bits) */
    uint32_t codes[64], n = 0;
    codes[n++] = 4;
    for (uint32_t i = 0; i < 15; i++) {
        codes[n++] = i % 4;
        if (i % 2 == 1) codes[n++] = 4;
    }
    codes[n++] = 5;
    uint8_t lzw[64];
    uint32_t acc = 0, nacc = 0, len = 0;
    for (uint32_t i = 0; i < n; i++) {
        acc |= codes[i] << nacc;
        nacc += 3;
        while (nacc >= 8) { lzw[len++] = (uint8_t)acc; acc >>= 8; nacc -= 8; }
    }
    if (nacc) lzw[len++] = (uint8_t)acc;
    put8(&b, 0x2C); put16le(&b, 0); put16le(&b, 0); put16le(&b, 5); put16le(&b, 3); put8(&b, 0);
    put8(&b, 2);
    for (uint32_t at = 0, k = 0; at < len; k++) {             /* sub-blocks of 1, 2, 3, 1, 2, 3... bytes */
        uint32_t m = 1 + k % 3;
        if (m > len - at) m = len - at;
        put8(&b, m); put_bytes(&b, lzw + at, m);
        at += m;
    }
    put8(&b, 0);
    if (two_frames) {
        put_bytes(&b, gce, 8);
        put8(&b, 0x2C); put16le(&b, 0); put16le(&b, 0); put16le(&b, 5); put16le(&b, 3); put8(&b, 0x81);
        const uint8_t local[12] = {0, 0, 0, 9, 9, 9, 99, 99, 99, 200, 200, 200};
        put_bytes(&b, local, 12);
        put8(&b, 2);
        put8(&b, len); put_bytes(&b, lzw, len); put8(&b, 0);
    }
    put8(&b, 0x3B);
    return b;
}

/* Decodes data[0..len) from an exact-size copy (so ASan sees any over-read). */
static ps_status decode_copy(const uint8_t *data, uint32_t len, uint32_t *w, uint32_t *h)
{
    uint8_t *copy = malloc(len ? len : 1), *rgba = NULL;
    memcpy(copy, data, len);
    ps_status st = ps_image_decode(copy, len, 0, &rgba, w, h);
    if (st == PS_OK) ps_free(rgba);
    free(copy);
    return st;
}

/* Every cut of f is an error: UNSUPPORTED while the signature is incomplete
 * (shorter than sig_len), CORRUPT after. Returns how many cuts misbehaved. */
static int truncations_fail(const buf *f, uint32_t sig_len, const char *what)
{
    int bad = 0;
    for (uint32_t len = 1; len < f->len; len++) {
        uint32_t w = 0, h = 0;
        ps_status st = decode_copy(f->d, len, &w, &h);
        ps_status want = len < sig_len ? PS_ERR_IMAGE_UNSUPPORTED : PS_ERR_IMAGE_CORRUPT;
        if (st != want) {
            if (bad < 5) fprintf(stderr, "%s cut at %u of %u: status %s, want %s\n", what, len, f->len, ps_status_name(st), ps_status_name(want));
            bad++;
        }
    }
    return bad;
}

/* ---- tests ------------------------------------------------------------------- */

static void test_jpeg_truncated_everywhere(void)
{
    const int shapes[][3] = {{16, 12, 3}, {9, 7, 1}, {33, 17, 3}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        buf f = jpeg_encode(shapes[s][0], shapes[s][1], shapes[s][2], 90);
        CHECK_EQ_INT(ps_image_sniff(f.d, f.len), PS_IMAGE_JPEG);
        CHECK(f.len > 100 && f.d[f.len - 2] == 0xFF && f.d[f.len - 1] == 0xD9);
        uint32_t w = 0, h = 0;
        CHECK_EQ_INT(decode_copy(f.d, f.len, &w, &h), PS_OK);
        CHECK_EQ_INT(w, shapes[s][0]);
        CHECK_EQ_INT(h, shapes[s][1]);
        CHECK_EQ_INT(truncations_fail(&f, 3, "JPEG"), 0);
        /* bytes after EOI (common in the wild) are ignored */
        buf g = {0};
        put_bytes(&g, f.d, f.len);
        put_bytes(&g, "\0\0trailing junk\xFF", 16);
        CHECK_EQ_INT(decode_copy(g.d, g.len, &w, &h), PS_OK);
        /* EOI replaced by another marker that never ends: corrupt */
        g.len = f.len;
        g.d[f.len - 1] = 0xD8;
        CHECK_EQ_INT(decode_copy(g.d, g.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
        free(g.d);
        free(f.d);
    }
}

/* An APP segment whose payload holds FF D9 (an EXIF thumbnail's end) is
 * skipped by its length, so it neither ends the file early nor hides a cut. */
static void test_jpeg_eoi_inside_a_segment(void)
{
    buf f = jpeg_encode(8, 8, 3, 80);
    buf g = {0};
    put_bytes(&g, f.d, 2);                                         /* SOI */
    const uint8_t app1[10] = {0xFF, 0xE1, 0, 8, 'E', 'x', 0xFF, 0xD9, 0xFF, 0xD9};
    put_bytes(&g, app1, 10);
    put_bytes(&g, f.d + 2, f.len - 2);
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(decode_copy(g.d, g.len, &w, &h), PS_OK);
    CHECK_EQ_INT(w, 8);
    CHECK_EQ_INT(decode_copy(g.d, g.len - 2, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK_EQ_INT(decode_copy(g.d, g.len / 2, &w, &h), PS_ERR_IMAGE_CORRUPT);
    /* a segment length running past the end */
    CHECK_EQ_INT(decode_copy(g.d, 12, &w, &h), PS_ERR_IMAGE_CORRUPT);
    free(g.d);
    free(f.d);
}

/* A side x side baseline JPEG whose frame header (SOF0) declares width x height instead. */
static buf jpeg_declaring(int side, uint32_t width, uint32_t height)
{
    buf f = jpeg_encode(side, side, 3, 80);
    int patched = 0;
    for (uint32_t i = 2; i + 9 < f.len; i++) {
        if (f.d[i] == 0xFF && f.d[i + 1] == 0xC0) {            /* SOF0: len(2) P(1) Y(2) X(2) */
            f.d[i + 5] = (uint8_t)(height >> 8);
            f.d[i + 6] = (uint8_t)height;
            f.d[i + 7] = (uint8_t)(width >> 8);
            f.d[i + 8] = (uint8_t)width;
            patched = 1;
            break;
        }
    }
    CHECK(patched);
    return f;
}

/* A JPEG whose SOF declares 65535 x 65535 over 8 x 8 data: over the pixel
 * limit, refused before any pixel memory (test_image.c covers PNG, GIF, BMP). */
static void test_jpeg_declared_too_large(void)
{
    buf f = jpeg_declaring(8, 65535, 65535);
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_OK);
    CHECK_EQ_INT(w, 65535);
    CHECK_EQ_INT(h, 65535);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    CHECK(rgba == sentinel);
    free(f.d);
}

/* A JPEG whose data cannot fill its declared size is truncated: each 8 x 8
 * block takes one bit at least (its DC code), and stb_image would pad the
 * rest with zeros after allocating the whole image. A flat image, the most a
 * real encoder compresses (8 bits a block from stb_image_write), still decodes. */
static void test_jpeg_too_little_data(void)
{
    buf f = jpeg_declaring(64, 10000, 10000);
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_OK);
    CHECK_EQ_INT(w, 10000);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK(rgba == sentinel);
    free(f.d);

    enum { SIDE = 2048 };
    uint8_t *flat = malloc((size_t)SIDE * SIDE * 3);
    memset(flat, 0x80, (size_t)SIDE * SIDE * 3);
    buf g = {0};
    CHECK(stbi_write_jpg_to_func(write_to_buf, &g, SIDE, SIDE, 3, flat, 90));
    free(flat);
    CHECK_EQ_INT(ps_image_decode(g.d, g.len, 0, &rgba, &w, &h), PS_OK);
    if (rgba != sentinel) free(rgba);
    free(g.d);
}

/* An image whose RGBA would not fit stb_image's int byte counts (2^31) is too
 * large before anything is allocated, whatever max_pixels allows: a 24000 x
 * 24000 PNG, 576 M pixels. */
static void test_png_over_stb_limit(void)
{
    uint8_t gray = 0;
    buf f = {0};
    CHECK(stbi_write_png_to_func(write_to_buf, &f, 1, 1, 1, &gray, 1));
    for (int at = 16; at < 24; at += 4) { f.d[at] = 0; f.d[at + 1] = 0; f.d[at + 2] = 0x5D; f.d[at + 3] = 0xC0; } /* IHDR 24000 x 24000 */
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, UINT32_MAX, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    CHECK(rgba == sentinel);
    free(f.d);
}

/* JPEG processes stb_image does not decode are unsupported, not corrupt: the
 * SOF0 of a baseline JPEG renamed lossless, hierarchical or arithmetic-coded,
 * and a 12-bit extended or progressive SOF. An 8-bit SOF1 still decodes. */
static void test_jpeg_unsupported_processes(void)
{
    const uint8_t unsupported[] = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF};
    buf f = jpeg_encode(8, 8, 3, 80);
    uint32_t sof = 0;
    for (uint32_t i = 2; i + 4 < f.len && !sof; i++) if (f.d[i] == 0xFF && f.d[i + 1] == 0xC0) sof = i;
    CHECK(sof > 0);
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    for (size_t i = 0; i < sizeof unsupported; i++) {
        f.d[sof + 1] = unsupported[i];
        CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
        CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
    }
    CHECK(rgba == sentinel);
    f.d[sof + 1] = 0xC1;
    CHECK_EQ_INT(decode_copy(f.d, f.len, &w, &h), PS_OK);
    for (uint8_t m = 0xC1; m <= 0xC2; m++) {
        f.d[sof + 1] = m;
        f.d[sof + 4] = 12;                                         /* FF Cn, length, P */
        CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
        CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
    }
    CHECK(rgba == sentinel);
    free(f.d);
}

/* A DHT whose 16 counts sum to more than 256: stb_image 2.27 writes past its
 * Huffman tables (heap overflow, found by fuzz_image seeded with a JPEG).
 * Refused as CORRUPT by info and decode, whole or cut inside the counts. */
static void test_jpeg_bad_huffman_counts(void)
{
    buf f = jpeg_encode(8, 8, 3, 80);
    uint32_t dht = 0;
    for (uint32_t i = 2; i + 21 < f.len && !dht; i++) if (f.d[i] == 0xFF && f.d[i + 1] == 0xC4) dht = i;
    CHECK(dht > 0);
    for (int k = 0; k < 16; k++) f.d[dht + 5 + k] = 0x20;         /* counts after FF C4, length, class/id */
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK(rgba == sentinel);
    CHECK_EQ_INT(decode_copy(f.d, dht + 5 + 10, &w, &h), PS_ERR_IMAGE_CORRUPT); /* 10 counts of 32 = 320 */
    uint32_t iw, ih;
    CHECK_EQ_INT(ps_image_info(f.d, dht + 5 + 10, &iw, &ih), PS_ERR_IMAGE_CORRUPT);
    /* a table class over 1 */
    f.d[dht + 4] = 0x20;
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
    free(f.d);
}

/* A scan whose components name Huffman tables no DHT defined: stb_image 2.27
 * decodes with the uninitialised memory of those tables, reading out of bounds
 * (UBSan, found by fuzz_image). Refused as CORRUPT by info and decode. */
static void test_jpeg_undefined_huffman_table(void)
{
    const uint8_t selectors[3] = {0x22, 0x03, 0x30}; /* DC 2 AC 2; DC 0 AC 3; DC 3 AC 0 */
    for (int s = 0; s < 3; s++) {
        buf f = jpeg_encode(8, 8, 3, 80);
        uint32_t sos = 0;
        for (uint32_t i = 2; i + 6 < f.len && !sos; i++) if (f.d[i] == 0xFF && f.d[i + 1] == 0xDA) sos = i;
        CHECK(sos > 0);
        uint32_t w = 0, h = 0;
        CHECK_EQ_INT(decode_copy(f.d, f.len, &w, &h), PS_OK);   /* tables 0 and 1, defined */
        f.d[sos + 6] = selectors[s];                             /* FF DA, length, Ns, first component's id */
        uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
        CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
        CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
        CHECK(rgba == sentinel);
        free(f.d);
    }
}

/* A component dequantised with a table no DQT defined: stb_image 2.27 takes
 * that table from uninitialised memory, so the pixels depend on what it last
 * held, and multiplies with an integer overflow on the way (UBSan, found by
 * fuzz_image). Refused as CORRUPT by info and decode: a frame naming table 2,
 * and a file whose DQT segments are gone (turned into APP1). */
static void test_jpeg_undefined_quant_table(void)
{
    for (int variant = 0; variant < 2; variant++) {
        buf f = jpeg_encode(8, 8, 3, 80);
        uint32_t sof = 0, w = 0, h = 0;
        for (uint32_t i = 2; i + 10 < f.len && !sof; i++) if (f.d[i] == 0xFF && f.d[i + 1] == 0xC0) sof = i;
        CHECK(sof > 0);
        CHECK_EQ_INT(decode_copy(f.d, f.len, &w, &h), PS_OK);
        if (variant == 0) f.d[sof + 2 + 8 + 3 * 1 + 2] = 2;       /* FF C0, then the second component's Tq */
        else
            for (uint32_t i = 2; i + 1 < sof; i++) if (f.d[i] == 0xFF && f.d[i + 1] == 0xDB) f.d[i + 1] = 0xE1;
        uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
        CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
        CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
        CHECK(rgba == sentinel);
        free(f.d);
    }
}

static void test_gif_truncated_everywhere(void)
{
    for (int frames = 1; frames <= 2; frames++) {
        buf f = gif_encode(frames == 2);
        uint32_t w = 0, h = 0;
        uint8_t *rgba = NULL;
        CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_OK);
        CHECK_EQ_INT(w, 5);
        CHECK_EQ_INT(h, 3);
        if (rgba) { /* the first frame: indices i % 4 through the global table */
            static const uint8_t table[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
            int same = 1;
            for (int i = 0; i < 15; i++) same &= memcmp(rgba + 4 * i, table[i % 4], 3) == 0 && rgba[4 * i + 3] == 255;
            CHECK(same);
        }
        ps_free(rgba);
        CHECK_EQ_INT(truncations_fail(&f, 6, frames == 2 ? "GIF (2 frames)" : "GIF"), 0);
        /* bytes after the trailer are ignored */
        buf g = {0};
        put_bytes(&g, f.d, f.len);
        put_bytes(&g, "\0junk", 5);
        CHECK_EQ_INT(decode_copy(g.d, g.len, &w, &h), PS_OK);
        /* an unknown block where the trailer should be: corrupt */
        g.d[f.len - 1] = 0x99;
        CHECK_EQ_INT(decode_copy(g.d, g.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
        free(g.d);
        free(f.d);
    }
}

/* ---- real files ------------------------------------------------------------ */

static int read_file(const char *path, buf *out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) put_bytes(out, chunk, (uint32_t)n);
    fclose(fp);
    return 1;
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n > m && strcmp(name + n - m, suffix) == 0;
}

/* Fills the stack below this frame with a pattern: memory stb_image leaves uninitialised would show it. */
static __attribute__((noinline)) void scribble_stack(void)
{
    volatile uint8_t junk[32768];
    for (uint32_t i = 0; i < sizeof junk; i++) junk[i] = (uint8_t)(0xA5 ^ i);
}

/* Pixel indices past the palette: stb_image 2.27 reads them from uninitialised memory. A palette PNG's
 * (known only once inflated) decode black, the same every time; a BMP's (in the file) are IMAGE_CORRUPT. */
static void test_indices_past_the_palette(void)
{
    /* 2x2 palette PNG with a PLTE of 1 entry (red) and every pixel of index 5 */
    static const uint8_t png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x03, 0x00, 0x00, 0x00, 0x45, 0x68, 0xfd, 0x16, 0x00, 0x00, 0x00,
        0x03, 0x50, 0x4c, 0x54, 0x45, 0xff, 0x00, 0x00, 0x19, 0xe2, 0x09, 0x37, 0x00, 0x00, 0x00, 0x0e, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x65, 0x65, 0x60, 0x65, 0x05, 0x00, 0x00, 0x42, 0x00, 0x15, 0xb1, 0x80,
        0x58, 0x94, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    for (int run = 0; run < 2; run++) {
        if (run) scribble_stack();
        uint8_t *rgba = NULL;
        uint32_t w = 0, h = 0;
        CHECK_EQ_INT(ps_image_decode(png, sizeof png, 0, &rgba, &w, &h), PS_OK);
        if (rgba) CHECK(memcmp(rgba, "\0\0\0\xff\0\0\0\xff\0\0\0\xff\0\0\0\xff", 16) == 0); /* black, opaque */
        ps_free(rgba);
    }
    /* 2x2 BMPs of 1, 4 and 8 bits with a palette of 1 entry: index 0 decodes, index 1 is past it */
    const uint32_t bits[] = {1, 4, 8};
    for (int i = 0; i < 3; i++) {
        for (uint8_t past = 0; past <= 1; past++) {
            buf b = {0};
            put_bytes(&b, "BM", 2);
            put16le(&b, 66); put16le(&b, 0); put16le(&b, 0); put16le(&b, 0); /* file size, reserved */
            put16le(&b, 58); put16le(&b, 0);                                   /* pixel data offset: 14 + 40 + 4 */
            const uint32_t info[] = {40, 2, 2};
            for (int f = 0; f < 3; f++) { put16le(&b, info[f]); put16le(&b, 0); }
            put16le(&b, 1); put16le(&b, bits[i]);                              /* planes, bits */
            for (int f = 0; f < 6; f++) { put16le(&b, 0); put16le(&b, 0); }    /* no compression ... */
            put8(&b, 0); put8(&b, 0); put8(&b, 255); put8(&b, 0);              /* the one entry: red */
            uint8_t first = (uint8_t)(past << (8 - bits[i]));                  /* the first pixel's index */
            for (int row = 0; row < 2; row++) { put8(&b, first); put8(&b, 0); put16le(&b, 0); }
            uint8_t *rgba = NULL;
            uint32_t w = 0, h = 0;
            CHECK_EQ_INT(ps_image_decode(b.d, b.len, 0, &rgba, &w, &h), past ? PS_ERR_IMAGE_CORRUPT : PS_OK);
            if (!past && rgba) CHECK(memcmp(rgba, "\xff\x00\x00\xff", 4) == 0);
            ps_free(rgba);
            free(b.d);
        }
    }
}

static void test_real_files(void)
{
    const char *data = getenv("PS_DATA");
    char root[1024];
    snprintf(root, sizeof root, "%s/images", data && *data ? data : "../shared/data");
    const char *subdirs[] = {"ui", "large"};
    int files = 0;
    for (size_t s = 0; s < 2; s++) {
        char dir[1100];
        snprintf(dir, sizeof dir, "%s/%s", root, subdirs[s]);
        DIR *dp = opendir(dir);
        if (!dp) continue;
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (!has_suffix(e->d_name, ".png") && !has_suffix(e->d_name, ".jpg") && !has_suffix(e->d_name, ".jpeg")) continue;
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            buf f = {0};
            if (!read_file(path, &f)) { fprintf(stderr, "%s: cannot read\n", path); CHECK(0); continue; }
            files++;
            uint32_t iw = 0, ih = 0, w = 0, h = 0;
            uint8_t *rgba = NULL;
            ps_status st = ps_image_decode(f.d, f.len, 0, &rgba, &w, &h);
            if (st != PS_OK) fprintf(stderr, "%s: %s\n", path, ps_status_name(st));
            CHECK_EQ_INT(st, PS_OK);
            CHECK_EQ_INT(ps_image_info(f.d, f.len, &iw, &ih), PS_OK);
            CHECK(w == iw && h == ih && w > 0 && h > 0);
            ps_free(rgba);
            /* and cut short (a few places), an error */
            const uint32_t cuts[4] = {f.len / 3, f.len / 2, f.len - 2, f.len - 1};
            for (int c = 0; c < 4; c++) {
                ps_status cut = decode_copy(f.d, cuts[c], &w, &h);
                if (cut != PS_ERR_IMAGE_CORRUPT) fprintf(stderr, "%s cut at %u: %s\n", path, cuts[c], ps_status_name(cut));
                CHECK_EQ_INT(cut, PS_ERR_IMAGE_CORRUPT);
            }
            free(f.d);
        }
        closedir(dp);
    }
    if (!files) printf("test_image_edges: SKIP real-file checks: no images under %s/{ui,large} (set PS_DATA)\n", root);
    else printf("test_image_edges: %d real images decoded\n", files);
}

int main(void)
{
    test_jpeg_truncated_everywhere();
    test_jpeg_eoi_inside_a_segment();
    test_jpeg_declared_too_large();
    test_jpeg_too_little_data();
    test_png_over_stb_limit();
    test_jpeg_unsupported_processes();
    test_jpeg_bad_huffman_counts();
    test_jpeg_undefined_huffman_table();
    test_jpeg_undefined_quant_table();
    test_gif_truncated_everywhere();
    test_indices_past_the_palette();
    test_real_files();
    return check_report("test_image_edges");
}
