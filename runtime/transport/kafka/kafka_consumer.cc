#include "transport/kafka/kafka_consumer.h"

#include <cstring>
#include <exception>
#include <regex>
#include <string>
#include <utility>

#include "common/log.h"
#include "transport/kafka/kafka_error.h"
#include "transport/kafka/kafka_logging.h"
#include "transport/kafka/partition_list.h"
#include "transport/kafka/rdkafka_timeout.h"

namespace sluice::transport::kafka {
namespace {

std::optional<std::string> Bytes(const void* data, size_t size) {
  if (data == nullptr) return std::nullopt;
  return std::string(static_cast<const char*>(data), size);
}

// librdkafka treats a subscription that starts with '^' as a regular expression and matches it
// anywhere in a topic name; Sluice's patterns, like Java's, match whole names. Anchors the user
// already wrote are dropped before the whole pattern is anchored once.
std::string AnchoredPattern(const std::string& regex) {
  std::string body = regex;
  if (body.starts_with('^')) body.erase(0, 1);
  const bool escaped_dollar = body.size() >= 2 && body[body.size() - 2] == '\\';
  if (body.ends_with('$') && !escaped_dollar) body.pop_back();
  return "^(" + body + ")$";
}

}  // namespace

Result<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(
    ConfPtr conf, RebalanceListener* listener, std::chrono::milliseconds request_timeout) {
  std::unique_ptr<KafkaConsumer> consumer(new KafkaConsumer(listener, request_timeout));
  rd_kafka_conf_set_opaque(conf.get(), consumer.get());
  rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaConsumer::RebalanceCallback);
  char errstr[512];
  rd_kafka_t* client = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
  if (client == nullptr) {
    return Status::InvalidArgument(std::string("cannot create Kafka consumer: ") + errstr);
  }
  conf.release();  // owned by the client from now on
  consumer->client_.reset(client);
  // Rebalances, errors and records all arrive through the consumer queue, i.e. inside Poll.
  rd_kafka_poll_set_consumer(client);
  consumer->consumer_queue_.reset(rd_kafka_queue_get_consumer(client));
  return consumer;
}

KafkaConsumer::KafkaConsumer(RebalanceListener* listener, std::chrono::milliseconds request_timeout)
    : listener_(listener), request_timeout_(request_timeout) {}

KafkaConsumer::~KafkaConsumer() {
  if (client_ && !closed_) {
    Status closed = Close();
    if (!closed.ok()) SLUICE_LOG_WARN(kKafkaLogger, closed.message());
  }
  consumer_queue_.reset();
  client_.reset();
}

Status KafkaConsumer::CheckOpen() const {
  if (closed_) return Status::FailedPrecondition("the Kafka consumer is closed");
  return Status::OK();
}

Status KafkaConsumer::Subscribe(const std::vector<std::string>& topics) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  if (topics.empty()) {
    return KafkaErrorStatus(rd_kafka_unsubscribe(client_.get()), "unsubscribing");
  }
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& topic : topics) {
    if (topic.empty()) return Status::InvalidArgument("cannot subscribe to an empty topic name");
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  return KafkaErrorStatus(rd_kafka_subscribe(client_.get(), list.get()), "subscribing to topics");
}

Status KafkaConsumer::SubscribePattern(const std::string& regex) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  if (regex.empty()) return Status::InvalidArgument("the topic pattern is empty");
  try {
    std::regex validated(regex, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("invalid topic pattern '" + regex + "': " + e.what());
  }
  const std::string anchored = AnchoredPattern(regex);
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), anchored.c_str(), RD_KAFKA_PARTITION_UA);
  return KafkaErrorStatus(rd_kafka_subscribe(client_.get(), list.get()),
                          "subscribing to topic pattern '" + regex + "'");
}

Result<std::vector<ConsumedRecord>> KafkaConsumer::Poll(std::chrono::milliseconds timeout,
                                                        size_t max_records) {
  ConsumedRecords records;
  SLUICE_RETURN_IF_ERROR(PollInto(timeout, max_records, records));
  return std::vector<ConsumedRecord>(records.begin(), records.end());
}

