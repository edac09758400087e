#include "transport/kafka/kafka_admin.h"

#include <algorithm>
#include <string>
#include <utility>

#include "transport/kafka/kafka_error.h"
#include "transport/kafka/partition_list.h"
#include "transport/kafka/rdkafka_timeout.h"

namespace sluice::transport::kafka {
namespace {

// librdkafka answers every admin request within its request timeout; this margin only guards
// against waiting forever should that answer never come.
constexpr std::chrono::seconds kResultGrace{5};

bool IsInternalTopic(std::string_view name) {
  return name == "__consumer_offsets" || name == "__transaction_state";
}

template <auto DestroyFn, typename T>
auto Owned(T* object) {
  return std::unique_ptr<T, Destroyer<DestroyFn>>(object);
}

Status EventError(rd_kafka_event_t* event, const std::string& what) {
  rd_kafka_resp_err_t err = rd_kafka_event_error(event);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::OK();
  return Status(KafkaErrorCode(err),
                what + ": " + rd_kafka_err2name(err) + ": " + rd_kafka_event_error_string(event));
}

Status TopicResultError(const rd_kafka_topic_result_t* result, const std::string& what) {
  rd_kafka_resp_err_t err = rd_kafka_topic_result_error(result);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::OK();
  const char* text = rd_kafka_topic_result_error_string(result);
  return Status(KafkaErrorCode(err), what + ": " + rd_kafka_err2name(err) + ": " +
                                         (text ? text : rd_kafka_err2str(err)));
}

// The one group result of a consumer-group offsets request: its error or partition errors, else
// its partitions.
Result<const rd_kafka_topic_partition_list_t*> GroupResult(const rd_kafka_group_result_t** groups,
                                                           size_t count, const std::string& what) {
  if (count != 1) {
    return Status::Internal(what + ": expected one group result, got " + std::to_string(count));
  }
  SLUICE_RETURN_IF_ERROR(KafkaErrorStatus(rd_kafka_group_result_error(groups[0]), what));
  const rd_kafka_topic_partition_list_t* partitions = rd_kafka_group_result_partitions(groups[0]);
  SLUICE_RETURN_IF_ERROR(FirstPartitionError(partitions, what));
  return partitions;
}

}  // namespace

Result<std::unique_ptr<KafkaAdmin>> KafkaAdmin::Create(ConfPtr conf,
                                                       std::chrono::milliseconds request_timeout) {
  char errstr[512];
  // A producer-type handle: the lightest client that can run admin requests and metadata.
  rd_kafka_t* client = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr);
  if (client == nullptr) {
    return Status::InvalidArgument(std::string("cannot create Kafka admin client: ") + errstr);
  }
  conf.release();  // owned by the client from now on
  return std::unique_ptr<KafkaAdmin>(new KafkaAdmin(ClientPtr(client), request_timeout));
}

KafkaAdmin::KafkaAdmin(ClientPtr client, std::chrono::milliseconds request_timeout)
    : client_(std::move(client)), request_timeout_(request_timeout) {}

AdminOptionsPtr KafkaAdmin::Options(rd_kafka_admin_op_t op) {
  AdminOptionsPtr options(rd_kafka_AdminOptions_new(client_.get(), op));
  const int timeout_ms = TimeoutMs(request_timeout_);
  rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, nullptr, 0);
  if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_DELETETOPICS) {
    // Have the controller answer once the change is done, not merely accepted.
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeout_ms, nullptr, 0);
  }
  return options;
}

Result<EventPtr> KafkaAdmin::AwaitResult(rd_kafka_queue_t* queue, const std::string& what) {
  const auto wait = request_timeout_ + kResultGrace;
  EventPtr event(rd_kafka_queue_poll(queue, TimeoutMs(wait)));
  if (!event) {
    return Status::Timeout(what + ": no answer within " + std::to_string(wait.count()) + " ms");
  }
  SLUICE_RETURN_IF_ERROR(EventError(event.get(), what));
  return event;
}

Result<MetadataPtr> KafkaAdmin::AllTopicsMetadata() {
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(client_.get(), /*all_topics=*/1, nullptr, &metadata,
                                              TimeoutMs(request_timeout_));
  SLUICE_RETURN_IF_ERROR(KafkaErrorStatus(err, "reading cluster metadata"));
  return MetadataPtr(metadata);
}

