/* The colour histograms the palette clusters: a fixed grid of bins that keep
 * their pixels' exact mean, or, for images with few colours, every colour. */
#include "palette_internal.h"
#include "simd.h"
#include "bytes.h"
#include "cold.h"
#include <stdlib.h>
#include <string.h>

#define GRID_BITS 5
#define GRID_BINS (1u << (3 * GRID_BITS))
/* Once a grid has seen this many pixels, the unmerged scan adds lane i of a quad to copy i of the words,
 * so that neighbouring pixels of one bin do not wait on each other's read-modify-write; a bin is the sum of
 * its copies. On smaller images the copies' spread over the cache costs more than that wait (1.05-1.17x
 * the time of one copy on 768 × 512 photos, 0.95x at 1448², 0.72x on the 4096² images). */
#define COPIES 4u
_Static_assert(COPIES == 4u, "one copy a lane of a quad: lane j adds to copy j & (copies - 1)");
#define COPIES_FROM (1u << 21)
#define NEAR_WHITE 240

/* The grid pass keeps one 64-bit word a bin (or a copy): in four 16-bit
 * fields from the low end, the sums of the 3 low bits of r, g and b (the high
 * 5 bits are the bin's own) and the pixel count; so a pixel's word is its
 * bytes masked and widened to 16 bits each. When a word's count reaches
 * SPILL_AT it is added to the bin's 64-bit totals and restarts, so a field
 * never exceeds 7 * 4096 < 2^15. */
#define G_SHIFT 16
#define B_SHIFT 32
#define COUNT_SHIFT 48
#define SPILL_AT 4096u
#define FIELD 0x7FFFu
/* A bin no pixel has reached yet: a count one short of spilling, so that its
 * first pixel takes the spill path, and the g field's free top bit to tell
 * that from a spill. The scan thus checks one condition a pixel, not two. */
#define FIRST_TOUCH (1ull << 31)
#define UNTOUCHED ((uint64_t)(SPILL_AT - 1) << COUNT_SHIFT | FIRST_TOUCH)
#define LOW_BITS 0x070707u
#define ONE_PIXEL 0x1000000u

void ps__points_free(ps__points *p)
{
    free(p->rgb);
    free(p->weight);
}

static ps_status points_alloc(ps__points *p, uint32_t n)
{
    p->n = n;
    p->rgb = malloc((size_t)(n ? n : 1) * sizeof *p->rgb);
    p->weight = malloc((size_t)(n ? n : 1) * sizeof *p->weight);
    if (p->rgb && p->weight) return PS_OK;
    ps__points_free(p);
    return PS_ERR_NO_MEMORY;
}

static int keep_pixel(const uint8_t *px, const ps_palette_options *o)
{
    if (px[3] < o->alpha_threshold) return 0;
    if (o->ignore_near_white && px[0] >= NEAR_WHITE && px[1] >= NEAR_WHITE && px[2] >= NEAR_WHITE) return 0;
    return 1;
}

typedef struct bin64 { uint64_t count, r, g, b; } bin64;

/* Adds a packed word's count and channel sums to wide totals. */
static inline void add_fields(bin64 *t, uint64_t word)
{
    t->count += word >> COUNT_SHIFT;
    t->r += word & FIELD;
    t->g += word >> G_SHIFT & FIELD;
    t->b += word >> B_SHIFT & FIELD;
}

/* The packed words (`copies` copies of them: 1, or COPIES), the
 * bins in the order the image first touched them (so the end of the pass
 * costs what the image uses, not 2^15), the pixels seen, and the wide totals
 * allocated at the first spill (most small images never spill). The totals
 * are kept in first-touch order, bin b's at slot[b] (set once totals exist),
 * so a process's first palette touches the pages of the bins the image used,
 * not of one in 128 bins of 2^15 (166 fresh pages of 1 MB for a UI screenshot,
 * at 11 µs a page here). */
struct ps__grid {
    uint64_t *bins;
    uint16_t *touched, *slot;
    uint32_t used, copies;
    uint64_t seen;
    bin64 *totals;
    int failed;
};
typedef ps__grid grid;

