#include "ps_memory.h"
#include <stdlib.h>

void *ps_alloc(uint32_t size) { return size ? malloc(size) : NULL; }

void ps_free(void *ptr) { free(ptr); }
