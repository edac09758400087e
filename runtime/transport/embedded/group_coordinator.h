// Consumer groups inside this process: which members each group has, what they subscribed to, and
// which partitions each is assigned (range assignment over the members' subscriptions).
//
// A change of members, subscriptions or topics that changes the assignment starts a new
// generation and wakes every member. Members take part from their own Poll, as in Kafka's eager
// protocol: a member first releases everything it holds (after OnPartitionsRevoked), then
// acquires its new share once no other member still holds any of it (before
// OnPartitionsAssigned). So no partition is ever read by two members of a group at once; a
// member that stops polling holds on to its partitions until it polls or closes.
//
// Different groups are independent: nothing here makes one group wait for another.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "transport/embedded/range_assignor.h"
#include "transport/embedded/waiter.h"
#include "transport/transport.h"

namespace sluice::embedded {

class GroupCoordinator {
 public:
  // Either a list of topics or a pattern matched against whole topic names.
  struct Subscription {
    std::vector<std::string> topics;
    std::optional<std::regex> pattern;
  };
  struct Target {
    int64_t generation = 0;
    std::vector<transport::TopicPartition> partitions;
  };
  using PartitionCounts = std::function<std::map<std::string, int32_t>()>;

  // `partition_counts` lists the topics that exist now. It is called with this class's lock held,
  // so it must not call back into it.
  explicit GroupCoordinator(PartitionCounts partition_counts);

  // Adds a member (empty `member_id`) or changes a member's subscription. Returns the member id.
  std::string Join(const std::string& group, const std::string& member_id,
                   Subscription subscription, std::shared_ptr<Waiter> waiter);
  // Removes a member, releasing what it holds.
  void Leave(const std::string& group, const std::string& member_id);

  // The member's share in the group's current generation.
  Target TargetOf(const std::string& group, const std::string& member_id) const;
  // Takes the member's share of `generation` if that is still current and no other member holds
  // any of it. Returns whether it did.
  bool TryAcquire(const std::string& group, const std::string& member_id, int64_t generation);
  // Gives up every partition the member holds.
  void Release(const std::string& group, const std::string& member_id);

  // Topics were created or deleted: subscriptions (patterns especially) are evaluated again.
  void TopicsChanged();
  bool HasMembers(const std::string& group) const;

 private:
  struct Member {
    Subscription subscription;
    std::shared_ptr<Waiter> waiter;
  };
  struct Group {
    int64_t generation = 0;
    std::map<std::string, Member> members;  // by member id, which sorts in joining order
    GroupAssignment targets;
    std::map<transport::TopicPartition, std::string> owners;  // partition -> member holding it
  };

  // Recomputes the assignment; starts a new generation and wakes the members if it changed.
  void Rebalance(Group& group, const std::map<std::string, int32_t>& counts);
  static void WakeAll(const Group& group);

  const PartitionCounts partition_counts_;
  mutable std::mutex mu_;
  std::map<std::string, Group> groups_;
  uint64_t next_member_ = 0;
};

}  // namespace sluice::embedded
