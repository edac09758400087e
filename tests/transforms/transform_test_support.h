// Helpers for the transform tests: building records and values, running a configured transform,
// and printing Connect values in failure messages.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "data/values.h"
#include "sluice/data.h"
#include "transforms/builtin_transforms.h"
#include "transforms/transform_chain.h"
#include "transforms/transformation.h"

namespace sluice {

// Failure messages show values as Kafka's Values.convertToString writes them.
inline void PrintTo(const Value& value, std::ostream* os) {
  *os << data::ConvertToString(nullptr, value);
}

}  // namespace sluice

namespace sluice::transforms::testing {

using Config = std::map<std::string, std::string>;

// A schemaless map with string keys, in the order given.
inline Value Map(std::initializer_list<std::pair<std::string, Value>> entries) {
  MapEntries out;
  for (const auto& [k, v] : entries) out.emplace_back(Value(k), v);
  return Value(std::move(out));
}

// Struct fields, in the order given.
inline Value Struct(std::initializer_list<std::pair<std::string, Value>> fields) {
  return Value(StructFields(fields.begin(), fields.end()));
}

inline ConnectRecord Record(SchemaAndValue value, SchemaAndValue key = {},
                            std::string topic = "test") {
  ConnectRecord r;
  r.topic = std::move(topic);
  r.partition = 0;
  r.key = std::move(key);
  r.value = std::move(value);
  r.timestamp_ms = 1700000000000;  // 2023-11-14T22:13:20Z
  return r;
}

inline std::unique_ptr<Transformation> Configured(const std::string& type, const Config& config) {
  auto created = NewTransformation(type);
  EXPECT_TRUE(created.ok()) << created.status().message();
  if (!created.ok()) return nullptr;
  Status st = (*created)->Configure(config);
  EXPECT_TRUE(st.ok()) << type << ": " << st.message();
  return std::move(*created);
}

// The message of the Status that configuring `type` with `config` gives; "" when it succeeds.
inline std::string ConfigError(const std::string& type, const Config& config) {
  auto created = NewTransformation(type);
  if (!created.ok()) return created.status().message();
  return (*created)->Configure(config).message();
}

inline ConnectRecord Applied(Transformation& t, ConnectRecord record) {
  auto result = t.Apply(std::move(record));
  EXPECT_TRUE(result.ok()) << result.status().message();
  if (!result.ok() || !result->has_value()) {
    ADD_FAILURE() << "the record was dropped or failed";
    return {};
  }
  return std::move(**result);
}

inline std::string ApplyError(Transformation& t, ConnectRecord record) {
  auto result = t.Apply(std::move(record));
  EXPECT_FALSE(result.ok()) << "the transform did not fail";
  return result.ok() ? std::string() : result.status().message();
}

inline const Value* MapGet(const Value& map, const std::string& key) {
  for (const auto& [k, v] : map.as<MapEntries>()) {
    if (k == Value(key)) return &v;
  }
  return nullptr;
}

}  // namespace sluice::transforms::testing
