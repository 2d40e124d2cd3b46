/* Look-ups in the generated Unicode tables: each a bisection of a sorted array. */
#include "unicode.h"
#include <stddef.h>

#include "char_class.h"
#include "cold.h"
#include "unicode_tables.h"

#define COUNT(a) (sizeof (a) / sizeof *(a))

/* The range of starts[] (start << 8 | value, sorted) that holds cp, which is not below the first start. */
static void range_of(const uint32_t *starts, size_t count, uint32_t cp, ps__uni_range *r)
{
    size_t lo = 0, hi = count; /* the last entry starting at or before cp is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((starts[mid] >> 8) <= cp) lo = mid;
        else hi = mid;
    }
    r->lo = starts[lo] >> 8;
    r->hi = lo + 1 < count ? starts[lo + 1] >> 8 : 0x110000u;
    r->value = starts[lo] & 0xFF;
}

void ps__uni_kind_range(uint32_t cp, ps__uni_range *r)
{
    range_of(uni_kind_starts, COUNT(uni_kind_starts), cp, r);
}

void ps__uni_class_range(uint32_t cp, ps__uni_range *r)
{
    range_of(uni_class_starts, COUNT(uni_class_starts), cp, r);
}

uint32_t ps__uni_fold_case(uint32_t cp, uint32_t out[3])
{
    size_t lo = 0, hi = COUNT(uni_fold_multi);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (uni_fold_multi[mid].cp == cp) {
            uint32_t n = 0;
            while (n < 3 && uni_fold_multi[mid].to[n]) { out[n] = uni_fold_multi[mid].to[n]; n++; }
            return n;
        }
        if (uni_fold_multi[mid].cp < cp) lo = mid + 1;
        else hi = mid;
    }
    out[0] = cp;
    lo = 0;
    hi = COUNT(uni_fold_runs); /* the last run starting at or before cp is lo - 1 */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uni_fold_runs[mid] >> 9) <= cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 1;
    uint32_t run = uni_fold_runs[lo - 1], start = run >> 9, len = ((run >> 1) & 0xFF) + 1, stride = (run & 1) + 1;
    uint32_t off = cp - start;
    if (off % stride == 0 && off / stride < len) out[0] = (uint32_t)((int32_t)cp + uni_fold_delta[lo - 1]);
    return 1;
}

/* Not inlined: the tokenizer calls it before and after case folding, and a copy at each call weighs 175 bytes. */
PS_NOINLINE uint32_t ps__uni_fold_accent(uint32_t cp)
{
    if (cp < 0xC0 || cp > 0xFFFF) return cp;
    for (size_t i = 0; i < COUNT(uni_diacritic_ranges); i++)
        if (cp >= uni_diacritic_ranges[i][0] && cp <= uni_diacritic_ranges[i][1]) return 0;
    size_t lo = 0, hi = COUNT(uni_accent);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (uni_accent[mid][0] == cp) return uni_accent[mid][1];
        if (uni_accent[mid][0] < cp) lo = mid + 1;
        else hi = mid;
    }
    return cp;
}
