/* HTML left in text (reviews scraped with their <br /> and &amp;): entities and tags. */
#include "markup.h"
#include <string.h>

#define TAG_SCAN 1024u /* a tag longer than this is taken for text */

/* Decodes an entity at s[0] == '&'; returns the code point and sets *adv, or 0 if not an entity. */
uint32_t ps__entity(const uint8_t *s, uint32_t avail, uint32_t *adv)
{
    static const struct { const char *name; uint32_t cp; } named[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
        {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018},
        {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    };
    uint32_t n = 0;
    for (uint32_t i = 1; i < avail && i <= 10; i++) {
        if (s[i] == ';') { n = i; break; }
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '#'))
            return 0;
    }
    if (n < 2) return 0;
    *adv = n + 1;
    if (s[1] == '#') {
        int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
        uint32_t cp = 0, digits = 0;
        for (uint32_t j = hex ? 3 : 2; j < n; j++) {
            uint32_t d, ch = s[j];
            if (ch >= '0' && ch <= '9') d = ch - '0';
            else if (hex && ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
            else if (hex && ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
            else return 0;
            cp = cp * (hex ? 16u : 10u) + d;
            if (cp > 0x10FFFF) return 0xFFFD;
            digits++;
        }
        if (!digits) return 0;
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
        return cp;
    }
    for (uint32_t i = 0; i < sizeof named / sizeof *named; i++) {
        uint32_t l = (uint32_t)strlen(named[i].name);
        if (l == n - 1 && memcmp(named[i].name, s + 1, l) == 0) return named[i].cp;
    }
    return 0;
}

/* The end of a tag starting at s[i] == '<' (the index of its '>'), or 0 if s[i] starts no tag. */
uint32_t ps__tag_end(const uint8_t *s, uint32_t len, uint32_t i)
{
    if (i + 1 >= len) return 0;
    uint32_t n = s[i + 1];
    if (!((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!' || n == '?')) return 0;
    uint32_t lim = len - i > TAG_SCAN ? i + TAG_SCAN : len;
    for (uint32_t j = i + 2; j < lim; j++) if (s[j] == '>') return j;
    return 0;
}
