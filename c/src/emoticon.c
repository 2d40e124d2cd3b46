/* ASCII emoticons: eyes, an optional nose or tear, a mouth (repeated); hearts; a few eastern faces. */
#include "emoticon.h"
#include <string.h>

static int alnum(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

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
static uint32_t face(const uint8_t *s, uint32_t len, uint32_t i, uint8_t *out, uint32_t *out_len)
{
    uint8_t eyes = s[i] == ';' ? ';' : ':';
    uint32_t j = i + 1;
    int tear = 0;
    if (j < len && s[j] == '-') j++;
    else if (j < len && s[j] == '\'' && s[i] == ':') { tear = 1; j++; }
    if (j >= len) return 0;
    uint8_t raw = s[j], mouth = mouth_of(raw);
    if (!mouth || (tear && mouth != ')' && mouth != '(')) return 0;
    while (j < len && s[j] == raw) j++; /* ":)))" */
    uint8_t before = i > 0 ? s[i - 1] : ' ', after = j < len ? s[j] : ' ';
    if (alnum(after) || (mouth == '/' && (after == '/' || after == '\\'))) return 0;
    int after_letter = s[i] == ':' && (mouth == ')' || mouth == '(') && !(before >= '0' && before <= '9'); /* "great:)" */
    if (alnum(before) && !after_letter) return 0;
    uint32_t n = 0;
    out[n++] = eyes;
    if (tear) out[n++] = '\'';
    out[n++] = mouth;
    *out_len = n;
    return j - i;
}

uint32_t ps__emoticon(const uint8_t *s, uint32_t len, uint32_t i, uint8_t *out, uint32_t *out_len)
{
    uint8_t before = i > 0 ? s[i - 1] : ' ';
    uint32_t j = i;
    const char *folded;
    switch (s[i]) {
    case ':': case ';': case '=':
        return face(s, len, i, out, out_len);
    case '<': /* "<3", "</3", "<333" */
        j = i + 1;
        folded = "<3";
        if (j < len && s[j] == '/') { j++; folded = "</3"; }
        if (j >= len || s[j] != '3') return 0;
        while (j < len && s[j] == '3') j++;
        break;
    case '^': /* "^^", "^_^", "^.^", "^-^" */
        j = i + 1;
        if (j < len && (s[j] == '_' || s[j] == '.' || s[j] == '-')) j++;
        if (j >= len || s[j] != '^') return 0;
        j++;
        folded = "^^";
        break;
    case '-': /* "-_-" */
        if (len - i < 3 || s[i + 1] != '_' || s[i + 2] != '-') return 0;
        j = i + 3;
        folded = "-_-";
        break;
    default:
        return 0;
    }
    if (alnum(before) || (j < len && alnum(s[j]))) return 0;
    *out_len = (uint32_t)strlen(folded);
    memcpy(out, folded, *out_len);
    return j - i;
}
