/* ps_nb: multinomial Naive Bayes text classifier (any number of UTF-8 labels).
 *
 * Training is streaming: a trainer holds one hash table of token counts per
 * class; documents can be added batch after batch, and two trainers with the
 * same options can be merged (train on shards, merge, finish). With a memory
 * limit the trainer writes its counts out as count streams when full, and the
 * streams merge into the same model (see "training in bounded memory" below).
 * Classes are ordered by their labels' bytes, whatever the order of the data.
 * ps_nb_trainer_finish prunes (min_df, then max_features), computes log priors and per-class log-likelihood weights
 *     w[c][t] = log(n[c][t] + alpha) - log(N[c] + alpha * V)
 * (N[c] = sum of kept counts of class c, V = kept vocabulary) and quantises
 * them (weight_bits) exactly as the model file stores them, so a model
 * predicts the same before and after save/load. Logarithms and exponentials
 * are computed with + - * / only, so results are bit-identical natively and
 * in WebAssembly.
 *
 * Prediction: score[c] = log_prior[c] + sum over tokens of count * w[c][t]
 * (count is 1 per distinct token with binary counts); probabilities are a
 * softmax in log space (finite, sum to 1). Tokens not in the vocabulary are
 * ignored; with no known token the probabilities are the priors and
 * evidence is 0. Explanation: for each distinct known token, the class it
 * pushes toward is argmax_c w[c][t] and its weight is
 *     count * (w[best][t] - w[second best][t])  (>= 0)
 * which for two classes is |count * (w[a][t] - w[b][t])|; the top_n largest
 * are listed, ties broken by vocabulary order.
 *
 * Usage:
 *     ps_nb_options *o; ps_nb_options_create(&o);
 *     ps_nb_options_set_ngrams(o, 1, 2); ps_nb_options_set_binary(o, 1);
 *     ps_nb_trainer *t; ps_nb_trainer_create(o, &t); ps_nb_options_destroy(o);
 *     for each doc: ps_nb_trainer_add(t, text, text_len, label, label_len);
 *     ps_nb_model *m; ps_nb_trainer_finish(t, &m); ps_nb_trainer_destroy(t);
 *     ps_nb_prediction *p; ps_nb_prediction_create(m, 10, &p);
 *     ps_nb_model_predict(m, text, len, p);
 *     uint32_t best = ps_nb_prediction_label(p); const double *prob = ps_nb_prediction_probs(p);
 *     ps_nb_prediction_destroy(p); ps_nb_model_destroy(m);
 *     uint8_t *file; uint32_t n; ps_nb_model_save(m, &file, &n);   // the format of FORMAT.md; ps_free(file)
 *     ps_nb_model_load(file, n, &m);                                  // checks everything before it allocates
 *
 * Model files: ps_nb_model_save writes the format of FORMAT.md, byte-identical
 * for the same model on every platform; ps_nb_model_load checks, in this order,
 * length (MODEL_TRUNCATED), magic (MODEL_MAGIC), version (MODEL_VERSION for
 * a major other than 1 and 2; a newer minor loads, its unknown sections
 * skipped), declared file length (TRUNCATED if longer than the bytes given,
 * CORRUPT if shorter), CRC32 (MODEL_CHECKSUM), the features a major-2 file
 * needs (MODEL_VERSION for one this reader does not know), then every section,
 * count, option and string against the bytes left (MODEL_CORRUPT), and only
 * then allocates.
 *
 * Limits: at most PS_NB_MAX_CLASSES classes, labels 1..PS_NB_MAX_LABEL bytes
 * of valid UTF-8, vocabulary < PS_NB_MAX_VOCAB tokens and < 4 GB of token bytes,
 * counts and documents < 2^32 (PS_ERR_NB_TOO_LARGE beyond); model files < 4 GB.
 * Handles are not thread-safe; a model may be shared by threads that each own
 * a prediction. */
#ifndef PS_NB_H
#define PS_NB_H
#include <stdint.h>
#include "ps_status.h"
#include "ps_tokenize.h"

#define PS_NB_MAX_CLASSES 1024u
#define PS_NB_MAX_LABEL 1024u          /* bytes of a label */
#define PS_NB_MAX_VOCAB (1u << 28)     /* tokens of a model (exclusive) */
#define PS_NB_MAX_TOP_N 1000u          /* explanation and top-token lists */
#define PS_NB_MAX_META 4096u           /* metadata entries */
#define PS_NB_MAX_META_KEY 1024u       /* bytes of a metadata key */
#define PS_NB_MAX_META_VALUE (1u << 20) /* bytes of a metadata value */

