/* Strict UTF-8 (RFC 3629): no overlong forms, surrogates or code points above U+10FFFF. */
#ifndef PS__UTF8_H
#define PS__UTF8_H
#include <stdint.h>

/* Decodes the sequence at s (avail >= 1 bytes, s[0] >= 0x80) into *cp; returns its length, 0 if invalid. */
uint32_t ps__utf8_decode(const uint8_t *s, uint32_t avail, uint32_t *cp);
/* 1 if s[0..n) is valid UTF-8 without NUL bytes, else 0. */
int ps__utf8_valid(const uint8_t *s, uint32_t n);

#endif
