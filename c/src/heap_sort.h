/* Heapsort through callbacks: in place and O(n log n) whatever the input. For the sorts whose usual method
 * (an insertion sort of a nearly sorted array, or of small buckets) input chosen to defeat it would make
 * quadratic. */
#ifndef PS__HEAP_SORT_H
#define PS__HEAP_SORT_H
#include <stdint.h>

/* Sorts elements [0, n) of ctx so that no element comes before one it is `less` than: less(ctx, i, j) is
 * whether element i goes before element j, swap(ctx, i, j) exchanges them. */
void ps__heap_sort(uint32_t n, int (*less)(const void *ctx, uint32_t i, uint32_t j),
                   void (*swap)(void *ctx, uint32_t i, uint32_t j), void *ctx);

#endif