/* Option ranges and defaults (the tokenizer's are in ps_tokenize.h). */
#define PS_NB_ALPHA_MIN 1e-9
#define PS_NB_ALPHA_MAX 1e6
#define PS_NB_ALPHA_DEFAULT 1.0
#define PS_NB_BINARY_DEFAULT 0u
#define PS_NB_MIN_DF_MIN 1u
#define PS_NB_MIN_DF_DEFAULT 1u
#define PS_NB_MAX_FEATURES_DEFAULT 0u  /* no limit */
#define PS_NB_WEIGHT_BITS_DEFAULT 16u  /* 8, 16 or 32 */

/* Model kinds. All three score a text as score[c] = base[c] + sum over tokens of count * w[c][t] (count 1 per
 * distinct token with binary counts) and differ in their weights and base:
 *  - PS_NB_KIND_NB: multinomial Naive Bayes; w = log-likelihoods, base = log priors.
 *  - PS_NB_KIND_NBLR: NB-weighted logistic regression (Wang & Manning's NBSVM with a logistic loss): binary
 *    features scaled by the NB log-count ratio r[c][t] = w_nb[c][t] - mean over the other classes of
 *    w_nb[k][t], then an L2-regularised logistic regression (one weight vector for two classes, one-vs-rest
 *    for more), with a share nb_mix of the NB log-odds kept in the margin while training and after:
 *    w[c][t] = (theta[c][t] + nb_mix) * r[c][t], base = the intercepts (file section LINR). Two classes store
 *    class 0's weights and base as 0.
 *  - PS_NB_KIND_COMPLEMENT: Complement Naive Bayes (Rennie et al. 2003): w[c][t] = -(log(n_not_c[t] + alpha)
 *    - log(N_not_c + alpha * V)), the log-likelihood of every other class's counts; base = 0 (no prior). */
#define PS_NB_KIND_NB 0u
#define PS_NB_KIND_NBLR 1u
#define PS_NB_KIND_COMPLEMENT 2u
#define PS_NB_KIND_DEFAULT PS_NB_KIND_NB
/* Logistic regression options (PS_NB_KIND_NBLR): L2 strength lambda (the objective is the summed log loss +
 * lambda / 2 * |theta|^2, so lambda = 1 / C of scikit-learn), epochs of SGD, NB mixing, seed, sentence pieces. */
#define PS_NB_L2_MIN 1e-6
#define PS_NB_L2_MAX 1e6
#define PS_NB_L2_DEFAULT 10.0
#define PS_NB_EPOCHS_MIN 1u
#define PS_NB_EPOCHS_MAX 100u
#define PS_NB_EPOCHS_DEFAULT 5u
#define PS_NB_NB_MIX_MIN 0.0
#define PS_NB_NB_MIX_MAX 1.0
#define PS_NB_NB_MIX_DEFAULT 0.0
#define PS_NB_SEED_DEFAULT 0u
#define PS_NB_PIECES_MIN 0u
#define PS_NB_PIECES_MAX 8u
#define PS_NB_PIECES_DEFAULT 0u
/* Calibration (any kind): probabilities are softmax(s * score) with s = exp(a) * (1 + evidence)^b, so labels
 * never change; a = b = 0 is no calibration. |a| <= PS_NB_CAL_A_MAX, |b| <= PS_NB_CAL_B_MAX. */
#define PS_NB_CAL_A_MAX 20.0
#define PS_NB_CAL_B_MAX 4.0

/* The model file's format version (FORMAT.md). A model that uses only what every
 * 1.x reader understands is written as major 1; one that needs more is written as
 * PS_MODEL_MAJOR_FEATURES with a FEAT section naming what it needs, so that older
 * readers refuse it (MODEL_VERSION) instead of misreading it. This reader loads any
 * minor of both majors whose features it knows. */
#define PS_MODEL_MAJOR 1u
#define PS_MODEL_MAJOR_FEATURES 2u
#define PS_MODEL_MINOR 1u  /* 1.1 / 2.1 add the optional CALB section (calibration) */

typedef struct ps_nb_options ps_nb_options;
typedef struct ps_nb_trainer ps_nb_trainer;
typedef struct ps_nb_model ps_nb_model;
typedef struct ps_nb_prediction ps_nb_prediction;

