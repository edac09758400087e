#include "hdfs-sink/storage_fence.h"

#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {

void StorageFence::Wake(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  ++epoch_;
  cutoff_ = now + grace_;
}

void StorageFence::Reopen(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  // Within the grace this may be the stop's own race (a Put begun just after the wake-up):
  // it keeps the cut-off.
  if (cutoff_ && now >= *cutoff_) cutoff_.reset();
}

void StorageFence::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  ++epoch_;
  closed_ = true;
}

bool StorageFence::Refused(Clock::time_point now) const {
  return closed_ || (cutoff_ && now >= *cutoff_);
}

StorageFence::Ticket StorageFence::Admit(const std::string& what, Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (Refused(now)) {
    throw StorageError(StorageErrorKind::kCancelled,
                       what + ": not sent, the task is " +
                           (closed_ ? "stopped" : "being stopped or paused by the worker"));
  }
  return Ticket{epoch_};
}

bool StorageFence::ShouldAbort(const Ticket& ticket, Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mu_);
  return ticket.epoch != epoch_ || Refused(now);
}

}  // namespace sluice::hdfs_sink
