#include "ps_image.h"
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
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#if defined(__GNUC__)
/* Reported at the end of the file, so it cannot be popped: stb declares static functions it never defines. */
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

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

ps_status ps_image_info(const uint8_t *data, uint32_t len, uint32_t *width, uint32_t *height)
{
    if (!width || !height) return PS_ERR_INVALID_ARGUMENT;
    ps_status st = check_input(data, len);
    if (st != PS_OK) return st;
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(data, (int)len, &w, &h, &channels)) return PS_ERR_IMAGE_CORRUPT;
    if (w <= 0 || h <= 0) return PS_ERR_IMAGE_EMPTY;
    *width = (uint32_t)w;
    *height = (uint32_t)h;
    return PS_OK;
}

ps_status ps_image_decode(const uint8_t *data, uint32_t len, uint32_t max_pixels,
                          uint8_t **rgba, uint32_t *width, uint32_t *height)
{
    if (!rgba || !width || !height) return PS_ERR_INVALID_ARGUMENT;
    uint32_t w, h;
    ps_status st = ps_image_info(data, len, &w, &h);
    if (st != PS_OK) return st;
    uint64_t limit = max_pixels ? max_pixels : PS_IMAGE_DEFAULT_MAX_PIXELS;
    if ((uint64_t)w * h > limit || (uint64_t)w * h * 4 > SIZE_MAX) return PS_ERR_IMAGE_TOO_LARGE;
    int dw = 0, dh = 0, channels = 0;
    uint8_t *pixels = stbi_load_from_memory(data, (int)len, &dw, &dh, &channels, 4);
    if (!pixels) return PS_ERR_IMAGE_CORRUPT;
    if ((uint32_t)dw != w || (uint32_t)dh != h) { /* header and data disagree */
        stbi_image_free(pixels);
        return PS_ERR_IMAGE_CORRUPT;
    }
    *rgba = pixels;
    *width = w;
    *height = h;
    return PS_OK;
}
