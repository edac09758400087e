#include "hdfs-sink/field_path.h"

#include <stdexcept>

namespace sluice::hdfs_sink {

std::vector<std::string> SplitFieldPath(const std::string& path) {
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (name.empty()) throw std::invalid_argument("field path \"" + path + "\" has an empty name");
    names.push_back(std::move(name));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return names;
}

FieldRef FindField(const SchemaAndValue& root, const std::vector<std::string>& path) {
  FieldRef ref{&root.value, root.schema.get()};
  for (const std::string& name : path) {
    const Value& v = *ref.value;
    const Schema* schema = ref.schema;
    ref = FieldRef{};
    if (v.is<StructFields>()) {
      ref.value = v.get(name);
      if (schema != nullptr && schema->type == SchemaType::kStruct) {
        if (const Field* f = schema->field(name)) ref.schema = f->schema.get();
      }
    } else if (v.is<MapEntries>()) {
      for (const auto& [key, entry] : v.as<MapEntries>()) {
        if (key.is<std::string>() && key.as<std::string>() == name) ref.value = &entry;
      }
      if (schema != nullptr && schema->type == SchemaType::kMap) {
        ref.schema = schema->value_schema.get();
      }
    }
    if (ref.value == nullptr) return FieldRef{};
  }
  return ref;
}

}  // namespace sluice::hdfs_sink
