/* CRC-32 (IEEE 802.3, as zlib's crc32), the checksum of the model and count files. */
#ifndef PS__CRC32_H
#define PS__CRC32_H
#include <stdint.h>

/* CRC-32 of len bytes, continuing from crc (start with 0). */
uint32_t ps__crc32(uint32_t crc, const uint8_t *data, uint32_t len);

#endif
