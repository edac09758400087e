// Reads one topic for a client (TopicService.Consume) without disturbing anyone else: it consumes
// in a consumer group of its own ("sluicectl-<random>"), seeks each partition to the requested
// start when the partition is assigned, and never commits.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::rpc {

class TopicReader final : private transport::RebalanceListener {
 public:
  enum class Start { kBeginning, kEnd, kOffset };
  struct Options {
    std::string topic;
    std::vector<int32_t> partitions;  // empty: every partition
    Start start = Start::kEnd;
    int64_t offset = 0;  // with kOffset
    // false: stop at the end offsets the partitions had when Run began.
    bool follow = false;
    int64_t max_records = 0;  // 0: no limit
  };

  // Receives each record in offset order per partition; returns false when the client is gone.
  using Emit = std::function<bool(const transport::ConsumedRecord&)>;
  // Asked between polls: true once the client or the server gave up on the read.
  using Cancelled = std::function<bool()>;

  TopicReader(transport::Transport& transport, Options options)
      : transport_(transport), options_(std::move(options)) {}

  // kNotFound for a missing topic, kInvalidArgument for a partition the topic does not have or a
  // negative offset or limit, kCancelled when the read was given up; OK once done.
  Status Run(const Emit& emit, const Cancelled& cancelled);

 private:
  struct Progress {
    int64_t next_offset = 0;  // the next record to pass on; earlier ones are skipped
    int64_t end_offset = 0;   // where a read that does not follow stops
  };

  // Fills progress_ from the topic's description.
  Status Plan();
  bool CaughtUp() const;
  // Passes the records on; sets *done once `max_records` were passed.
  Status Forward(const std::vector<transport::ConsumedRecord>& records, const Emit& emit,
                 bool* done);

  void OnPartitionsAssigned(const std::vector<transport::TopicPartition>& partitions) override;
  void OnPartitionsRevoked(const std::vector<transport::TopicPartition>&) override {}

  transport::Transport& transport_;
  const Options options_;
  std::map<int32_t, Progress> progress_;  // the partitions read
  transport::Consumer* consumer_ = nullptr;
  bool assigned_ = false;
  Status assignment_status_;  // the first failure to seek or pause inside the listener
  int64_t forwarded_ = 0;
};

}  // namespace sluice::rpc
