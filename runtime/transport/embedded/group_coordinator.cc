#include "transport/embedded/group_coordinator.h"

#include <cstdio>

namespace sluice::embedded {

GroupCoordinator::GroupCoordinator(PartitionCounts partition_counts)
    : partition_counts_(std::move(partition_counts)) {}

void GroupCoordinator::WakeAll(const Group& group) {
  for (const auto& [id, member] : group.members) member.waiter->Notify();
}

void GroupCoordinator::Rebalance(Group& group, const std::map<std::string, int32_t>& counts) {
  std::map<std::string, std::set<std::string>> subscriptions;
  for (const auto& [id, member] : group.members) {
    auto& topics = subscriptions[id];
    const Subscription& s = member.subscription;
    if (s.pattern) {
      for (const auto& [topic, n] : counts) {
        if (std::regex_match(topic, *s.pattern)) topics.insert(topic);
      }
    } else {
      topics.insert(s.topics.begin(), s.topics.end());
    }
  }
  GroupAssignment targets = RangeAssign(subscriptions, counts);
  if (targets == group.targets) return;
  group.targets = std::move(targets);
  ++group.generation;
  WakeAll(group);
}

std::string GroupCoordinator::Join(const std::string& group_id, const std::string& member_id,
                                   Subscription subscription, std::shared_ptr<Waiter> waiter) {
  std::lock_guard<std::mutex> lock(mu_);
  // Read under the lock, so that a rebalance never works from topics older than the last one's.
  const auto counts = partition_counts_();
  std::string id = member_id;
  if (id.empty()) {
    char buf[32];  // zero-padded so that ids sort in joining order, as the assignor wants
    std::snprintf(buf, sizeof(buf), "member-%012llu",
                  static_cast<unsigned long long>(++next_member_));
    id = buf;
  }
  Group& group = groups_[group_id];
  group.members[id] = Member{std::move(subscription), std::move(waiter)};
  Rebalance(group, counts);
  return id;
}

void GroupCoordinator::Leave(const std::string& group_id, const std::string& member_id) {
  std::lock_guard<std::mutex> lock(mu_);
  // Read under the lock, so that a rebalance never works from topics older than the last one's.
  const auto counts = partition_counts_();
  auto it = groups_.find(group_id);
  if (it == groups_.end()) return;
  Group& group = it->second;
  std::erase_if(group.owners, [&](const auto& entry) { return entry.second == member_id; });
  group.members.erase(member_id);
  group.targets.erase(member_id);
  if (group.members.empty()) {
    groups_.erase(it);
    return;
  }
  Rebalance(group, counts);
  WakeAll(group);  // partitions were freed even if the assignment is unchanged
}

GroupCoordinator::Target GroupCoordinator::TargetOf(const std::string& group_id,
                                                    const std::string& member_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group_id);
  if (it == groups_.end()) return {};
  auto target = it->second.targets.find(member_id);
  if (target == it->second.targets.end()) return {it->second.generation, {}};
  return {it->second.generation, target->second};
}

bool GroupCoordinator::TryAcquire(const std::string& group_id, const std::string& member_id,
                                  int64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group_id);
  if (it == groups_.end() || it->second.generation != generation) return false;
  Group& group = it->second;
  const auto& mine = group.targets[member_id];
  for (const auto& tp : mine) {
    auto owner = group.owners.find(tp);
    if (owner != group.owners.end() && owner->second != member_id) return false;
  }
  for (const auto& tp : mine) group.owners[tp] = member_id;
  return true;
}

void GroupCoordinator::Release(const std::string& group_id, const std::string& member_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group_id);
  if (it == groups_.end()) return;
  std::erase_if(it->second.owners, [&](const auto& entry) { return entry.second == member_id; });
  WakeAll(it->second);  // members waiting for these partitions may go ahead
}

void GroupCoordinator::TopicsChanged() {
  std::lock_guard<std::mutex> lock(mu_);
  // Read under the lock, so that a rebalance never works from topics older than the last one's.
  const auto counts = partition_counts_();
  for (auto& [id, group] : groups_) Rebalance(group, counts);
}

bool GroupCoordinator::HasMembers(const std::string& group_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group_id);
  return it != groups_.end() && !it->second.members.empty();
}

}  // namespace sluice::embedded