/* ---- options ---- */
/* Create options with the defaults (PS_NB_*_DEFAULT: alpha 1, counts, min_df 1, no max_features, unigrams,
 * weight_bits 16; the tokenizer's of ps_tok_options_init); free with ps_nb_options_destroy. Errors: INVALID_ARGUMENT, NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_options_create(ps_nb_options **out);
/* Free options; NULL is ignored. */
void ps_nb_options_destroy(ps_nb_options *o);
/* Additive smoothing, PS_NB_ALPHA_MIN <= alpha <= PS_NB_ALPHA_MAX (1e-9..1e6); else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_alpha(ps_nb_options *o, double alpha);
/* 1 = count each token once per document (binary/presence), 0 = counts; else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_binary(ps_nb_options *o, uint32_t on);
/* Keep only tokens seen in at least min_df (>= 1) training documents; else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_min_df(ps_nb_options *o, uint32_t min_df);
/* Keep only the max_features most frequent tokens (ties by bytes); 0 = no limit. */
PS_NODISCARD ps_status ps_nb_options_set_max_features(ps_nb_options *o, uint32_t max_features);
/* The tokenizer's setters of ps_tokenize.h again, on purpose: a trainer's options hold its tokenizer's. */
/* Word n-gram range, 1 <= min <= max <= 3; else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_ngrams(ps_nb_options *o, uint32_t min, uint32_t max);
/* 1 = remove English stop words before forming n-grams; else INVALID_ARGUMENT for values > 1. */
PS_NODISCARD ps_status ps_nb_options_set_stopwords(ps_nb_options *o, uint32_t on);
/* 1 = mark words after a negation with "!" (see ps_tokenize.h); else INVALID_ARGUMENT for values > 1. */
PS_NODISCARD ps_status ps_nb_options_set_negation(ps_nb_options *o, uint32_t on);
/* Character n-grams of scripts without spaces, 1 <= min <= max <= 3, or 0, 0 for none; else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_char_ngrams(ps_nb_options *o, uint32_t min, uint32_t max);
/* 1 = emoji and ASCII emoticons as tokens (see ps_tokenize.h); else INVALID_ARGUMENT for values > 1. */
PS_NODISCARD ps_status ps_nb_options_set_emoji(ps_nb_options *o, uint32_t on);
/* 1 = full Unicode case folding, 0 = the 1.0 lower-casing; else INVALID_ARGUMENT for values > 1. */
PS_NODISCARD ps_status ps_nb_options_set_unicode_case(ps_nb_options *o, uint32_t on);
/* 1 = fold accented letters to their base ("é" -> "e"); else INVALID_ARGUMENT for values > 1. */
PS_NODISCARD ps_status ps_nb_options_set_fold_accents(ps_nb_options *o, uint32_t on);
/* Bits per stored weight: 8 or 16 (quantised per class) or 32 (float); else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_weight_bits(ps_nb_options *o, uint32_t bits);
/* Getters (o must be valid; they return 0 for NULL). */
double ps_nb_options_alpha(const ps_nb_options *o);
uint32_t ps_nb_options_binary(const ps_nb_options *o);
uint32_t ps_nb_options_min_df(const ps_nb_options *o);
uint32_t ps_nb_options_max_features(const ps_nb_options *o);
uint32_t ps_nb_options_ngram_min(const ps_nb_options *o);
uint32_t ps_nb_options_ngram_max(const ps_nb_options *o);
uint32_t ps_nb_options_stopwords(const ps_nb_options *o);
uint32_t ps_nb_options_negation(const ps_nb_options *o);
uint32_t ps_nb_options_char_ngram_min(const ps_nb_options *o);
uint32_t ps_nb_options_char_ngram_max(const ps_nb_options *o);
uint32_t ps_nb_options_emoji(const ps_nb_options *o);
uint32_t ps_nb_options_unicode_case(const ps_nb_options *o);
uint32_t ps_nb_options_fold_accents(const ps_nb_options *o);
uint32_t ps_nb_options_weight_bits(const ps_nb_options *o);
/* The tokenizer part of the options (borrowed, lives as long as o); NULL for NULL. */
const ps_tok_options *ps_nb_options_tok(const ps_nb_options *o);
/* Model kind, PS_NB_KIND_*; else INVALID_ARGUMENT. The counting options are the same for every kind; a
 * trainer with kind NBLR finishes into the NB model of its counts (its ratios, see ps_nb_linear_create). */
