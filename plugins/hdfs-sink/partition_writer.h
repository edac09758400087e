// Writes the records of one Kafka topic-partition into files, commits them, and says which
// offsets are safe: Confluent's TopicPartitionWriter.
//
// Records go to one temporary file per directory the partitioner picks. A rotation closes all of
// the partition's open files at once and commits them (renames each to its final name, through
// the commit log when there are several; see commit_log.h). Rotation happens when the partition
// has flush.size records open, when a file reaches flush.file.size bytes, when a record's time
// is rotate.interval.ms past the first open record's, and when the wall clock reaches the next
// multiple of rotate.schedule.interval.ms (from midnight in `timezone`) after the first open
// record arrived.
//
// The committed files are the truth about progress: the committed offset is the offset after
// the largest end offset in their names, and recovery rebuilds it from them. Writes are
// resumable: after a StorageError, repeating the same Write continues where the failed one
// stopped (records already taken are recognised by offset and skipped).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hdfs-sink/file_encoder.h"
#include "hdfs-sink/file_layout.h"
#include "hdfs-sink/outage_clock.h"
#include "hdfs-sink/partitioner.h"
#include "hdfs-sink/record_format.h"
#include "hdfs-sink/storage.h"
#include "hdfs-sink/temp_file.h"
#include "hdfs-sink/timestamp_extractor.h"
#include "hdfs-sink/zone_rules.h"
#include "sluice/sdk.h"

namespace sluice::hdfs_sink {

struct RotationPolicy {
  int64_t flush_size = 1000;                 // records per commit
  int64_t flush_file_size = 0;               // bytes in one file; 0: no limit
  int64_t rotate_interval_ms = -1;           // record time; -1: off
  int64_t rotate_schedule_interval_ms = -1;  // wall clock; -1: off
};

// What every partition writer of a task shares. The pointers outlive the writers.
struct WriterEnvironment {
  Storage* storage = nullptr;
  const FileLayout* layout = nullptr;
  const Partitioner* partitioner = nullptr;
  const TimestampExtractor* timestamps = nullptr;
  const RecordFormat* format = nullptr;
  Compression compression = Compression::kNone;
  RotationPolicy rotation;
  ZoneRules zone;  // aligns rotate.schedule.interval.ms
  size_t write_buffer_bytes = 1 << 20;
  const OutageClock* outage = nullptr;  // how long the timer waits to retry a failed commit
  std::function<void(const std::string&)> warn;
};

class PartitionWriter {
 public:
  PartitionWriter(std::string topic, int32_t partition, const WriterEnvironment& env);

  // Makes the partition's files consistent after whatever happened before (a crash, another
  // task owning it): finishes a logged commit, deletes temporary files, and reads the committed
  // offset from the committed file names. Throws StorageError; may be called again.
  void Recover();
  bool recovered() const { return recovered_; }

  // The offset after the last committed record; nullopt when nothing was ever committed.
  std::optional<int64_t> committed_offset() const { return committed_offset_; }

  // Writes one record, rotating as the policy says. A record below the next expected offset
  // was written already and is ignored. Throws RecordError (nothing written) and StorageError
  // (the record may be taken; repeat the call to go on).
  void Write(const sdk::SinkRecord& record, int64_t now_ms);

  // Commits the open files when their scheduled time has come, and retries a commit that
  // failed. Returns whether a commit completed. Throws StorageError.
  bool OnTimer(int64_t now_ms);
  // When OnTimer next has work to do; nullopt when never.
  std::optional<int64_t> NextTimerMs() const;

  // Set when records already taken were lost before being committed (a temporary file
  // vanished or was cut short): the offset to consume again from. Reading clears it.
  std::optional<int64_t> TakeRewind();

  // Gives the partition up: completes a commit under way if possible and deletes the open
  // temporary files (their records are consumed again by the next owner). Never throws.
  void Close();

 private:
  struct OpenFile {
    std::unique_ptr<TempFile> temp;
    std::string directory;
    int64_t start_offset = 0;
    int64_t end_offset = 0;
  };
  struct PendingCommit {
    std::vector<OpenFile> files;
    std::vector<bool> renamed;
    bool logged = false;
  };

  OpenFile& FileFor(const std::string& encoded_partition, int64_t offset);
  bool RotationDueBefore(int64_t timestamp_ms, int64_t now_ms) const;
  void RotateAndCommit();
  void FinishPendingCommit();
  void CommitFile(const OpenFile& file);
  void EnsureDirectory(const std::string& dir);
  void UploadOrLose(OpenFile& file);
  void LoseUncommitted(const std::string& reason);
  void ReplayCommitLog();
  std::optional<int64_t> ScanCommittedOffset(const std::string& dir);
  std::string CommittedPath(const OpenFile& file) const;
  void Warn(const std::string& message) const;

  const std::string topic_;
  const int32_t partition_;
  const WriterEnvironment& env_;

  bool recovered_ = false;
  std::optional<int64_t> committed_offset_;
  std::optional<int64_t> next_offset_;  // below it, records were taken already
  std::optional<int64_t> rewind_to_;

  std::map<std::string, OpenFile> open_;  // by encoded partition
  int64_t open_records_ = 0;
  std::optional<int64_t> first_open_timestamp_;   // for rotate.interval.ms
  std::optional<int64_t> scheduled_rotation_ms_;  // for rotate.schedule.interval.ms
  std::optional<PendingCommit> pending_;
  std::optional<int64_t> retry_commit_at_ms_;
  std::set<std::string> known_directories_;
};

}  // namespace sluice::hdfs_sink