/* A bin's first pixel in any copy: listed as touched. A full word: added to
 * the bin's totals. Returns the word to carry on with. Rare, so kept out of
 * line: the scan loop then holds a quad's four adds inline instead of calling
 * them. */
PS_NOINLINE PS_SMALL static uint64_t spill(grid *g, uint32_t bin, uint64_t word)
{
    if (word & FIRST_TOUCH) {
        uint64_t untouched = FIRST_TOUCH;
        for (uint32_t c = 0; c < g->copies; c++) untouched &= g->bins[c * GRID_BINS + bin];
        if (untouched) { /* its first pixel in any copy */
            if (g->totals) {
                g->slot[bin] = (uint16_t)g->used;
                g->totals[g->used] = (bin64){0, 0, 0, 0};
            }
            g->touched[g->used++] = (uint16_t)bin;
        }
        return word - UNTOUCHED;
    }
    if (!g->totals) {
        if (!(g->totals = malloc(GRID_BINS * sizeof *g->totals))) {
            g->failed = 1;
            return 0;
        }
        for (uint32_t i = 0; i < g->used; i++) {
            g->slot[g->touched[i]] = (uint16_t)i;
            g->totals[i] = (bin64){0, 0, 0, 0};
        }
    }
    add_fields(g->totals + g->slot[bin], word);
    return 0;
}

