// The journal that makes a transactional producer's commit state (an exactly-once source task's
// source offsets) durable together with the records it describes.
//
// Before the producer appends a batch, it writes an entry naming the batch (partition, base
// offset, CRC) with the commit state as of the batch's last record; then it appends the batch.
// Batches of one producer are appended one after another in the order their records were sent,
// so after a crash the batches that reached the log are a prefix of that order, and the state of
// the newest entry whose batch is in the log covers exactly the records that are there: nothing
// to read again, nothing skipped. A state that changes while nothing waits to be appended (a
// dropped record) gets an entry naming the last batch appended.
//
// Entries: uint32 length, uint32 CRC32C of the payload, payload (topic, partition, base offset,
// batch CRC, state as a count and key/value strings). A torn last entry is ignored. The file is
// rewritten with just its last entry once it grows past a limit (after that entry's batch is in
// the log).
//
// Durable across process crashes as soon as written (the page cache survives them); across a power
// loss as far as the log itself is, with the same flush policy (log.flush.interval.*).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/status.h"
#include "transport/embedded/posix_file.h"
#include "transport/transport.h"

namespace sluice::embedded {

struct JournalEntry {
  transport::TopicPartition partition;
  int64_t base_offset = 0;
  uint32_t batch_crc = 0;
  transport::CommitState state;
};

class ProducerStateJournal {
 public:
  // Opens (creating the folder and file) for appending; `truncate` starts it empty.
  static Result<std::unique_ptr<ProducerStateJournal>> Open(const std::string& path, bool truncate);

  // Written before the batch it names is appended.
  Status Append(const JournalEntry& entry);
  // Called once the batch of the last appended entry is in the log: compacts when too large.
  Status BatchAppended();

  const std::string& path() const { return path_; }

  // Every whole entry of the journal at `path`, oldest first (none when there is no file).
  static Result<std::vector<JournalEntry>> ReadAll(const std::string& path);

  // The state of the newest entry whose batch `in_log` finds in the log, if any.
  using BatchInLog = std::function<bool(const JournalEntry&)>;
  static Result<std::optional<transport::CommitState>> Recover(const std::string& path,
                                                               const BatchInLog& in_log);

 private:
  ProducerStateJournal(std::string path, UniqueFd fd, uint64_t size)
      : path_(std::move(path)), fd_(std::move(fd)), size_(size) {}

  std::string path_;
  UniqueFd fd_;
  uint64_t size_ = 0;
  std::string last_entry_;  // encoded, for compaction
};

// The journal file of the producer with `transactional_id` under the log directory.
std::string ProducerStateJournalPath(const std::string& log_dir,
                                     const std::string& transactional_id);

}  // namespace sluice::embedded
