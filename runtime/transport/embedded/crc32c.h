// CRC32C (Castagnoli polynomial, the checksum of Kafka's record batches): with the CPU's CRC32
// instruction where there is one (x86-64 SSE4.2, chosen at run time), else in software.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sluice::embedded {

// Continues a running CRC32C over more bytes; start with crc = 0.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t size);

// The portable version, whatever the CPU has (for tests that compare the two).
uint32_t Crc32cExtendSoftware(uint32_t crc, const void* data, size_t size);

inline uint32_t Crc32c(const void* data, size_t size) {
  return Crc32cExtend(0, data, size);
}
inline uint32_t Crc32c(std::string_view bytes) {
  return Crc32c(bytes.data(), bytes.size());
}

}  // namespace sluice::embedded
