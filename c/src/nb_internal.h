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
    /* the model kind and the logistic regression's options: not in OPTS (a linear model's are in LINR) */
    uint8_t kind;        /* PS_NB_KIND_* */
    uint8_t pieces;
    uint32_t epochs, seed;
    double l2, nb_mix;
};

/* 1 if every field of o is in range (what the setters accept). */
int ps__nb_options_valid(const ps_nb_options *o);
/* 1 if a and b count and weigh alike (the logistic regression's options are not compared). */
int ps__nb_options_equal(const ps_nb_options *a, const ps_nb_options *b);
/* The defaults of ps_nb_options_create. */
void ps__nb_options_default(ps_nb_options *o);
/* The 24-byte options record of the model and count files (FORMAT.md, OPTS). */
#define PS__NB_OPTIONS_SIZE 24u
void ps__nb_options_put(const ps_nb_options *o, uint8_t *p);
/* Reads it; INVALID_ARGUMENT when a field is out of range or the reserved bytes are not 0. */
ps_status ps__nb_options_get(const uint8_t *p, ps_nb_options *o);

/* ---- trainer ---- */

/* A distinct token's record, in the trainer's record array (4-byte words, tokens in the order they came):
 *     [hash: low half][hhi: high half][last_doc][df][kcap counts][len: u8][len bytes], padded to a word
 * hash and hhi are the halves of its ps__tok_hash; last_doc is the last document it was counted in (for
 * df). The key sits next to the counts, so that counting a token reads one record, not a row and a key
 * far apart. A record is named by its offset in words. */
typedef struct ps__tentry { uint32_t hash, hhi, last_doc, df; } ps__tentry;
#define PS__REC_HEAD 4u /* the words of an entry */
_Static_assert(sizeof(ps__tentry) == PS__REC_HEAD * sizeof(uint32_t), "an entry is the head of a record");
typedef struct ps__slot { uint32_t hhi, id1; } ps__slot; /* hhi as in the entry; id1 = record offset + 1; 0 = empty */

/* One open-addressing hash table (linear probing, load <= 1/2) of records kept back to back in one array;
 * no per-token allocation. A token's home slot comes from the high half of its hash (ps__trainer_home), so
 * that the slots hold the tokens nearly in key order and writing them out sorts them in one pass. */
struct ps_nb_trainer {
    ps_nb_options opts;
    uint32_t k, kcap;
    uint8_t **labels;
    uint32_t *label_len;
    uint32_t *class_docs;
    uint32_t docs;
    uint32_t *rec;        /* the records: used words of rcap (+ PS__REC_SLACK readable after them) */
    size_t used, rcap;
    uint32_t n;           /* records */
    ps__slot *slots;
    uint32_t mask, shift; /* mask + 1 = 2^(32 - shift) slots */
    uint32_t key, rekeys; /* 0, or the key of homes from a mix of the hash (ps__trainer_home); times rekeyed */
    uint32_t cur_class, cur_doc; /* the document being added */
    uint32_t sink;               /* what the batch's warming reads add up to (see nb_train.c) */
    uint64_t limit;              /* memory limit in bytes, 0 = none (nb_spill.c) */
    uint32_t part, parts;        /* counts only the tokens of part `part` of `parts` (ps__tok_part_of) */
    int spilled;                 /* its counts were written out: finish by merging the streams */
    struct ps__spill *spill;     /* a count stream being written, or NULL */
    ps__tok_batch batch;
};
/* Words kept readable after the last record: keys are compared in whole 8-byte chunks (ps__eq_padded). */
#define PS__REC_SLACK 2u
/* The arrays' first sizes: record words, and slots (mask + 1 = 2^(32 - shift)). */
#define PS__REC_WORDS_FIRST 8192u
#define PS__SLOT_MASK_FIRST 2047u
#define PS__SLOT_SHIFT_FIRST 21u

/* The words of a record of a token of len bytes, with kcap counts. */
static inline uint32_t ps__trainer_rec_words(uint32_t kcap, uint32_t len) { return PS__REC_HEAD + kcap + (len + 4u) / 4u; }
/* The entry, counts (kcap of them; classes in the order they came) and key ([len][bytes]) of record off. */
static inline ps__tentry *ps__trainer_entry(const ps_nb_trainer *t, uint32_t off) { return (ps__tentry *)(t->rec + off); }
static inline uint32_t *ps__trainer_counts(const ps_nb_trainer *t, uint32_t off) { return t->rec + off + PS__REC_HEAD; }
static inline const uint8_t *ps__trainer_key(const ps_nb_trainer *t, uint32_t off)
{
    return (const uint8_t *)(t->rec + off + PS__REC_HEAD + t->kcap);
}
/* The offset of the record after record off (t->used after the last). */
static inline uint32_t ps__trainer_next(const ps_nb_trainer *t, uint32_t off)
{
    return off + ps__trainer_rec_words(t->kcap, ps__trainer_key(t, off)[0]);
}

/* Murmur3's finaliser: a bijection of 32 bits that spreads any set of inputs. */
static inline uint32_t ps__mix32(uint32_t x)
{
    x = (x ^ (x >> 16)) * 0x85EBCA6Bu;
    x = (x ^ (x >> 13)) * 0xC2B2AE35u;
    return x ^ (x >> 16);
}
/* The key of a hash table's n-th rekey (n >= 1; an odd multiple, never 0). */
static inline uint32_t ps__rekey_key(uint32_t n) { return n * 0x9E3779B9u; }

