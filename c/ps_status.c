#include "ps_status.h"

static const char *const messages[PS_STATUS_COUNT] = {
    [PS_OK] = "ok",
    [PS_ERR_NO_MEMORY] = "out of memory",
    [PS_ERR_INVALID_ARGUMENT] = "invalid argument",
    [PS_ERR_NO_PIXELS] = "no pixel passed the alpha and colour filters",
    [PS_ERR_IMAGE_EMPTY] = "the image is empty (zero bytes or zero size)",
    [PS_ERR_IMAGE_UNSUPPORTED] = "unsupported image format (PNG, JPEG, GIF and BMP are supported)",
    [PS_ERR_IMAGE_CORRUPT] = "the image data is truncated or corrupt",
    [PS_ERR_IMAGE_TOO_LARGE] = "the image has more pixels than the limit",
    [PS_ERR_NB_NO_DATA] = "no training data, or fewer than two classes",
    [PS_ERR_NB_LABEL] = "a label is empty, not valid UTF-8, or unknown",
    [PS_ERR_NB_MISMATCH] = "the models have different options or labels",
    [PS_ERR_NB_TOO_LARGE] = "a text, count or vocabulary exceeds a limit",
    [PS_ERR_MODEL_TRUNCATED] = "the model file is truncated",
    [PS_ERR_MODEL_MAGIC] = "not a palette-sentiment model file",
    [PS_ERR_MODEL_VERSION] = "the model file's format major version is not supported (a newer major version, or not a valid one)",
    [PS_ERR_MODEL_CHECKSUM] = "the model file's checksum does not match (corrupted)",
    [PS_ERR_MODEL_CORRUPT] = "the model file is inconsistent (corrupt counts or fields)",
};

static const char *const names[PS_STATUS_COUNT] = {
    [PS_OK] = "OK",
    [PS_ERR_NO_MEMORY] = "NO_MEMORY",
    [PS_ERR_INVALID_ARGUMENT] = "INVALID_ARGUMENT",
    [PS_ERR_NO_PIXELS] = "NO_PIXELS",
    [PS_ERR_IMAGE_EMPTY] = "IMAGE_EMPTY",
    [PS_ERR_IMAGE_UNSUPPORTED] = "IMAGE_UNSUPPORTED",
    [PS_ERR_IMAGE_CORRUPT] = "IMAGE_CORRUPT",
    [PS_ERR_IMAGE_TOO_LARGE] = "IMAGE_TOO_LARGE",
    [PS_ERR_NB_NO_DATA] = "NB_NO_DATA",
    [PS_ERR_NB_LABEL] = "NB_LABEL",
    [PS_ERR_NB_MISMATCH] = "NB_MISMATCH",
    [PS_ERR_NB_TOO_LARGE] = "NB_TOO_LARGE",
    [PS_ERR_MODEL_TRUNCATED] = "MODEL_TRUNCATED",
    [PS_ERR_MODEL_MAGIC] = "MODEL_MAGIC",
    [PS_ERR_MODEL_VERSION] = "MODEL_VERSION",
    [PS_ERR_MODEL_CHECKSUM] = "MODEL_CHECKSUM",
    [PS_ERR_MODEL_CORRUPT] = "MODEL_CORRUPT",
};

const char *ps_status_str(ps_status status)
{
    if ((unsigned)status >= PS_STATUS_COUNT || !messages[status]) return "unknown status";
    return messages[status];
}

const char *ps_status_name(ps_status status)
{
    if ((unsigned)status >= PS_STATUS_COUNT || !names[status]) return "UNKNOWN";
    return names[status];
}