Status KafkaConsumer::PollInto(std::chrono::milliseconds timeout, size_t max_records,
                               ConsumedRecords& records) {
  records.clear();
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  if (max_records == 0) return Status::InvalidArgument("Poll needs max_records of at least 1");
  if (!deferred_error_.ok()) return std::exchange(deferred_error_, Status::OK());
  // A Wakeup that came between two Polls interrupts the next one, as with Kafka's consumer.
  if (wakeup_requested_.exchange(false)) return Status::OK();

  // Records already in hand are returned (their positions have advanced); the error waits for
  // the next Poll.
  auto fail = [&](Status error) -> Status {
    if (records.empty()) return error;
    deferred_error_ = std::move(error);
    return Status::OK();
  };

  Status seeked = RetryPendingSeeks();
  if (!seeked.ok()) return seeked;

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (records.size() < max_records) {
    // Wait for the first record; after that take only what is already fetched.
    int wait_ms = 0;
    if (records.empty()) {
      wait_ms = TimeoutMs(std::chrono::ceil<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()));
    }
    MessagePtr message(rd_kafka_consumer_poll(client_.get(), wait_ms));
    if (!deferred_error_.ok()) return fail(std::exchange(deferred_error_, Status::OK()));
    if (!message) {
      if (wakeup_requested_.exchange(false)) break;
      if (!records.empty() || std::chrono::steady_clock::now() >= deadline) break;
      // Woken early by a yield left over from a Wakeup that an earlier Poll already honoured.
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      Status error = MessageError(*message);
      if (!error.ok()) return fail(std::move(error));
      continue;
    }
    if (!pending_seeks_.empty() &&
        pending_seeks_.count({rd_kafka_topic_name(message->rkt), message->partition}) != 0) {
      // Fetched from where the partition started, before the seek could take effect.
      Status retried = RetryPendingSeeks();
      if (!retried.ok()) return fail(std::move(retried));
      continue;
    }
    ReadRecord(*message, records.Append());
  }
  return Status::OK();
}

Status KafkaConsumer::MessageError(const rd_kafka_message_t& message) const {
  const std::string text = rd_kafka_message_errstr(&message);
  switch (message.err) {
    case RD_KAFKA_RESP_ERR__PARTITION_EOF:
      return Status::OK();
    case RD_KAFKA_RESP_ERR__FATAL: {
      char reason[512];
      rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(client_.get(), reason, sizeof reason);
      return Status::FailedPrecondition(std::string("the Kafka consumer hit a fatal error: ") +
                                        rd_kafka_err2name(fatal) + ": " + reason);
    }
    // What the caller must act on: no offset to start from (auto.offset.reset=none) or no right
    // to read. Anything else is a fault librdkafka recovers from by itself.
    case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
      return Status(KafkaErrorCode(message.err),
                    std::string("consuming: ") + rd_kafka_err2name(message.err) + ": " + text);
    default:
      SLUICE_LOG_WARN(kKafkaLogger, "consumer " << rd_kafka_name(client_.get()) << ": "
                                                << rd_kafka_err2name(message.err) << ": " << text);
      return Status::OK();
  }
}

namespace {

// Into `out`, reusing the string it holds; nullopt for a null (no pointer) payload.
void AssignBytes(const void* data, size_t size, std::optional<std::string>& out) {
  if (data == nullptr) {
    out.reset();
  } else if (out) {
    out->assign(static_cast<const char*>(data), size);
  } else {
    out.emplace(static_cast<const char*>(data), size);
  }
}

}  // namespace

void KafkaConsumer::ReadRecord(const rd_kafka_message_t& message, ConsumedRecord& record) const {
  const char* topic = rd_kafka_topic_name(message.rkt);
  if (record.topic != topic) record.topic = topic;
  record.partition = message.partition;
  record.offset = message.offset;
  rd_kafka_timestamp_type_t type;
  const int64_t timestamp = rd_kafka_message_timestamp(&message, &type);
  record.timestamp_ms = type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? kNoTimestamp : timestamp;
  AssignBytes(message.key, message.key_len, record.key);
  AssignBytes(message.payload, message.len, record.value);
  record.headers.clear();
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      record.headers.push_back(RecordHeader{name, Bytes(value, size)});
    }
  }
}

Status KafkaConsumer::Commit(const OffsetMap& offsets) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  if (offsets.empty()) return Status::OK();
  PartitionListPtr list = ToPartitionList(offsets);
  SLUICE_RETURN_IF_ERROR(KafkaErrorStatus(rd_kafka_commit(client_.get(), list.get(), /*async=*/0),
                                          "committing offsets"));
  return FirstPartitionError(list.get(), "committing the offset");
}

Result<OffsetMap> KafkaConsumer::Committed(const std::vector<TopicPartition>& partitions) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  if (partitions.empty()) return OffsetMap{};
  PartitionListPtr list = ToPartitionList(partitions);
  SLUICE_RETURN_IF_ERROR(
      KafkaErrorStatus(rd_kafka_committed(client_.get(), list.get(), TimeoutMs(request_timeout_)),
                       "reading committed offsets"));
  SLUICE_RETURN_IF_ERROR(FirstPartitionError(list.get(), "reading the committed offset"));
  return ToOffsetMap(list.get());
}

