// Kafka's Values.convertToString and Values.parseString: Connect data as plain text and back,
// as the StringConverter and the SimpleHeaderConverter use them.
//
// Text forms: strings as they are; numbers as Java prints them ("1.0E10"); booleans "true" and
// "false"; bytes in base64; decimals as BigDecimal.toString(); Date "2024-05-01", Time
// "13:45:00.250Z", Timestamp "2024-05-01T13:45:00.250Z" (UTC);
// arrays "[1,2]", maps and structs "{"a":1}", with nested strings, bytes and dates quoted.
#pragma once

#include <string>
#include <string_view>

#include "sluice/data.h"

namespace sluice::data {

// The text form of `value`; `schema` may be null (schemaless), and tells FLOAT32 from FLOAT64
// and the logical types from their underlying ones.
std::string ConvertToString(const Schema* schema, const Value& value);

// Infers a schema and value from text: "true"/"false" -> BOOLEAN; integers -> the narrowest of
// INT8..INT64 (a Decimal of scale 0 beyond); other numbers -> FLOAT32 when they fit, else
// FLOAT64; the three ISO forms above -> Date/Time/Timestamp; a JSON array or object -> ARRAY or
// MAP (element schema inferred; schemaless when elements disagree); "null" -> null; anything
// else -> STRING holding the text unchanged.
SchemaAndValue ParseString(std::string_view text);

}  // namespace sluice::data
