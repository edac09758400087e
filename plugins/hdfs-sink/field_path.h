// Looks up a field of a record value by a dotted path ("event.time"), through struct fields and
// the string keys of maps, with or without a schema.
#pragma once

#include <string>
#include <vector>

#include "sluice/data.h"

namespace sluice::hdfs_sink {

struct FieldRef {
  const Value* value = nullptr;    // nullptr: not found
  const Schema* schema = nullptr;  // the field's schema when the value has one
};

// Splits "a.b.c" into its names; throws std::invalid_argument on an empty name ("a..b").
std::vector<std::string> SplitFieldPath(const std::string& path);

FieldRef FindField(const SchemaAndValue& root, const std::vector<std::string>& path);

}  // namespace sluice::hdfs_sink
