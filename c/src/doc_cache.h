/* The documents' token ids kept between the logistic regression's epochs (nb_linear.c), within a memory
 * budget: the k-th document of the first epoch is stored as its sorted ids, delta- and varint-coded (about two
 * bytes an id), with a hash of its text; the k-th document of a later epoch with the same text is decoded
 * instead of tokenized again. Past the budget, documents are simply not stored. */
#ifndef PS__DOC_CACHE_H
#define PS__DOC_CACHE_H
#include <stddef.h>
#include <stdint.h>
#include "ps_status.h"

/* A stored document: the hash and length of its text, where its coded ids start. */
typedef struct ps__doc_entry { uint64_t hash; size_t start; uint32_t len; } ps__doc_entry;

typedef struct ps__doc_cache {
    uint8_t *bytes;       /* the coded ids of every stored document, back to back */
    size_t used, cap, budget;
    ps__doc_entry *doc;
    size_t n, slots;
    int full;             /* the budget was reached: nothing more is stored */
} ps__doc_cache;

/* A 64-bit hash of a text (FNV-1a). */
uint64_t ps__text_hash(const uint8_t *text, uint32_t len);
/* Sorts ids[0..n) ascending (radix sort through tmp, of n entries). */
void ps__ids_sort(uint32_t *ids, uint32_t *tmp, uint32_t n);
/* Stores document n's sorted ids (n must be the count stored so far), unless the budget is reached. Errors:
 * NO_MEMORY (the cache stays as it was). */
ps_status ps__doc_cache_put(ps__doc_cache *c, uint64_t hash, uint32_t len, const uint32_t *ids, uint32_t n);
/* Document k's ids into ids (room for cap) when it is stored with this hash and length: the number of ids, or
 * UINT32_MAX when it is not stored so (or holds more than cap). */
uint32_t ps__doc_cache_get(const ps__doc_cache *c, uint32_t k, uint64_t hash, uint32_t len, uint32_t *ids, uint32_t cap);
/* The number of ids document k holds (0 if not stored). */
uint32_t ps__doc_cache_count(const ps__doc_cache *c, uint32_t k);
void ps__doc_cache_free(ps__doc_cache *c);

#endif
