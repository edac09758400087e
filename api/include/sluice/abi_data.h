// Moving Connect data across the ABI: SchemaAndValue <-> sluice_data. Used on both sides of the
// boundary, so the host and every plugin agree on the encoding.
#pragma once

#include <stdexcept>
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
  if (sv.schema && !sv.schema->name && !sv.schema->version && !sv.schema->doc &&
      sv.schema->parameters.empty() && !sv.schema->default_value) {
    bool optional = sv.schema->optional;
    if (sv.schema->type == SchemaType::kString && sv.value.is<std::string>()) {
      return {optional ? SLUICE_DATA_OPTIONAL_STRING : SLUICE_DATA_STRING,
              Buffer(sv.value.as<std::string>())};
    }
    if (sv.schema->type == SchemaType::kBytes && sv.value.is<Bytes>()) {
      const Bytes& b = sv.value.as<Bytes>();
      return {optional ? SLUICE_DATA_OPTIONAL_BYTES : SLUICE_DATA_BYTES, {b.data(), b.size()}};
    }
  }
  storage = envelope::Encode(sv);
  return {SLUICE_DATA_ENVELOPE, Buffer(storage)};
}

// Decodes sluice_data; throws std::invalid_argument on a malformed envelope.
inline SchemaAndValue FromAbiData(const sluice_data& d) {
  auto bytes = [&] { return Value(Bytes(d.bytes.ptr, d.bytes.ptr + d.bytes.len)); };
  switch (d.kind) {
    case SLUICE_DATA_NULL: return {};
    case SLUICE_DATA_STRING: return {Schema::String(), Value(std::string(View(d.bytes)))};
    case SLUICE_DATA_OPTIONAL_STRING:
      return {Schema::OptionalString(), Value(std::string(View(d.bytes)))};
    case SLUICE_DATA_BYTES: return {Schema::Bytes(), bytes()};
    case SLUICE_DATA_OPTIONAL_BYTES: return {Schema::OptionalBytes(), bytes()};
    case SLUICE_DATA_ENVELOPE: return envelope::Decode(View(d.bytes));
  }
  throw std::invalid_argument("unknown data kind " + std::to_string(static_cast<int>(d.kind)));
}

}  // namespace sluice::abi
