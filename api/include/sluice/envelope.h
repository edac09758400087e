// Connect data as Kafka's JsonConverter writes it with schemas.enable=true:
// {"schema": <schema or null>, "payload": <value>}, field for field in Kafka's order.
// (Minimal version: strings, bytes and null; the full codec replaces it.)
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sluice/data.h"

namespace sluice::envelope {

inline std::string Encode(const SchemaAndValue& sv) {
  nlohmann::ordered_json j;
  if (!sv.schema) {
    j["schema"] = nullptr;
  } else {
    j["schema"] = {{"type", sv.schema->type == SchemaType::kBytes ? "bytes" : "string"},
                   {"optional", sv.schema->optional}};
  }
  if (sv.value.is<std::string>()) j["payload"] = sv.value.as<std::string>();
  else j["payload"] = nullptr;
  return j.dump();
}

inline SchemaAndValue Decode(std::string_view text) {
  auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument("not a JSON envelope");
  SchemaAndValue sv;
  if (j["payload"].is_string()) sv.value = j["payload"].get<std::string>();
  if (!j["schema"].is_null()) sv.schema = Schema::Primitive(SchemaType::kString, j["schema"].value("optional", false));
  return sv;
}

}  // namespace sluice::envelope