Status KafkaConsumer::CheckAssigned(const std::vector<TopicPartition>& partitions,
                                    const char* action) const {
  for (const TopicPartition& partition : partitions) {
    if (assignment_.count(partition) == 0) {
      return Status::FailedPrecondition(std::string("cannot ") + action + " " +
                                        partition.ToString() +
                                        ": it is not assigned to this consumer");
    }
  }
  return Status::OK();
}

Status KafkaConsumer::Seek(const TopicPartition& partition, int64_t offset) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  if (offset < 0) {
    return Status::InvalidArgument("cannot seek " + partition.ToString() + " to offset " +
                                   std::to_string(offset));
  }
  SLUICE_RETURN_IF_ERROR(CheckAssigned({partition}, "seek"));
  pending_seeks_[partition] = offset;
  if (being_assigned_.count(partition) != 0) return Status::OK();  // becomes its start offset
  return RetryPendingSeeks();
}

Status KafkaConsumer::RetryPendingSeeks() {
  if (pending_seeks_.empty()) return Status::OK();
  PartitionListPtr list = ToPartitionList(OffsetMap(pending_seeks_.begin(), pending_seeks_.end()));
  ErrorPtr error(rd_kafka_seek_partitions(client_.get(), list.get(), TimeoutMs(request_timeout_)));
  if (error) return KafkaErrorStatus(error.get(), "seeking");
  Status first_error;
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& element = list->elems[i];
    const TopicPartition partition{element.topic, element.partition};
    switch (element.err) {
      case RD_KAFKA_RESP_ERR__STATE:             // fetcher not started yet
      case RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS:  // fetcher stopping
        break;
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        pending_seeks_.erase(partition);
        break;
      default:
        pending_seeks_.erase(partition);
        if (first_error.ok()) {
          first_error =
              KafkaErrorStatus(element.err, "seeking " + partition.ToString() + " to offset " +
                                                std::to_string(element.offset));
        }
    }
  }
  return first_error;
}

std::vector<TopicPartition> KafkaConsumer::Assignment() {
  return std::vector<TopicPartition>(assignment_.begin(), assignment_.end());
}

Status KafkaConsumer::Pause(const std::vector<TopicPartition>& partitions) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  SLUICE_RETURN_IF_ERROR(CheckAssigned(partitions, "pause"));
  return SetPaused(partitions, true);
}

Status KafkaConsumer::Resume(const std::vector<TopicPartition>& partitions) {
  SLUICE_RETURN_IF_ERROR(CheckOpen());
  SLUICE_RETURN_IF_ERROR(CheckAssigned(partitions, "resume"));
  return SetPaused(partitions, false);
}

Status KafkaConsumer::SetPaused(const std::vector<TopicPartition>& partitions, bool pause) {
  std::vector<TopicPartition> started;
  for (const TopicPartition& partition : partitions) {
    if (being_assigned_.count(partition) != 0) {
      // Not handed to librdkafka yet: OnAssign applies it right after.
      if (pause) {
        pending_pauses_.insert(partition);
      } else {
        pending_pauses_.erase(partition);
      }
    } else {
      started.push_back(partition);
    }
  }
  if (started.empty()) return Status::OK();
  PartitionListPtr list = ToPartitionList(started);
  const char* action = pause ? "pausing" : "resuming";
  SLUICE_RETURN_IF_ERROR(
      KafkaErrorStatus(pause ? rd_kafka_pause_partitions(client_.get(), list.get())
                             : rd_kafka_resume_partitions(client_.get(), list.get()),
                       action));
  return FirstPartitionError(list.get(), action);
}

void KafkaConsumer::Wakeup() {
  wakeup_requested_ = true;
  rd_kafka_queue_yield(consumer_queue_.get());
}

Status KafkaConsumer::Close() {
  if (closed_) return Status::OK();
  // Revokes the assignment through the rebalance callback (and so the listener) on this thread,
  // then leaves the group.
  rd_kafka_resp_err_t err = rd_kafka_consumer_close(client_.get());
  closed_ = true;
  assignment_.clear();
  pending_seeks_.clear();
  pending_pauses_.clear();
  return KafkaErrorStatus(err, "closing the Kafka consumer");
}

void KafkaConsumer::RebalanceCallback(rd_kafka_t* /*client*/, rd_kafka_resp_err_t err,
                                      rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<KafkaConsumer*>(opaque);
  switch (err) {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
      self->OnAssign(partitions);
      break;
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
      self->OnRevoke(partitions);
      break;
    default:
      self->OnRebalanceError(err);
  }
}

bool KafkaConsumer::Cooperative() const {
  const char* protocol = rd_kafka_rebalance_protocol(client_.get());
  return protocol != nullptr && std::strcmp(protocol, "COOPERATIVE") == 0;
}

