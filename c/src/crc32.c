/* CRC-32 with no stored table: each call derives the byte table (255 XORs: the table is linear), then,
 * for 1 KiB or more, the slicing-by-4 tables, or slicing-by-8's for 4 KiB or more (the chunks of a count
 * stream, a model); inputs under 16 bytes go bit by bit. The derivation costs about a microsecond a call,
 * against 4 KB of tables in every .wasm that reads or writes a model. */
#include "crc32.h"
#include "bytes.h"

#define POLY 0xEDB88320u /* reflected */
#define BITWISE_BELOW 16u
#define SLICE4_FROM 1024u
#define SLICE8_FROM 4096u

static uint32_t shift_bit(uint32_t crc) { return (crc >> 1) ^ (POLY & (0u - (crc & 1u))); }

uint32_t ps__crc32(uint32_t crc, const uint8_t *data, uint32_t len)
{
    if (!data) return crc;
    uint32_t i = 0;
    crc = ~crc;
    if (len < BITWISE_BELOW) {
        for (; i < len; i++) {
            crc ^= data[i];
            for (int b = 0; b < 8; b++) crc = shift_bit(crc);
        }
        return ~crc;
    }
    /* t[s][n]: the CRC of byte n followed by s zero bytes; t[0][a ^ b] = t[0][a] ^ t[0][b] */
    uint32_t t[8][256], slices = len >= SLICE8_FROM ? 8 : len >= SLICE4_FROM ? 4 : 1, one = 1;
    t[0][0] = 0;
    for (uint32_t bit = 128; bit; bit >>= 1) {
        one = shift_bit(one);
        for (uint32_t n = 0; n < 256; n += 2 * bit) t[0][bit + n] = one ^ t[0][n];
    }
    for (uint32_t s = 1; s < slices; s++)
        for (uint32_t n = 0; n < 256; n++) t[s][n] = (t[s - 1][n] >> 8) ^ t[0][t[s - 1][n] & 0xFF];
    if (slices == 8) {
        for (; i + 8 <= len; i += 8) {
            uint32_t a = crc ^ ps__rd32(data + i), b = ps__rd32(data + i + 4);
            crc = t[7][a & 0xFF] ^ t[6][(a >> 8) & 0xFF] ^ t[5][(a >> 16) & 0xFF] ^ t[4][a >> 24] ^
                  t[3][b & 0xFF] ^ t[2][(b >> 8) & 0xFF] ^ t[1][(b >> 16) & 0xFF] ^ t[0][b >> 24];
        }
    }
    if (slices >= 4) {
        for (; i + 4 <= len; i += 4) {
            crc ^= ps__rd32(data + i);
            crc = t[3][crc & 0xFF] ^ t[2][(crc >> 8) & 0xFF] ^ t[1][(crc >> 16) & 0xFF] ^ t[0][crc >> 24];
        }
    }
    for (; i < len; i++) crc = t[0][(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}