PS_NODISCARD ps_status ps_nb_options_set_kind(ps_nb_options *o, uint32_t kind);
/* The regression's options: setters then getters, in the shape of the counting options above, on purpose. */
/* L2 strength lambda of the logistic regression, PS_NB_L2_MIN..PS_NB_L2_MAX; else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_l2(ps_nb_options *o, double l2);
/* Passes of stochastic gradient descent over the documents, 1..PS_NB_EPOCHS_MAX; else INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_options_set_epochs(ps_nb_options *o, uint32_t epochs);
/* Share 0..1 of the NB log-odds kept in the linear model's margin, in training and after (0 = pure logistic
 * regression on the NB-scaled features). */
PS_NODISCARD ps_status ps_nb_options_set_nb_mix(ps_nb_options *o, double mix);
/* Seed of the order the logistic regression visits documents in. */
PS_NODISCARD ps_status ps_nb_options_set_seed(ps_nb_options *o, uint32_t seed);
/* The logistic regression also trains, each epoch, on `pieces` (0..PS_NB_PIECES_MAX) random pieces of 1-3
 * consecutive sentences of each document of two sentences or more, labelled as the document (short text). */
PS_NODISCARD ps_status ps_nb_options_set_pieces(ps_nb_options *o, uint32_t pieces);
uint32_t ps_nb_options_kind(const ps_nb_options *o);
double ps_nb_options_l2(const ps_nb_options *o);
uint32_t ps_nb_options_epochs(const ps_nb_options *o);
double ps_nb_options_nb_mix(const ps_nb_options *o);
uint32_t ps_nb_options_seed(const ps_nb_options *o);
uint32_t ps_nb_options_pieces(const ps_nb_options *o);

/* ---- training ---- */
/* Create a trainer with a copy of opts (NULL = defaults); free with ps_nb_trainer_destroy. Errors: INVALID_ARGUMENT, NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_trainer_create(const ps_nb_options *opts, ps_nb_trainer **out);
/* Free a trainer; NULL is ignored. */
void ps_nb_trainer_destroy(ps_nb_trainer *t);
/* Add one document (text borrowed; may be empty) with its label (1..PS_NB_MAX_LABEL bytes of UTF-8 without a
 * NUL, since labels are given back NUL-terminated; new labels create classes in order of first appearance).
 * Errors: INVALID_ARGUMENT, NB_LABEL, NB_TOO_LARGE, NO_MEMORY (after NO_MEMORY/NB_TOO_LARGE the trainer may hold
 * part of the document: destroy it). */
PS_NODISCARD ps_status ps_nb_trainer_add(ps_nb_trainer *t, const uint8_t *text, uint32_t len, const uint8_t *label, uint32_t label_len);
/* Add src's counts into dst (src unchanged; labels new to dst are appended in src's order). Equal to having
 * trained dst on src's documents too. Errors: INVALID_ARGUMENT (NULL or dst == src), NB_MISMATCH (options or
 * partitions differ), NB_TOO_LARGE (over PS_NB_MAX_CLASSES classes: dst unchanged; a count overflowing),
 * NO_MEMORY (after NO_MEMORY, or NB_TOO_LARGE from a count, dst may hold part of src: destroy it). */
PS_NODISCARD ps_status ps_nb_trainer_merge(ps_nb_trainer *dst, const ps_nb_trainer *src);
/* Documents added so far (including merged ones). */
uint32_t ps_nb_trainer_doc_count(const ps_nb_trainer *t);
/* Distinct tokens seen so far (before pruning). */
uint32_t ps_nb_trainer_vocab_size(const ps_nb_trainer *t);
/* Class i's label (borrowed from t, NUL-terminated too; classes in order of first appearance), its byte length
 * in *out_len (may be NULL); NULL if i is out of range (i = the number of classes). */
const uint8_t *ps_nb_trainer_label(const ps_nb_trainer *t, uint32_t i, uint32_t *out_len);
/* Build a model from the counts (trainer unchanged and still usable); free with ps_nb_model_destroy.
 * Errors: INVALID_ARGUMENT, NB_NO_DATA (no document, < 2 classes, or every token pruned), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_trainer_finish(const ps_nb_trainer *t, ps_nb_model **out);

/* ---- training in bounded memory, and count streams ----
 * A count stream (FORMAT.md, "Count files") holds a trainer's counts: its options, its classes in label order
 * with their documents, and one record per token. Streams merge (ps_nb_merger) into a stream or a model; a
 * merge's bytes do not depend on how the inputs are grouped or ordered, and the model of merged streams is
 * the model of one trainer fed every document. */
/* The first 8 bytes of a count stream. */
#define PS_COUNTS_MAGIC "\x89PSNC\r\n\x1a"
#define PS_NB_MERGE_MAX_INPUTS 4096u
#define PS_NB_MAX_PARTS 256u