/* The pixel as little-endian 0xAABBGGRR, whatever the host's byte order. */
static inline uint32_t load_pixel(const uint8_t *px)
{
    uint32_t p;
    memcpy(&p, px, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    p = __builtin_bswap32(p);
#endif
    return p;
}

static inline uint32_t bin_of(uint32_t p) { return (p & 0xF8u) << 7 | (p >> 6 & 0x3E0u) | (p >> 19 & 0x1Fu); }

/* What pixel p (0xAABBGGRR) adds to its bin's word. */
static inline uint64_t word_of(uint32_t p)
{
    p = (p & LOW_BITS) | ONE_PIXEL;
    return (uint64_t)(p & 0xFFu) | (uint64_t)(p >> 8 & 0xFFu) << G_SHIFT | (uint64_t)(p >> 16 & 0xFFu) << B_SHIFT |
           (uint64_t)(p >> 24) << COUNT_SHIFT;
}

static inline void add_word(grid *g, uint32_t bin, uint64_t word)
{
    word += g->bins[bin];
    if (word >= (uint64_t)SPILL_AT << COUNT_SHIFT) word = spill(g, bin, word);
    g->bins[bin] = word;
}

/* Adds pixel p unless a filter drops it. */
static inline void add_pixel(grid *g, uint32_t p, uint32_t alpha_min, int use_alpha, int skip_white)
{
    if (use_alpha && p >> 24 < alpha_min) return;
    if (skip_white && (p & 0xF0F0F0u) == 0xF0F0F0u) return; /* every channel >= 240 */
    add_word(g, bin_of(p), word_of(p));
}

/* Quads whose pixels all share a bin, out of a block, above which the next
 * block adds each such quad's four words at once: in flat areas (most of a
 * UI screenshot) that saves three read-modify-writes of one word, each
 * waiting on the last; in a photo the branch would mispredict too often. */
#define BLOCK_QUADS 256u
#define MERGE_ABOVE (BLOCK_QUADS * 3 / 4)
/* In such a block, quads of four copies of the last pixel counted (a flat
 * area of a screenshot) are added at once, at most this many: a word's count
 * stays below SPILL_AT + 512, so its fields below 2^15. */
#define RUN_QUADS 128u

/* Adds `quads` quads of pixel p (kept by the filters). */
PS_NOINLINE static void add_run(grid *g, uint32_t p, uint32_t quads) { add_word(g, bin_of(p), word_of(p) * (4u * quads)); }

/* Whether the filters keep all four pixels of quad p, checked inline in the scan loops: behind a call, the
 * check cost every quad a call under the default alpha threshold (1.3x the time of no filter on 4096²). */
static inline int all_kept(ps__u32x4 p, uint32_t alpha_min, int use_alpha, int skip_white)
{
    const ps__u32x4 white = ps__u32x4_splat(0xF0F0F0u);
    return (!use_alpha || ps__u32x4_all_ge(p, ps__u32x4_splat(alpha_min << 24))) &&
           (!skip_white || !ps__u32x4_any_eq(ps__u32x4_and(p, white), white));
}

/* A quad the filters do not all keep: its pixels one at a time. Out of line and built for size, since only
 * the transparent (or near-white) parts of an image come here. */
PS_NOINLINE PS_SMALL static void add_each(grid *g, const uint8_t *px, uint32_t alpha_min, int use_alpha, int skip_white)
{
    for (int j = 0; j < 4; j++) add_pixel(g, load_pixel(px + 4 * j), alpha_min, use_alpha, skip_white);
}

/* The words quad p's pixels add to their bins. */
static inline ps__u32x4 words_of(ps__u32x4 p) { return ps__u32x4_or(ps__u32x4_and(p, ps__u32x4_splat(LOW_BITS)), ps__u32x4_splat(ONE_PIXEL)); }

/* A count of SPILL_AT or more: a word's top bits (SPILL_AT is a power of two). */
#define OVER (~0ull << (COUNT_SHIFT + 12))
_Static_assert(SPILL_AT == 1u << 12, "OVER follows SPILL_AT");

/* Spills the words that reached SPILL_AT among the bins of the two quads at a
 * and b: the unmerged scan adds words without checking each, and comes here
 * after each pair whose words reached it; so a count stays under SPILL_AT + 8
 * and the fields under 2^15. */
PS_NOINLINE PS_SMALL static void settle(grid *g, const uint8_t *a, const uint8_t *b)
{
    for (int j = 0; j < 8; j++) {
        uint32_t bin = bin_of(load_pixel(j < 4 ? a + 4 * j : b + 4 * (j - 4)));
        uint64_t *w = g->bins + ((uint32_t)j & (g->copies - 1)) * GRID_BINS + bin; /* lane j % 4's copy, or the one */
        if (*w & OVER) *w = spill(g, bin, *w);
    }
}

/* The byte offsets of quad p's bins' words, 8 × bin: (r & 0xF8) << 10 | (g & 0xF8) << 5 | (b & 0xF8), with
 * one multiply-add for r and b. */
static inline ps__u32x4 offsets_of(ps__u32x4 p)
{
    return ps__u32x4_add(ps__u32x4_madd16(ps__u32x4_and(p, ps__u32x4_splat(0xF800F8u)), ps__u32x4_splat(0x10400u)),
                         ps__u32x4_shr(ps__u32x4_and(p, ps__u32x4_splat(0xF800u)), 3));
}

/* The word at a lane of add_unchecked: with 32-bit pointers (WebAssembly) the
 * lane holds its address, bins added in the vector (one add a quad, not one a
 * pixel); else its offset from bins. */
#if UINTPTR_MAX == UINT32_MAX
#define LANE_BASE(bins) ((uint32_t)(uintptr_t)(bins))
static inline uint64_t *word_at(uint64_t *bins, uint32_t lane) { (void)bins; return (uint64_t *)(uintptr_t)lane; }
#else
#define LANE_BASE(bins) 0u
static inline uint64_t *word_at(uint64_t *bins, uint32_t lane) { return (uint64_t *)(void *)((char *)bins + lane); }
#endif

/* What add_unchecked adds to each lane's offset: the base of its copy of the words. */
static inline ps__u32x4 lane_bases(const grid *g)
{
    ps__u32x4 base = ps__u32x4_splat(LANE_BASE(g->bins));
    return g->copies > 1 ? ps__u32x4_add(base, ps__u32x4_steps(GRID_BINS * sizeof *g->bins)) : base;
}

/* Adds quad p without merging or checking for spills; a pixel the filters
 * drop adds 0 to its bin. Counts in *same the lanes whose pixel shares lane
 * 0's bin, and returns the OR of the words it left (to settle when it has
 * OVER bits). */
static inline uint64_t add_unchecked(uint64_t *bins, ps__u32x4 base, ps__u32x4 p, uint32_t alpha_min, int use_alpha,
                                     int skip_white, ps__u32x4 *same)
{
    ps__u32x4 bin = ps__u32x4_add(offsets_of(p), base), words = words_of(p);
    if (use_alpha) words = ps__u32x4_and(words, ps__u32x4_ge(p, ps__u32x4_splat(alpha_min << 24)));
    if (skip_white) {
        const ps__u32x4 white = ps__u32x4_splat(0xF0F0F0u);
        words = ps__u32x4_andnot(words, ps__u32x4_eq(ps__u32x4_and(p, white), white));
    }
    ps__u64x2 lo = ps__u32x4_widen_lo(words), hi = ps__u32x4_widen_hi(words);
    *same = ps__u32x4_sub(*same, ps__u32x4_eq(bin, ps__u32x4_lane0(bin)));
    uint64_t w0 = *word_at(bins, ps__u32x4_lane(bin, 0)) += ps__u64x2_lane(lo, 0);
    uint64_t w1 = *word_at(bins, ps__u32x4_lane(bin, 1)) += ps__u64x2_lane(lo, 1);
    uint64_t w2 = *word_at(bins, ps__u32x4_lane(bin, 2)) += ps__u64x2_lane(hi, 0);
    uint64_t w3 = *word_at(bins, ps__u32x4_lane(bin, 3)) += ps__u64x2_lane(hi, 1);
    return w0 | w1 | w2 | w3;
}

/* Quads from byte j to end of each of two far-apart places a and b, a quad of
 * each in turn, without merging, until a pair leaves a word to settle;
 * returns the offset after the last pair. Neighbouring pixels of a photo often
 * share a bin, so each of their read-modify-writes would wait on the last;
 * the other place's pixels, in other bins, fill that wait (0.84-0.86x the
 * time of one place at a time, on photos and 4096² images). It calls nothing,
 * so the engine keeps its values in registers rather than on the stack.
 * Adds to same[0] and same[1] the counts of add_unchecked. */
PS_NOINLINE static size_t scan_pairs(uint64_t *bins, ps__u32x4 base, const uint8_t *a, const uint8_t *b, size_t j,
                                     size_t end, uint32_t alpha_min, int use_alpha, int skip_white, ps__u32x4 same[2])
{
    ps__u32x4 same_a = same[0], same_b = same[1];
    uint64_t over;
    do {
        over = add_unchecked(bins, base, ps__u32x4_load(a + j), alpha_min, use_alpha, skip_white, &same_a) |
               add_unchecked(bins, base, ps__u32x4_load(b + j), alpha_min, use_alpha, skip_white, &same_b);
        j += 16;
    } while (!(over & OVER) && j < end);
    same[0] = same_a;
    same[1] = same_b;
    return j;
}

/* One block of quads from each of the places a and b (scan_pairs); sets
 * same[0] and same[1] to about how many of each place's quads shared a bin:
 * their lanes that shared lane 0's, over 3. */
static inline void scan_block_pair(grid *g, const uint8_t *a, const uint8_t *b, uint32_t alpha_min, int use_alpha,
                                   int skip_white, uint32_t same[2])
{
    ps__u32x4 lanes[2] = {ps__u32x4_splat(0), ps__u32x4_splat(0)}, base = lane_bases(g);
    /* two calls, else Binaryen would inline scan_pairs (its one caller), calls and all */
    size_t j = scan_pairs(g->bins, base, a, b, 0, 16 * BLOCK_QUADS, alpha_min, use_alpha, skip_white, lanes);
    settle(g, a + j - 16, b + j - 16);
    while (j < 16 * BLOCK_QUADS) {
        j = scan_pairs(g->bins, base, a, b, j, 16 * BLOCK_QUADS, alpha_min, use_alpha, skip_white, lanes);
        settle(g, a + j - 16, b + j - 16);
    }
    for (int h = 0; h < 2; h++) same[h] = (ps__u32x4_lane(lanes[h], 1) + ps__u32x4_lane(lanes[h], 2) + ps__u32x4_lane(lanes[h], 3)) / 3;
}

/* Adds a quad the filters keep: its four words, or their sum when they share
 * a bin; returns whether they do. */
static inline int add_quad(grid *g, ps__u32x4 base, ps__u32x4 p, const uint8_t *px)
{
    ps__u32x4 off = offsets_of(p), same = ps__u32x4_splat(0);
    if (ps__u32x4_all_lane0(off)) {
        ps__u32x4 words = words_of(p);
        ps__u64x2 lo = ps__u32x4_widen_lo(words), hi = ps__u32x4_widen_hi(words);
        add_word(g, ps__u32x4_lane(off, 0) / 8, ps__u64x2_lane(lo, 0) + ps__u64x2_lane(lo, 1) + ps__u64x2_lane(hi, 0) + ps__u64x2_lane(hi, 1));
        return 1;
    }
    if (add_unchecked(g->bins, base, p, 0, 0, 0, &same) & OVER) settle(g, px, px);
    return 0;
}

/* One block of quads from pixel i, merging; returns how many shared a bin.
 * Quads of four copies of the last kept pixel only count towards a run. */
static inline uint32_t scan_block(grid *g, const uint8_t *rgba, size_t i, size_t end, uint32_t alpha_min, int use_alpha,
                                  int skip_white)
{
    uint32_t same = 0, run = 0, last = 0; /* run: quads of `last` not yet added */
    int have_last = 0;
    ps__u32x4 base = lane_bases(g);
    for (; i < end; i += 4) {
        ps__u32x4 p = ps__u32x4_load(rgba + 4 * i);
        if (have_last && ps__u32x4_all_eq(p, ps__u32x4_splat(last))) {
            same++;
            if (++run == RUN_QUADS) { add_run(g, last, run); run = 0; }
            continue;
        }
        if (run) { add_run(g, last, run); run = 0; }
        if (!all_kept(p, alpha_min, use_alpha, skip_white)) {
            add_each(g, rgba + 4 * i, alpha_min, use_alpha, skip_white);
            have_last = 0;
            continue;
        }
        last = ps__u32x4_lane(p, 3);
        have_last = 1;
        same += (uint32_t)add_quad(g, base, p, rgba + 4 * i);
    }
    if (run) add_run(g, last, run);
    return same;
}

/* The hot loop of the whole extraction: four pixels at a time, their bins and
 * words computed in vector lanes (simd.h), then one read-modify-write each
 * (or one for all four, or for many quads of one pixel: see MERGE_ABOVE).
 * Four pixels the filters do not all keep take the one-at-a-time path. The
 * two halves of the image go side by side, block by block: while neither
 * half's last block was flat, a block of each is scanned together
 * (scan_block_pair); else, and for the last short blocks, each merging
 * (scan_block). The filters' flags hold for the whole image, so their
 * branches are always predicted. */
static inline void scan(grid *g, const uint8_t *rgba, size_t npix, uint32_t alpha_min, int use_alpha, int skip_white)
{
    size_t quads = npix / 4, at[2] = {0, quads / 2}, end[2] = {quads / 2, quads};
    uint32_t same[2] = {0, 0};
    while (at[0] < end[0] || at[1] < end[1]) {
        size_t n[2];
        for (int h = 0; h < 2; h++) n[h] = end[h] - at[h] < BLOCK_QUADS ? end[h] - at[h] : BLOCK_QUADS;
        if (n[0] == BLOCK_QUADS && n[1] == BLOCK_QUADS && same[0] <= MERGE_ABOVE && same[1] <= MERGE_ABOVE) {
            scan_block_pair(g, rgba + 16 * at[0], rgba + 16 * at[1], alpha_min, use_alpha, skip_white, same);
        } else {
            for (int h = 0; h < 2; h++) same[h] = scan_block(g, rgba, 4 * at[h], 4 * (at[h] + n[h]), alpha_min, use_alpha, skip_white);
        }
        at[0] += n[0];
        at[1] += n[1];
    }
    for (size_t i = 4 * quads; i < npix; i++) add_pixel(g, load_pixel(rgba + 4 * i), alpha_min, use_alpha, skip_white);
}

static void scan_image(grid *g, const uint8_t *rgba, size_t npix, const ps_palette_options *o)
{
    int use_alpha = o->alpha_threshold > 0, skip_white = o->ignore_near_white != 0;
    if (o->alpha_threshold > 255) return; /* no pixel is that opaque */
    if (use_alpha && skip_white) scan(g, rgba, npix, o->alpha_threshold, 1, 1);
    else if (use_alpha) scan(g, rgba, npix, o->alpha_threshold, 1, 0);
    else if (skip_white) scan(g, rgba, npix, 0, 0, 1);
    else scan(g, rgba, npix, 0, 0, 0);
}

/* Bin i's pixel count (> 0: a touched bin) and, in *rgb, their exact mean colour rounded to the nearest integer. */
static uint64_t bin_mean(const grid *hist, uint32_t i, uint32_t *rgb)
{
    bin64 t = hist->totals ? hist->totals[hist->slot[i]] : (bin64){0, 0, 0, 0};
    for (uint32_t c = 0; c < hist->copies; c++) {
        uint64_t w = hist->bins[c * GRID_BINS + i];
        if (!(w & FIRST_TOUCH)) add_fields(&t, w);
    }
    uint64_t c = t.count;
    /* the mean of the low bits plus the bin's high bits, as (sum + c/2) / c of the whole channel */
    uint32_t shift = 8 - GRID_BITS;
    uint32_t r = (i >> (2 * GRID_BITS) << shift) + (uint32_t)((t.r + c / 2) / c);
    uint32_t g = ((i >> GRID_BITS & 31u) << shift) + (uint32_t)((t.g + c / 2) / c);
    uint32_t b = ((i & 31u) << shift) + (uint32_t)((t.b + c / 2) / c);
    *rgb = r << 16 | g << 8 | b;
    return c;
}

/* The touched bins in index order (a bitmap sorts them), so the points do not
 * depend on the order the pixels came in. */
static ps_status sort_touched(grid *g)
{
    uint64_t *bits = calloc(GRID_BINS / 64, sizeof *bits);
    if (!bits) return PS_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < g->used; i++) bits[g->touched[i] >> 6] |= 1ull << (g->touched[i] & 63u);
    for (uint32_t w = 0, j = 0; w < GRID_BINS / 64; w++)
        for (uint64_t b = bits[w]; b; b &= b - 1) g->touched[j++] = (uint16_t)(64 * w + ps__lowest_bit(b));
    free(bits);
    return PS_OK;
}

