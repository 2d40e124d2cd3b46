/* Fuzz target: image decoding (our wrapper over stb_image) with a small pixel
 * limit so the fuzzer explores parsers rather than allocating huge images. */
#include <stddef.h>
#include <stdint.h>
#include "ps_image.h"
#include "ps_memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX) return 0;
    uint32_t w = 0, h = 0;
    (void)ps_image_info(data, (uint32_t)size, &w, &h);
    uint8_t *rgba = NULL;
    if (ps_image_decode(data, (uint32_t)size, 1u << 22, &rgba, &w, &h) == PS_OK) {
        volatile uint8_t sink = rgba[(size_t)w * h * 4 - 1]; /* the whole buffer must exist */
        (void)sink;
        ps_free(rgba);
    }
    return 0;
}