Status KafkaAdmin::CreateTopic(const NewTopic& topic) {
  const std::string what = "creating topic '" + topic.name + "'";
  if (topic.name.empty()) return Status::InvalidArgument("cannot create a topic without a name");
  // -1 asks for the broker's default; zero would only be refused by the broker after a round trip.
  if (topic.partitions == 0 || topic.partitions < -1) {
    return Status::InvalidArgument(what + ": partitions must be at least 1 (or -1 for the " +
                                   "broker's default), not " + std::to_string(topic.partitions));
  }
  if (topic.replication_factor == 0 || topic.replication_factor < -1) {
    return Status::InvalidArgument(what + ": replication factor must be at least 1 (or -1 for " +
                                   "the broker's default), not " +
                                   std::to_string(topic.replication_factor));
  }
  char errstr[512];
  auto new_topic = Owned<rd_kafka_NewTopic_destroy>(rd_kafka_NewTopic_new(
      topic.name.c_str(), topic.partitions, topic.replication_factor, errstr, sizeof errstr));
  if (!new_topic) return Status::InvalidArgument(what + ": " + errstr);
  for (const auto& [name, value] : topic.configs) {
    rd_kafka_resp_err_t err =
        rd_kafka_NewTopic_set_config(new_topic.get(), name.c_str(), value.c_str());
    SLUICE_RETURN_IF_ERROR(KafkaErrorStatus(err, what + " with config " + name + "=" + value));
  }

  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsPtr options = Options(RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_NewTopic_t* new_topics[] = {new_topic.get()};
  rd_kafka_CreateTopics(client_.get(), new_topics, 1, options.get(), queue.get());
  SLUICE_ASSIGN_OR_RETURN(EventPtr event, AwaitResult(queue.get(), what));

  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  for (size_t i = 0; i < count; ++i) {
    if (rd_kafka_topic_result_error(results[i]) == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      return Status::AlreadyExists("topic '" + topic.name + "' already exists");
    }
    SLUICE_RETURN_IF_ERROR(TopicResultError(results[i], what));
  }
  return Status::OK();
}

Result<std::vector<std::string>> KafkaAdmin::ListTopics() {
  SLUICE_ASSIGN_OR_RETURN(MetadataPtr metadata, AllTopicsMetadata());
  std::vector<std::string> names;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
    if (topic.err == RD_KAFKA_RESP_ERR_NO_ERROR && !IsInternalTopic(topic.topic)) {
      names.emplace_back(topic.topic);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<TopicDescription> KafkaAdmin::DescribeTopic(const std::string& name) {
  const std::string what = "describing topic '" + name + "'";
  // All topics rather than this one: asking for one topic by name may auto-create it.
  SLUICE_ASSIGN_OR_RETURN(MetadataPtr metadata, AllTopicsMetadata());
  const rd_kafka_metadata_topic_t* found = nullptr;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (name == metadata->topics[i].topic) found = &metadata->topics[i];
  }
  if (found == nullptr) return Status::NotFound("topic '" + name + "' does not exist");
  SLUICE_RETURN_IF_ERROR(KafkaErrorStatus(found->err, what));

  TopicDescription description;
  description.name = name;
  for (int i = 0; i < found->partition_cnt; ++i) {
    PartitionDescription partition;
    partition.partition = found->partitions[i].id;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
        client_.get(), name.c_str(), partition.partition, &partition.start_offset,
        &partition.end_offset, TimeoutMs(request_timeout_));
    SLUICE_RETURN_IF_ERROR(KafkaErrorStatus(
        err, what + ": reading the offsets of partition " + std::to_string(partition.partition)));
    description.partitions.push_back(partition);
  }
  std::sort(description.partitions.begin(), description.partitions.end(),
            [](const auto& a, const auto& b) { return a.partition < b.partition; });
  return description;
}

Status KafkaAdmin::DeleteTopic(const std::string& name) {
  const std::string what = "deleting topic '" + name + "'";
  auto delete_topic = Owned<rd_kafka_DeleteTopic_destroy>(rd_kafka_DeleteTopic_new(name.c_str()));
  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsPtr options = Options(RD_KAFKA_ADMIN_OP_DELETETOPICS);
  rd_kafka_DeleteTopic_t* delete_topics[] = {delete_topic.get()};
  rd_kafka_DeleteTopics(client_.get(), delete_topics, 1, options.get(), queue.get());
  SLUICE_ASSIGN_OR_RETURN(EventPtr event, AwaitResult(queue.get(), what));

  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
  for (size_t i = 0; i < count; ++i) {
    if (rd_kafka_topic_result_error(results[i]) == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      return Status::NotFound("topic '" + name + "' does not exist");
    }
    SLUICE_RETURN_IF_ERROR(TopicResultError(results[i], what));
  }
  return Status::OK();
}

Result<OffsetMap> KafkaAdmin::ListGroupOffsets(const std::string& group) {
  const std::string what = "listing the offsets of group '" + group + "'";
  if (group.empty()) return Status::InvalidArgument("a consumer group id is required");
  // Asks for every partition by name: a request for "all partitions" (no topic list) is answered
  // with nothing by some brokers, librdkafka's mock cluster among them.
  SLUICE_ASSIGN_OR_RETURN(MetadataPtr metadata, AllTopicsMetadata());
  std::vector<TopicPartition> partitions;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
    if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR || IsInternalTopic(topic.topic)) continue;
    for (int p = 0; p < topic.partition_cnt; ++p) {
      partitions.push_back(TopicPartition{topic.topic, topic.partitions[p].id});
    }
  }
  if (partitions.empty()) return OffsetMap{};

  PartitionListPtr list = ToPartitionList(partitions);
  auto request = Owned<rd_kafka_ListConsumerGroupOffsets_destroy>(
      rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), list.get()));
  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsPtr options = Options(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
  rd_kafka_ListConsumerGroupOffsets_t* requests[] = {request.get()};
  rd_kafka_ListConsumerGroupOffsets(client_.get(), requests, 1, options.get(), queue.get());
  SLUICE_ASSIGN_OR_RETURN(EventPtr event, AwaitResult(queue.get(), what));

  size_t count = 0;
  const rd_kafka_group_result_t** groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
      rd_kafka_event_ListConsumerGroupOffsets_result(event.get()), &count);
  SLUICE_ASSIGN_OR_RETURN(const rd_kafka_topic_partition_list_t* offsets,
                          GroupResult(groups, count, what));
  return ToOffsetMap(offsets);
}

