#define _POSIX_C_SOURCE 200809L
/* Native reference for the cross-platform tests: decodes an image file and
 * prints its palette exactly, so node tests can compare it with WebAssembly.
 * usage: tool_palette FILE [k] [lab|rgb] [seed] [alpha_threshold] [restarts]
 * prints: "width height pixels delta_e" then "rrggbb count" per colour;
 * floats as %.17g so any difference in the last bit shows. With PS_TOOL_RGBA
 * set to a path, the decoded RGBA pixels are also written there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ps_image.h"
#include "ps_memory.h"
#include "ps_palette.h"

static uint8_t *read_file(const char *path, uint32_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) { free(buf); buf = NULL; }
    fclose(f);
    *len = (uint32_t)size;
    return buf;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: %s FILE [k] [lab|rgb] [seed] [alpha]\n", argv[0]); return 2; }
    uint32_t len, w, h;
    uint8_t *data = read_file(argv[1], &len), *rgba;
    if (!data) { perror(argv[1]); return 1; }
    ps_status st = ps_image_decode(data, len, 0, &rgba, &w, &h);
    free(data);
    if (st != PS_OK) { fprintf(stderr, "%s: %s\n", argv[1], ps_status_str(st)); return 1; }
    const char *rgba_path = getenv("PS_TOOL_RGBA");
    if (rgba_path) {
        FILE *f = fopen(rgba_path, "wb");
        size_t n = (size_t)w * h * 4;
        if (!f || fwrite(rgba, 1, n, f) != n || fclose(f) != 0) { perror(rgba_path); return 1; }
    }
    ps_palette_options *opts;
    if (ps_palette_options_create(&opts) != PS_OK) return 1;
    st = PS_OK;
    if (argc > 2 && st == PS_OK) st = ps_palette_options_set_k(opts, (uint32_t)atoi(argv[2]));
    if (argc > 3 && st == PS_OK) st = ps_palette_options_set_space(opts, strcmp(argv[3], "rgb") == 0 ? PS_SPACE_RGB : PS_SPACE_LAB);
    if (argc > 4 && st == PS_OK) st = ps_palette_options_set_seed(opts, (uint32_t)strtoul(argv[4], NULL, 10));
    if (argc > 5 && st == PS_OK) st = ps_palette_options_set_alpha_threshold(opts, (uint32_t)atoi(argv[5]));
    if (argc > 6 && st == PS_OK) st = ps_palette_options_set_restarts(opts, (uint32_t)atoi(argv[6]));
    if (st != PS_OK) { fprintf(stderr, "options: %s\n", ps_status_str(st)); return 2; }
    ps_palette *pal;
    double t0 = now_ms();
    st = ps_palette_extract(rgba, w, h, opts, &pal);
    double t1 = now_ms();
    if (st != PS_OK) { fprintf(stderr, "%s: %s\n", argv[1], ps_status_str(st)); return 1; }
    double full_de = 0;
    if (getenv("PS_TOOL_REMAP") && ps_palette_remap(pal, rgba, w, h, rgba, &full_de) != PS_OK) return 1;
    if (getenv("PS_TOOL_TIME")) fprintf(stderr, "extract %.2f ms, remap dE %.4f\n", t1 - t0, full_de);
    printf("%u %u %u %.17g\n", w, h, ps_palette_pixels(pal), ps_palette_delta_e(pal));
    for (uint32_t i = 0; i < ps_palette_size(pal); i++)
        printf("%06x %u\n", ps_palette_rgb(pal, i), ps_palette_count(pal, i));
    ps_palette_destroy(pal);
    ps_palette_options_destroy(opts);
    ps_free(rgba);
    return 0;
}
