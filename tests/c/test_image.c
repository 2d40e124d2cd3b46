/* Image decoding: PNG, BMP and GIF files built byte by byte in this test
 * (tiny encoders below), decoded and compared pixel by pixel; every error
 * path: empty, unsupported formats, truncation at every length, size limits. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "ps_image.h"
#include "ps_memory.h"

/* ---- a growable byte buffer ----------------------------------------------- */

typedef struct buf { uint8_t *d; uint32_t len, cap; } buf;

static void put8(buf *b, uint32_t v)
{
    if (b->len == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->d = realloc(b->d, b->cap);
        if (!b->d) { fprintf(stderr, "out of memory\n"); exit(2); }
    }
    b->d[b->len++] = (uint8_t)v;
}
static void put_bytes(buf *b, const void *p, uint32_t n) { for (uint32_t i = 0; i < n; i++) put8(b, ((const uint8_t *)p)[i]); }
static void put16le(buf *b, uint32_t v) { put8(b, v); put8(b, v >> 8); }
static void put32le(buf *b, uint32_t v) { put16le(b, v); put16le(b, v >> 16); }
static void put32be(buf *b, uint32_t v) { put8(b, v >> 24); put8(b, v >> 16); put8(b, v >> 8); put8(b, v); }

/* ---- PNG: stored (uncompressed) deflate blocks, CRC32, Adler32 ----------- */