/* Sets n words to UNTOUCHED: one, then doubled by memcpy (as fast as a vector loop, in a function built for size). */
PS_COLD static void set_untouched(uint64_t *w, uint32_t n)
{
    w[0] = UNTOUCHED;
    for (uint32_t m = 1; m < n; m *= 2) memcpy(w + m, w, (m < n - m ? m : n - m) * sizeof *w);
}

PS_COLD ps_status ps__grid_create(ps__grid **out)
{
    grid *g = calloc(1, sizeof *g);
    if (g && (g->bins = malloc(GRID_BINS * sizeof *g->bins)) && (g->touched = malloc(2 * GRID_BINS * sizeof *g->touched))) {
        g->slot = g->touched + GRID_BINS;
        set_untouched(g->bins, GRID_BINS);
        g->copies = 1;
        *out = g;
        return PS_OK;
    }
    ps__grid_destroy(g);
    return PS_ERR_NO_MEMORY;
}

PS_COLD void ps__grid_destroy(ps__grid *g)
{
    if (!g) return;
    free(g->bins);
    free(g->touched);
    free(g->totals);
    free(g);
}

/* Starts the copies of the words (without room for them, the grid goes on with one). */
PS_COLD static void use_copies(grid *g)
{
    uint64_t *bins = realloc(g->bins, COPIES * GRID_BINS * sizeof *bins);
    if (!bins) return;
    set_untouched(bins + GRID_BINS, (COPIES - 1) * GRID_BINS);
    g->bins = bins;
    g->copies = COPIES;
}

