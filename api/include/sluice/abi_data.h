// Moving Connect data across the ABI: SchemaAndValue <-> sluice_data. Used on both sides of the
// boundary, so the host and every plugin agree on the encoding.
#pragma once

#include <string>
#include <string_view>

#include "sluice/data.h"
#include "sluice/envelope.h"
#include "sluice/plugin_abi.h"

namespace sluice::abi {

inline sluice_buffer Buffer(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view View(sluice_buffer b) {
  return b.len == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(b.ptr), b.len);
}

// Encodes `sv` as sluice_data. Fast paths point into `sv` itself; the envelope is written into
// `storage`, which must outlive the returned value.
inline sluice_data ToAbiData(const SchemaAndValue& sv, std::string& storage) {
  if (!sv.schema && sv.value.is_null()) return {SLUICE_DATA_NULL, {nullptr, 0}};
  if (sv.schema && !sv.schema->optional && !sv.schema->name && sv.schema->parameters.empty()) {
    if (sv.schema->type == SchemaType::kString && sv.value.is<std::string>()) {
      return {SLUICE_DATA_STRING, Buffer(sv.value.as<std::string>())};
    }
    if (sv.schema->type == SchemaType::kBytes && sv.value.is<Bytes>()) {
      const Bytes& b = sv.value.as<Bytes>();
      return {SLUICE_DATA_BYTES, {b.data(), b.size()}};
    }
  }
  storage = envelope::Encode(sv);
  return {SLUICE_DATA_ENVELOPE, Buffer(storage)};
}

// Decodes sluice_data; throws std::invalid_argument on a malformed envelope.
inline SchemaAndValue FromAbiData(const sluice_data& d) {
  switch (d.kind) {
    case SLUICE_DATA_NULL: return {};
    case SLUICE_DATA_STRING: return {Schema::String(), Value(std::string(View(d.bytes)))};
    case SLUICE_DATA_BYTES: return {Schema::Bytes(), Value(Bytes(d.bytes.ptr, d.bytes.ptr + d.bytes.len))};
    case SLUICE_DATA_ENVELOPE: return envelope::Decode(View(d.bytes));
  }
  return {};
}

}  // namespace sluice::abi