Status KafkaAdmin::AlterGroupOffsets(const std::string& group, const OffsetMap& offsets) {
  const std::string what = "altering the offsets of group '" + group + "'";
  if (group.empty()) return Status::InvalidArgument("a consumer group id is required");
  if (offsets.empty()) return Status::OK();
  for (const auto& [partition, offset] : offsets) {
    if (offset < 0) {
      return Status::InvalidArgument(what + ": offset " + std::to_string(offset) + " for " +
                                     partition.ToString() + " is negative");
    }
  }
  PartitionListPtr list = ToPartitionList(offsets);
  auto request = Owned<rd_kafka_AlterConsumerGroupOffsets_destroy>(
      rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), list.get()));
  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsPtr options = Options(RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
  rd_kafka_AlterConsumerGroupOffsets_t* requests[] = {request.get()};
  rd_kafka_AlterConsumerGroupOffsets(client_.get(), requests, 1, options.get(), queue.get());
  SLUICE_ASSIGN_OR_RETURN(EventPtr event, AwaitResult(queue.get(), what));

  size_t count = 0;
  const rd_kafka_group_result_t** groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
      rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
  return GroupResult(groups, count, what).status();
}

Status KafkaAdmin::DeleteGroupOffsets(const std::string& group,
                                      const std::vector<TopicPartition>& partitions) {
  const std::string what = "deleting the offsets of group '" + group + "'";
  if (group.empty()) return Status::InvalidArgument("a consumer group id is required");
  std::vector<TopicPartition> targets = partitions;
  if (targets.empty()) {
    SLUICE_ASSIGN_OR_RETURN(OffsetMap committed, ListGroupOffsets(group));
    for (const auto& [partition, offset] : committed) targets.push_back(partition);
    if (targets.empty()) return Status::OK();
  }
  PartitionListPtr list = ToPartitionList(targets);
  auto request = Owned<rd_kafka_DeleteConsumerGroupOffsets_destroy>(
      rd_kafka_DeleteConsumerGroupOffsets_new(group.c_str(), list.get()));
  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  AdminOptionsPtr options = Options(RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS);
  rd_kafka_DeleteConsumerGroupOffsets_t* requests[] = {request.get()};
  rd_kafka_DeleteConsumerGroupOffsets(client_.get(), requests, 1, options.get(), queue.get());
  SLUICE_ASSIGN_OR_RETURN(EventPtr event, AwaitResult(queue.get(), what));

  size_t count = 0;
  const rd_kafka_group_result_t** groups = rd_kafka_DeleteConsumerGroupOffsets_result_groups(
      rd_kafka_event_DeleteConsumerGroupOffsets_result(event.get()), &count);
  return GroupResult(groups, count, what).status();
}

std::optional<std::string> KafkaAdmin::ClusterId(std::chrono::milliseconds wait) {
  char* id = rd_kafka_clusterid(client_.get(), TimeoutMs(std::min(wait, request_timeout_)));
  if (id == nullptr) return std::nullopt;
  std::string cluster_id(id);
  rd_kafka_mem_free(client_.get(), id);
  return cluster_id;
}

}  // namespace sluice::transport::kafka
