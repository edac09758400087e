#include "transport/kafka/partition_list.h"

#include <string>

#include "transport/kafka/kafka_error.h"

namespace sluice::transport::kafka {
namespace {

TopicPartition ToTopicPartition(const rd_kafka_topic_partition_t& element) {
  return TopicPartition{element.topic, element.partition};
}

}  // namespace

PartitionListPtr ToPartitionList(const std::vector<TopicPartition>& partitions) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (const TopicPartition& tp : partitions) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
  }
  return list;
}

PartitionListPtr ToPartitionList(const OffsetMap& offsets) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [tp, offset] : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
  }
  return list;
}

std::vector<TopicPartition> ToTopicPartitions(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> partitions;
  if (list == nullptr) return partitions;
  partitions.reserve(list->cnt);
  for (int i = 0; i < list->cnt; ++i) partitions.push_back(ToTopicPartition(list->elems[i]));
  return partitions;
}

OffsetMap ToOffsetMap(const rd_kafka_topic_partition_list_t* list) {
  OffsetMap offsets;
  if (list == nullptr) return offsets;
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& element = list->elems[i];
    if (element.offset >= 0) offsets[ToTopicPartition(element)] = element.offset;
  }
  return offsets;
}

Status FirstPartitionError(const rd_kafka_topic_partition_list_t* list, std::string_view context) {
  if (list == nullptr) return Status::OK();
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& element = list->elems[i];
    if (element.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return KafkaErrorStatus(
          element.err, std::string(context) + " for " + ToTopicPartition(element).ToString());
    }
  }
  return Status::OK();
}

}  // namespace sluice::transport::kafka