/* Makes the trainer count only part `part` of `parts` (1..PS_NB_MAX_PARTS) of the token space: trainers fed
 * the same documents, one per part, count disjoint sets of tokens, each in less memory; their streams merge
 * (as a complete set of parts) into the one trainer's counts. Set it before the first document.
 * Errors: INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_trainer_set_partition(ps_nb_trainer *t, uint32_t part, uint32_t parts);

/* Limit the memory the trainer may take to kib KiB (0: no limit, the default). With a limit,
 * ps_nb_trainer_add returns PS_ERR_NB_FULL, changing nothing, when the document could take the trainer
 * over it: write the counts out with ps_nb_trainer_write_counts (which empties the trainer), then add the
 * document again. A document that does not fit even in an empty trainer is PS_ERR_NB_TOO_LARGE.
 * After counts were written out, finish by merging the streams (ps_nb_trainer_finish and _merge refuse).
 * Errors: INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_trainer_set_memory_limit(ps_nb_trainer *t, uint32_t kib);
/* KiB the trainer needs, at most, to take a document of len bytes when empty (for error messages): the
 * least limit with which ps_nb_trainer_add takes it then. new_class: the document's label may be one the
 * trainer does not have yet (which may double its class capacity); 0: it is one of the trainer's classes. */
uint32_t ps_nb_trainer_memory_needed(const ps_nb_trainer *t, uint32_t len, int new_class);
/* Writes the trainer's counts as a count stream into out (cap bytes), *out_len bytes a call, until *done;
 * the trainer is then empty (its classes kept) and goes on counting. Add no document in between.
 * Errors: INVALID_ARGUMENT, NB_NO_DATA (no class yet: a count stream holds 1 to 1,024), NO_MEMORY (the stream
 * is then abandoned: destroy the trainer). */
PS_NODISCARD ps_status ps_nb_trainer_write_counts(ps_nb_trainer *t, uint8_t *out, uint32_t cap, uint32_t *out_len,
                                                  uint32_t *done);

/* Like ps_nb_trainer_write_counts, but writes only the tokens a model of every count could keep (min_df, then
 * the max_features most frequent), as a pruned stream: for trainers with a partition, whose pruned streams
 * finish (ps_nb_merger_finish, as a complete set of parts) into the model of all their documents. */
PS_NODISCARD ps_status ps_nb_trainer_write_pruned(ps_nb_trainer *t, uint8_t *out, uint32_t cap, uint32_t *out_len,
                                                  uint32_t *done);

/* Empties the trainer as writing its counts out does (its classes kept; finish by merging streams): once its
 * counts were merged from memory (ps_nb_merger_take_trainer). Errors: INVALID_ARGUMENT (a stream is being
 * written). */
PS_NODISCARD ps_status ps_nb_trainer_clear(ps_nb_trainer *t);

typedef struct ps_nb_merger ps_nb_merger;
/* A merger of n (1..PS_NB_MERGE_MAX_INPUTS) count streams; free with ps_nb_merger_destroy.
 * Errors: INVALID_ARGUMENT, NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_merger_create(uint32_t n, ps_nb_merger **out);
void ps_nb_merger_destroy(ps_nb_merger *m);
/* Gives input i its next len bytes (copied); len 0 says input i has ended. Feed an input only when a call
 * asked for it. Errors: INVALID_ARGUMENT (i out of range, input ended, not asked for), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_merger_feed(ps_nb_merger *m, uint32_t i, const uint8_t *bytes, uint32_t len);
/* Makes input i trainer t's counts, read from its memory in key order, as if it had written them out as a
 * count stream and that stream were fed: a spilling trainer's last counts merge with its streams without
 * being written. t must stay unchanged until the merger is destroyed. Errors: INVALID_ARGUMENT (i out of range
 * or already fed or taken, t writing a stream), NB_NO_DATA (t has no class), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_merger_take_trainer(ps_nb_merger *m, uint32_t i, const ps_nb_trainer *t);
/* Reads every input's header. PS_ERR_NEED_INPUT: feed input *need and call again. Errors: COUNTS_* and
 * NB_MISMATCH (the inputs' options differ) about input ps_nb_merger_failed_input(m), NB_TOO_LARGE, NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_merger_begin(ps_nb_merger *m, uint32_t *need);
/* The inputs' options (borrowed) once ps_nb_merger_begin succeeded, else NULL. */
const ps_nb_options *ps_nb_merger_options(const ps_nb_merger *m);
/* Input i's options (borrowed) once its header is read, else NULL: after NB_MISMATCH, what differs from input 0's. */
const ps_nb_options *ps_nb_merger_input_options(const ps_nb_merger *m, uint32_t i);
/* The input the last COUNTS_* or NB_MISMATCH error is about. */
uint32_t ps_nb_merger_failed_input(const ps_nb_merger *m);
/* Distinct tokens merged so far (before any pruning). */
uint32_t ps_nb_merger_tokens(const ps_nb_merger *m);
/* The documents of the merged inputs once ps_nb_merger_begin succeeded, else 0. */
uint32_t ps_nb_merger_documents(const ps_nb_merger *m);
/* Merged class i's label (borrowed from m, in label order, not NUL-terminated), its byte length in *out_len
 * (may be NULL); NULL before ps_nb_merger_begin succeeded or if i is out of range (i = the number of classes). */
