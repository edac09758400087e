#include "transforms/data_util.h"

#include <algorithm>

namespace sluice::transforms {

namespace {
bool KeyIs(const Value& key, std::string_view name) {
  return key.is<std::string>() && key.as<std::string>() == name;
}
}  // namespace

const Value* MapFind(const MapEntries& map, std::string_view key) {
  for (const auto& [k, v] : map) {
    if (KeyIs(k, key)) return &v;
  }
  return nullptr;
}

void MapPut(MapEntries& map, std::string key, Value value) {
  for (auto& [k, v] : map) {
    if (KeyIs(k, key)) {
      v = std::move(value);
      return;
    }
  }
  map.emplace_back(Value(std::move(key)), std::move(value));
}

void MapErase(MapEntries& map, std::string_view key) {
  map.erase(
      std::remove_if(map.begin(), map.end(), [&](const auto& e) { return KeyIs(e.first, key); }),
      map.end());
}

Value FieldValue(const StructFields& fields, const Field& field, bool use_default) {
  for (const auto& [name, value] : fields) {
    if (name != field.name) continue;
    if (value.is_null() && use_default && field.schema && field.schema->default_value) {
      return *field.schema->default_value;
    }
    return value;
  }
  if (use_default && field.schema && field.schema->default_value) {
    return *field.schema->default_value;
  }
  return Value();
}

void CopySchemaBasics(const Schema& source, Schema& target) {
  target.name = source.name;
  target.version = source.version;
  target.doc = source.doc;
  target.parameters = source.parameters;
}

Status AddField(Schema& schema, std::string name, SchemaPtr field_schema) {
  if (schema.field(name) != nullptr) {
    return Status::InvalidArgument("Cannot create field because of field name duplication " + name);
  }
  schema.fields.push_back({std::move(name), std::move(field_schema)});
  return Status::OK();
}

SchemaPtr SchemaCache::Find(const SchemaPtr& key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (SchemaEquals(it->first, key)) {
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().second;
    }
  }
  return nullptr;
}

void SchemaCache::Put(SchemaPtr key, SchemaPtr value) {
  entries_.emplace_front(std::move(key), std::move(value));
  if (entries_.size() > capacity_) entries_.pop_back();
}

}  // namespace sluice::transforms