void ps__grid_add(ps__grid *g, const uint8_t *rgba, size_t npix, const ps_palette_options *o)
{
    g->seen += npix;
    if (g->copies == 1 && g->seen >= COPIES_FROM) use_copies(g);
    scan_image(g, rgba, npix, o);
}

uint32_t ps__grid_bins(const ps__grid *g) { return g->used; }

PS_COLD ps_status ps__grid_points(ps__grid *g, ps__points *out)
{
    ps_status st = g->failed ? PS_ERR_NO_MEMORY : sort_touched(g);
    if (st == PS_OK) st = points_alloc(out, g->used);
    for (uint32_t i = 0; st == PS_OK && i < g->used; i++) {
        uint32_t rgb;
        out->weight[i] = (double)bin_mean(g, g->touched[i], &rgb);
        out->rgb[i] = rgb;
    }
    return st;
}

ps_status ps__grid_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *out)
{
    grid *g;
    ps_status st = ps__grid_create(&g);
    if (st != PS_OK) return st;
    ps__grid_add(g, rgba, npix, o);
    st = ps__grid_points(g, out);
    ps__grid_destroy(g);
    return st;
}

/* An open-addressing table of colours (0x1RRGGBB, 0 = empty) and their counts. */
typedef struct color_table { uint32_t cap, used, *keys, *counts; } color_table;
struct ps__exact { color_table t; };

