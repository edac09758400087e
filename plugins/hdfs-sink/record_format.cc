#include "hdfs-sink/record_format.h"

#include <stdexcept>

#include "hdfs-sink/record_error.h"
#include "sluice/envelope.h"

namespace sluice::hdfs_sink {
namespace {

bool IsOneOf(const std::string& name, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (name == n) return true;
  }
  return false;
}

void AppendJson(const sdk::SinkRecord& record, std::string& out) {
  const size_t mark = out.size();
  try {
    envelope::AppendValueJson(out, record.value.schema.get(), record.value.value);
  } catch (const std::invalid_argument& e) {
    out.resize(mark);
    throw RecordError("record " + record.topic + "-" + std::to_string(record.partition) + "@" +
                      std::to_string(record.offset) +
                      ": value does not fit its schema: " + e.what());
  }
}

}  // namespace

RecordFormat RecordFormat::Parse(const std::string& format_class) {
  if (IsOneOf(format_class, {"json", "io.confluent.connect.hdfs.json.JsonFormat"})) {
    return RecordFormat(Kind::kJson);
  }
  if (IsOneOf(format_class, {"text", "string", "io.confluent.connect.hdfs.string.StringFormat"})) {
    return RecordFormat(Kind::kText);
  }
  if (format_class.find("Avro") != std::string::npos ||
      format_class.find("Parquet") != std::string::npos ||
      format_class.find("Orc") != std::string::npos) {
    throw std::invalid_argument("format.class " + format_class +
                                " is not supported: Sluice writes json or text (see the "
                                "hdfs-sink README for why Avro, Parquet and ORC are missing)");
  }
  throw std::invalid_argument("format.class: unknown format \"" + format_class +
                              "\" (json or text)");
}

void RecordFormat::AppendLine(const sdk::SinkRecord& record, std::string& out) const {
  const Value& v = record.value.value;
  const Schema* schema = record.value.schema.get();
  if (kind_ == Kind::kJson) {
    AppendJson(record, out);
  } else if (v.is_null() && !(schema && schema->default_value)) {
    out += "null";
  } else if (v.is<std::string>()) {
    out += v.as<std::string>();
  } else if (v.is<Bytes>() && !(schema && schema->name)) {
    // Raw bytes, unless a logical type (Decimal) gives them a meaning of their own.
    const Bytes& bytes = v.as<Bytes>();
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  } else {
    AppendJson(record, out);
  }
  out.push_back('\n');
}

}  // namespace sluice::hdfs_sink
