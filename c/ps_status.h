/* ps_status: the one status enum every fallible ps_ function returns.
 * PS_OK is 0; every other value names one failure. ps_status_str() gives a
 * static English message, ps_status_name() a stable identifier ("IMAGE_TOO_LARGE")
 * that the JavaScript layer exposes as Error.code. Both return static strings. */
#ifndef PS_STATUS_H
#define PS_STATUS_H

typedef enum ps_status {
    PS_OK = 0,
    PS_ERR_NO_MEMORY,          /* an allocation failed */
    PS_ERR_INVALID_ARGUMENT,   /* NULL pointer, out-of-range option, bad size */
    /* palette */
    PS_ERR_NO_PIXELS,          /* every pixel was filtered out (alpha, near-white) */
    /* image decoding */
    PS_ERR_IMAGE_EMPTY,        /* zero bytes, or a zero width or height */
    PS_ERR_IMAGE_UNSUPPORTED,  /* not PNG, JPEG, GIF or BMP (WebP, SVG, text...) */
    PS_ERR_IMAGE_CORRUPT,      /* a supported format, but truncated or malformed */
    PS_ERR_IMAGE_TOO_LARGE,    /* over the pixel limit; nothing was allocated */
    /* text classification */
    PS_ERR_NB_NO_DATA,         /* training saw no document, or too few classes */
    PS_ERR_NB_LABEL,           /* a label is empty, invalid UTF-8 or unknown */
    PS_ERR_NB_MISMATCH,        /* models to merge have different options or labels */
    PS_ERR_NB_TOO_LARGE,       /* a count, text or vocabulary exceeds a limit */
    /* model file */
    PS_ERR_MODEL_TRUNCATED,    /* shorter than its header or its declared lengths */
    PS_ERR_MODEL_MAGIC,        /* not a palette-sentiment model file */
    PS_ERR_MODEL_VERSION,      /* a format major version this library does not read */
    PS_ERR_MODEL_CHECKSUM,     /* CRC32 mismatch: the bytes were altered */
    PS_ERR_MODEL_CORRUPT,      /* a count or field is inconsistent with the data */
    PS_STATUS_COUNT
} ps_status;

/* Static English message for a status; never NULL. */
const char *ps_status_str(ps_status status);
/* Stable upper-case identifier for a status, e.g. "IMAGE_CORRUPT"; never NULL. */
const char *ps_status_name(ps_status status);

#endif
