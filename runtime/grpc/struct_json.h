// Conversions between nlohmann::json and google.protobuf.Struct/Value, for the connector-defined
// JSON objects (source partitions and offsets) that the API carries as Structs.
//
// Struct numbers are doubles: integers survive the round trip exactly up to 2^53, and integral
// doubles in that range come back as JSON integers (offsets stay `5`, not `5.0`).
#pragma once

#include <google/protobuf/struct.pb.h>
#include <nlohmann/json.hpp>

#include "common/status.h"

namespace sluice::rpc {

void JsonToValue(const nlohmann::json& json, google::protobuf::Value* value);
// kInvalidArgument naming `what` unless `json` is an object.
Status JsonObjectToStruct(const nlohmann::json& json, const std::string& what,
                          google::protobuf::Struct* out);

nlohmann::json ValueToJson(const google::protobuf::Value& value);
nlohmann::json StructToJson(const google::protobuf::Struct& object);

}  // namespace sluice::rpc
