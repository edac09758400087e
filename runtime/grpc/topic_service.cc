#include "grpc/topic_service.h"

#include <algorithm>
#include <chrono>

#include "grpc/status_mapping.h"
#include "grpc/topic_reader.h"

namespace sluice::rpc {
namespace {

// How long a Produce call waits for the acknowledgement of its records.
constexpr std::chrono::seconds kProduceTimeout(30);

Status CheckTopicName(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("Topic name must not be empty");
  return Status::OK();
}

std::optional<std::string> OptionalBytes(bool present, const std::string& bytes) {
  if (!present) return std::nullopt;
  return bytes;
}

Result<transport::ProducerRecord> FromProto(const std::string& topic,
                                            const v1::ProduceRecord& record) {
  transport::ProducerRecord out;
  out.topic = topic;
  if (record.has_partition()) {
    if (record.partition() < 0) {
      return Status::InvalidArgument("Partition must not be negative: " +
                                     std::to_string(record.partition()));
    }
    out.partition = record.partition();
  }
  out.key = OptionalBytes(record.has_key(), record.key());
  out.value = OptionalBytes(record.has_value(), record.value());
  if (record.has_timestamp_ms()) out.timestamp_ms = record.timestamp_ms();
  for (const v1::Header& header : record.headers()) {
    out.headers.push_back({header.key(), OptionalBytes(header.has_value(), header.value())});
  }
  return out;
}

void ToProto(const transport::ConsumedRecord& record, v1::ConsumedRecord* out) {
  out->set_topic(record.topic);
  out->set_partition(record.partition);
  out->set_offset(record.offset);
  out->set_timestamp_ms(record.timestamp_ms);
  if (record.key) out->set_key(*record.key);
  if (record.value) out->set_value(*record.value);
  for (const auto& header : record.headers) {
    v1::Header* added = out->add_headers();
    added->set_key(header.key);
    if (header.value) added->set_value(*header.value);
  }
}

Result<TopicReader::Options> ReaderOptions(const v1::ConsumeRequest& request) {
  TopicReader::Options options;
  options.topic = request.topic();
  options.partitions.assign(request.partitions().begin(), request.partitions().end());
  switch (request.start()) {
    case v1::ConsumeRequest::START_BEGINNING:
      options.start = TopicReader::Start::kBeginning;
      break;
    case v1::ConsumeRequest::START_UNSPECIFIED:
    case v1::ConsumeRequest::START_END:
      options.start = TopicReader::Start::kEnd;
      break;
    case v1::ConsumeRequest::START_OFFSET:
      options.start = TopicReader::Start::kOffset;
      break;
    default:
      return Status::InvalidArgument("Unknown start position " + std::to_string(request.start()));
  }
  options.offset = request.offset();
  options.follow = request.follow();
  options.max_records = request.max_records();
  return options;
}

}  // namespace

::grpc::Status TopicService::ListTopics(Context*, const v1::ListTopicsRequest*,
                                        v1::ListTopicsResponse* response) {
  return Answer("ListTopics", [&]() -> Status {
    SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> topics, transport_.admin().ListTopics());
    std::sort(topics.begin(), topics.end());
    for (const auto& topic : topics) response->add_topics(topic);
    return Status::OK();
  });
}

::grpc::Status TopicService::DescribeTopic(Context*, const v1::DescribeTopicRequest* request,
                                           v1::TopicDescription* response) {
  return Answer("DescribeTopic", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckTopicName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(transport::TopicDescription topic,
                            transport_.admin().DescribeTopic(request->name()));
    response->set_name(topic.name);
    for (const auto& partition : topic.partitions) {
      v1::PartitionDescription* out = response->add_partitions();
      out->set_partition(partition.partition);
      out->set_start_offset(partition.start_offset);
      out->set_end_offset(partition.end_offset);
      out->set_size_bytes(partition.size_bytes);
    }
    return Status::OK();
  });
}

::grpc::Status TopicService::CreateTopic(Context*, const v1::CreateTopicRequest* request,
                                         v1::CreateTopicResponse*) {
  return Answer("CreateTopic", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckTopicName(request->name()));
    if (request->partitions() < 0) {
      return Status::InvalidArgument("Partitions must not be negative: " +
                                     std::to_string(request->partitions()));
    }
    if (request->replication_factor() < 0 || request->replication_factor() > INT16_MAX) {
      return Status::InvalidArgument("Replication factor must be between 0 and 32767: " +
                                     std::to_string(request->replication_factor()));
    }
    transport::NewTopic topic;
    topic.name = request->name();
    if (request->partitions() > 0) topic.partitions = request->partitions();
    if (request->replication_factor() > 0) {
      topic.replication_factor = static_cast<int16_t>(request->replication_factor());
    }
    topic.configs.insert(request->configs().begin(), request->configs().end());
    return transport_.admin().CreateTopic(topic);
  });
}

::grpc::Status TopicService::DeleteTopic(Context*, const v1::DeleteTopicRequest* request,
                                         v1::DeleteTopicResponse*) {
  return Answer("DeleteTopic", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckTopicName(request->name()));
    return transport_.admin().DeleteTopic(request->name());
  });
}

::grpc::Status TopicService::Produce(Context*, const v1::ProduceRequest* request,
                                     v1::ProduceResponse* response) {
  return Answer("Produce", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckTopicName(request->topic()));
    if (request->records().empty()) return Status::InvalidArgument("No records to produce");
    std::vector<transport::ProducerRecord> records;
    records.reserve(request->records_size());
    for (const v1::ProduceRecord& record : request->records()) {
      SLUICE_ASSIGN_OR_RETURN(transport::ProducerRecord converted,
                              FromProto(request->topic(), record));
      records.push_back(std::move(converted));
    }
    SLUICE_ASSIGN_OR_RETURN(std::vector<transport::DeliveryReport> reports,
                            producer_.ProduceAll(std::move(records), kProduceTimeout));
    for (const auto& report : reports) {
      v1::RecordPosition* position = response->add_positions();
      position->set_partition(report.partition);
      position->set_offset(report.offset);
    }
    return Status::OK();
  });
}

::grpc::Status TopicService::Consume(Context* context, const v1::ConsumeRequest* request,
                                     ::grpc::ServerWriter<v1::ConsumedRecord>* writer) {
  return Answer("Consume", [&]() -> Status {
    SLUICE_ASSIGN_OR_RETURN(TopicReader::Options options, ReaderOptions(*request));
    TopicReader reader(transport_, std::move(options));
    v1::ConsumedRecord message;
    Status read = reader.Run(
        [&](const transport::ConsumedRecord& record) {
          message.Clear();
          ToProto(record, &message);
          return writer->Write(message);
        },
        [&] { return context->IsCancelled() || stopping_.load(); });
    if (read.code() == StatusCode::kCancelled) {
      // Nobody hears how a call the client cancelled ends; a stopping server says why it ends.
      return stopping_.load() ? Status::Unavailable("The server is shutting down") : Status::OK();
    }
    return read;
  });
}

}  // namespace sluice::rpc
