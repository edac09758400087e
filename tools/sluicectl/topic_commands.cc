// topics list|describe|create|delete|produce|consume: the worker's topics, through its transport.
#include <string>

#include "commands.h"

namespace sluicectl {
namespace v1 = sluice::v1;

namespace {

// A produce call carries at most this many records or bytes of values, well below gRPC's 4 MiB
// message limit.
constexpr size_t kMaxBatchRecords = 500;
constexpr size_t kMaxBatchBytes = 1 << 20;

int List(Session& session, const ParsedArguments&) {
  auto response = Call(session.client.topics(), &TopicStub::ListTopics, v1::ListTopicsRequest());
  if (session.json()) {
    PrintJson(session.out, response);
  } else {
    for (const auto& topic : response.topics()) session.out << topic << '\n';
  }
  return kExitOk;
}

int Describe(Session& session, const ParsedArguments& args) {
  v1::DescribeTopicRequest request;
  request.set_name(args.positionals()[0]);
  auto topic = Call(session.client.topics(), &TopicStub::DescribeTopic, request);
  if (session.json()) {
    PrintJson(session.out, topic);
    return kExitOk;
  }
  PrintFields(session.out,
              {{"Topic", topic.name()}, {"Partitions", std::to_string(topic.partitions_size())}});
  session.out << '\n';
  Table table({"PARTITION", "START OFFSET", "END OFFSET", "SIZE (BYTES)"});
  for (const auto& partition : topic.partitions()) {
    table.AddRow({std::to_string(partition.partition()), std::to_string(partition.start_offset()),
                  std::to_string(partition.end_offset()),
                  partition.size_bytes() < 0 ? "-" : std::to_string(partition.size_bytes())});
  }
  table.Print(session.out);
  return kExitOk;
}

int Create(Session& session, const ParsedArguments& args) {
  v1::CreateTopicRequest request;
  request.set_name(args.positionals()[0]);
  request.set_partitions(
      static_cast<int32_t>(args.Integer("--partitions", 1, INT32_MAX).value_or(1)));
  request.set_replication_factor(
      static_cast<int32_t>(args.Integer("--replication-factor", 1, INT16_MAX).value_or(0)));
  for (const std::string& setting : args.Values("--config")) {
    const size_t equals = setting.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--config needs KEY=VALUE, not '" + setting + "'");
    }
    (*request.mutable_configs())[setting.substr(0, equals)] = setting.substr(equals + 1);
  }
  auto response = Call(session.client.topics(), &TopicStub::CreateTopic, request);
  if (session.json()) {
    PrintJson(session.out, response);
  } else {
    session.out << "Created topic " << request.name() << '\n';
  }
  return kExitOk;
}

int Delete(Session& session, const ParsedArguments& args) {
  v1::DeleteTopicRequest request;
  request.set_name(args.positionals()[0]);
  auto response = Call(session.client.topics(), &TopicStub::DeleteTopic, request);
  if (session.json()) {
    PrintJson(session.out, response);
  } else {
    session.out << "Deleted topic " << request.name() << '\n';
  }
  return kExitOk;
}

int Produce(Session& session, const ParsedArguments& args) {
  const std::string& topic = args.positionals()[0];
  const std::optional<std::string> key = args.Value("--key");
  const std::optional<int64_t> partition = args.Integer("--partition", 0, INT32_MAX);

  v1::ProduceResponse produced;
  v1::ProduceRequest batch;
  size_t batch_bytes = 0;
  auto send = [&] {
    if (batch.records().empty()) return;
    auto response = Call(session.client.topics(), &TopicStub::Produce, batch);
    produced.mutable_positions()->MergeFrom(response.positions());
    batch.clear_records();
    batch_bytes = 0;
  };
  batch.set_topic(topic);
  std::string line;
  while (std::getline(session.in, line)) {
    v1::ProduceRecord* record = batch.add_records();
    if (key) record->set_key(*key);
    if (partition) record->set_partition(static_cast<int32_t>(*partition));
    batch_bytes += line.size();
    record->set_value(std::move(line));
    if (batch.records_size() >= static_cast<int>(kMaxBatchRecords) ||
        batch_bytes >= kMaxBatchBytes) {
      send();
    }
  }
  send();
  if (session.json()) {
    PrintJson(session.out, produced);
  } else {
    session.out << "Produced " << produced.positions_size() << " record(s) to topic " << topic
                << '\n';
  }
  return kExitOk;
}

int Consume(Session& session, const ParsedArguments& args) {
  v1::ConsumeRequest request;
  request.set_topic(args.positionals()[0]);
  const std::optional<int64_t> offset = args.Integer("--offset", 0, INT64_MAX);
  if (offset && args.Has("--from-beginning")) {
    throw UsageError("--from-beginning and --offset cannot be combined");
  }
  if (offset) {
    request.set_start(v1::ConsumeRequest::START_OFFSET);
    request.set_offset(*offset);
  } else {
    request.set_start(args.Has("--from-beginning") ? v1::ConsumeRequest::START_BEGINNING
                                                   : v1::ConsumeRequest::START_END);
  }
  for (const std::string& partition : args.Values("--partition")) {
    request.add_partitions(
        static_cast<int32_t>(ParseInteger(partition, "--partition", 0, INT32_MAX)));
  }
  request.set_follow(args.Has("--follow"));
  request.set_max_records(args.Integer("--max", 1, INT64_MAX).value_or(0));

  // No deadline: a read that follows the topic lasts until it is interrupted.
  grpc::ClientContext context;
  auto reader = session.client.topics().Consume(&context, request);
  v1::ConsumedRecord record;
  while (reader->Read(&record)) {
    if (session.json()) {
      PrintJson(session.out, record, /*pretty=*/false);
    } else {
      session.out << (record.has_value() ? record.value() : "null") << '\n';
    }
    if (request.follow()) session.out.flush();
  }
  CheckCall(reader->Finish());
  return kExitOk;
}

}  // namespace

