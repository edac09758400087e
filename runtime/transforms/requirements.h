// Kafka's transforms.util.Requirements: the checks that an SMT makes of the data it is given,
// failing with Kafka's DataException texts, which name the Java class Kafka would have seen
// ("found: java.lang.String").
#pragma once

#include <string>

#include "common/status.h"
#include "sluice/data.h"

namespace sluice::transforms {

// A record the transform cannot handle. Not transient: the same record fails again.
inline Status DataError(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

// The Java class that holds `value` in Kafka ("java.lang.Long", "[B", "java.util.HashMap" ...),
// from the schema when there is one, else from the value itself. "null" for null.
std::string JavaClassName(const Schema* schema, const Value& value);

// Kafka's ConnectSchema.toString(): "Schema{INT32}" or "Schema{name:STRUCT}".
std::string SchemaToString(const Schema& schema);

// requireMap: a schemaless map, or "Only Map objects supported in absence of schema for
// [<purpose>], found: <class>".
Result<const MapEntries*> RequireMap(const Value& value, const std::string& purpose);

// requireStruct: a struct with its struct schema, or "Only Struct objects supported for
// [<purpose>], found: <class>".
Result<const StructFields*> RequireStruct(const SchemaAndValue& data, const std::string& purpose);

// requireSchema: "Schema required for [<purpose>]".
Status RequireSchema(const SchemaPtr& schema, const std::string& purpose);

// requireSinkRecord: sink records carry a Kafka offset; "Only SinkRecord supported for
// [<purpose>], found: org.apache.kafka.connect.source.SourceRecord".
Status RequireSinkRecord(bool is_sink_record, const std::string& purpose);

}  // namespace sluice::transforms
