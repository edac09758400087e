// Translations between the Herder's types and the sluice.v1 messages.
#pragma once

#include <optional>

#include "common/status.h"
#include "sluice/v1/sluice.pb.h"
#include "worker/herder.h"

namespace sluice::rpc {

void ToProto(const worker::ConnectorInfo& info, v1::ConnectorInfo* out);
void ToProto(const worker::ConnectorStatus& status, v1::ConnectorStatus* out);
void ToProto(const worker::TaskStateInfo& task, v1::TaskStatus* out);
void ToProto(const std::string& connector, const worker::TaskInfo& task, v1::TaskInfo* out);
void ToProto(const worker::PluginDescription& plugin, v1::PluginInfo* out);
void ToProto(const ConfigKey& key, v1::ConfigKeyInfo* out);
void ToProto(const worker::ConfigInfos& infos, v1::ConfigInfos* out);
// kInternal when the Herder reports a partition that is not a JSON object, or an offset that is
// neither an object nor null.
Status ToProto(const worker::OffsetEntry& entry, v1::OffsetEntry* out);

// kInvalidArgument for a value outside the enum (a newer client).
Result<std::optional<worker::TargetState>> FromProto(v1::InitialState state);
// An unset partition is refused (kInvalidArgument); an unset offset is null (reset it).
Result<worker::OffsetEntry> FromProto(const v1::OffsetEntry& entry);

}  // namespace sluice::rpc
