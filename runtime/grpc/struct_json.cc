#include "grpc/struct_json.h"

#include <cmath>
#include <cstdint>

namespace sluice::rpc {
namespace {

// The largest magnitude below which every integer is exactly representable as a double.
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

nlohmann::json NumberToJson(double number) {
  if (std::isfinite(number) && std::trunc(number) == number &&
      std::fabs(number) <= kMaxExactInteger) {
    return static_cast<int64_t>(number);
  }
  return number;
}

}  // namespace

void JsonToValue(const nlohmann::json& json, google::protobuf::Value* value) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      value->set_null_value(google::protobuf::NULL_VALUE);
      break;
    case nlohmann::json::value_t::boolean:
      value->set_bool_value(json.get<bool>());
      break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      value->set_number_value(json.get<double>());
      break;
    case nlohmann::json::value_t::string:
      value->set_string_value(json.get<std::string>());
      break;
    case nlohmann::json::value_t::binary:
      // Only produced by nlohmann's binary formats (CBOR, MessagePack), never by JSON text.
      value->set_null_value(google::protobuf::NULL_VALUE);
      break;
    case nlohmann::json::value_t::array: {
      google::protobuf::ListValue* list = value->mutable_list_value();
      for (const auto& item : json) JsonToValue(item, list->add_values());
      break;
    }
    case nlohmann::json::value_t::object: {
      auto* fields = value->mutable_struct_value()->mutable_fields();
      for (const auto& [key, item] : json.items()) JsonToValue(item, &(*fields)[key]);
      break;
    }
  }
}

Status JsonObjectToStruct(const nlohmann::json& json, const std::string& what,
                          google::protobuf::Struct* out) {
  if (!json.is_object()) {
    return Status::InvalidArgument(what + " must be a JSON object, not " + json.dump());
  }
  auto* fields = out->mutable_fields();
  for (const auto& [key, item] : json.items()) JsonToValue(item, &(*fields)[key]);
  return Status::OK();
}

nlohmann::json ValueToJson(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNullValue:
    case google::protobuf::Value::KIND_NOT_SET:
      return nullptr;
    case google::protobuf::Value::kNumberValue:
      return NumberToJson(value.number_value());
    case google::protobuf::Value::kStringValue:
      return value.string_value();
    case google::protobuf::Value::kBoolValue:
      return value.bool_value();
    case google::protobuf::Value::kStructValue:
      return StructToJson(value.struct_value());
    case google::protobuf::Value::kListValue: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& item : value.list_value().values()) list.push_back(ValueToJson(item));
      return list;
    }
  }
  return nullptr;
}

nlohmann::json StructToJson(const google::protobuf::Struct& object) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, item] : object.fields()) out[key] = ValueToJson(item);
  return out;
}

}  // namespace sluice::rpc