static uint32_t crc32_of(const uint8_t *p, uint32_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

static void png_chunk(buf *b, const char *type, const uint8_t *data, uint32_t n)
{
    put32be(b, n);
    uint32_t start = b->len;
    put_bytes(b, type, 4);
    put_bytes(b, data, n);
    put32be(b, crc32_of(b->d + start, n + 4));
}

/* PNG of width x height, 8 bits, colour type 6 (RGBA, channels 4), 2 (RGB, 3)
 * or 0 (grey, 1); px holds channels bytes a pixel. Filter 0 on every row. */
static buf png_encode_declared(uint32_t width, uint32_t height, uint32_t decl_w, uint32_t decl_h,
                               int channels, const uint8_t *px)
{
    buf b = {0}, raw = {0}, z = {0};
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    put_bytes(&b, sig, 8);
    uint8_t ihdr[13] = {(uint8_t)(decl_w >> 24), (uint8_t)(decl_w >> 16), (uint8_t)(decl_w >> 8), (uint8_t)decl_w,
                        (uint8_t)(decl_h >> 24), (uint8_t)(decl_h >> 16), (uint8_t)(decl_h >> 8), (uint8_t)decl_h,
                        8, (uint8_t)(channels == 4 ? 6 : channels == 3 ? 2 : 0), 0, 0, 0};
    png_chunk(&b, "IHDR", ihdr, 13);
    for (uint32_t y = 0; y < height; y++) {
        put8(&raw, 0);
        put_bytes(&raw, px + (size_t)y * width * channels, width * (uint32_t)channels);
    }
    /* zlib: CMF 0x78, FLG 0x01 (0x7801 % 31 == 0), stored blocks of <= 65535 bytes, Adler32 */
    put8(&z, 0x78); put8(&z, 0x01);
    uint32_t pos = 0;
    do {
        uint32_t n = raw.len - pos > 65535 ? 65535 : raw.len - pos;
        put8(&z, pos + n == raw.len ? 1 : 0); /* BFINAL, BTYPE 00 */
        put16le(&z, n); put16le(&z, ~n & 0xFFFF);
        put_bytes(&z, raw.d + pos, n);
        pos += n;
    } while (pos < raw.len);
    uint32_t a = 1, s = 0;
    for (uint32_t i = 0; i < raw.len; i++) { a = (a + raw.d[i]) % 65521; s = (s + a) % 65521; }
    put32be(&z, s << 16 | a);
    png_chunk(&b, "IDAT", z.d, z.len);
    png_chunk(&b, "IEND", NULL, 0);
    free(raw.d); free(z.d);
    return b;
}

static buf png_encode(uint32_t width, uint32_t height, int channels, const uint8_t *px)
{
    return png_encode_declared(width, height, width, height, channels, px);
}

/* ---- BMP: 24-bit BI_RGB, rows padded to 4 bytes, bottom-up or top-down ---- */

static buf bmp_encode(uint32_t width, uint32_t height, const uint8_t *rgb, int top_down)
{
    buf b = {0};
    uint32_t row = (width * 3 + 3) & ~3u, size = 54 + row * height;
    put8(&b, 'B'); put8(&b, 'M'); put32le(&b, size); put32le(&b, 0); put32le(&b, 54);
    put32le(&b, 40); put32le(&b, width); put32le(&b, top_down ? (uint32_t)-(int32_t)height : height);
    put16le(&b, 1); put16le(&b, 24); put32le(&b, 0); put32le(&b, row * height);
    put32le(&b, 2835); put32le(&b, 2835); put32le(&b, 0); put32le(&b, 0);
    for (uint32_t i = 0; i < height; i++) {
        uint32_t y = top_down ? i : height - 1 - i;
        for (uint32_t x = 0; x < width; x++) {
            const uint8_t *p = rgb + 3 * ((size_t)y * width + x);
            put8(&b, p[2]); put8(&b, p[1]); put8(&b, p[0]); /* BGR */
        }
        for (uint32_t x = width * 3; x < row; x++) put8(&b, 0);
    }
    return b;
}

/* ---- GIF: 2x2, two-colour table, LZW with 3-bit codes --------------------- */

/* Packs codes of `bits` bits each, least significant bit first (GIF order). */
static uint32_t pack_codes(const uint32_t *codes, uint32_t n, uint32_t bits, uint8_t *out)
{
    uint32_t acc = 0, nacc = 0, len = 0;
    for (uint32_t i = 0; i < n; i++) {
        acc |= codes[i] << nacc;
        nacc += bits;
        while (nacc >= 8) { out[len++] = (uint8_t)acc; acc >>= 8; nacc -= 8; }
    }
    if (nacc) out[len++] = (uint8_t)acc;
    return len;
}

/* Pixels (indices) 0 1 / 1 0 with palette 0 = red, 1 = blue; if transparent,
 * a Graphic Control Extension makes index 1 transparent.
 * LZW (min code size 2): clear = 4, end = 5; codes stay 3 bits wide because a
 * clear code comes before the dictionary would reach 8 entries:
 * clear 0 1 clear 1 0 end. */
static buf gif_encode(int transparent)
{
    buf b = {0};
    put_bytes(&b, "GIF89a", 6);
    put16le(&b, 2); put16le(&b, 2);
    put8(&b, 0x80); /* global colour table, 2 entries */
    put8(&b, 0); put8(&b, 0);
    put8(&b, 255); put8(&b, 0); put8(&b, 0);   /* 0: red */
    put8(&b, 0); put8(&b, 0); put8(&b, 255);   /* 1: blue */
    if (transparent) {
        const uint8_t gce[8] = {0x21, 0xF9, 4, 0x01, 0, 0, 1, 0};
        put_bytes(&b, gce, 8);
    }
    put8(&b, 0x2C); put16le(&b, 0); put16le(&b, 0); put16le(&b, 2); put16le(&b, 2); put8(&b, 0);
    put8(&b, 2); /* LZW minimum code size */
    const uint32_t codes[7] = {4, 0, 1, 4, 1, 0, 5};
    uint8_t data[8];
    uint32_t n = pack_codes(codes, 7, 3, data);
    put8(&b, n); put_bytes(&b, data, n); put8(&b, 0);
    put8(&b, 0x3B);
    return b;
}

/* ---- tests ------------------------------------------------------------------- */

/* Deterministic test pixels: every channel different everywhere. */
static void fill_pixels(uint8_t *px, uint32_t n, int channels, uint32_t salt)
{
    for (uint32_t i = 0; i < n * (uint32_t)channels; i++) px[i] = (uint8_t)(i * 37u + salt * 11u + (i >> 3));
}

static void check_decode_equals(const buf *file, uint32_t w, uint32_t h, const uint8_t *want_rgba)
{
    uint8_t *rgba = NULL;
    uint32_t dw = 0, dh = 0;
    CHECK_EQ_INT(ps_image_decode(file->d, file->len, 0, &rgba, &dw, &dh), PS_OK);
    CHECK_EQ_INT(dw, w);
    CHECK_EQ_INT(dh, h);
    if (rgba && dw == w && dh == h) {
        int same = memcmp(rgba, want_rgba, (size_t)w * h * 4) == 0;
        if (!same) {
            for (uint32_t i = 0; i < w * h * 4; i++)
                if (rgba[i] != want_rgba[i]) { fprintf(stderr, "first difference at byte %u: %u vs %u\n", i, rgba[i], want_rgba[i]); break; }
        }
        CHECK(same);
    }
    ps_free(rgba);
    uint32_t iw = 0, ih = 0;
    CHECK_EQ_INT(ps_image_info(file->d, file->len, &iw, &ih), PS_OK);
    CHECK_EQ_INT(iw, w);
    CHECK_EQ_INT(ih, h);
}

static void test_png_round_trip(void)
{
    const uint32_t sizes[][2] = {{1, 1}, {2, 3}, {7, 5}, {64, 1}, {1, 64}, {300, 250}}; /* last one: several stored blocks */
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint32_t w = sizes[s][0], h = sizes[s][1], n = w * h;
        uint8_t *px = malloc((size_t)n * 4), *want = malloc((size_t)n * 4);
        /* RGBA */
        fill_pixels(px, n, 4, (uint32_t)s);
        buf f = png_encode(w, h, 4, px);
        CHECK_EQ_INT(ps_image_sniff(f.d, f.len), PS_IMAGE_PNG);
        check_decode_equals(&f, w, h, px);
        free(f.d);
        /* RGB: alpha becomes 255 */
        fill_pixels(px, n, 3, (uint32_t)s + 1);
        for (uint32_t i = 0; i < n; i++) { memcpy(want + 4 * i, px + 3 * i, 3); want[4 * i + 3] = 255; }
        f = png_encode(w, h, 3, px);
        check_decode_equals(&f, w, h, want);
        free(f.d);
        /* grey: r = g = b */
        fill_pixels(px, n, 1, (uint32_t)s + 2);
        for (uint32_t i = 0; i < n; i++) { want[4 * i] = want[4 * i + 1] = want[4 * i + 2] = px[i]; want[4 * i + 3] = 255; }
        f = png_encode(w, h, 1, px);
        check_decode_equals(&f, w, h, want);
        free(f.d);
        free(px); free(want);
    }
}

