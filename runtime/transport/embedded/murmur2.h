// The partitioning hash of Kafka's Java clients, bit for bit, so that a keyed record lands in the
// same partition whether it is written through the embedded log or by a Java producer.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::embedded {

// org.apache.kafka.common.utils.Utils.murmur2 (seed 0x9747b28c), as a signed 32-bit value.
int32_t Murmur2(std::string_view bytes);

// Utils.toPositive: clears the sign bit (not abs(), which would overflow on INT32_MIN).
inline int32_t ToPositive(int32_t n) {
  return n & 0x7fffffff;
}

// The partition Kafka's DefaultPartitioner picks for a non-null key.
inline int32_t PartitionForKey(std::string_view key, int32_t num_partitions) {
  return ToPositive(Murmur2(key)) % num_partitions;
}

}  // namespace sluice::embedded
