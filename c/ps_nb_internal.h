/* Private to ps_nb.c and ps_model.c: the model's layout and the few helpers
 * both need. Not part of the public API (names use the ps__ prefix). */
#ifndef PS_NB_INTERNAL_H
#define PS_NB_INTERNAL_H
#include <stdint.h>
#include "ps_nb.h"

#define PS__NB_MAX_VOCAB (1u << 28)
#define PS__NB_MAX_META 4096u

struct ps_nb_options {
    ps_tok_options tok;
    double alpha;
    uint32_t min_df;
    uint32_t max_features;
    uint8_t binary;
    uint8_t weight_bits;  /* 8, 16 or 32 */
};

typedef struct ps__slot { uint32_t hash, id1; } ps__slot;  /* id1 = id + 1; 0 = empty */
/* model slot: low 32 bits of the token hash and the token's record offset + 1 (0 = empty) */
typedef struct ps__mslot { uint32_t hash, off1; } ps__mslot;

typedef struct ps__meta { uint8_t *key, *value; uint32_t key_len, value_len; } ps__meta;

/* A token record, in id (= byte) order in m->rec: the token's bytes sit next to its weights, so a lookup
 * touches one slot and one record (the weights are dequantised when read, as the file defines them):
 *     [id: u32 LE][len: u8][len token bytes][k weights, weight_bits / 8 bytes each, LE, as stored in the file]
 * The slot table and the hashes are built at load and are not part of the file: the hash
 * (ps__tok_hash) only decides where a token sits in memory, never a result. */
#define PS__REC_HDR 5u

struct ps_nb_model {
    ps_nb_options opts;
    uint32_t k, v;              /* classes, vocabulary */
    uint32_t total_docs;
    uint8_t **labels;           /* k NUL-terminated strings */
    uint32_t *label_len;
    uint32_t *class_docs;       /* k */
    double *log_prior;          /* k */
    double *wmin, *wscale;      /* k: dequantised w = (float)(wmin + q * wscale) (8/16 bits) */
    uint8_t *rec;               /* v records (+ 8 readable padding bytes) */
    uint32_t rec_bytes;
    uint32_t *rec_off;          /* v: id -> record offset */
    uint32_t wb;                /* weight bytes per record: k * weight_bits / 8 */
    uint32_t tok_bytes;         /* sum of token lengths */
    ps__mslot *slots;           /* open addressing, linear probing */
    uint32_t size;              /* slots; home slot = ((hash >> 32) * size) >> 32 */
    float *lut;                 /* 8-bit weights: lut[c * 256 + q] = the dequantised weight (built at index time) */
    ps__meta *meta;
    uint32_t meta_n, meta_cap;
};

/* Build m->slots (and m->lut) from the records; hashes[id] = ps__tok_hash of each token, or NULL to compute
 * them. PS_OK or PS_ERR_NO_MEMORY. */
ps_status ps__nb_model_index(ps_nb_model *m, const uint64_t *hashes);
/* 1 if s[0..n) is valid UTF-8 without NUL bytes. */
int ps__utf8_valid(const uint8_t *s, uint32_t n);
/* Allocate an empty model with k classes, v tokens of tok_bytes bytes in all (arrays zeroed, labels NULL);
 * PS_ERR_NO_MEMORY also when the records would not fit in 4 GB. */
ps_status ps__nb_model_alloc(uint32_t k, uint32_t v, uint32_t tok_bytes, uint32_t weight_bits, ps_nb_model **out);

#endif