static void test_bmp_round_trip(void)
{
    const uint32_t sizes[][2] = {{1, 1}, {3, 2}, {5, 7}, {33, 9}}; /* widths that need row padding */
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint32_t w = sizes[s][0], h = sizes[s][1], n = w * h;
        uint8_t *rgb = malloc((size_t)n * 3), *want = malloc((size_t)n * 4);
        fill_pixels(rgb, n, 3, (uint32_t)s + 5);
        for (uint32_t i = 0; i < n; i++) { memcpy(want + 4 * i, rgb + 3 * i, 3); want[4 * i + 3] = 255; }
        for (int top_down = 0; top_down < 2; top_down++) {
            buf f = bmp_encode(w, h, rgb, top_down);
            CHECK_EQ_INT(ps_image_sniff(f.d, f.len), PS_IMAGE_BMP);
            check_decode_equals(&f, w, h, want);
            free(f.d);
        }
        free(rgb); free(want);
    }
}

static void test_gif(void)
{
    const uint8_t red[4] = {255, 0, 0, 255}, blue[4] = {0, 0, 255, 255};
    uint8_t want[16];
    memcpy(want, red, 4); memcpy(want + 4, blue, 4); memcpy(want + 8, blue, 4); memcpy(want + 12, red, 4);
    buf f = gif_encode(0);
    CHECK_EQ_INT(ps_image_sniff(f.d, f.len), PS_IMAGE_GIF);
    check_decode_equals(&f, 2, 2, want);
    free(f.d);
    /* index 1 transparent: blue pixels get alpha 0 */
    f = gif_encode(1);
    uint8_t *rgba = NULL;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_OK);
    if (rgba) {
        CHECK_EQ_INT(rgba[3], 255);
        CHECK_EQ_INT(rgba[7], 0);
        CHECK_EQ_INT(rgba[11], 0);
        CHECK_EQ_INT(rgba[15], 255);
        CHECK(memcmp(rgba, red, 4) == 0 && memcmp(rgba + 12, red, 4) == 0);
    }
    ps_free(rgba);
    /* Truncated GIFs: never a crash; an error while the header and colour
     * table are incomplete. Past them stb_image, like browsers, decodes what
     * is there (missing LZW data reads as index 0), so a success is allowed,
     * but only with the declared 2x2 size. */
    int bad = 0;
    for (uint32_t len = 1; len < f.len; len++) {
        uint8_t *copy = malloc(len);
        memcpy(copy, f.d, len);
        rgba = NULL;
        w = h = 0;
        ps_status st = ps_image_decode(copy, len, 0, &rgba, &w, &h);
        int ok;
        if (len < 6) ok = st == PS_ERR_IMAGE_UNSUPPORTED;
        else if (len < 19) ok = st == PS_ERR_IMAGE_CORRUPT; /* 13-byte header + 6-byte colour table */
        else ok = st == PS_ERR_IMAGE_CORRUPT || (st == PS_OK && w == 2 && h == 2);
        if (!ok) { fprintf(stderr, "GIF truncated at %u: status %d\n", len, st); bad++; }
        if (st == PS_OK) ps_free(rgba);
        free(copy);
    }
    CHECK_EQ_INT(bad, 0);
    free(f.d);
}

