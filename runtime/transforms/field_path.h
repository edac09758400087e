// Kafka's field paths (KIP-821): with `field.syntax.version=V1` a field name is taken as it is;
// with V2 dots separate the steps into nested structs or maps ("a.b.c"), and backticks wrap a
// name that holds dots ("`a.b`.c"; a backtick that is part of a name is escaped with a backslash).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"
#include "sluice/data.h"

namespace sluice::transforms {

enum class FieldSyntaxVersion { kV1, kV2 };

inline constexpr const char* kFieldSyntaxVersionConfig = "field.syntax.version";

// Adds `field.syntax.version` (V1 by default, V1 or V2 in any case) to a transform's definition.
void AppendFieldSyntaxVersion(ConfigDef& definition);
FieldSyntaxVersion ParseFieldSyntaxVersion(const std::string& text);  // after validation

class SingleFieldPath {
 public:
  // InvalidArgument "Incomplete backtick pair in path: [...]" for a V2 path that opens a
  // backtick and never closes it.
  static Result<SingleFieldPath> Parse(const std::string& path, FieldSyntaxVersion version);

  // The field at the path within `schema`; nullptr when a step is missing.
  const Field* FieldFrom(const Schema& schema) const;

  // The value at the path, null when a step is missing or null. A step that is neither a struct
  // nor a map where one is needed is an error ("nested field access").
  Result<Value> ValueFrom(const Schema& schema, const StructFields& fields,
                          bool replace_null_with_default) const;
  Result<Value> ValueFrom(const MapEntries& map) const;

 private:
  std::vector<std::string> steps_;
};

}  // namespace sluice::transforms
