#include "heap_sort.h"
#include "cold.h"

/* Moves element i down the max-heap [0, n): the element that goes last sits at its root. */
PS_COLD static void sift_down(uint32_t i, uint32_t n, int (*less)(const void *, uint32_t, uint32_t),
                      void (*swap)(void *, uint32_t, uint32_t), void *ctx)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < n && less(ctx, top, l)) top = l;
        if (r < n && less(ctx, top, r)) top = r;
        if (top == i) return;
        swap(ctx, i, top);
        i = top;
    }
}

PS_COLD void ps__heap_sort(uint32_t n, int (*less)(const void *, uint32_t, uint32_t),
                           void (*swap)(void *, uint32_t, uint32_t), void *ctx)
{
    for (uint32_t i = n / 2; i-- > 0;) sift_down(i, n, less, swap, ctx);
    for (uint32_t end = n; end-- > 1;) {
        swap(ctx, 0, end);
        sift_down(0, end, less, swap, ctx);
    }
}