template <typename Fn>
void KafkaConsumer::CallListener(const char* what, Fn&& fn) {
  if (listener_ == nullptr) return;
  std::string failure;
  try {
    fn();
    return;
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "a non-standard exception";
  }
  SLUICE_LOG_ERROR(kKafkaLogger, "rebalance listener " << what << " threw: " << failure);
  if (deferred_error_.ok()) {
    deferred_error_ =
        Status::Internal(std::string("rebalance listener ") + what + " threw: " + failure);
  }
}

void KafkaConsumer::OnAssign(rd_kafka_topic_partition_list_t* list) {
  const std::vector<TopicPartition> partitions = ToTopicPartitions(list);
  SLUICE_LOG_INFO(kKafkaLogger, "consumer " << rd_kafka_name(client_.get()) << " assigned "
                                            << partitions.size() << " partition(s)");
  assignment_.insert(partitions.begin(), partitions.end());
  being_assigned_.insert(partitions.begin(), partitions.end());
  CallListener("OnPartitionsAssigned", [&] { listener_->OnPartitionsAssigned(partitions); });
  being_assigned_.clear();

  // Start where the listener sought; elsewhere at the committed offset (RD_KAFKA_OFFSET_INVALID
  // makes librdkafka fetch it, falling back to auto.offset.reset).
  for (int i = 0; i < list->cnt; ++i) {
    rd_kafka_topic_partition_t& element = list->elems[i];
    auto seek = pending_seeks_.find(TopicPartition{element.topic, element.partition});
    if (seek != pending_seeks_.end()) {
      element.offset = seek->second;
      pending_seeks_.erase(seek);
    }
  }
  Status assigned;
  if (Cooperative()) {
    ErrorPtr error(rd_kafka_incremental_assign(client_.get(), list));
    assigned = KafkaErrorStatus(error.get(), "taking the assigned partitions");
  } else {
    assigned =
        KafkaErrorStatus(rd_kafka_assign(client_.get(), list), "taking the assigned partitions");
  }
  if (!assigned.ok()) {
    SLUICE_LOG_ERROR(kKafkaLogger, assigned.message());
    if (deferred_error_.ok()) deferred_error_ = assigned;
    return;
  }
  // librdkafka remembers a pause across revocation; Kafka's consumer starts every newly assigned
  // partition unpaused. Then the pauses the listener asked for.
  rd_kafka_resume_partitions(client_.get(), list);
  if (!pending_pauses_.empty()) {
    PartitionListPtr paused = ToPartitionList(
        std::vector<TopicPartition>(pending_pauses_.begin(), pending_pauses_.end()));
    rd_kafka_pause_partitions(client_.get(), paused.get());
    pending_pauses_.clear();
  }
}

void KafkaConsumer::OnRevoke(rd_kafka_topic_partition_list_t* list) {
  const std::vector<TopicPartition> partitions = ToTopicPartitions(list);
  const bool lost = rd_kafka_assignment_lost(client_.get()) != 0;
  SLUICE_LOG_INFO(kKafkaLogger, "consumer " << rd_kafka_name(client_.get())
                                            << (lost ? " lost " : " revoked ") << partitions.size()
                                            << " partition(s)");
  // Before the partitions go, so that the listener can still commit their offsets.
  CallListener("OnPartitionsRevoked", [&] { listener_->OnPartitionsRevoked(partitions); });
  Status unassigned;
  if (Cooperative()) {
    ErrorPtr error(rd_kafka_incremental_unassign(client_.get(), list));
    unassigned = KafkaErrorStatus(error.get(), "giving up revoked partitions");
  } else {
    unassigned =
        KafkaErrorStatus(rd_kafka_assign(client_.get(), nullptr), "giving up revoked partitions");
  }
  if (!unassigned.ok()) SLUICE_LOG_ERROR(kKafkaLogger, unassigned.message());
  for (const TopicPartition& partition : partitions) {
    assignment_.erase(partition);
    pending_seeks_.erase(partition);
  }
}

void KafkaConsumer::OnRebalanceError(rd_kafka_resp_err_t err) {
  SLUICE_LOG_ERROR(kKafkaLogger, "consumer " << rd_kafka_name(client_.get())
                                             << " rebalance failed: " << rd_kafka_err2name(err)
                                             << ": " << rd_kafka_err2str(err));
  const std::vector<TopicPartition> revoked(assignment_.begin(), assignment_.end());
  if (!revoked.empty()) {
    CallListener("OnPartitionsRevoked", [&] { listener_->OnPartitionsRevoked(revoked); });
  }
  rd_kafka_assign(client_.get(), nullptr);
  assignment_.clear();
  pending_seeks_.clear();
}

}  // namespace sluice::transport::kafka
