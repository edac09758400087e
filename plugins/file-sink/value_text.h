// The text a record value becomes in the sink's file, one line per record:
//   a string as it is, bytes as the raw bytes, a null value as "null" (what Java's
//   println(null) prints), anything else in its JSON form exactly as Kafka's JsonConverter
//   writes a payload (Java number formatting, bytes and decimals as base64, maps with non-string
//   keys as [key, value] pairs).
#pragma once

#include <string>

#include "sluice/data.h"

namespace sluice::file_sink {

// Appends the text of `value` (without a newline) to `out`. A value that does not fit its own
// schema is written as if it had none, rather than failing the batch.
void AppendValueText(const SchemaAndValue& value, std::string& out);

}  // namespace sluice::file_sink
