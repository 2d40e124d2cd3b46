/* Look-ups in the generated Unicode tables: each a bisection of a sorted array. */
#include "unicode.h"
#include <stddef.h>

#include "char_class.h"
#include "unicode_tables.h"

#define COUNT(a) (sizeof (a) / sizeof *(a))

uint32_t ps__uni_kind(uint32_t cp)
{
    if (cp < (uni_kind_starts[1] >> 8)) return PS__UNI_NONE; /* ASCII and most of Latin-1 */
    size_t lo = 1, hi = COUNT(uni_kind_starts); /* the last entry starting at or before cp is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uni_kind_starts[mid] >> 8) <= cp) lo = mid;
        else hi = mid;
    }
    return uni_kind_starts[lo] & 0xFF;
}

uint32_t ps__uni_class(uint32_t cp)
{
    size_t lo = 0, hi = COUNT(uni_class_starts); /* the last entry starting at or before cp is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uni_class_starts[mid] >> 8) <= cp) lo = mid;
        else hi = mid;
    }
    return uni_class_starts[lo] & 0xFF;
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

uint32_t ps__uni_fold_accent(uint32_t cp)
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
