#include "ps_image.h"
#include "bytes.h"
#include <stdlib.h>
#include <string.h>

/* stb_image, restricted to the four formats, memory only, never asserting. */
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_NO_FAILURE_STRINGS
#define STBI_ASSERT(x) ((void)0)
/* stb_image fails an allocation as it fails bad data: its allocations go
 * through these, so that a decode can tell NO_MEMORY from IMAGE_CORRUPT. */
#if defined(__wasm__) && !defined(__wasm_atomics__)
static int stb_out_of_memory; /* one thread: WebAssembly without atomics has no thread-local storage */
#else
static _Thread_local int stb_out_of_memory;
#endif
static void *stb_malloc(size_t n)
{
    void *p = malloc(n);
    stb_out_of_memory |= !p;
    return p;
}
static void *stb_realloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    stb_out_of_memory |= !q;
    return q;
}
#define STBI_MALLOC(n) stb_malloc(n)
#define STBI_REALLOC(p, n) stb_realloc(p, n)
#define STBI_FREE(p) free(p)
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
/* In WebAssembly, stb_image's SSE2 JPEG kernels (IDCT, YCbCr to RGB, 2x2
 * upsampling) too: Emscripten builds SSE2 intrinsics as WebAssembly SIMD
 * (-msimd128 -msse2, the Makefile), and stb takes that path on x86 targets
 * only, so it is told it is on one. They halve a large JPEG's decoding, and
 * give the scalar kernels' pixels, as they do natively on x86-64. */
#if defined(__wasm_simd128__) && defined(__SSE2__)
#define STBI__X64_TARGET
#endif
/* stb marks its small helpers stbi_inline, which is empty in C: at -Oz the PNG
 * Paeth predictor, one call per byte of a Paeth row, would stay a call. This
 * declaration asks for it inline (its definition is stb's). */
#if defined(__GNUC__)
static inline __attribute__((always_inline)) int stbi__paeth(int a, int b, int c);
#endif
#include "stb_quiet_begin.h"
#include <stb_image.h>
#include "stb_quiet_end.h"

ps_image_format ps_image_sniff(const uint8_t *d, uint32_t len)
{
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (!d) return PS_IMAGE_UNKNOWN;
    if (len >= 8 && memcmp(d, png, 8) == 0) return PS_IMAGE_PNG;
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return PS_IMAGE_JPEG;
    if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) return PS_IMAGE_GIF;
    if (len >= 2 && d[0] == 'B' && d[1] == 'M') return PS_IMAGE_BMP;
    return PS_IMAGE_UNKNOWN;
}

/* stb_image takes an int length. */
#define MAX_INPUT_BYTES 0x7FFFFFFFu

static ps_status check_input(const uint8_t *data, uint32_t len)
{
    if (!data && len) return PS_ERR_INVALID_ARGUMENT;
    if (len == 0) return PS_ERR_IMAGE_EMPTY;
    if (ps_image_sniff(data, len) == PS_IMAGE_UNKNOWN) return PS_ERR_IMAGE_UNSUPPORTED;
    if (len > MAX_INPUT_BYTES) return PS_ERR_IMAGE_TOO_LARGE;
    return PS_OK;
}

/* A BMP's file and info headers, where stb_image reads them: the OS/2
 * BITMAPCOREHEADER (12 bytes) has 16-bit sizes and no compression field, the
 * Windows headers (40 bytes and more) 32-bit sizes, a negative height meaning
 * rows stored top-down. 0 if the headers are cut short, of another size, or
 * declare a negative width. */
typedef struct bmp_header { uint32_t data_offset, header_size, width, height, bits, compression; } bmp_header;

static int bmp_header_read(const uint8_t *d, uint32_t len, bmp_header *b)
{
    if (len < 18) return 0;
    b->data_offset = ps__rd32(d + 10);
    b->header_size = ps__rd32(d + 14);
    if (b->header_size == 12) {
        if (len < 26) return 0;
        b->width = ps__rd16(d + 18); b->height = ps__rd16(d + 20);
        b->bits = ps__rd16(d + 24); b->compression = 0;
        return 1;
    }
    if (b->header_size < 40 || len < 34) return 0;
    uint32_t height = ps__rd32(d + 22);
    b->width = ps__rd32(d + 18);
    if (b->width >> 31) return 0; /* a negative width */
    b->height = height >> 31 ? 0u - height : height;
    b->bits = ps__rd16(d + 28); b->compression = ps__rd32(d + 30);
    return 1;
}

