#include "transport/embedded/range_assignor.h"

#include <algorithm>

namespace sluice::embedded {

GroupAssignment RangeAssign(const std::map<std::string, std::set<std::string>>& subscriptions,
                            const std::map<std::string, int32_t>& partition_counts) {
  GroupAssignment assignment;
  std::map<std::string, std::vector<std::string>> members_by_topic;  // members sorted by id
  for (const auto& [member, topics] : subscriptions) {
    assignment[member];
    for (const auto& topic : topics) members_by_topic[topic].push_back(member);
  }
  for (const auto& [topic, members] : members_by_topic) {
    auto count = partition_counts.find(topic);
    if (count == partition_counts.end()) continue;
    const int32_t partitions = count->second;
    const auto n = static_cast<int32_t>(members.size());
    const int32_t per_member = partitions / n;
    const int32_t with_extra = partitions % n;
    for (int32_t i = 0; i < n; ++i) {
      const int32_t start = per_member * i + std::min(i, with_extra);
      const int32_t length = per_member + (i < with_extra ? 1 : 0);
      auto& mine = assignment[members[i]];
      for (int32_t p = start; p < start + length; ++p) mine.push_back({topic, p});
    }
  }
  for (auto& [member, partitions] : assignment) std::sort(partitions.begin(), partitions.end());
  return assignment;
}

}  // namespace sluice::embedded