static uint32_t slot_of(const color_table *t, uint32_t key)
{
    uint32_t slot = (key * 2654435761u) & (t->cap - 1);
    while (t->keys[slot] && t->keys[slot] != key) slot = (slot + 1) & (t->cap - 1);
    return slot;
}

PS_COLD static ps_status table_alloc(color_table *t, uint32_t cap)
{
    *t = (color_table){.cap = cap, .keys = calloc(cap, sizeof *t->keys), .counts = calloc(cap, sizeof *t->counts)};
    if (t->keys && t->counts) return PS_OK;
    free(t->keys); free(t->counts);
    return PS_ERR_NO_MEMORY;
}

PS_COLD static ps_status table_grow(color_table *t)
{
    color_table bigger;
    if (table_alloc(&bigger, t->cap * 2) != PS_OK) return PS_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->keys[i]) continue;
        uint32_t s = slot_of(&bigger, t->keys[i]);
        bigger.keys[s] = t->keys[i];
        bigger.counts[s] = t->counts[i];
    }
    bigger.used = t->used;
    free(t->keys); free(t->counts);
    *t = bigger;
    return PS_OK;
}

PS_COLD ps_status ps__exact_create(size_t npix, ps__exact **out)
{
    ps__exact *e = malloc(sizeof *e);
    uint32_t cap = 16; /* a small image's table fits all its pixels at once; a large one's grows */
    while (cap < 1024 && cap < 2 * npix) cap *= 2;
    if (e && table_alloc(&e->t, cap) == PS_OK) {
        *out = e;
        return PS_OK;
    }
    free(e);
    return PS_ERR_NO_MEMORY;
}