/* Whether every pixel of a BMP of 1, 4 or 8 bits names one of its palette's
 * entries: stb_image 2.27 reads an index past them from uninitialised memory
 * (its palette is a local array), so the same file gave other pixels from call
 * to call. The entries are counted as stb_image counts them, from the offset of
 * the pixel data. */
static int bmp_indices_in_palette(const uint8_t *d, const bmp_header *b, uint32_t stride)
{
    uint32_t bits = b->bits, off = b->data_offset;
    int32_t entries = b->header_size == 12 ? ((int32_t)off - 38) / 3 : (int32_t)(off - 14 - b->header_size) >> 2;
    if (bits > 8) return 1;
    if (entries < 1) return 0;
    if (entries >> bits) return 1; /* every index has an entry */
    for (uint32_t y = 0; y < b->height; y++)
        for (uint32_t x = 0, bit = 0; x < b->width; x++, bit += bits)
            if ((d[off + y * stride + bit / 8] >> (8 - bits - bit % 8) & ((1u << bits) - 1)) >= (uint32_t)entries) return 0;
    return 1;
}

/* Whether an uncompressed BMP holds every row its header declares: stb_image
 * reads missing pixel bytes as zeros, and pixel data starting inside the
 * headers as nothing at all. Rows are padded to 4 bytes. */
static int bmp_complete(const uint8_t *d, uint32_t len)
{
    bmp_header b;
    if (!bmp_header_read(d, len, &b) || b.data_offset < 14 + (uint64_t)b.header_size) return 0;
    uint64_t stride = ((uint64_t)b.width * b.bits + 31) / 32 * 4;
    return b.data_offset + stride * b.height <= len && bmp_indices_in_palette(d, &b, (uint32_t)stride);
}

/* Whether a BMP is compressed in a way stb_image does not decode: RLE8 (1),
 * RLE4 (2), JPEG (4), PNG (5) or alpha bit fields (6). (3, bit fields, is read.) */
static int bmp_compressed(const uint8_t *d, uint32_t len)
{
    bmp_header b;
    return bmp_header_read(d, len, &b) && b.compression >= 1 && b.compression <= 6 && b.compression != 3;
}

/* The size a PNG, GIF or BMP header declares, read directly: stb_image's info
 * refuses zero sizes, PNGs over 2^30 bytes and BMP sides over 2^24 as plain
 * failures, which must become IMAGE_EMPTY and IMAGE_TOO_LARGE. 0 if the header
 * is incomplete. */