std::vector<Command> TopicCommands() {
  return {
      {"topics list", "", "List the topics", "", {}, 0, 0, List},
      {"topics describe",
       "<topic>",
       "Show a topic's partitions with their offsets and sizes",
       "",
       {},
       1,
       1,
       Describe},
      {"topics create",
       "<topic>",
       "Create a topic",
       "",
       {{"--partitions", "", "N", "the number of partitions (default 1)"},
        {"--replication-factor", "", "N",
         "copies of each partition (Kafka; default: the broker's)"},
        {"--config", "", "KEY=VALUE", "a topic setting; may be repeated", true}},
       1,
       1,
       Create},
      {"topics delete", "<topic>", "Delete a topic", "", {}, 1, 1, Delete},
      {"topics produce",
       "<topic>",
       "Write each line of standard input as one record",
       "Records are sent in batches; the command ends once every record is acknowledged.",
       {{"--key", "", "KEY", "the key of every record (default: no key)"},
        {"--partition", "", "P", "write to partition P (default: chosen by the key)"}},
       1,
       1,
       Produce},
      {"topics consume",
       "<topic>",
       "Print the records of a topic, one value per line",
       "Starts at the end of each partition unless told otherwise, and stops at the end offsets\n"
       "the partitions had when it started unless --follow is given. With -o json, each record\n"
       "is one line of JSON (keys and values in base64, as proto3's JSON mapping writes bytes).\n"
       "Reads in a consumer group of its own and commits nothing.",
       {{"--from-beginning", "", "", "start at the first record still held"},
        {"--offset", "", "N", "start at offset N"},
        {"--partition", "", "P", "read only partition P; may be repeated", true},
        {"--follow", "", "", "keep waiting for new records"},
        {"--max", "", "N", "stop after N records"}},
       1,
       1,
       Consume},
  };
}

}  // namespace sluicectl
