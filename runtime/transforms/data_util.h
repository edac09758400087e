// Small operations on Connect data that the transforms share: schemaless maps keyed by strings,
// struct fields with their defaults, copying a schema's name/version/doc/parameters, and the
// per-transform cache of rewritten schemas.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "sluice/data.h"

namespace sluice::transforms {

// --- schemaless maps (insertion-ordered, string keys) -------------------------------------------

const Value* MapFind(const MapEntries& map, std::string_view key);
// Replaces the value of an existing key in place, else appends: a new key comes last.
void MapPut(MapEntries& map, std::string key, Value value);
void MapErase(MapEntries& map, std::string_view key);

// --- structs ------------------------------------------------------------------------------------

// The value of `field` in `fields` (null when absent). Kafka's Struct.get(field) reads a null as
// the field schema's default; getWithoutDefault does not: `use_default` chooses.
Value FieldValue(const StructFields& fields, const Field& field, bool use_default = true);

// --- schemas ------------------------------------------------------------------------------------

// SchemaUtil.copySchemaBasics: name, version, doc and parameters of `source` onto `target`.
void CopySchemaBasics(const Schema& source, Schema& target);

// SchemaBuilder.field: appends a field to a struct schema, refusing a name that is already there
// with Kafka's text ("Cannot create field because of field name duplication x").
Status AddField(Schema& schema, std::string name, SchemaPtr field_schema);

// Kafka's LRUCache<Schema, Schema>(16) of rewritten schemas, keyed by schema equality.
class SchemaCache {
 public:
  explicit SchemaCache(size_t capacity = 16) : capacity_(capacity) {}

  SchemaPtr Find(const SchemaPtr& key);
  void Put(SchemaPtr key, SchemaPtr value);

 private:
  size_t capacity_;
  std::list<std::pair<SchemaPtr, SchemaPtr>> entries_;  // most recently used first
};

}  // namespace sluice::transforms
