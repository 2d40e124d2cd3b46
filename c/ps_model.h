/* ps_model: the Naive Bayes model file (format in FORMAT.md), from and to memory only.
 *
 * Usage:
 *     uint8_t *buf; uint32_t len;
 *     if (ps_nb_model_save(model, &buf, &len) == PS_OK) { ...write buf...; free(buf); }   // or ps_free
 *     ps_nb_model *m; ps_status s = ps_nb_model_load(bytes, n, &m);   // bytes borrowed for the call
 *
 * The loader checks, in this order: length (PS_ERR_MODEL_TRUNCATED), magic
 * (PS_ERR_MODEL_MAGIC), version (PS_ERR_MODEL_VERSION for another major; a newer
 * minor of the same major loads, unknown sections are skipped), declared file
 * length (TRUNCATED if longer than the bytes given, CORRUPT if shorter), CRC32
 * (PS_ERR_MODEL_CHECKSUM), then every section, count, option and string against
 * the bytes left (PS_ERR_MODEL_CORRUPT), and only then allocates.
 * Limits: files < 4 GB; the limits of ps_nb.h apply to what they contain. */
#ifndef PS_MODEL_H
#define PS_MODEL_H
#include <stdint.h>
#include "ps_status.h"
#include "ps_nb.h"

#define PS_MODEL_MAJOR 1u
#define PS_MODEL_MINOR 0u

/* Serialise m into a new malloc'd buffer (*out_buf, caller frees with free()/ps_free) of *out_len bytes.
 * Byte-identical for the same model on every platform. Errors: INVALID_ARGUMENT, NB_TOO_LARGE (>= 4 GB), NO_MEMORY. */
ps_status ps_nb_model_save(const ps_nb_model *m, uint8_t **out_buf, uint32_t *out_len);
/* Load a model from len bytes at data (borrowed for the call); free with ps_nb_model_destroy.
 * Errors: INVALID_ARGUMENT, MODEL_TRUNCATED, MODEL_MAGIC, MODEL_VERSION, MODEL_CHECKSUM, MODEL_CORRUPT, NO_MEMORY. */
ps_status ps_nb_model_load(const uint8_t *data, uint32_t len, ps_nb_model **out);
/* CRC-32 (IEEE 802.3, as zlib's crc32) of len bytes, continuing from crc (start with 0). */
uint32_t ps_model_crc32(uint32_t crc, const uint8_t *data, uint32_t len);

#endif