/* The home slot of a token whose hash's high half is hhi: its place in its part's range of hashes, scaled
 * to the table (every token of a part shares the bits ps__tok_part_of reads). Text can be chosen whose
 * tokens crowd a narrow range of hashes; once a token sits PS__MAX_DISPLACEMENT slots past its home, the
 * table is rekeyed (nb_train.c): homes then come from a keyed mix of hhi, and the slots are in no order. */
static inline uint32_t ps__trainer_home(const ps_nb_trainer *t, uint32_t hhi, uint32_t shift)
{
    return (t->key ? ps__mix32(hhi ^ t->key) : hhi * t->parts) >> shift;
}
/* Real vocabularies stay far below it (IMDB's 5,166,413 distinct tokens of 1-3 words: 28 at most). */
#define PS__MAX_DISPLACEMENT 256u
/* Each rekey multiplies the cost of choosing text that crowds the next keys too; after this many, tokens
 * are left where they are (only tokens whose high halves are equal, 2^32 tries each, still crowd). */
#define PS__MAX_REKEYS 32u

/* PS_OK if a document of len bytes (of a new class when new_class) fits in the memory limit; NB_FULL if
 * the counts must be written out first; NB_TOO_LARGE if it does not fit even alone. An empty trainer whose
 * arrays grew before its counts were written out starts them again at their first sizes when that makes
 * the document fit (so ps_nb_trainer_memory_needed is enough); NO_MEMORY if that fails. */
ps_status ps__nb_trainer_room(ps_nb_trainer *t, uint32_t len, int new_class);
/* Frees a count stream being written. */
void ps__nb_trainer_spill_free(ps_nb_trainer *t);

/* ---- building a model from counts (nb_builder.c) ---- */

/* Classes are ordered by their labels' bytes (shorter first on a shared prefix) in every model and count
 * stream: the order then does not depend on the order of the documents or of merged shards. */
int ps__nb_label_less(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl);
/* order[0..k) = the indices of labels in label order. */
void ps__nb_label_order(uint8_t *const *labels, const uint32_t *len, uint32_t k, uint32_t *order);

typedef struct ps__nb_builder ps__nb_builder;
/* A builder with options o and k classes in label order (labels and docs copied). Errors: NO_MEMORY. */
ps_status ps__nb_builder_create(const ps_nb_options *o, uint32_t k, uint8_t *const *labels, const uint32_t *label_len,
                                const uint32_t *class_docs, ps__nb_builder **out);
void ps__nb_builder_destroy(ps__nb_builder *b);
/* Offers a token (once per token, any order): its hash (ps__tok_hash), document frequency and k counts. */
ps_status ps__nb_builder_add(ps__nb_builder *b, const uint8_t *tok, uint32_t len, uint64_t hash, uint32_t df,
                             const uint32_t *counts);
/* The model of the kept tokens. Errors: NB_NO_DATA (no document, < 2 classes, no token kept), NB_TOO_LARGE,
 * NO_MEMORY. */
ps_status ps__nb_builder_finish(ps__nb_builder *b, ps_nb_model **out);
/* A builder holding every token of trainer t (with its options). Errors: NO_MEMORY, NB_TOO_LARGE. */
ps_status ps__nb_trainer_builder(const ps_nb_trainer *t, ps__nb_builder **out);

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
    uint32_t size;     /* slots; home slot: ps__model_home */
    uint32_t key;      /* 0, or the key of homes from a mix of the hash (tokens chosen to crowd: nb_model.c) */
    float *lut;        /* 8-bit weights: lut[c * 256 + q] = the dequantised weight (built at index time) */
    double *base;      /* k: what a score starts from: log priors (NB), intercepts (NBLR) or 0 (complement) */
    double cal_a, cal_b; /* calibration: probabilities = softmax(exp(cal_a) * (1 + evidence)^cal_b * score) */
    ps__meta *meta;
    uint32_t meta_n, meta_cap;
};

/* The home slot of a token whose hash's high half is hi: ((hi * size) >> 32), monotone in the hash, or from
 * a keyed mix of it once a table was rekeyed. */
static inline uint32_t ps__model_home_in(uint32_t key, uint32_t size, uint32_t hi)
{
    return (uint32_t)(((uint64_t)(key ? ps__mix32(hi ^ key) : hi) * size) >> 32);
}
static inline uint32_t ps__model_home(const ps_nb_model *m, uint32_t hi) { return ps__model_home_in(m->key, m->size, hi); }

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
/* Stores the double weights wd (v * k, token-major) into the records, quantised to m's weight_bits (sets
 * wmin / wscale). */
void ps__nb_model_quantise(ps_nb_model *m, const double *wd);
/* A model with m's classes, vocabulary and metadata and options o, its weights not yet set (for a model of
 * another kind over the same tokens). Errors: NB_TOO_LARGE, NO_MEMORY. */
ps_status ps__nb_model_clone_layout(const ps_nb_model *m, const ps_nb_options *o, ps_nb_model **out);

/* ---- prediction internals shared with the logistic regression (nb_predict.c) ---- */
/* The distinct known tokens of a text, as record offsets into m->rec with their counts, in the order of their
 * first occurrence; borrowed from p until its next use. Errors: as ps_nb_model_predict. */
ps_status ps__nb_predict_tokens(const ps_nb_model *m, const uint8_t *text, uint32_t len, ps_nb_prediction *p,
                                const uint32_t **offs, uint32_t *n);
/* Quantisation steps of 8- and 16-bit weights: 2^bits - 1. */
static inline double ps__nb_levels(uint32_t weight_bits) { return weight_bits == 8 ? 255.0 : 65535.0; }

#endif