static int declared_size(const uint8_t *d, uint32_t len, uint32_t *w, uint32_t *h)
{
    switch (ps_image_sniff(d, len)) {
    case PS_IMAGE_PNG:
        if (len < 24 || ps__rd32_be(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0) return 0;
        *w = ps__rd32_be(d + 16); *h = ps__rd32_be(d + 20);
        return 1;
    case PS_IMAGE_GIF:
        if (len < 13) return 0;
        *w = (uint32_t)d[6] | (uint32_t)d[7] << 8; *h = (uint32_t)d[8] | (uint32_t)d[9] << 8;
        return 1;
    case PS_IMAGE_BMP: {
        bmp_header b;
        if (!bmp_header_read(d, len, &b)) return 0;
        *w = b.width; *h = b.height;
        return 1;
    }
    default:
        return 0;
    }
}

/* The most pixels (PNG: bytes of image data, GIF: pixels) one byte of compressed
 * data can give: deflate's 258-byte match in 2 bits, and an LZW code of 2 bits or
 * more for a string of at most 4096. A file whose data cannot fill its declared
 * size is refused before stb_image allocates that size (a 69-byte PNG or a
 * 29-byte GIF declaring 10000 x 10000 took 760-860 MB of memory that is never
 * given back, and the GIF 1.3 s). */
#define DEFLATE_MAX_RATIO 1032u
#define LZW_MAX_RATIO (4u * 4096u)

/* Whether a PNG's chunks are all complete up to IEND (stb_image ignores CRCs
 * and decodes a file cut inside its last chunk, which is still truncated), with
 * image data enough for one sample a pixel at its bit depth. *plte gets the
 * offset of its PLTE chunk, or stays 0. */
static int png_complete(const uint8_t *d, uint32_t len, uint32_t *plte)
{
    uint64_t pos = 8, data = 0, need = (uint64_t)ps__rd32_be(d + 16) * ps__rd32_be(d + 20) * d[24] / 8;
    while (pos + 12 <= len) {
        uint32_t n = ps__rd32_be(d + pos);
        uint64_t end = pos + 12 + n;
        if (end > len) return 0;
        if (memcmp(d + pos + 4, "IEND", 4) == 0) return data * DEFLATE_MAX_RATIO >= need;
        if (memcmp(d + pos + 4, "IDAT", 4) == 0) data += n;
        if (memcmp(d + pos + 4, "PLTE", 4) == 0) *plte = (uint32_t)pos;
        pos = end;
    }
    return 0;
}

/* stb_image 2.27 also reads a palette PNG's indices past its PLTE entries from
 * uninitialised memory, and the indices are known only once inflated: a copy
 * whose PLTE (the chunk at plte) has all 256 entries, the added ones black,
 * decodes those pixels black every time. NULL when no copy is needed (not a
 * palette PNG, a full or malformed PLTE) or none can be made (*failed). */
static uint8_t *png_full_palette(const uint8_t *d, uint32_t len, uint32_t plte, uint32_t *copy_len, int *failed)
{
    uint32_t n = ps__rd32_be(d + plte);
    if (d[25] != 3 || n >= 768 || n % 3) return NULL; /* colour type 3: a palette */
    size_t end = (size_t)plte + 8 + n, add = 768 - n;
    uint8_t *c = malloc((size_t)len + add);
    if (!c) { *failed = 1; return NULL; }
    memcpy(c, d, end);
    memset(c + end, 0, add);
    memcpy(c + end + add, d + end, len - end);
    c[plte + 2] = 768 >> 8; c[plte + 3] = 768 & 255; /* the length, big-endian (stb_image skips CRCs) */
    *copy_len = len + (uint32_t)add;
    return c;
}

/* Checks one DHT segment's tables (class/id, 16 counts, values) and marks each
 * complete one in *defined (bit class * 4 + id). Returns 0 if one is malformed:
 * stb_image 2.27 does not check that a table's counts sum to at most 256 and
 * writes past its tables (found by fuzz_image). */
static int jpeg_dht(const uint8_t *d, uint32_t len, uint64_t pos, uint32_t seg, unsigned *defined)
{
    uint64_t at = pos + 2, end = pos + (seg < 2 ? 2 : seg);
    while (at < end && at < len) {
        if (d[at] >> 4 > 1 || (d[at] & 15) > 3) return 0;
        uint32_t n = 0;
        for (uint64_t i = at + 1; i < at + 17 && i < len; i++) n += d[i];
        if (n > 256) return 0;
        if (at + 17 + n <= end && at + 17 + n <= len) *defined |= 1u << ((d[at] >> 4) * 4 + (d[at] & 15));
        at += 17 + n;
    }
    return 1;
}

/* Marks in *defined (bit id) each complete table of one DQT segment; a
 * malformed one (precision over 1, id over 3) is left to stb_image, which
 * refuses it. */
static void jpeg_dqt(const uint8_t *d, uint32_t len, uint64_t pos, uint32_t seg, unsigned *defined)
{
    uint64_t at = pos + 2, end = pos + (seg < 2 ? 2 : seg);
    while (at < end && at < len) {
        uint32_t size = 1u + 64u * ((d[at] >> 4) + 1u);
        if (d[at] >> 4 <= 1 && (d[at] & 15) <= 3 && at + size <= end && at + size <= len) *defined |= 1u << (d[at] & 15);
        at += size;
    }
}

/* The quantisation tables (bit id) the components of a SOF segment are
 * dequantised with; an id over 3 is left to stb_image, which refuses it. */
static unsigned jpeg_sof_quant(const uint8_t *d, uint32_t len, uint64_t pos, uint32_t seg)
{
    unsigned needed = 0;
    if (seg < 8 || pos + seg > len) return 0;
    for (uint32_t i = 0; i < d[pos + 7] && 8 + 3 * i + 3 <= seg; i++)
        if (d[pos + 10 + 3 * i] <= 3) needed |= 1u << d[pos + 10 + 3 * i];
    return needed;
}

/* Whether every Huffman table an SOS segment's scan decodes with was defined
 * before it. stb_image 2.27 decodes with an undefined table's uninitialised
 * memory, reading out of bounds (found by fuzz_image). A progressive scan uses
 * its DC tables only in the first DC pass (Ss 0, Ah 0) and its AC tables only in
 * AC passes (Ss > 0); a sequential scan uses both. A header cut short is left
 * to stb_image, which refuses it. */
static int jpeg_sos_tables_defined(const uint8_t *d, uint32_t len, uint64_t pos, uint32_t seg,
                                   unsigned defined, int progressive)
{
    if (seg < 3 || pos + seg > len) return 1;
    uint32_t ns = d[pos + 2];
    uint64_t spectral = pos + 3 + 2 * (uint64_t)ns;
    if (spectral + 3 > pos + seg) return 1;
    uint8_t ss = d[spectral], ah = d[spectral + 2] >> 4;
    int uses_dc = !progressive || (ss == 0 && ah == 0), uses_ac = !progressive || ss > 0;
    for (uint32_t i = 0; i < ns; i++) {
        uint8_t tables = d[pos + 4 + 2 * i];
        if (uses_dc && (tables >> 4) <= 3 && !(defined >> (tables >> 4) & 1)) return 0;
        if (uses_ac && (tables & 15) <= 3 && !(defined >> (4 + (tables & 15)) & 1)) return 0;
    }
    return 1;
}

/* Whether a SOF segment (at pos, after its marker m) is of a JPEG process
 * stb_image does not decode: lossless (SOF3), hierarchical (SOF5-7, 13-15),
 * arithmetic-coded (SOF9-15), or 12-bit samples (SOF1, SOF2). */
static int jpeg_sof_unsupported(const uint8_t *d, uint32_t len, uint64_t pos, uint8_t m)
{
    if (m == 0xC3 || (m >= 0xC5 && m <= 0xC7) || (m >= 0xC9 && m <= 0xCB) || (m >= 0xCD && m <= 0xCF)) return 1;
    return (m == 0xC1 || m == 0xC2) && pos + 3 <= len && d[pos + 2] == 12;
}

/* Walks a JPEG's marker segments (skipping their declared lengths, so bytes
 * inside APPn or DHT payloads are never taken for markers) and its scans
 * (where FF is a marker only when followed by neither 00, a stuffed byte, nor
 * RST0..7); bytes between segments are skipped, as stb_image does.
 * Returns PS_ERR_IMAGE_CORRUPT if a DHT segment is malformed or a scan uses an
 * undefined Huffman or quantisation table, PS_ERR_IMAGE_UNSUPPORTED for a SOF stb_image does not
 * decode, in ps_image_info as in decoding, so every segment, even one cut short
 * by the end of the data, is checked here before stb_image sees it.
 * *complete is set when the EOI marker (FF D9) follows the last scan: stb_image
 * pads a cut scan with zeros, which is truncation all the same. */
static ps_status jpeg_walk(const uint8_t *d, uint32_t len, int *complete)
{
    uint64_t pos = 2; /* after SOI */
    unsigned huffman = 0, quant = 0, needed = 0;
    int progressive = 0;
    *complete = 0;
    while (pos + 2 <= len) {
        if (d[pos] != 0xFF) { pos++; continue; }
        uint8_t m = d[pos + 1];
        if (m == 0xFF) { pos++; continue; }           /* fill byte */
        pos += 2;
        if (m == 0xD9) { *complete = 1; return PS_OK; }   /* EOI */
        if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD8)) continue; /* no length */
        if (pos + 2 > len) return PS_OK;
        uint32_t seg = (uint32_t)d[pos] << 8 | d[pos + 1];
        if (jpeg_sof_unsupported(d, len, pos, m)) return PS_ERR_IMAGE_UNSUPPORTED;
        if (m == 0xC2) progressive = 1;
        if (m >= 0xC0 && m <= 0xC2) needed = jpeg_sof_quant(d, len, pos, seg);
        if (m == 0xDB) jpeg_dqt(d, len, pos, seg, &quant);
        if (m == 0xC4 && !jpeg_dht(d, len, pos, seg, &huffman)) return PS_ERR_IMAGE_CORRUPT;
        /* stb_image 2.27 dequantises with an undefined table's uninitialised memory: pixels that depend on what it
         * last held, and an integer overflow on the way (found by fuzz_image). Every table of the frame is asked of
         * its first scan, as encoders write them: the standard asks each before the first scan of its component. */
        if (m == 0xDA && (needed & ~quant || !jpeg_sos_tables_defined(d, len, pos, seg, huffman, progressive)))
            return PS_ERR_IMAGE_CORRUPT;
        if (seg < 2 || pos + seg > len) return PS_OK;
        pos += seg;
        if (m != 0xDA) continue;
        /* SOS: entropy-coded data up to the next marker */
        for (;;) {
            if (pos + 2 > len) return PS_OK;
            if (d[pos] == 0xFF && d[pos + 1] != 0x00 && !(d[pos + 1] >= 0xD0 && d[pos + 1] <= 0xD7) && d[pos + 1] != 0xFF) break;
            pos += d[pos] == 0xFF && d[pos + 1] != 0xFF ? 2 : 1;
        }
    }
    return PS_OK;
}