static void test_unsupported_and_empty(void)
{
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 77, h = 77;
    static const uint8_t one = 0x89;
    CHECK_EQ_INT(ps_image_decode(&one, 0, 0, &rgba, &w, &h), PS_ERR_IMAGE_EMPTY);
    CHECK_EQ_INT(ps_image_decode(NULL, 0, 0, &rgba, &w, &h), PS_ERR_IMAGE_EMPTY);
    CHECK_EQ_INT(ps_image_info(&one, 0, &w, &h), PS_ERR_IMAGE_EMPTY);
    CHECK_EQ_INT(ps_image_decode(NULL, 10, 0, &rgba, &w, &h), PS_ERR_INVALID_ARGUMENT);
    const char *texts[] = {
        "RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>",
        "<?xml version=\"1.0\"?><svg/>",
        "hello, this is plain text and not an image\n",
        "\x89PNG\r\n\x1a", /* 7 bytes: not even a full PNG signature */
        "GIF8",
        "\xff\xd8",
        "B",
        "\0\0\0\040ftypavif", /* AVIF (octal escape: \x20f would read as one hex escape) */
        "II*\x00", /* TIFF */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        uint32_t len = (uint32_t)strlen(texts[i]);
        if (i == 0) len = 38;
        if (i == 8) len = 12;
        CHECK_EQ_INT(ps_image_sniff((const uint8_t *)texts[i], len), PS_IMAGE_UNKNOWN);
        CHECK_EQ_INT(ps_image_decode((const uint8_t *)texts[i], len, 0, &rgba, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
        CHECK_EQ_INT(ps_image_info((const uint8_t *)texts[i], len, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
    }
    CHECK(rgba == sentinel);
    CHECK_EQ_INT(w, 77);
    CHECK_EQ_INT(h, 77);
    /* NULL out-parameters */
    buf f = gif_encode(0);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, NULL, &w, &h), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, NULL, &h), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_image_info(f.d, f.len, NULL, &h), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, NULL), PS_ERR_INVALID_ARGUMENT);
    CHECK_EQ_INT(ps_image_sniff(NULL, 10), PS_IMAGE_UNKNOWN);
    free(f.d);
    /* a JPEG signature followed by garbage: a supported format, but corrupt */
    const uint8_t jpeg_garbage[16] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 'x', 'y', 0xFF, 0x00, 1, 2, 3, 4, 5, 6};
    CHECK_EQ_INT(ps_image_sniff(jpeg_garbage, 16), PS_IMAGE_JPEG);
    CHECK_EQ_INT(ps_image_decode(jpeg_garbage, 16, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    /* "BM" then text: sniffed as BMP, corrupt */
    CHECK_EQ_INT(ps_image_decode((const uint8_t *)"BMW is a car maker", 18, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK(rgba == sentinel);
}

/* Valid BMPs stb_image cannot decode are unsupported, not corrupt: a real RLE8
 * file (2 x 1: a run of two pixels of colour 1, end of bitmap), and the other
 * compressions it lacks; bit fields with 24 bits a pixel stay corrupt. */
static void test_bmp_unsupported_compression(void)
{
    uint8_t rle8[66] = {'B', 'M', 66, 0, 0, 0, 0, 0, 0, 0, 62, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 8, 0,
                        1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0,
                        0, 0, 0, 0, 0, 0, 255, 0, 2, 1, 0, 1};
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_info(rle8, sizeof rle8, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
    CHECK_EQ_INT(ps_image_decode(rle8, sizeof rle8, 0, &rgba, &w, &h), PS_ERR_IMAGE_UNSUPPORTED);
    const uint8_t rgb[3] = {9, 8, 7};
    for (uint8_t compression = 1; compression <= 6; compression++) {
        buf b = bmp_encode(1, 1, rgb, 0);
        b.d[30] = compression;
        ps_status want = compression == 3 ? PS_ERR_IMAGE_CORRUPT : PS_ERR_IMAGE_UNSUPPORTED;
        CHECK_EQ_INT(ps_image_info(b.d, b.len, &w, &h), want);
        CHECK_EQ_INT(ps_image_decode(b.d, b.len, 0, &rgba, &w, &h), want);
        free(b.d);
    }
    CHECK(rgba == sentinel);
}

/* A PNG cut at every length: an error each time (never a crash, never a
 * success), UNSUPPORTED before the 8-byte signature is complete, CORRUPT after. */
static void test_png_truncated_everywhere(void)
{
    uint8_t px[6 * 5 * 4];
    fill_pixels(px, 30, 4, 9);
    buf f = png_encode(6, 5, 4, px);
    int bad = 0;
    for (uint32_t len = 1; len < f.len; len++) {
        uint8_t *copy = malloc(len); /* exact size, so ASan sees any over-read */
        memcpy(copy, f.d, len);
        uint8_t *rgba = NULL;
        uint32_t w = 0, h = 0;
        ps_status st = ps_image_decode(copy, len, 0, &rgba, &w, &h);
        ps_status want = len < 8 ? PS_ERR_IMAGE_UNSUPPORTED : PS_ERR_IMAGE_CORRUPT;
        if (st != want) { fprintf(stderr, "PNG truncated at %u of %u: status %d, want %d\n", len, f.len, st, want); bad++; }
        if (st == PS_OK) ps_free(rgba);
        free(copy);
    }
    CHECK_EQ_INT(bad, 0);
    /* and every single flipped byte: any status, but no crash; OK only with the right size */
    int wrong_size = 0;
    for (uint32_t i = 0; i < f.len; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            f.d[i] ^= (uint8_t)(1u << bit);
            uint8_t *rgba = NULL;
            uint32_t w = 0, h = 0;
            ps_status st = ps_image_decode(f.d, f.len, 0, &rgba, &w, &h);
            if (st == PS_OK) { if (w * h > 10000) wrong_size++; ps_free(rgba); }
            f.d[i] ^= (uint8_t)(1u << bit);
        }
    }
    CHECK_EQ_INT(wrong_size, 0);
    free(f.d);
    /* a BMP cut short */
    uint8_t rgb[4 * 4 * 3];
    fill_pixels(rgb, 16, 3, 3);
    buf b = bmp_encode(4, 4, rgb, 0);
    bad = 0;
    /* the same loop as the GIF and PNG truncations, on purpose: each format has its own rule */
    for (uint32_t len = 2; len < b.len; len++) {
        uint8_t *copy = malloc(len);
        memcpy(copy, b.d, len);
        uint8_t *rgba = NULL;
        uint32_t w = 0, h = 0;
        ps_status st = ps_image_decode(copy, len, 0, &rgba, &w, &h);
        if (st == PS_OK) ps_free(rgba);
        if (st != PS_ERR_IMAGE_CORRUPT) { fprintf(stderr, "BMP truncated at %u: status %d\n", len, st); bad++; }
        free(copy);
    }
    CHECK_EQ_INT(bad, 0);
    /* the headers alone, declaring 2000 x 2000 pixels: none of them is there */
    b.d[18] = 0xD0; b.d[19] = 0x07; b.d[22] = 0xD0; b.d[23] = 0x07;
    uint8_t *rgba = NULL;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_decode(b.d, 54, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK(rgba == NULL);
    free(b.d);
    /* a 1x1 8-bit BMP whose pixel data is said to start inside its headers: stb_image
     * would take a palette of -4 colours and read pixels past the end, as zeros */
    uint8_t pal8[62] = {'B', 'M', 62, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 8};
    CHECK_EQ_INT(ps_image_decode(pal8, sizeof pal8, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    pal8[10] = 58; /* where it is: after one palette entry */
    CHECK_EQ_INT(ps_image_decode(pal8, sizeof pal8, 0, &rgba, &w, &h), PS_OK);
    ps_free(rgba);
}

static void test_size_limits(void)
{
    uint8_t *rgba = (uint8_t *)&rgba, *sentinel = rgba;
    uint32_t w = 0, h = 0;
    /* A header declaring 100000 x 100000 (10^10 pixels) over a 1x1 payload. */
    const uint8_t one[4] = {1, 2, 3, 4};
    buf f = png_encode_declared(1, 1, 100000, 100000, 4, one);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, UINT32_MAX, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    free(f.d);
    /* A side over 2^24 (stb_image's limit), few pixels: too large, not corrupt; 2^24 itself is declared fine. */
    f = png_encode_declared(1, 1, (1u << 24) + 1, 1, 4, one);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    free(f.d);
    f = png_encode_declared(1, 1, 1, (1u << 24) + 1, 4, one);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    free(f.d);
    /* 20000 x 10000 = 2e8 pixels: over the 1e8 default limit; the size declared is given, for the message */
    f = png_encode_declared(1, 1, 20000, 10000, 4, one);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    CHECK_EQ_INT(w, 20000);
    CHECK_EQ_INT(h, 10000);
    free(f.d);
    /* A BMP and a GIF declaring huge sizes over tiny payloads. */
    uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a', 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x2C, 0, 0, 0, 0,
                     0xFF, 0xFF, 0xFF, 0xFF, 0, 2, 2, 0x4C, 0x01, 0, 0x3B};
    CHECK_EQ_INT(ps_image_decode(gif, sizeof gif, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    CHECK_EQ_INT(ps_image_info(gif, sizeof gif, &w, &h), PS_OK);
    CHECK_EQ_INT(w, 65535);
    CHECK_EQ_INT(h, 65535);
    const uint8_t rgb[3] = {9, 8, 7};
    buf b = bmp_encode(1, 1, rgb, 0);
    b.d[18] = 0xA0; b.d[19] = 0x86; b.d[20] = 0x01; /* width 100000 */
    b.d[22] = 0xA0; b.d[23] = 0x86; b.d[24] = 0x01; /* height 100000 */
    CHECK_EQ_INT(ps_image_decode(b.d, b.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    free(b.d);
    /* BMP sides over 2^24 (stb_image's limit): too large, bottom-up or top-down, not corrupt */
    const uint32_t bmp_sides[][2] = {{(1u << 24) + 1, 1}, {1, (1u << 24) + 1}, {1, (uint32_t)-(int32_t)((1u << 24) + 1)},
                                     {1, 0x80000000u}};
    for (size_t i = 0; i < sizeof bmp_sides / sizeof bmp_sides[0]; i++) {
        b = bmp_encode(1, 1, rgb, 0);
        b.d[18] = (uint8_t)bmp_sides[i][0]; b.d[19] = (uint8_t)(bmp_sides[i][0] >> 8);
        b.d[20] = (uint8_t)(bmp_sides[i][0] >> 16); b.d[21] = (uint8_t)(bmp_sides[i][0] >> 24);
        b.d[22] = (uint8_t)bmp_sides[i][1]; b.d[23] = (uint8_t)(bmp_sides[i][1] >> 8);
        b.d[24] = (uint8_t)(bmp_sides[i][1] >> 16); b.d[25] = (uint8_t)(bmp_sides[i][1] >> 24);
        CHECK_EQ_INT(ps_image_decode(b.d, b.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
        CHECK_EQ_INT(ps_image_decode(b.d, 54, 0, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
        free(b.d);
    }
    /* a negative width is no size at all */
    b = bmp_encode(1, 1, rgb, 0);
    b.d[21] = 0xFF;
    CHECK_EQ_INT(ps_image_decode(b.d, b.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK_EQ_INT(ps_image_info(b.d, b.len, &w, &h), PS_ERR_IMAGE_CORRUPT);
    free(b.d);
    CHECK(rgba == sentinel);

    /* A normal 4x4 image and a small max_pixels. */
    uint8_t px[64];
    fill_pixels(px, 16, 4, 1);
    f = png_encode(4, 4, 4, px);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 15, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    CHECK(rgba == sentinel);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 1, &rgba, &w, &h), PS_ERR_IMAGE_TOO_LARGE);
    rgba = NULL;
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 16, &rgba, &w, &h), PS_OK);
    if (rgba) CHECK(memcmp(rgba, px, 64) == 0);
    ps_free(rgba);
    free(f.d);

    /* Zero width or height in the header: IMAGE_EMPTY, as documented. */
    f = png_encode_declared(1, 1, 0, 5, 4, one);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_EMPTY);
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_ERR_IMAGE_EMPTY);
    free(f.d);
    f = png_encode_declared(1, 1, 5, 0, 4, one);
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_EMPTY);
    free(f.d);
    gif[6] = 0; gif[7] = 0;
    CHECK_EQ_INT(ps_image_info(gif, sizeof gif, &w, &h), PS_ERR_IMAGE_EMPTY);
}

/* ps_image_info reads the header only: a PNG whose pixel data is destroyed
 * still reports its size, while decoding it fails. */
static void test_info_without_decoding(void)
{
    uint8_t px[12 * 9 * 4];
    fill_pixels(px, 12 * 9, 4, 4);
    buf f = png_encode(12, 9, 4, px);
    /* IDAT data starts at 8 + 25 (IHDR chunk) + 8 (IDAT length and type) */
    for (uint32_t i = 8 + 25 + 8; i < f.len - 12 - 4; i++) f.d[i] = 0xEE;
    uint32_t w = 0, h = 0;
    CHECK_EQ_INT(ps_image_info(f.d, f.len, &w, &h), PS_OK);
    CHECK_EQ_INT(w, 12);
    CHECK_EQ_INT(h, 9);
    uint8_t *rgba = NULL;
    CHECK_EQ_INT(ps_image_decode(f.d, f.len, 0, &rgba, &w, &h), PS_ERR_IMAGE_CORRUPT);
    CHECK(rgba == NULL);
    /* and for a header-only file with no pixel data at all */
    CHECK_EQ_INT(ps_image_info(f.d, 8 + 25, &w, &h), PS_OK);
    CHECK_EQ_INT(w, 12);
    CHECK_EQ_INT(h, 9);
    free(f.d);
}

int main(void)
{
    test_png_round_trip();
    test_bmp_round_trip();
    test_gif();
    test_unsupported_and_empty();
    test_png_truncated_everywhere();
    test_bmp_unsupported_compression();
    test_size_limits();
    test_info_without_decoding();
    return check_report("test_image");
}