const uint8_t *ps_nb_merger_label(const ps_nb_merger *m, uint32_t i, uint32_t *out_len);
/* Writes the merged count stream into out (cap bytes), *out_len bytes a call, until *done. PS_ERR_NEED_INPUT
 * (with nothing written): feed input *need and call again. Errors: as ps_nb_merger_begin. */
PS_NODISCARD ps_status ps_nb_merger_write(ps_nb_merger *m, uint8_t *out, uint32_t cap, uint32_t *out_len,
                                          uint32_t *need, uint32_t *done);
/* Builds the model of the merged counts into *out: the inputs' options, or override's min_df, max_features,
 * alpha and weight_bits (its tokenizer options and binary must be the inputs', else NB_MISMATCH); pass the
 * same override on every call. PS_ERR_NEED_INPUT: feed input *need and call again. Errors: as
 * ps_nb_merger_begin, and NB_NO_DATA (fewer than 2 classes, every token pruned, or a class of no document, as
 * the streams of part of a trainer's documents may hold). A merger either writes or finishes. */
PS_NODISCARD ps_status ps_nb_merger_finish(ps_nb_merger *m, const ps_nb_options *override, ps_nb_model **out,
                                           uint32_t *need);
/* Writes the tokens the model of the merged counts would keep as a pruned stream (ps_nb_trainer_write_pruned),
 * as ps_nb_merger_write does: for a trainer with a partition that wrote its counts out along the way. The
 * inputs are shards of one part: the stream is of that part. */
PS_NODISCARD ps_status ps_nb_merger_write_pruned(ps_nb_merger *m, uint8_t *out, uint32_t cap, uint32_t *out_len,
                                                 uint32_t *need, uint32_t *done);

/* ---- the NB-weighted logistic regression (PS_NB_KIND_NBLR): passes over the documents after counting ----
 * Usage: finish a trainer (kind NBLR, weight_bits 32 advised) into the NB model of its counts, then
 *     ps_nb_linear *l; ps_nb_linear_create(nb, opts, &l);
 *     for each epoch: { for each doc: ps_nb_linear_add(l, ...); ps_nb_linear_end_epoch(l); }
 *     ps_nb_linear_finish(l, &model); ps_nb_linear_destroy(l); ps_nb_model_destroy(nb);
 * Documents go through a shuffle buffer of PS_NB_LINEAR_BUFFER documents (seeded), and each step is averaged SGD
 * with a decaying rate, so the same documents, options and seed give the same model on every platform. Each
 * epoch must give the same documents in the same order. */
#define PS_NB_LINEAR_BUFFER 1024u
/* Bytes the trainer keeps by default of the documents' token ids (about two bytes an id) from the first epoch,
 * so that later epochs need not tokenize the same text again (ps_nb_linear_set_cache). */
#define PS_NB_LINEAR_CACHE (64u << 20)
typedef struct ps_nb_linear ps_nb_linear;
/* A logistic-regression trainer over the vocabulary and classes of nb (a kind NB model: the ratios; borrowed,
 * must outlive l) with the options o (kind, l2, epochs, nb_mix, seed, pieces, weight_bits of the result).
 * Errors: INVALID_ARGUMENT (NULL, nb not of kind NB, o invalid), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_linear_create(const ps_nb_model *nb, const ps_nb_options *o, ps_nb_linear **out);
void ps_nb_linear_destroy(ps_nb_linear *l);
/* The bytes l may keep of the documents' token ids between epochs (default PS_NB_LINEAR_CACHE; 0 keeps none):
 * documents past it are tokenized again every epoch. It changes the speed, never the model. Set it before the
 * first document. Errors: INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_linear_set_cache(ps_nb_linear *l, uint32_t bytes);
/* Adds one document of the current epoch (text borrowed) with a label of nb. Errors: INVALID_ARGUMENT, NB_LABEL
 * (a label nb does not know), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_linear_add(ps_nb_linear *l, const uint8_t *text, uint32_t len, const uint8_t *label,
                                        uint32_t label_len);
/* Ends an epoch: the documents still buffered are learned from. Errors: INVALID_ARGUMENT, NB_NO_DATA (the epoch
 * had no document; nothing changes). */