/* Whether a GIF's blocks are all complete up to its trailer (3B): stb_image
 * decodes a GIF cut inside its image data as if the rest were index 0. Walks
 * the header, colour tables, extensions and every image's sub-blocks; the first
 * image's (the one decoded) must be able to fill its rectangle. */
static int gif_complete(const uint8_t *d, uint32_t len)
{
    if (len < 13) return 0;
    uint64_t pos = 13, need = 0, data = 0;
    uint32_t images = 0;
    if (d[10] & 0x80) pos += 3u << ((d[10] & 7) + 1);    /* global colour table */
    while (pos < len) {
        uint8_t block = d[pos++];
        if (block == 0x3B) return data * LZW_MAX_RATIO >= need; /* trailer */
        if (block == 0x21) {                             /* extension: label, sub-blocks */
            pos++;
        } else if (block == 0x2C) {                      /* image descriptor */
            if (pos + 9 > len) return 0;
            if (images++ == 0) need = (uint64_t)ps__rd16(d + pos + 4) * ps__rd16(d + pos + 6);
            uint8_t flags = d[pos + 8];
            pos += 9;
            if (flags & 0x80) pos += 3u << ((flags & 7) + 1); /* local colour table */
            pos++;                                       /* LZW minimum code size */
        } else {
            return 0;
        }
        for (;;) {                                       /* sub-blocks until a 0 size */
            if (pos >= len) return 0;
            uint8_t n = d[pos++];
            if (!n) break;
            if (block == 0x2C && images == 1) data += n;
            pos += n;
        }
    }
    return 0;
}

