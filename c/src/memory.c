#include "ps_memory.h"
#include <stdlib.h>
#if defined(__EMSCRIPTEN__) || defined(__GLIBC__)
#include <malloc.h>
#endif

void *ps_alloc(uint32_t size) { return size ? malloc(size) : NULL; }

void ps_free(void *ptr) { free(ptr); }

uint32_t ps_memory_in_use(void)
{
#if defined(__EMSCRIPTEN__)
    return (uint32_t)mallinfo().uordblks;
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    size_t n = mallinfo2().uordblks;
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
#else
    return 0;
#endif
}
