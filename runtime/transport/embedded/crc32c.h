// CRC32C (Castagnoli polynomial, the checksum of Kafka's record batches), in software.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice::embedded {

// Continues a running CRC32C over more bytes; start with crc = 0.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t size);

inline uint32_t Crc32c(const void* data, size_t size) {
  return Crc32cExtend(0, data, size);
}
inline uint32_t Crc32c(std::string_view bytes) {
  return Crc32c(bytes.data(), bytes.size());
}

}  // namespace sluice::embedded
