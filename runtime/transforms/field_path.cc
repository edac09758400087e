#include "transforms/field_path.h"

#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kNestedPurpose = "nested field access";

Status IncompleteBacktick(const std::string& path, size_t backtick_at) {
  return Status::InvalidArgument("Incomplete backtick pair in path: [" + path +
                                 "], consider adding a backslash before backtick at position " +
                                 std::to_string(backtick_at) + " to escape it");
}

// SingleFieldPath.buildFieldPathV2, step for step.
Result<std::vector<std::string>> SplitV2(const std::string& path) {
  std::vector<std::string> steps;
  size_t idx = 0;
  while (idx < path.size()) {
    if (path[idx] != '`') {
      const size_t dot = path.find('.', idx);
      if (dot == std::string::npos) {
        steps.push_back(path.substr(idx));
        idx = path.size();
      } else {
        steps.push_back(path.substr(idx, dot - idx));
        idx = dot + 1;
      }
      continue;
    }
    const size_t backtick_at = idx;
    std::string field;
    size_t start = ++idx;
    for (;;) {
      idx = path.find('`', idx);
      if (idx == std::string::npos) return IncompleteBacktick(path, backtick_at);
      const bool escaped = path[idx - 1] == '\\';
      if (idx + 1 >= path.size()) {  // the backtick ends the path
        if (escaped) return IncompleteBacktick(path, backtick_at);
        field.append(path, start, idx - start);
        steps.push_back(std::move(field));
        ++idx;
        break;
      }
      if (path[idx + 1] != '.') {  // part of the name; look for the closing one
        ++idx;
        continue;
      }
      if (escaped) {  // an escaped backtick before a dot: keep it, without the backslash
        field.append(path, start, idx - 1 - start).push_back('`');
        start = ++idx;
        continue;
      }
      field.append(path, start, idx - start);
      steps.push_back(std::move(field));
      idx += 2;  // the backtick and the dot after it
      break;
    }
  }
  if (!path.empty() && path.back() == '.') steps.emplace_back();
  return steps;
}

}  // namespace

void AppendFieldSyntaxVersion(ConfigDef& definition) {
  definition.Define(
      kFieldSyntaxVersionConfig, ConfigType::kString, "V1",
      ConfigValidator::OneOf({"V1", "V2"}, /*case_insensitive=*/true), Importance::kHigh,
      "Defines the version of the syntax to access fields. If set to `V1`, then the field paths "
      "are limited to access the elements at the root level of the struct or map. If set to "
      "`V2`, the syntax will support accessing nested elements. To access nested elements, "
      "dotted notation is used. If dots are already included in the field name, then backtick "
      "pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` "
      "from a field named \"foo.bar\" in a struct/map the following format can be used to access "
      "its elements: \"`foo.bar`.baz\".");
}

FieldSyntaxVersion ParseFieldSyntaxVersion(const std::string& text) {
  return config_detail::Lower(config_detail::Trim(text)) == "v2" ? FieldSyntaxVersion::kV2
                                                                 : FieldSyntaxVersion::kV1;
}

Result<SingleFieldPath> SingleFieldPath::Parse(const std::string& path,
                                               FieldSyntaxVersion version) {
  SingleFieldPath out;
  if (version == FieldSyntaxVersion::kV1) {
    out.steps_ = {path};
  } else {
    SLUICE_ASSIGN_OR_RETURN(out.steps_, SplitV2(path));
  }
  if (out.steps_.empty()) out.steps_ = {""};
  return out;
}

const Field* SingleFieldPath::FieldFrom(const Schema& schema) const {
  const Schema* current = &schema;
  for (size_t i = 0; i + 1 < steps_.size(); ++i) {
    const Field* field = current->field(steps_[i]);
    if (field == nullptr || !field->schema) return nullptr;
    current = field->schema.get();
  }
  return current->field(steps_.back());
}

Result<Value> SingleFieldPath::ValueFrom(const Schema& schema, const StructFields& fields,
                                         bool replace_null_with_default) const {
  const Schema* current_schema = &schema;
  const StructFields* current = &fields;
  Value holder;  // keeps the nested struct being walked alive
  for (size_t i = 0; i + 1 < steps_.size(); ++i) {
    const Field* field = current_schema->field(steps_[i]);
    if (field == nullptr) return Value();
    Value sub = FieldValue(*current, *field);
    if (sub.is_null()) return Value();
    SLUICE_RETURN_IF_ERROR(RequireStruct({field->schema, sub}, kNestedPurpose).status());
    holder = std::move(sub);
    current = &holder.as<StructFields>();
    current_schema = field->schema.get();
  }
  const Field* last = current_schema->field(steps_.back());
  if (last == nullptr) return Value();
  return FieldValue(*current, *last, replace_null_with_default);
}

Result<Value> SingleFieldPath::ValueFrom(const MapEntries& map) const {
  const MapEntries* current = &map;
  Value holder;
  for (size_t i = 0; i + 1 < steps_.size(); ++i) {
    const Value* sub = MapFind(*current, steps_[i]);
    if (sub == nullptr || sub->is_null()) return Value();
    SLUICE_RETURN_IF_ERROR(RequireMap(*sub, kNestedPurpose).status());
    holder = *sub;
    current = &holder.as<MapEntries>();
  }
  const Value* last = MapFind(*current, steps_.back());
  return last ? *last : Value();
}

}  // namespace sluice::transforms
