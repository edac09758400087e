#include "hdfs-sink/retrying_storage.h"

#include <algorithm>

namespace sluice::hdfs_sink {

RetryingStorage::RetryingStorage(std::unique_ptr<Storage> inner, RetryPolicy policy,
                                 std::shared_ptr<BackoffSleeper> sleeper, WarningSink warn)
    : inner_(std::move(inner)),
      policy_(policy),
      sleeper_(std::move(sleeper)),
      warn_(std::move(warn)) {}

template <typename Fn>
auto RetryingStorage::Retry(bool idempotent, Fn&& fn) -> decltype(fn()) {
  std::chrono::milliseconds backoff = policy_.initial_backoff;
  for (int attempt = 0;; ++attempt) {
    try {
      return fn();
    } catch (const StorageError& e) {
      const bool retriable = e.transient() && (idempotent || !e.may_have_applied());
      if (!retriable || attempt >= policy_.max_retries || sleeper_->cancelled()) throw;
      if (warn_) {
        warn_(std::string(e.what()) + "; retry " + std::to_string(attempt + 1) + " of " +
              std::to_string(policy_.max_retries) + " in " + std::to_string(backoff.count()) +
              " ms");
      }
      if (!sleeper_->SleepFor(backoff)) throw;  // the task is being stopped or woken
      backoff = std::min(backoff * 2, std::max(policy_.max_backoff, policy_.initial_backoff));
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
