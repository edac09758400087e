// What every built-in transform and predicate shares: configuration through a ConfigReader (so a
// chain names each problem by its connector-level key), and the $Key/$Value choice.
#pragma once

#include <map>
#include <string>

#include "sluice/config_def.h"
#include "transforms/config_reader.h"
#include "transforms/declared.h"

namespace sluice::transforms {

// Which side of the record a $Key or $Value variant works on.
enum class RecordPart { kKey, kValue };

inline SchemaAndValue& Operating(ConnectRecord& record, RecordPart part) {
  return part == RecordPart::kKey ? record.key : record.value;
}

inline constexpr const char* kReplaceNullWithDefaultConfig = "replace.null.with.default";

// Adds `replace.null.with.default` (KIP-1040): whether a null struct field that has a default
// reads as the default (true, Kafka's Struct.get) or as null.
inline void AppendReplaceNullWithDefault(ConfigDef& definition) {
  definition.Define(kReplaceNullWithDefaultConfig, ConfigType::kBoolean, "true", {},
                    Importance::kMedium,
                    "Whether to replace fields that have a default value and that are null to the "
                    "default value. When set to true, the default value is used, otherwise null is "
                    "used.");
}

class BuiltinTransformation : public DeclaredTransformation {
 public:
  explicit BuiltinTransformation(const ConfigDef& definition) : definition_(definition) {}
  const ConfigDef& definition() const final { return definition_; }

 private:
  const ConfigDef& definition_;
};

class BuiltinPredicate : public DeclaredPredicate {
 public:
  explicit BuiltinPredicate(const ConfigDef& definition) : definition_(definition) {}
  const ConfigDef& definition() const final { return definition_; }

 private:
  const ConfigDef& definition_;
};

}  // namespace sluice::transforms
