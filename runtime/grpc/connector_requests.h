// Checks on what clients send about connectors, with kInvalidArgument errors that name the field
// or key at fault. The rules are Kafka Connect's, so that a connector created over gRPC can also be
// addressed over REST.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <google/protobuf/repeated_ptr_field.h>

#include "common/status.h"
#include "sluice/v1/sluice.pb.h"
#include "worker/herder.h"

namespace sluice::rpc {

// Refuses names that are empty, "." or "..", or contain '/', '\' or ISO control characters
// (U+0000-U+001F, U+007F-U+009F): they could not appear in a REST path, file name or log line.
Status CheckConnectorName(const std::string& name);

// Kafka Connect's checkAndPutConnectorConfigName: a "name" in the config must equal `name`; when
// absent it is added.
Status CheckAndPutConnectorName(const std::string& name, worker::StringMap& config);

// The patch as the Herder takes it. Refuses a key given twice, and a patch that removes "name" or
// sets it to another connector's name.
using ConfigPatchMap = std::map<std::string, std::optional<std::string>>;
Result<ConfigPatchMap> PatchFromProto(
    const std::string& name, const google::protobuf::RepeatedPtrField<v1::ConfigPatch>& patches);

// Kafka Connect trims the name of a new connector.
std::string TrimmedName(const std::string& name);

}  // namespace sluice::rpc
