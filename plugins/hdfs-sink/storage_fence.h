// Keeps a task that the worker is stopping off HDFS once the worker may have given up on it.
//
// The worker wakes a task to stop it (or to pause it) and abandons its thread when it has not
// stopped within task.shutdown.graceful.timeout.ms; it may then start a new instance, whose
// recovery reads the committed files. A request of the old instance that finished after that
// (a RENAME above all) would commit a file the new instance is writing again: two files for the
// same offsets. So on a wake-up the requests in flight are aborted at once, and requests are
// allowed for a short grace only (closing files at a graceful stop), cut off when it ends and
// refused after it. A Put that begins once the grace is over opens the fence again: the wake-up
// was for a pause, since a stopping task gets no more records. Stop closes it for good.
//
// A request the server received before it was aborted may still be carried out there; what
// the fence guarantees is that the task sends nothing after the grace and returns promptly.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace sluice::hdfs_sink {

class StorageFence {
 public:
  using Clock = std::chrono::steady_clock;

  // A request admitted by the fence; it is aborted when the fence says so.
  struct Ticket {
    uint64_t epoch = 0;
  };

  explicit StorageFence(std::chrono::milliseconds grace) : grace_(grace) {}

  // The worker woke the task: aborts the requests in flight; later ones may run until
  // now + grace.
  void Wake(Clock::time_point now = Clock::now());
  // A Put began: reopens the fence when the grace after the last wake-up is over.
  void Reopen(Clock::time_point now = Clock::now());
  // The task stopped: every request from now on is refused, every one in flight aborted.
  void Close();

  // Admits a request, or throws StorageError (kCancelled) naming `what` when it may not start.
  Ticket Admit(const std::string& what, Clock::time_point now = Clock::now()) const;
  // Whether a request admitted with `ticket` must be aborted now.
  bool ShouldAbort(const Ticket& ticket, Clock::time_point now = Clock::now()) const;

 private:
  bool Refused(Clock::time_point now) const;  // needs mu_

  const std::chrono::milliseconds grace_;
  mutable std::mutex mu_;
  uint64_t epoch_ = 0;  // one per wake-up: tickets of earlier epochs are aborted
  std::optional<Clock::time_point> cutoff_;
  bool closed_ = false;
};

}  // namespace sluice::hdfs_sink
