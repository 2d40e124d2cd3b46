/* The byte layout of the model file (FORMAT.md), shared by its writer and reader. */
#ifndef PS__MODEL_FORMAT_H
#define PS__MODEL_FORMAT_H
#include <stdint.h>

static const uint8_t PS__MODEL_MAGIC[8] = {0x89, 'P', 'S', 'N', 'B', 0x0D, 0x0A, 0x1A};
#define PS__MODEL_HEADER 16u      /* magic, major u16, minor u16, file length u32 */
#define PS__MODEL_SECTION 8u      /* tag[4], length u32 */
#define PS__MODEL_OPTS 24u        /* the OPTS payload of version 1.0 */
#define PS__MODEL_CLASS_FIXED 30u /* docs u32 + prior f64 + wmin f64 + wscale f64 + label_len u16 */
#define PS__MODEL_CRC 4u
#define PS__MODEL_FEAT 4u         /* the FEAT payload: a u32 set of the bits below */
#define PS__MODEL_LINR_FIXED 28u  /* kind u8, pieces u8, reserved u16, epochs u32, seed u32, l2 f64, nb_mix f64 */
#define PS__MODEL_CALB 16u        /* a f64, b f64 */
#define PS__MODEL_CALB_MINOR 1u   /* the minor that introduced CALB */

/* What a model needs of its reader beyond format 1.x (the FEAT section's bits).
 * A reader refuses a file with a bit it does not know. */
#define PS__MODEL_FEAT_LINEAR 0x1u /* bit 0: a linear kind (NBLR, complement): LINR holds the bases */
/* Bits 8-15: the tokenizer options of OPTS bytes 6-7 (PS__TOK_FEATURE_* << 8). */
#define PS__MODEL_FEATURES_TOKENIZER_SHIFT 8u
#define PS__MODEL_FEATURES_TOKENIZER (0xFu << PS__MODEL_FEATURES_TOKENIZER_SHIFT)
#define PS__MODEL_FEATURES_KNOWN (PS__MODEL_FEAT_LINEAR | PS__MODEL_FEATURES_TOKENIZER)

#endif