ps_status ps_image_info(const uint8_t *data, uint32_t len, uint32_t *width, uint32_t *height)
{
    if (!width || !height) return PS_ERR_INVALID_ARGUMENT;
    ps_status st = check_input(data, len);
    if (st != PS_OK) return st;
    ps_image_format format = ps_image_sniff(data, len);
    int complete;
    if (format == PS_IMAGE_JPEG && (st = jpeg_walk(data, len, &complete)) != PS_OK) return st;
    if (format == PS_IMAGE_BMP && bmp_compressed(data, len)) return PS_ERR_IMAGE_UNSUPPORTED;
    int w = 0, h = 0, channels = 0;
    uint32_t dw = 0, dh = 0;
    int declared = declared_size(data, len, &dw, &dh);
    if (!stbi_info_from_memory(data, (int)len, &w, &h, &channels))
        return declared && (dw == 0 || dh == 0) ? PS_ERR_IMAGE_EMPTY : PS_ERR_IMAGE_CORRUPT;
    /* Only a JPEG's size is stb_image's: its info reads a GIF cut inside its
     * 13-byte header as 0 x 0, and a BMP's sizes into ints, a top-down height negative. */
    if (format == PS_IMAGE_JPEG) { dw = (uint32_t)w; dh = (uint32_t)h; }
    else if (!declared) return PS_ERR_IMAGE_CORRUPT;
    if (dw == 0 || dh == 0) return PS_ERR_IMAGE_EMPTY;
    *width = dw;
    *height = dh;
    return PS_OK;
}