PS_COLD void ps__exact_destroy(ps__exact *e)
{
    if (!e) return;
    free(e->t.keys);
    free(e->t.counts);
    free(e);
}

ps_status ps__exact_add(ps__exact *e, const uint8_t *rgba, size_t npix, const ps_palette_options *o)
{
    color_table *t = &e->t;
    for (size_t p = 0; p < npix; p++) {
        const uint8_t *px = rgba + 4 * p;
        if (!keep_pixel(px, o)) continue;
        uint32_t key = 0x1000000u | (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
        uint32_t slot = slot_of(t, key);
        if (!t->keys[slot]) t->keys[slot] = key, t->used++;
        t->counts[slot]++;
        if (t->used * 2 > t->cap && table_grow(t) != PS_OK) return PS_ERR_NO_MEMORY;
    }
    return PS_OK;
}

PS_COLD ps_status ps__exact_points(const ps__exact *e, ps__points *out)
{
    const color_table *t = &e->t;
    ps_status st = points_alloc(out, t->used);
    for (uint32_t i = 0, j = 0; st == PS_OK && i < t->cap; i++) {
        if (!t->keys[i]) continue;
        out->rgb[j] = t->keys[i] & 0xFFFFFFu;
        out->weight[j++] = t->counts[i];
    }
    return st;
}

PS_COLD ps_status ps__exact_histogram(const uint8_t *rgba, size_t npix, const ps_palette_options *o, ps__points *out)
{
    ps__exact *e;
    ps_status st = ps__exact_create(npix, &e);
    if (st != PS_OK) return st;
    st = ps__exact_add(e, rgba, npix, o);
    if (st == PS_OK) st = ps__exact_points(e, out);
    ps__exact_destroy(e);
    return st;
}
