// Single message transforms (SMTs) and predicates, as Kafka Connect defines them: a record goes in,
// a changed record (or none: dropped) comes out; a predicate decides whether a transform applies.
//
// Instances are not thread-safe: a task owns its own chain and calls it from one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "sluice/data.h"

namespace sluice::transforms {

// A record between a connector and the converters: Kafka's ConnectRecord (SourceRecord and
// SinkRecord alike). A null key or value schema means schemaless data.
struct ConnectRecord {
  std::string topic;
  std::optional<int32_t> partition;
  SchemaAndValue key;
  SchemaAndValue value;
  std::optional<int64_t> timestamp_ms;
  Headers headers;
  std::optional<int64_t> kafka_offset;  // sink records only
};

class Transformation {
 public:
  virtual ~Transformation() = default;

  // The transform's own keys, without the `transforms.<alias>.` prefix. Errors name every key
  // that is wrong, in Kafka's words.
  virtual Status Configure(const std::map<std::string, std::string>& config) = 0;

  // The changed record, or nullopt to drop it. A record the transform cannot handle (a map where
  // a struct was expected, a string that is not a timestamp...) is an error naming what is wrong.
  virtual Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) = 0;
};

class Predicate {
 public:
  virtual ~Predicate() = default;

  // The predicate's own keys, without the `predicates.<alias>.` prefix.
  virtual Status Configure(const std::map<std::string, std::string>& config) = 0;

  virtual bool Test(const ConnectRecord& record) const = 0;
};

}  // namespace sluice::transforms
