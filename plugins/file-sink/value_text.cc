#include "file-sink/value_text.h"

#include <stdexcept>

#include "sluice/envelope.h"

namespace sluice::file_sink {

void AppendValueText(const SchemaAndValue& value, std::string& out) {
  const Value& v = value.value;
  if (v.is_null() && !(value.schema && value.schema->default_value)) {
    out += "null";
  } else if (v.is<std::string>()) {
    out += v.as<std::string>();
  } else if (v.is<Bytes>() && !(value.schema && value.schema->name)) {
    const Bytes& bytes = v.as<Bytes>();  // raw, unless it is a logical type such as Decimal
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  } else {
    const size_t mark = out.size();
    try {
      envelope::AppendValueJson(out, value.schema.get(), v);
    } catch (const std::invalid_argument&) {
      out.resize(mark);
      envelope::AppendValueJson(out, nullptr, v);
    }
  }
}

}  // namespace sluice::file_sink
