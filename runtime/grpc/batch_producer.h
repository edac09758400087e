// Writes a client's batch of records through one Producer, created on first use, and waits for the
// acknowledgement of every record.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::rpc {

class BatchProducer {
 public:
  explicit BatchProducer(transport::Transport& transport) : transport_(transport) {}

  // The partition and offset of each record, in order. If a record is refused or not acknowledged
  // within `timeout`, returns the first such failure, naming the record; records before it (and
  // possibly after it) may have been written.
  Result<std::vector<transport::DeliveryReport>> ProduceAll(
      std::vector<transport::ProducerRecord> records, std::chrono::milliseconds timeout);

 private:
  transport::Transport& transport_;
  // One batch at a time: the producer is shared, and a batch's deadline covers its own records.
  std::mutex mutex_;
  std::unique_ptr<transport::Producer> producer_;
};

}  // namespace sluice::rpc
