// A Storage that retries the transient failures of another (a lease held by a dying writer, a
// standby or safe-mode namenode, a 5xx, a node that does not answer) up to max_retries times per
// call, logging each reason, before giving the error to its caller. Every failure counts on the
// task's OutageClock, which sets the wait (growing over the whole outage, not per call) and ends
// the retries once the outage outlasted hdfs.retry.timeout.ms. Permanent failures pass at once.
//
// An Append is retried only when the failed attempt cannot have written anything: appending the
// same bytes twice would corrupt the file. TempFile settles the other case by the file's length.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "hdfs-sink/backoff_sleeper.h"
#include "hdfs-sink/outage_clock.h"
#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {

class RetryingStorage : public Storage {
 public:
  using WarningSink = std::function<void(const std::string&)>;

  RetryingStorage(std::unique_ptr<Storage> inner, std::shared_ptr<OutageClock> outage,
                  std::shared_ptr<BackoffSleeper> sleeper, WarningSink warn);

  std::string Describe() const override { return inner_->Describe(); }
  void Create(const std::string& path, std::string_view data, bool overwrite) override;
  void Append(const std::string& path, std::string_view data) override;
  bool Rename(const std::string& from, const std::string& to) override;
  void MakeDirectories(const std::string& path) override;
  bool Delete(const std::string& path, bool recursive) override;
  std::optional<FileStatus> GetFileStatus(const std::string& path) override;
  std::vector<FileStatus> ListStatus(const std::string& path) override;
  std::string Read(const std::string& path) override;

 private:
  template <typename Fn>
  auto Retry(bool idempotent, Fn&& fn) -> decltype(fn());

  std::unique_ptr<Storage> inner_;
  std::shared_ptr<OutageClock> outage_;
  std::shared_ptr<BackoffSleeper> sleeper_;
  WarningSink warn_;
};

}  // namespace sluice::hdfs_sink
