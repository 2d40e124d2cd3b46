/* ASCII emoticons: eyes, an optional nose or tear, a mouth (repeated); hearts; a few eastern faces. Built for
 * size: only the few bytes that start one (":", "<", ...) come here, and then leave after a compare or two. */
#include "emoticon.h"
#include "cold.h"
#include <string.h>

static int alnum(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* The emoticon's text: its first byte apart, since an entity ("&lt;") may stand for it. */
typedef struct {
    uint8_t first;
    const uint8_t *rest;
    uint32_t len; /* 1 + the bytes of rest */
} emo_text;

static uint8_t at(const emo_text *e, uint32_t k) { return k == 0 ? e->first : e->rest[k - 1]; }

/* The folded mouth of a mouth byte, or 0. */
static uint8_t mouth_of(uint8_t c)
{
    switch (c) {
    case ')': case ']': return ')';
    case '(': case '[': return '(';
    case 'D': return 'D';
    case 'P': case 'p': return 'P';
    case 'O': case 'o': return 'O';
    case '/': case '\\': return '/';
    case '|': return '|';
    case '*': return '*';
    default: return 0;
    }
}

/* Eyes, nose or tear, mouth: ":-)" ";)" "=(" ":'(". */
PS_SMALL static uint32_t face(const emo_text *e, uint8_t before, uint8_t *out, uint32_t *out_len)
{
    uint32_t len = e->len, j = 1;
    uint8_t eyes = e->first == ';' ? ';' : ':';
    int tear = 0;
    if (j < len && at(e, j) == '-') j++;
    else if (j < len && at(e, j) == '\'' && e->first == ':') { tear = 1; j++; }
    if (j >= len) return 0;
    uint8_t raw = at(e, j), mouth = mouth_of(raw);
    if (!mouth || (tear && mouth != ')' && mouth != '(')) return 0;
    uint32_t mouth_at = j;
    while (j < len && at(e, j) == raw) j++; /* ":)))" */
    uint8_t after = j < len ? at(e, j) : ' ';
    if (alnum(after) || (mouth == '/' && (j > mouth_at + 1 || after == '/' || after == '\\'))) return 0; /* "://" */
    int after_letter = e->first == ':' && (mouth == ')' || mouth == '(') && !(before >= '0' && before <= '9'); /* "great:)" */
    if (alnum(before) && !after_letter) return 0;
    uint32_t n = 0;
    out[n++] = eyes;
    if (tear) out[n++] = '\'';
    out[n++] = mouth;
    *out_len = n;
    return j;
}

PS_SMALL uint32_t ps__emoticon(uint8_t before, uint8_t first, const uint8_t *rest, uint32_t rest_len, uint8_t *out,
                      uint32_t *out_len)
{
    const emo_text text = {first, rest, rest_len + 1}, *e = &text;
    uint32_t len = e->len, j;
    const char *folded;
    switch (first) {
    case ':': case ';': case '=':
        return face(e, before, out, out_len);
    case '<': /* "<3", "</3", "<333" */
        j = 1;
        folded = "<3";
        if (j < len && at(e, j) == '/') { j++; folded = "</3"; }
        if (j >= len || at(e, j) != '3') return 0;
        while (j < len && at(e, j) == '3') j++;
        break;
    case '^': /* "^^", "^_^", "^.^", "^-^" */
        j = 1;
        if (j < len && (at(e, j) == '_' || at(e, j) == '.' || at(e, j) == '-')) j++;
        if (j >= len || at(e, j) != '^') return 0;
        j++;
        folded = "^^";
        break;
    case '-': /* "-_-" */
        if (len < 3 || at(e, 1) != '_' || at(e, 2) != '-') return 0;
        j = 3;
        folded = "-_-";
        break;
    default:
        return 0;
    }
    if (alnum(before) || (j < len && alnum(at(e, j)))) return 0;
    *out_len = (uint32_t)strlen(folded);
    memcpy(out, folded, *out_len);
    return j;
}