/* Over maxPixels, a side over 2^24 (stb_image refuses it as corrupt), or RGBA that stb_image cannot hold. */
static int over_limit(uint32_t w, uint32_t h, uint64_t max_pixels)
{
    uint64_t n = (uint64_t)w * h;
    return n > max_pixels || w > PS_IMAGE_MAX_SIDE || h > PS_IMAGE_MAX_SIDE || n > PS_IMAGE_MAX_DECODED_PIXELS;
}

ps_status ps_image_decode(const uint8_t *data, uint32_t len, uint32_t max_pixels,
                          uint8_t **rgba, uint32_t *width, uint32_t *height)
{
    if (!rgba || !width || !height) return PS_ERR_INVALID_ARGUMENT;
    uint32_t w, h;
    uint64_t limit = max_pixels ? max_pixels : PS_IMAGE_DEFAULT_MAX_PIXELS;
    ps_status st = ps_image_info(data, len, &w, &h);
    /* stb_image's info refuses PNGs over 2^30 bytes, and sides over 2^24, as corrupt: over a limit, say so */
    if ((st == PS_OK || (st == PS_ERR_IMAGE_CORRUPT && declared_size(data, len, &w, &h))) && over_limit(w, h, limit)) {
        *width = w; /* the size declared, for a message that gives it */
        *height = h;
        return PS_ERR_IMAGE_TOO_LARGE;
    }
    if (st == PS_ERR_IMAGE_TOO_LARGE) *width = *height = 0; /* too many bytes: no size read */
    if (st != PS_OK) return st;
    uint32_t plte = 0;
    switch (ps_image_sniff(data, len)) { /* truncation stb_image would pad over */
    case PS_IMAGE_PNG: if (!png_complete(data, len, &plte)) return PS_ERR_IMAGE_CORRUPT; break;
    case PS_IMAGE_JPEG: { /* and a bit at least for each 8 x 8 block: its DC code */
        int complete;
        if (jpeg_walk(data, len, &complete) != PS_OK || !complete || (uint64_t)len * 8 < (uint64_t)((w + 7) / 8) * ((h + 7) / 8))
            return PS_ERR_IMAGE_CORRUPT;
        break;
    }
    case PS_IMAGE_GIF: if (!gif_complete(data, len)) return PS_ERR_IMAGE_CORRUPT; break;
    case PS_IMAGE_BMP: if (!bmp_complete(data, len)) return PS_ERR_IMAGE_CORRUPT; break;
    default: break;
    }
    int dw = 0, dh = 0, channels = 0, failed = 0;
    uint32_t copy_len = 0;
    uint8_t *copy = plte ? png_full_palette(data, len, plte, &copy_len, &failed) : NULL;
    if (failed) return PS_ERR_NO_MEMORY;
    stb_out_of_memory = 0;
    uint8_t *pixels = stbi_load_from_memory(copy ? copy : data, (int)(copy ? copy_len : len), &dw, &dh, &channels, 4);
    free(copy);
    if (!pixels) return stb_out_of_memory ? PS_ERR_NO_MEMORY : PS_ERR_IMAGE_CORRUPT;
    if ((uint32_t)dw != w || (uint32_t)dh != h) { /* header and data disagree */
        stbi_image_free(pixels);
        return PS_ERR_IMAGE_CORRUPT;
    }
    *rgba = pixels;
    *width = w;
    *height = h;
    return PS_OK;
}
