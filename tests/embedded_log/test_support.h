// Helpers shared by the embedded log's tests: a temporary folder, a clock the test moves, a file
// writer that fails on command, and small record builders.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "transport/embedded/file_writer.h"
#include "transport/embedded/partition_log.h"
#include "transport/embedded/record_batch.h"
#include "transport/embedded/wall_clock.h"
#include "transport/transport.h"

namespace sluice::embedded::testing {

// A fresh folder under the system temp dir, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sluice-embedded-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Wall-clock time that only moves when the test says so.
class FakeClock {
 public:
  explicit FakeClock(int64_t start_ms = 1'700'000'000'000)
      : now_(std::make_shared<std::atomic<int64_t>>(start_ms)) {}
  WallClock fn() const {
    return [now = now_] { return now->load(); };
  }
  int64_t now() const { return now_->load(); }
  void Advance(int64_t ms) { *now_ += ms; }

 private:
  std::shared_ptr<std::atomic<int64_t>> now_;
};

// The real writer, counting syncs, except that while a fault is armed, writes to files whose name
// ends in `suffix` write only half of their bytes and then fail with ENOSPC, as a filling disk
// does. Truncation can be made to fail too.
class FaultyFileWriter : public FileWriter {
 public:
  void FailWrites(bool fail, std::string suffix = ".log") {
    std::lock_guard<std::mutex> lock(mu_);
    fail_writes_ = fail;
    suffix_ = std::move(suffix);
  }
  void FailTruncates(bool fail) { fail_truncates_ = fail; }
  int failed_writes() const { return failed_writes_; }
  int syncs() const { return syncs_; }

  Status WriteAt(int fd, std::string_view data, uint64_t offset, const std::string& path) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (fail_writes_ && path.ends_with(suffix_)) {
        ++failed_writes_;
        (void)real_->WriteAt(fd, data.substr(0, data.size() / 2), offset, path);
        return Status::IoError("cannot write " + std::to_string(data.size()) + " bytes to " + path +
                               ": " + std::strerror(ENOSPC));
      }
    }
    return real_->WriteAt(fd, data, offset, path);
  }
  Status Sync(int fd, const std::string& path) override {
    ++syncs_;
    return real_->Sync(fd, path);
  }
  Status Truncate(int fd, uint64_t size, const std::string& path) override {
    if (fail_truncates_) return Status::IoError("cannot truncate " + path + ": injected");
    return real_->Truncate(fd, size, path);
  }

 private:
  std::shared_ptr<FileWriter> real_ = PosixFileWriter();
  std::mutex mu_;
  bool fail_writes_ = false;
  std::string suffix_ = ".log";
  std::atomic<bool> fail_truncates_{false};
  std::atomic<int> failed_writes_{0};
  std::atomic<int> syncs_{0};
};

// "<prefix><n>", built by appending: GCC 12 at -O2 warns falsely about `"v" + std::to_string(n)`
// (-Wrestrict, GCC bug 105651).
inline std::string WithNumber(std::string prefix, int64_t n) {
  prefix += std::to_string(n);
  return prefix;
}

// A batch of `count` records with values "<prefix><i>" and keys "k<i>".
inline SealedBatch MakeBatch(int count, const std::string& prefix, int64_t timestamp_ms,
                             int64_t append_time_ms) {
  RecordBatchBuilder builder;
  for (int i = 0; i < count; ++i) {
    builder.Add(timestamp_ms + i, WithNumber("k", i), WithNumber(prefix, i), {});
  }
  return builder.Seal(append_time_ms);
}

// Every record from `from` to the end of the log.
inline std::vector<transport::ConsumedRecord> ReadAll(const PartitionLog& log, int64_t from = -1) {
  transport::ConsumedRecords out;
  int64_t offset = from < 0 ? log.StartOffset() : from;
  while (offset < log.EndOffset()) {
    auto read = log.Read(offset, 64 * 1024, &out);
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    if (!read.ok() || read->out_of_range || read->next_offset == offset) break;
    offset = read->next_offset;
  }
  return {out.begin(), out.end()};
}

inline std::vector<std::string> Values(const std::vector<transport::ConsumedRecord>& records) {
  std::vector<std::string> values;
  for (const auto& r : records) values.push_back(r.value.value_or("<null>"));
  return values;
}

}  // namespace sluice::embedded::testing
