#include "hdfs-sink/retrying_storage.h"

#include <type_traits>

namespace sluice::hdfs_sink {

RetryingStorage::RetryingStorage(std::unique_ptr<Storage> inner,
                                 std::shared_ptr<OutageClock> outage,
                                 std::shared_ptr<BackoffSleeper> sleeper, WarningSink warn)
    : inner_(std::move(inner)),
      outage_(std::move(outage)),
      sleeper_(std::move(sleeper)),
      warn_(std::move(warn)) {}

template <typename Fn>
auto RetryingStorage::Retry(bool idempotent, Fn&& fn) -> decltype(fn()) {
  const RetryPolicy& policy = outage_->policy();
  for (int attempt = 0;; ++attempt) {
    try {
      if constexpr (std::is_void_v<decltype(fn())>) {
        fn();
        outage_->Succeeded();
        return;
      } else {
        auto result = fn();
        outage_->Succeeded();
        return result;
      }
    } catch (const StorageError& e) {
      if (!e.transient()) throw;
      const std::chrono::milliseconds wait = outage_->Failed();
      const bool retriable = idempotent || !e.may_have_applied();
      if (!retriable || attempt >= policy.max_retries || outage_->Exhausted() ||
          sleeper_->cancelled()) {
        throw;
      }
      if (warn_) {
        const auto failing = outage_->Elapsed().value_or(std::chrono::milliseconds(0));
        warn_(std::string(e.what()) + "; retry " + std::to_string(attempt + 1) + " of " +
              std::to_string(policy.max_retries) + " in " + std::to_string(wait.count()) +
              " ms (failing for " + std::to_string(failing.count()) +
              " ms; the task fails after hdfs.retry.timeout.ms=" +
              std::to_string(policy.give_up_after.count()) + ")");
      }
      if (!sleeper_->SleepFor(wait)) throw;  // the task is being stopped or woken
    }
  }
}

void RetryingStorage::Create(const std::string& path, std::string_view data, bool overwrite) {
  // Without overwrite, a retry after a lost answer finds the file and says so: let the caller
  // judge that.
  Retry(overwrite, [&] { inner_->Create(path, data, overwrite); });
}

void RetryingStorage::Append(const std::string& path, std::string_view data) {
  Retry(false, [&] { inner_->Append(path, data); });
}

bool RetryingStorage::Rename(const std::string& from, const std::string& to) {
  // A retry of a rename that was applied answers false; the caller checks what happened.
  return Retry(true, [&] { return inner_->Rename(from, to); });
}

void RetryingStorage::MakeDirectories(const std::string& path) {
  Retry(true, [&] { inner_->MakeDirectories(path); });
}

bool RetryingStorage::Delete(const std::string& path, bool recursive) {
  return Retry(true, [&] { return inner_->Delete(path, recursive); });
}

std::optional<FileStatus> RetryingStorage::GetFileStatus(const std::string& path) {
  return Retry(true, [&] { return inner_->GetFileStatus(path); });
}

std::vector<FileStatus> RetryingStorage::ListStatus(const std::string& path) {
  return Retry(true, [&] { return inner_->ListStatus(path); });
}

std::string RetryingStorage::Read(const std::string& path) {
  return Retry(true, [&] { return inner_->Read(path); });
}

}  // namespace sluice::hdfs_sink
