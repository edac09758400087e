// Conversions between Sluice's partitions/offsets and librdkafka's topic-partition lists.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string_view>
#include <vector>

#include "common/status.h"
#include "transport/kafka/rdkafka_handles.h"
#include "transport/transport.h"

namespace sluice::transport::kafka {

PartitionListPtr ToPartitionList(const std::vector<TopicPartition>& partitions);
// Each partition with its offset (the next offset to read).
PartitionListPtr ToPartitionList(const OffsetMap& offsets);

std::vector<TopicPartition> ToTopicPartitions(const rd_kafka_topic_partition_list_t* list);
// Partitions that have a real offset; librdkafka's logical offsets (e.g. "no committed offset",
// RD_KAFKA_OFFSET_INVALID) are left out, as Kafka's Java client returns null for them.
OffsetMap ToOffsetMap(const rd_kafka_topic_partition_list_t* list);

// The first per-partition error in `list` as "<context> for <topic-partition>: ...", else OK.
Status FirstPartitionError(const rd_kafka_topic_partition_list_t* list, std::string_view context);

}  // namespace sluice::transport::kafka