PS_NODISCARD ps_status ps_nb_linear_end_epoch(ps_nb_linear *l);
/* Epochs ended so far. */
uint32_t ps_nb_linear_epochs(const ps_nb_linear *l);
/* The linear model (kind NBLR, nb's vocabulary, o's weight_bits); l stays usable. Errors: INVALID_ARGUMENT,
 * NB_NO_DATA (no epoch ended), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_linear_finish(const ps_nb_linear *l, ps_nb_model **out);

/* ---- calibration ---- */
/* Fits the calibration (a, b) of ps_nb_model_set_calibration to n labelled examples by maximum likelihood:
 * scores (n * k, the raw scores of ps_nb_prediction_scores), evidence (n, ps_nb_prediction_evidence) and labels
 * (n class indices). length_aware 0 fits a temperature only (b = 0). Deterministic everywhere.
 * Errors: INVALID_ARGUMENT (NULL, k < 2, n == 0, a label >= k, a score not finite). */
PS_NODISCARD ps_status ps_nb_calibration_fit(uint32_t k, uint32_t n, const double *scores, const uint32_t *evidence,
                                             const uint32_t *labels, uint32_t length_aware, double *out_a,
                                             double *out_b);

/* ---- model ---- */
/* Kind of the model, PS_NB_KIND_*. */
uint32_t ps_nb_model_kind(const ps_nb_model *m);
/* The base score of class i: the intercept of a linear kind, the log prior of NB (0 if out of range). */
double ps_nb_model_base(const ps_nb_model *m, uint32_t i);
/* Sets the calibration applied to the probabilities (section CALB; a = b = 0 removes it). Errors:
 * INVALID_ARGUMENT (NULL, not finite, |a| > PS_NB_CAL_A_MAX, |b| > PS_NB_CAL_B_MAX). */
PS_NODISCARD ps_status ps_nb_model_set_calibration(ps_nb_model *m, double a, double b);
/* The calibration into *a and *b (0, 0 when none); returns 1 if the model is calibrated. */
uint32_t ps_nb_model_calibration(const ps_nb_model *m, double *a, double *b);
/* Free a model; NULL is ignored. Predictions created for it must not be used afterwards. */
void ps_nb_model_destroy(ps_nb_model *m);
/* Number of classes (>= 2). */
uint32_t ps_nb_model_class_count(const ps_nb_model *m);
/* Label i as UTF-8 (NUL-terminated too; borrowed from m), its byte length in *out_len (may be NULL); NULL if i is out of range. */
const uint8_t *ps_nb_model_label(const ps_nb_model *m, uint32_t i, uint32_t *out_len);
/* Training documents of class i (0 if out of range). */
uint32_t ps_nb_model_class_docs(const ps_nb_model *m, uint32_t i);
/* Log prior of class i (0 if out of range). */
double ps_nb_model_log_prior(const ps_nb_model *m, uint32_t i);
/* Vocabulary size V; token ids are 0..V-1 in byte order. */
uint32_t ps_nb_model_vocab_size(const ps_nb_model *m);
/* Options the model was trained with (borrowed from m). */
const ps_nb_options *ps_nb_model_options(const ps_nb_model *m);
/* Token id's bytes (borrowed from m, not NUL-terminated), length in *out_len (may be NULL); NULL if out of range. */
const uint8_t *ps_nb_model_token(const ps_nb_model *m, uint32_t id, uint32_t *out_len);
/* Log-likelihood weight of token id for class c as used in prediction (0 if out of range). */
double ps_nb_model_weight(const ps_nb_model *m, uint32_t id, uint32_t c);
/* Id of a token (its bytes as the tokenizer emits them) in *out_id, or UINT32_MAX if unknown. Errors: INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_model_find(const ps_nb_model *m, const uint8_t *token, uint32_t len, uint32_t *out_id);
/* The n (<= PS_NB_MAX_TOP_N) tokens that favour class c most, strongest first, into out_ids (caller array of n)
 * and their strengths into out_strengths (caller array of n, or NULL); strength = w[c][t] - max over other
 * classes of w[k][t]; only positive strengths; count in *out_count.
 * Errors: INVALID_ARGUMENT (NULL, c out of range, n too large), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_model_top_tokens(const ps_nb_model *m, uint32_t c, uint32_t n, uint32_t *out_ids,
                                             double *out_strengths, uint32_t *out_count);
/* Set metadata key to value (both copied; key 1..PS_NB_MAX_META_KEY bytes of UTF-8 without a NUL, value
 * 0..PS_NB_MAX_META_VALUE bytes of UTF-8);
 * replaces an existing key, keeps insertion order. Errors: INVALID_ARGUMENT, NB_TOO_LARGE (> PS_NB_MAX_META entries),
 * NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_model_meta_set(ps_nb_model *m, const uint8_t *key, uint32_t key_len, const uint8_t *value, uint32_t value_len);
/* Number of metadata entries. */
uint32_t ps_nb_model_meta_count(const ps_nb_model *m);
/* Key / value of entry i (borrowed, NUL-terminated too), byte length in *out_len (may be NULL); NULL if out of range. */
const uint8_t *ps_nb_model_meta_key(const ps_nb_model *m, uint32_t i, uint32_t *out_len);
const uint8_t *ps_nb_model_meta_value(const ps_nb_model *m, uint32_t i, uint32_t *out_len);
/* Index of key in *out_index, or UINT32_MAX if absent. Errors: INVALID_ARGUMENT. */
PS_NODISCARD ps_status ps_nb_model_meta_find(const ps_nb_model *m, const uint8_t *key, uint32_t key_len, uint32_t *out_index);

