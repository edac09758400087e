// Kafka's RangeAssignor: for each topic, its partitions are cut into contiguous ranges, one per
// member subscribed to it, members taken in member-id order; the first (partitions % members)
// members get one partition more.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "transport/transport.h"

namespace sluice::embedded {

// member id -> its partitions (every member appears, possibly with none).
using GroupAssignment = std::map<std::string, std::vector<transport::TopicPartition>>;

// `subscriptions`: member id -> topics it reads; `partition_counts`: topic -> partitions. Topics
// missing from `partition_counts` are skipped.
GroupAssignment RangeAssign(const std::map<std::string, std::set<std::string>>& subscriptions,
                            const std::map<std::string, int32_t>& partition_counts);

}  // namespace sluice::embedded
