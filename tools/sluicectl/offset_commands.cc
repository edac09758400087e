// offsets get|alter|reset: a connector's source offsets or sink consumer offsets.
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "common/properties.h"

namespace sluicectl {
namespace v1 = sluice::v1;

namespace {

// {"offsets": [{"partition": {...}, "offset": {...} | null}]}, as PATCH /connectors/{name}/offsets
// takes it.
v1::ConnectorOffsets LoadOffsetsFile(const std::string& path) {
  auto text = sluice::ReadWholeFile(path);
  if (!text.ok()) throw CommandFailure(kExitUsage, text.status().message());
  v1::ConnectorOffsets offsets;
  auto parsed = google::protobuf::util::JsonStringToMessage(*text, &offsets);
  if (!parsed.ok()) {
    throw CommandFailure(kExitUsage, path +
                                         " is not an offsets file ({\"offsets\": [{\"partition\":"
                                         " {...}, \"offset\": {...}}]}): " +
                                         std::string(parsed.message()));
  }
  return offsets;
}

// Compact JSON with the keys sorted: the order of a Struct's fields is unspecified.
std::string SortedJson(const google::protobuf::Struct& object) {
  return nlohmann::json::parse(ToJson(object)).dump();
}

int Get(Session& session, const ParsedArguments& args) {
  v1::GetOffsetsRequest request;
  request.set_name(args.positionals()[0]);
  auto offsets = Call(session.client.connectors(), &ConnectorStub::GetOffsets, request);
  if (session.json()) {
    PrintJson(session.out, offsets);
    return kExitOk;
  }
  Table table({"PARTITION", "OFFSET"});
  for (const auto& entry : offsets.offsets()) {
    table.AddRow(
        {SortedJson(entry.partition()), entry.has_offset() ? SortedJson(entry.offset()) : "null"});
  }
  table.Print(session.out);
  return kExitOk;
}

int Alter(Session& session, const ParsedArguments& args) {
  v1::AlterOffsetsRequest request;
  request.set_name(args.positionals()[0]);
  *request.mutable_offsets() = LoadOffsetsFile(args.positionals()[1]).offsets();
  auto response = Call(session.client.connectors(), &ConnectorStub::AlterOffsets, request);
  if (session.json()) {
    PrintJson(session.out, response);
  } else {
    session.out << response.message() << '\n';
  }
  return kExitOk;
}

int Reset(Session& session, const ParsedArguments& args) {
  v1::ResetOffsetsRequest request;
  request.set_name(args.positionals()[0]);
  auto response = Call(session.client.connectors(), &ConnectorStub::ResetOffsets, request);
  if (session.json()) {
    PrintJson(session.out, response);
  } else {
    session.out << response.message() << '\n';
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> OffsetCommands() {
  const std::string kStopped = "The connector must be STOPPED first (sluicectl stop <name>).";
  return {
      {"offsets get", "<name>", "Show a connector's offsets", "", {}, 1, 1, Get},
      {"offsets alter",
       "<name> <file>",
       "Change a connector's offsets",
       "The file holds {\"offsets\": [{\"partition\": {...}, \"offset\": {...}}]}, as Kafka "
       "Connect's\nPATCH /connectors/<name>/offsets takes it; a null offset resets that "
       "partition.\n" +
           kStopped,
       {},
       2,
       2,
       Alter},
      {"offsets reset", "<name>", "Forget all of a connector's offsets", kStopped, {}, 1, 1, Reset},
  };
}

}  // namespace sluicectl
