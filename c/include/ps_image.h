/* ps_image: decoding PNG, JPEG, GIF (first frame) and BMP from memory to RGBA8,
 * with stb_image (Debian's libstb-dev).
 *
 *   uint8_t *rgba; uint32_t w, h;
 *   if (ps_image_decode(bytes, len, 0, &rgba, &w, &h) == PS_OK) { ...; ps_free(rgba); }
 *
 * The format is recognised by its signature; anything else (WebP, SVG, AVIF,
 * text) is PS_ERR_IMAGE_UNSUPPORTED, and so are the variants stb_image does not
 * decode: lossless, hierarchical, arithmetic-coded or 12-bit JPEG, and BMP
 * compressed as RLE, JPEG or PNG. The header is read first and an image
 * over the pixel limit is refused before any pixel memory is allocated.
 * Limits: at most 2^24 pixels per side (stb_image's own limit) and the pixel
 * limit (default PS_IMAGE_DEFAULT_MAX_PIXELS). 16-bit PNGs are reduced to 8 bits.
 */
#ifndef PS_IMAGE_H
#define PS_IMAGE_H
#include <stdint.h>
#include "ps_status.h"

#define PS_IMAGE_DEFAULT_MAX_PIXELS 100000000u
/* Whatever the pixel limit: a side over 2^24 (stb_image's STBI_MAX_DIMENSIONS), or more pixels than
 * stb_image can hold as RGBA (it counts their bytes in an int: 4 * pixels < 2^31), is IMAGE_TOO_LARGE. */
#define PS_IMAGE_MAX_SIDE 16777216u
#define PS_IMAGE_MAX_DECODED_PIXELS 536870911u

typedef enum ps_image_format {
    PS_IMAGE_UNKNOWN = 0, PS_IMAGE_PNG, PS_IMAGE_JPEG, PS_IMAGE_GIF, PS_IMAGE_BMP
} ps_image_format;

/* The format named by the first bytes of data, or PS_IMAGE_UNKNOWN. */
ps_image_format ps_image_sniff(const uint8_t *data, uint32_t len);

/* Reads width and height from the header without decoding pixels.
 * Errors: PS_ERR_INVALID_ARGUMENT (NULL), PS_ERR_IMAGE_EMPTY, PS_ERR_IMAGE_UNSUPPORTED,
 * PS_ERR_IMAGE_CORRUPT. */
PS_NODISCARD ps_status ps_image_info(const uint8_t *data, uint32_t len, uint32_t *width, uint32_t *height);

/* Decodes data (borrowed) to RGBA8. max_pixels 0 means the default limit.
 * On success *rgba is width*height*4 bytes the caller frees with ps_free.
 * Errors: as ps_image_info, plus PS_ERR_IMAGE_TOO_LARGE (over max_pixels;
 * nothing allocated; *width and *height hold the declared size, or 0 when none
 * was read; after any other error the out-parameters are left as they were) and
 * PS_ERR_NO_MEMORY. */
PS_NODISCARD ps_status ps_image_decode(const uint8_t *data, uint32_t len, uint32_t max_pixels,
                          uint8_t **rgba, uint32_t *width, uint32_t *height);

#endif
