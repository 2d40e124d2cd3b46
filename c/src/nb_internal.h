/* Private to the Naive Bayes modules (nb_*.c, model_*.c): the layouts of the
 * options, trainer and model, and the helpers more than one of them needs. */
#ifndef PS__NB_INTERNAL_H
#define PS__NB_INTERNAL_H
#include <stdint.h>
#include <stddef.h>
#include "ps_nb.h"
#include "tokenize_internal.h"

struct ps_nb_options {
    ps_tok_options tok;
    double alpha;
    uint32_t min_df;
    uint32_t max_features;
    uint8_t binary;
    uint8_t weight_bits; /* 8, 16 or 32 */
};

/* 1 if every field of o is in range (what the setters accept). */
int ps__nb_options_valid(const ps_nb_options *o);
/* 1 if a and b are the same options, bit for bit. */
int ps__nb_options_equal(const ps_nb_options *a, const ps_nb_options *b);
/* The defaults of ps_nb_options_create. */
void ps__nb_options_default(ps_nb_options *o);

/* ---- trainer ---- */

/* A distinct token: arena[key_off] = its length, then its bytes; hash, hhi = the low and high halves of
 * its ps__tok_hash; last_doc = the last document it was counted in (for df). */
typedef struct ps__tentry { uint32_t key_off, hash, last_doc, df, hhi; } ps__tentry;
typedef struct ps__slot { uint32_t hash, id1; } ps__slot; /* id1 = id + 1; 0 = empty */

/* One open-addressing hash table (linear probing, load <= 1/2) of token strings kept in a byte arena;
 * per-token counts live in one array with a stride of the class capacity. No per-token allocation. */
struct ps_nb_trainer {
    ps_nb_options opts;
    uint32_t k, kcap;
    uint8_t **labels;
    uint32_t *label_len;
    uint32_t *class_docs;
    uint32_t docs;
    ps__tentry *e;
    uint32_t n, ecap;
    uint32_t *counts; /* ecap * kcap */
    ps__slot *slots;
    uint32_t mask;
    uint8_t *arena;
    size_t abytes, acap;
    uint32_t cur_class, cur_doc; /* the document being added */
    uint32_t sink;               /* what the batch's warming reads add up to (see nb_train.c) */
    ps__tok_batch batch;
};

/* ---- model ---- */

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
    uint32_t k, v;      /* classes, vocabulary */
    uint32_t total_docs;
    uint8_t **labels;   /* k NUL-terminated strings */
    uint32_t *label_len;
    uint32_t *class_docs; /* k */
    double *log_prior;    /* k */
    double *wmin, *wscale; /* k: dequantised w = (float)(wmin + q * wscale) (8/16 bits) */
    uint8_t *rec;          /* v records (+ 8 readable padding bytes) */
    uint32_t rec_bytes;
    uint32_t *rec_off; /* v: id -> record offset */
    uint32_t wb;       /* weight bytes per record: k * weight_bits / 8 */
    uint32_t tok_bytes; /* sum of token lengths */
    ps__mslot *slots;  /* open addressing, linear probing */
    uint32_t size;     /* slots; home slot = ((hash >> 32) * size) >> 32 */
    float *lut;        /* 8-bit weights: lut[c * 256 + q] = the dequantised weight (built at index time) */
    ps__meta *meta;
    uint32_t meta_n, meta_cap;
};

/* Allocate an empty model with k classes, v tokens of tok_bytes bytes in all (arrays zeroed, labels NULL).
 * Errors: NB_TOO_LARGE when the records would not fit in 4 GB, NO_MEMORY. */
ps_status ps__nb_model_alloc(uint32_t k, uint32_t v, uint32_t tok_bytes, uint32_t weight_bits, ps_nb_model **out);
/* Copy label c of length len into the model. Errors: NO_MEMORY. */
ps_status ps__nb_model_set_label(ps_nb_model *m, uint32_t c, const uint8_t *label, uint32_t len);
/* Build m->slots (and m->lut) from the records; hashes[id] = ps__tok_hash of each token, or NULL to compute
 * them. Errors: NO_MEMORY. */
ps_status ps__nb_model_index(ps_nb_model *m, const uint64_t *hashes);
/* The weights stored in record r, dequantised exactly as the file defines them, into w[0..k). */
void ps__nb_rec_weights(const ps_nb_model *m, const uint8_t *r, float *w);
/* Quantisation steps of 8- and 16-bit weights: 2^bits - 1. */
static inline double ps__nb_levels(uint32_t weight_bits) { return weight_bits == 8 ? 255.0 : 65535.0; }

#endif
