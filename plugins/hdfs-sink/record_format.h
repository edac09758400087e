// How records become lines of a file (`format.class`), one line per record:
//   json  the value as plain JSON, as Kafka's JsonConverter writes it with schemas.enable=false
//         (a string value is a JSON string, bytes are base64, a struct is an object); extension
//         .json; Confluent's io.confluent.connect.hdfs.json.JsonFormat is the same
//   text  the value as text: a string as it is, bytes raw, a null value as "null", anything else
//         in its JSON form; extension .txt; Confluent's ...hdfs.string.StringFormat is the same
// Avro, Parquet and ORC are refused with a message saying why.
#pragma once

#include <string>

#include "sluice/sdk.h"

namespace sluice::hdfs_sink {

class RecordFormat {
 public:
  enum class Kind { kJson, kText };

  // Throws std::invalid_argument for an unknown or unsupported format.
  static RecordFormat Parse(const std::string& format_class);

  // Appends the record's line, newline included; throws RecordError when the value does not fit
  // its own schema.
  void AppendLine(const sdk::SinkRecord& record, std::string& out) const;

  const char* extension() const { return kind_ == Kind::kJson ? ".json" : ".txt"; }
  Kind kind() const { return kind_; }

 private:
  explicit RecordFormat(Kind kind) : kind_(kind) {}
  Kind kind_;
};

}  // namespace sluice::hdfs_sink
