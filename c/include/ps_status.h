/* ps_status: the one status enum every fallible ps_ function returns.
 *
 * PS_OK is 0; every other value names one failure. ps_status_str() gives a
 * static English message, ps_status_name() a stable identifier ("IMAGE_TOO_LARGE")
 * that the JavaScript layer exposes as Error.code. Both return static strings.
 * PS_STATUS_LIST is the only place a status is written: the enum, both tables,
 * the JavaScript codes and the docs' tables are made from or checked against it.
 *
 * Rules every function of the library follows:
 *  - Out-parameters are written only when the call returns PS_OK; a failed call
 *    leaves them untouched. The one exception is PS_ERR_BUFFER_TOO_SMALL, which
 *    writes the size that would have been needed.
 *  - Booleans are uint32_t 0 or 1; a setter given any other value returns
 *    PS_ERR_INVALID_ARGUMENT and changes nothing.
 *  - A status-returning function's result must be used (PS_NODISCARD). */
#ifndef PS_STATUS_H
#define PS_STATUS_H

#if defined(__GNUC__) || defined(__clang__)
#define PS_NODISCARD __attribute__((warn_unused_result))
#else
#define PS_NODISCARD
#endif

/* The failures, X(name, message), in value order from 1 (PS_OK is 0); new ones go at the end: the numbers
 * are visible to callers. The enum value is PS_ERR_<name>. */
#define PS_STATUS_LIST(X)                                                                                    \
    X(NO_MEMORY, "out of memory")                                                                            \
    X(INVALID_ARGUMENT, "invalid argument")                                                                  \
    X(NO_PIXELS, "no pixel passed the alpha and colour filters")                                             \
    X(IMAGE_EMPTY, "the image is empty (zero bytes or zero size)")                                           \
    X(IMAGE_UNSUPPORTED, "unsupported image format or variant (e.g. WebP, RLE BMP, arithmetic-coded JPEG)")  \
    X(IMAGE_CORRUPT, "the image data is truncated or corrupt")                                               \
    X(IMAGE_TOO_LARGE, "the image is over the size limit (its pixels, or a side over 2^24)")                 \
    X(NB_NO_DATA, "no training data, fewer than two classes, or no token kept (min-df)")                     \
    X(NB_LABEL, "a label is empty, not valid UTF-8, or unknown")                                             \
    X(NB_MISMATCH, "the models have different options or labels")                                            \
    X(NB_TOO_LARGE, "over 1,024 classes, or a text, count or vocabulary past its limit")                     \
    X(MODEL_TRUNCATED, "not a complete model file (truncated)")                                              \
    X(MODEL_MAGIC, "not a palette-sentiment model file")                                                     \
    X(MODEL_VERSION, "a model file of an unsupported version: a newer major version, or not a valid one")     \
    X(MODEL_CHECKSUM, "corrupt model file (checksum mismatch)")                                              \
    X(MODEL_CORRUPT, "corrupt model file")                                                                   \
    X(BUFFER_TOO_SMALL, "the output buffer is too small")                                                    \
    X(NB_FULL, "the trainer reached its memory limit: write its counts out, then add the document again")    \
    X(NEED_INPUT, "more input is needed: feed the input named and call again")                               \
    X(COUNTS_TRUNCATED, "not a complete count file (truncated)")                                             \
    X(COUNTS_MAGIC, "not a palette-sentiment count file")                                                    \
    X(COUNTS_VERSION, "a count file of an unsupported version: a newer major version, or not a valid one")  \
    X(COUNTS_CHECKSUM, "corrupt count file (checksum mismatch)")                                             \
    X(COUNTS_CORRUPT, "corrupt count file")

#define PS__STATUS_ENUM(name, message) PS_ERR_##name,
typedef enum ps_status {
    PS_OK = 0,
    PS_STATUS_LIST(PS__STATUS_ENUM)
    PS_STATUS_COUNT
} ps_status;
#undef PS__STATUS_ENUM

/* Static English message for a status; never NULL ("unknown status" outside the list). */
const char *ps_status_str(ps_status status);
/* Stable upper-case identifier for a status, e.g. "IMAGE_CORRUPT"; never NULL ("UNKNOWN" outside the list). */
const char *ps_status_name(ps_status status);

#endif