/* Serialise m into a new buffer (*out_buf, free with ps_free) of *out_len bytes (FORMAT.md). Byte-identical
 * for the same model on every platform. Errors: INVALID_ARGUMENT, NB_TOO_LARGE (>= 4 GB), NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_model_save(const ps_nb_model *m, uint8_t **out_buf, uint32_t *out_len);
/* Load a model from len bytes at data (borrowed for the call); free with ps_nb_model_destroy.
 * Errors: INVALID_ARGUMENT, MODEL_TRUNCATED, MODEL_MAGIC, MODEL_VERSION, MODEL_CHECKSUM, MODEL_CORRUPT, NO_MEMORY,
 * NB_TOO_LARGE (the model would take more than 4 GB of memory). */
PS_NODISCARD ps_status ps_nb_model_load(const uint8_t *data, uint32_t len, ps_nb_model **out);

/* ---- prediction ---- */
/* Create a reusable prediction result for models with m's class count, listing up to top_n (<= PS_NB_MAX_TOP_N)
 * explanation tokens; free with ps_nb_prediction_destroy. Errors: INVALID_ARGUMENT, NO_MEMORY. */
PS_NODISCARD ps_status ps_nb_prediction_create(const ps_nb_model *m, uint32_t top_n, ps_nb_prediction **out);
/* Free a prediction; NULL is ignored. */
void ps_nb_prediction_destroy(ps_nb_prediction *p);
/* Classify len bytes of text (borrowed) into p (overwrites it). Errors: INVALID_ARGUMENT (NULL, class count differs
 * from p's), NO_MEMORY (p then holds the priors with evidence 0). */
PS_NODISCARD ps_status ps_nb_model_predict(const ps_nb_model *m, const uint8_t *text, uint32_t len, ps_nb_prediction *p);
/* Index of the most probable class (lowest index on ties). */
uint32_t ps_nb_prediction_label(const ps_nb_prediction *p);
/* Class probabilities, K doubles (borrowed from p, valid until the next predict or destroy). */
const double *ps_nb_prediction_probs(const ps_nb_prediction *p);
/* Unnormalised scores (base + evidence, before calibration), K doubles (borrowed from p). */
const double *ps_nb_prediction_scores(const ps_nb_prediction *p);
/* Known token occurrences used (distinct known tokens with binary counts); 0 means the priors were returned. */
uint32_t ps_nb_prediction_evidence(const ps_nb_prediction *p);
/* Number of explanation entries (<= top_n). */
uint32_t ps_nb_prediction_explain_count(const ps_nb_prediction *p);
/* Explanation arrays, explain_count entries each, strongest first (borrowed from p): token ids (see
 * ps_nb_model_token), weights (>= 0), class each token pushes toward. */
const uint32_t *ps_nb_prediction_explain_ids(const ps_nb_prediction *p);
const double *ps_nb_prediction_explain_weights(const ps_nb_prediction *p);
const uint32_t *ps_nb_prediction_explain_classes(const ps_nb_prediction *p);

#endif
