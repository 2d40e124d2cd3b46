/* The count stream (FORMAT.md, "Count files"): a trainer's counts, written by
 * a spill or a merge and read by the merger. Header (options, classes in label
 * order with their documents), then one record per token in key order (its
 * 64-bit ps__tok_hash, then its bytes), then an end marker, the record count
 * and a CRC-32. Private to nb_spill.c and nb_merge.c. */
#ifndef PS__NB_COUNTS_H
#define PS__NB_COUNTS_H
#include <stddef.h>
#include <stdint.h>
#include "nb_internal.h"

#define PS__COUNTS_MAJOR 1u
#define PS__COUNTS_MINOR 0u
/* The longest record: length, 255 token bytes, df and one count per class, each a 5-byte varint at most. */
#define PS__COUNTS_MAX_RECORD (1u + 255u + 5u + 5u * PS_NB_MAX_CLASSES)

/* A growable byte queue that keeps the CRC-32 and the record count of what is put in it, and is
 * drained into the caller's buffers. */
typedef struct ps__bytes {
    uint8_t *p;
    size_t at, len, cap; /* unread bytes are p[at..len) */
    size_t crc_at;       /* the CRC covers p[..crc_at): new bytes are added in bulk when drained or ended */
    uint32_t crc;
    uint64_t records;
} ps__bytes;

void ps__bytes_free(ps__bytes *q);
/* Unread bytes. */
static inline size_t ps__bytes_size(const ps__bytes *q) { return q->len - q->at; }
/* Copies up to cap unread bytes to out; returns how many. */
uint32_t ps__bytes_drain(ps__bytes *q, uint8_t *out, uint32_t cap);
/* Grows *buf (of *cap bytes, doubling from 64 KiB) until it holds need bytes; NO_MEMORY leaves it as it was. */
ps_status ps__bytes_reserve(uint8_t **buf, size_t *cap, size_t need);

/* What a stream holds: the counts of its documents, or part `part` of `parts` of them (a trainer with a
 * partition, ps__tok_part_of), maybe pruned (only tokens a model of the whole could keep, for finishing). */
typedef struct ps__counts_kind { uint32_t part, parts, pruned; } ps__counts_kind;

/* The stream header: options o, its kind, k classes (labels in label order) and their documents.
 * Errors: NO_MEMORY. */
ps_status ps__counts_put_header(ps__bytes *q, const ps_nb_options *o, ps__counts_kind kind, uint32_t k,
                                uint8_t *const *labels, const uint32_t *label_len, const uint32_t *docs);
/* One record. Errors: NO_MEMORY. */
ps_status ps__counts_put_record(ps__bytes *q, const uint8_t *tok, uint32_t len, uint32_t df, const uint32_t *counts,
                                uint32_t k);
/* The end marker, the record count and the CRC-32 of the stream. Errors: NO_MEMORY. */
ps_status ps__counts_put_end(ps__bytes *q);

/* A parsed header; labels point into the buffer parsed. */
typedef struct ps__counts_header {
    ps_nb_options opts;
    ps__counts_kind kind;
    uint32_t k;
    const uint8_t *labels[PS_NB_MAX_CLASSES];
    uint32_t label_len[PS_NB_MAX_CLASSES], docs[PS_NB_MAX_CLASSES];
    uint64_t total_docs;
} ps__counts_header;

/* A parsed record (len 0: the end marker); tok points into the buffer parsed. */
typedef struct ps__counts_record {
    const uint8_t *tok;
    uint32_t len, df;
    uint64_t hash;
    uint32_t counts[PS_NB_MAX_CLASSES];
} ps__counts_record;

/* Parse from avail bytes at p; *used gets the bytes taken. NEED_INPUT when more bytes are needed (with
 * ended set, COUNTS_TRUNCATED instead), COUNTS_MAGIC, COUNTS_VERSION, COUNTS_CORRUPT. */
ps_status ps__counts_parse_header(const uint8_t *p, size_t avail, int ended, ps__counts_header *h, size_t *used);
ps_status ps__counts_parse_record(const uint8_t *p, size_t avail, int ended, const ps__counts_header *h,
                                  ps__counts_record *r, size_t *used);
/* The trailer after the end marker: the record count and the CRC-32 of everything before the CRC (crc is
 * that CRC as computed by the reader). COUNTS_CHECKSUM, COUNTS_CORRUPT (wrong count, bytes after it). */
ps_status ps__counts_parse_trailer(const uint8_t *p, size_t avail, int ended, uint64_t records, uint32_t crc, size_t *used);
/* A trainer's counts read record by record in key order, as its count stream holds them (nb_spill.c): for a
 * spill, and for a merge straight from its memory. The trainer must not change while it is open. */
typedef struct ps__trainer_reader {
    const ps_nb_trainer *t;
    uint64_t *walk; /* t->n tokens in key order: the high half of the hash << 32 | the id */
    uint32_t pos;
    uint32_t order[PS_NB_MAX_CLASSES]; /* stream class c = trainer class order[c] */
    uint32_t warm;  /* what its cache-warming reads add up to */
} ps__trainer_reader;
/* Puts t's entries in key order. Close it even on error. Errors: NO_MEMORY. */
ps_status ps__trainer_reader_open(ps__trainer_reader *r, const ps_nb_trainer *t);
void ps__trainer_reader_close(ps__trainer_reader *r);
/* The next record into *rec (classes in label order; tok points into t's records), or len 0 at the end. */
void ps__trainer_reader_next(ps__trainer_reader *r, ps__counts_record *rec);

/* Sorts ids[0..n) with their keys[0..n) (hashes) into key order: by key, then by token bytes, which
 * token(ctx, id, &len) gives. A counting sort on the keys' top 16 bits, then an insertion sort of each
 * bucket (a few ids: the hash is uniform; a heapsort of a bucket of more). Errors: NO_MEMORY. */
ps_status ps__counts_sort(uint64_t *keys, uint32_t *ids, uint32_t n,
                          const uint8_t *(*token)(const void *ctx, uint32_t id, uint32_t *len), const void *ctx);
/* Writes the builder's kept tokens as a pruned count stream of that kind into q, until q holds want bytes
 * or *ended. Errors: NO_MEMORY. */
ps_status ps__nb_builder_write(ps__nb_builder *b, ps__counts_kind kind, ps__bytes *q, size_t want, int *ended);
/* The order of records: by hash, then by bytes; < 0, 0 or > 0. */
int ps__counts_key_cmp(uint64_t ha, const uint8_t *a, uint32_t al, uint64_t hb, const uint8_t *b, uint32_t bl);

#endif
