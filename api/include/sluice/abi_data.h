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
  return b.len == 0 ? std::string_view()
                    : std::string_view(reinterpret_cast<const char*>(b.ptr), b.len);
}

namespace detail {
// The envelopes of a null optional string and a null optional bytes value: what StringConverter
// and ByteArrayConverter make of a null key, so every record of a keyless topic carries one.
// Both sides recognise them whole instead of writing and parsing JSON.
inline constexpr std::string_view kNullOptionalString =
    R"({"schema":{"type":"string","optional":true},"payload":null})";
inline constexpr std::string_view kNullOptionalBytes =
    R"({"schema":{"type":"bytes","optional":true},"payload":null})";
}  // namespace detail

// Encodes `sv` as sluice_data. Fast paths point into `sv` itself (or static text); the envelope
// is written into `storage`, which must outlive the returned value.
inline sluice_data ToAbiData(const SchemaAndValue& sv, std::string& storage) {
  if (!sv.schema && sv.value.is_null()) return {SLUICE_DATA_NULL, {nullptr, 0}};
  if (sv.schema && !sv.schema->name && !sv.schema->version && !sv.schema->doc &&
      sv.schema->parameters.empty() && !sv.schema->default_value) {
    bool optional = sv.schema->optional;
    if (optional && sv.value.is_null() && sv.schema->type == SchemaType::kString) {
      return {SLUICE_DATA_ENVELOPE, Buffer(detail::kNullOptionalString)};
    }
    if (optional && sv.value.is_null() && sv.schema->type == SchemaType::kBytes) {
      return {SLUICE_DATA_ENVELOPE, Buffer(detail::kNullOptionalBytes)};
    }
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
    case SLUICE_DATA_NULL:
      return {};
    case SLUICE_DATA_STRING:
      return {Schema::String(), Value(std::string(View(d.bytes)))};
    case SLUICE_DATA_OPTIONAL_STRING:
      return {Schema::OptionalString(), Value(std::string(View(d.bytes)))};
    case SLUICE_DATA_BYTES:
      return {Schema::Bytes(), bytes()};
    case SLUICE_DATA_OPTIONAL_BYTES:
      return {Schema::OptionalBytes(), bytes()};
    case SLUICE_DATA_ENVELOPE: {
      const std::string_view text = View(d.bytes);
      if (text == detail::kNullOptionalString) return {Schema::OptionalString(), Value()};
      if (text == detail::kNullOptionalBytes) return {Schema::OptionalBytes(), Value()};
      return envelope::Decode(text);
    }
  }
  throw std::invalid_argument("unknown data kind " + std::to_string(static_cast<int>(d.kind)));
}

// The same as `out = FromAbiData(d)`, reusing the storage `out` holds: a string or bytes value
// is assigned into the buffer of the value it replaces, so a caller that decodes record after
// record into the same objects allocates only when a value outgrows its predecessor.
inline void AssignFromAbiData(const sluice_data& d, SchemaAndValue& out) {
  auto assign_string = [&](const SchemaPtr& schema) {
    if (out.schema != schema) out.schema = schema;
    if (out.value.is<std::string>()) {
      out.value.as<std::string>().assign(View(d.bytes));
    } else {
      out.value = Value(std::string(View(d.bytes)));
    }
  };
  auto assign_bytes = [&](const SchemaPtr& schema) {
    if (out.schema != schema) out.schema = schema;
    if (out.value.is<Bytes>()) {
      out.value.as<Bytes>().assign(d.bytes.ptr, d.bytes.ptr + d.bytes.len);
    } else {
      out.value = Value(Bytes(d.bytes.ptr, d.bytes.ptr + d.bytes.len));
    }
  };
  auto assign_null = [&](const SchemaPtr& schema) {
    if (out.schema != schema) out.schema = schema;
    if (!out.value.is_null()) out.value = Value();
  };
  switch (d.kind) {
    case SLUICE_DATA_NULL:
      if (out.schema) out.schema.reset();
      if (!out.value.is_null()) out.value = Value();
      return;
    case SLUICE_DATA_ENVELOPE: {
      const std::string_view text = View(d.bytes);
      if (text == detail::kNullOptionalString) return assign_null(Schema::OptionalString());
      if (text == detail::kNullOptionalBytes) return assign_null(Schema::OptionalBytes());
      out = envelope::Decode(text);
      return;
    }
    case SLUICE_DATA_STRING:
      return assign_string(Schema::String());
    case SLUICE_DATA_OPTIONAL_STRING:
      return assign_string(Schema::OptionalString());
    case SLUICE_DATA_BYTES:
      return assign_bytes(Schema::Bytes());
    case SLUICE_DATA_OPTIONAL_BYTES:
      return assign_bytes(Schema::OptionalBytes());
    default:
      out = FromAbiData(d);
  }
}

}  // namespace sluice::abi
