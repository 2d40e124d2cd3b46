/* ps_memory: the allocator every buffer handed to a caller comes from. */
#ifndef PS_MEMORY_H
#define PS_MEMORY_H
#include <stdint.h>

/* Allocates size bytes (uninitialised); NULL when out of memory or size is 0.
 * Free with ps_free. JavaScript uses this to pass inputs into WebAssembly. */
void *ps_alloc(uint32_t size);
/* Frees memory from ps_alloc or returned by any ps_ function as caller-owned; NULL is a no-op. */
void ps_free(void *ptr);
/* Bytes the heap currently holds for allocated blocks (by the library and by ps_alloc), the allocator's own
 * bookkeeping included, or 0 where the platform cannot tell (it can in WebAssembly and with glibc). For leak
 * checks in tests: an operation that frees all it allocates leaves the figure as it found it once the heap has
 * settled (from its second run); in WebAssembly a first run, or another operation, may move it by a few bytes
 * (the headers of the free blocks it splits or joins). */
uint32_t ps_memory_in_use(void);

#endif
