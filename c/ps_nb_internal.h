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
/* model slot: also the token's place in the arena, so a lookup touches one slot and one token */
typedef struct ps__mslot { uint32_t hash, id1, off, len; } ps__mslot;

typedef struct ps__meta { uint8_t *key, *value; uint32_t key_len, value_len; } ps__meta;

struct ps_nb_model {
    ps_nb_options opts;
    uint32_t k, v;              /* classes, vocabulary */
    uint32_t total_docs;
    uint8_t **labels;           /* k NUL-terminated strings */
    uint32_t *label_len;
    uint32_t *class_docs;       /* k */
    double *log_prior;          /* k */
    double *wmin, *wscale;      /* k: dequantised w = wmin + q * wscale (8/16 bits) */
    uint8_t *tok;               /* token bytes, in id (byte) order */
    uint32_t tok_bytes;
    uint32_t *tok_off;          /* v */
    uint8_t *tok_len;           /* v */
    uint8_t *wraw;              /* v*k stored weights, little-endian, weight_bits each */
    float *w;                   /* v*k dequantised weights, token-major */
    ps__mslot *slots;           /* open addressing, linear probing */
    uint32_t size;              /* slots; home slot = (hash * size) >> 32 */
    uint8_t *filter;            /* bit filter of token hashes (low bits) */
    uint32_t fmask;
    ps__meta *meta;
    uint32_t meta_n, meta_cap;
};

/* Hash of a token (FNV-1a with a final mix); the same function everywhere. */
uint32_t ps__nb_hash(const uint8_t *s, uint32_t n);
/* Build m->slots from the tokens; PS_OK or PS_ERR_NO_MEMORY. */
ps_status ps__nb_model_index(ps_nb_model *m);
/* Fill m->w from m->wraw, m->wmin, m->wscale; PS_OK or PS_ERR_MODEL_CORRUPT (non-finite float32). */
ps_status ps__nb_model_dequantise(ps_nb_model *m);
/* 1 if s[0..n) is valid UTF-8 without NUL bytes. */
int ps__utf8_valid(const uint8_t *s, uint32_t n);
/* Allocate an empty model with k classes and v tokens (arrays zeroed, labels NULL). */
ps_status ps__nb_model_alloc(uint32_t k, uint32_t v, uint32_t tok_bytes, uint32_t weight_bits, ps_nb_model **out);

#endif
