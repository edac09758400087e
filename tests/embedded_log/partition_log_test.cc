// One partition's log: rolling, recovery at open, retention, the flush policy, write errors.
#include "transport/embedded/partition_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace sluice::embedded {
namespace {

namespace fs = std::filesystem;
using testing::FakeClock;
using testing::FaultyFileWriter;
using testing::MakeBatch;
using testing::ReadAll;
using testing::TempDir;
using testing::Values;
using testing::WithNumber;

class PartitionLogTest : public ::testing::Test {
 protected:
  std::shared_ptr<PartitionLog> Open(LogConfig config = {}) {
    PartitionLog::Options options;
    options.dir = dir_ / "orders-0";
    options.id.topic = "orders";
    options.config = config;
    options.writer = writer_;
    options.clock = clock_.fn();
    auto log = PartitionLog::Open(std::move(options));
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? *log : nullptr;
  }

  // Appends `batches` batches of `per_batch` records with values "<b>-<i>".
  void AppendBatches(PartitionLog& log, int batches, int per_batch = 3, int first = 0) {
    for (int b = first; b < first + batches; ++b) {
      SealedBatch batch = MakeBatch(per_batch, std::to_string(b) + "-", clock_.now(), clock_.now());
      auto offset = log.Append(&batch);
      ASSERT_TRUE(offset.ok()) << offset.status().ToString();
    }
  }

  std::vector<std::string> SegmentFiles(const std::string& extension = ".log") const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_.path() + "/orders-0")) {
      if (e.path().extension() == extension) names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string ActiveLogFile() const { return dir_.path() + "/orders-0/" + SegmentFiles().back(); }

  static std::vector<std::string> ExpectedValues(int batches, int per_batch = 3, int first = 0) {
    std::vector<std::string> values;
    for (int b = first; b < first + batches; ++b) {
      const std::string batch_prefix = WithNumber("", b) + "-";
      for (int i = 0; i < per_batch; ++i) values.push_back(WithNumber(batch_prefix, i));
    }
    return values;
  }

  TempDir dir_;
  FakeClock clock_;
  std::shared_ptr<FaultyFileWriter> writer_ = std::make_shared<FaultyFileWriter>();
};

TEST_F(PartitionLogTest, AppendsGetConsecutiveOffsetsAndReadBack) {
  auto log = Open();
  EXPECT_EQ(log->StartOffset(), 0);
  EXPECT_EQ(log->EndOffset(), 0);
  for (int b = 0; b < 4; ++b) {
    SealedBatch batch = MakeBatch(3, std::to_string(b) + "-", 1000, clock_.now());
    auto offset = log->Append(&batch);
    ASSERT_TRUE(offset.ok());
    EXPECT_EQ(*offset, b * 3);
  }
  EXPECT_EQ(log->EndOffset(), 12);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(4));
  auto from_middle = ReadAll(*log, 7);
  ASSERT_EQ(from_middle.size(), 5u);
  EXPECT_EQ(from_middle.front().offset, 7);
  EXPECT_EQ(from_middle.front().value, "2-1");
  EXPECT_EQ(from_middle.front().key, "k1");

  transport::ConsumedRecords none;
  auto at_end = log->Read(12, 1024, &none);
  ASSERT_TRUE(at_end.ok());
  EXPECT_FALSE(at_end->out_of_range);
  EXPECT_TRUE(none.empty());
  auto past_end = log->Read(13, 1024, &none);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->out_of_range);
}

TEST_F(PartitionLogTest, RollsBySegmentBytesAndReadsAcrossSegments) {
  LogConfig config;
  config.segment_bytes = 1000;
  config.index_interval_bytes = 200;
  auto log = Open(config);
  AppendBatches(*log, 60);
  const auto logs = SegmentFiles(".log");
  ASSERT_GT(logs.size(), 3u);
  EXPECT_EQ(SegmentFiles(".index").size(), logs.size());
  EXPECT_EQ(logs.front(), "00000000000000000000.log");
  for (const auto& name : logs) {
    EXPECT_LE(fs::file_size(dir_.path() + "/orders-0/" + name), 1000u) << name;
  }
  // The second segment starts where the first ended.
  transport::ConsumedRecords out;
  const int64_t second_base = std::stoll(logs[1].substr(0, 20));
  ASSERT_TRUE(log->Read(second_base, 1, &out).ok());
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.front().offset, second_base);

  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(60));
  auto from_middle = ReadAll(*log, 101);
  ASSERT_EQ(from_middle.size(), 180u - 101);
  EXPECT_EQ(from_middle.front().offset, 101);
  EXPECT_EQ(from_middle.front().value, "33-2");
  EXPECT_EQ(log->Describe().size_bytes, static_cast<int64_t>([&] {
              uint64_t total = 0;
              for (const auto& name : logs)
                total += fs::file_size(dir_.path() + "/orders-0/" + name);
              return total;
            }()));
}

TEST_F(PartitionLogTest, RollsBySegmentAge) {
  LogConfig config;
  config.segment_ms = 60'000;
  auto log = Open(config);
  AppendBatches(*log, 2);
  clock_.Advance(59'000);
  AppendBatches(*log, 1, 3, 2);
  EXPECT_EQ(SegmentFiles().size(), 1u);
  clock_.Advance(1'000);  // the first batch is now 60 s old
  AppendBatches(*log, 1, 3, 3);
  EXPECT_EQ(SegmentFiles(),
            (std::vector<std::string>{"00000000000000000000.log", "00000000000000000009.log"}));
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(4));
}

TEST_F(PartitionLogTest, ReopenKeepsEverythingAndContinuesOffsets) {
  LogConfig config;
  config.segment_bytes = 700;
  {
    auto log = Open(config);
    AppendBatches(*log, 30);
  }
  auto log = Open(config);
  EXPECT_EQ(log->EndOffset(), 90);
  AppendBatches(*log, 5, 3, 30);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(35));
}

TEST_F(PartitionLogTest, RecoveryCutsABatchTornMidWrite) {
  {
    auto log = Open();
    AppendBatches(*log, 10);
  }
  const std::string file = ActiveLogFile();
  fs::resize_file(file, fs::file_size(file) - 7);  // the last batch lost its end

  ::testing::internal::CaptureStderr();
  auto log = Open();
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("WARN"), std::string::npos) << logged;
  EXPECT_NE(logged.find("incomplete batch"), std::string::npos) << logged;
  EXPECT_NE(logged.find("dropping"), std::string::npos) << logged;

  EXPECT_EQ(log->EndOffset(), 27);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(9));
  // The torn bytes are gone from the file and new appends continue the offsets.
  AppendBatches(*log, 1, 3, 100);
  auto all = ReadAll(*log);
  ASSERT_EQ(all.size(), 30u);
  EXPECT_EQ(all.back().offset, 29);
  EXPECT_EQ(all.back().value, "100-2");
}

TEST_F(PartitionLogTest, RecoveryCutsAtACorruptBatchAndKeepsEverythingBefore) {
  uint64_t sixth_batch_position = 0;
  {
    auto log = Open();
    AppendBatches(*log, 5);
    sixth_batch_position = static_cast<uint64_t>(log->Describe().size_bytes);
    AppendBatches(*log, 5, 3, 5);
  }
  const std::string file = ActiveLogFile();
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(sixth_batch_position + 30));
    f.put('\x5A');  // inside the sixth batch's header: the CRC no longer matches
  }
  const auto size_before = fs::file_size(file);

  ::testing::internal::CaptureStderr();
  auto log = Open();
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("CRC"), std::string::npos) << logged;
  EXPECT_NE(logged.find(WithNumber("dropping ", size_before - sixth_batch_position) + " bytes"),
            std::string::npos)
      << logged;

  EXPECT_EQ(fs::file_size(file), sixth_batch_position);
  EXPECT_EQ(log->EndOffset(), 15);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(5));
}

TEST_F(PartitionLogTest, RecoveryRebuildsAMissingOrDamagedIndex) {
  LogConfig config;
  config.index_interval_bytes = 100;
  {
    auto log = Open(config);
    AppendBatches(*log, 40);
  }
  const std::string index = dir_.path() + "/orders-0/00000000000000000000.index";
  const auto index_size = fs::file_size(index);
  ASSERT_GT(index_size, 0u);
  fs::resize_file(index, index_size - 3);  // no longer whole entries
  {
    auto log = Open(config);
    EXPECT_EQ(fs::file_size(index), index_size);
    EXPECT_EQ(ReadAll(*log, 77).front().offset, 77);
  }
  fs::remove(index);
  auto log = Open(config);
  EXPECT_EQ(fs::file_size(index), index_size);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(40));
}

TEST_F(PartitionLogTest, CorruptionInAnOlderSegmentCutsTheLogThere) {
  LogConfig config;
  config.segment_bytes = 600;
  config.index_interval_bytes = 100;
  std::vector<std::string> files;
  {
    auto log = Open(config);
    AppendBatches(*log, 30);
    files = SegmentFiles();
  }
  ASSERT_GE(files.size(), 3u);
  // Damage the last batch of the first segment (past its last index entry).
  const std::string first = dir_.path() + "/orders-0/" + files[0];
  const auto first_size = fs::file_size(first);
  {
    std::fstream f(first, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(first_size - 3));
    f.put('\x00');
    f.put('\x01');
  }
  ::testing::internal::CaptureStderr();
  auto log = Open(config);
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("deleting the segments from offset"), std::string::npos) << logged;
  EXPECT_EQ(SegmentFiles().size(), 1u);
  // Whatever remains is contiguous and readable, and appends continue after it.
  const int64_t end = log->EndOffset();
  EXPECT_GT(end, 0);
  EXPECT_EQ(ReadAll(*log).size(), static_cast<size_t>(end));
  AppendBatches(*log, 1, 3, 99);
  EXPECT_EQ(ReadAll(*log).back().offset, end + 2);
}

TEST_F(PartitionLogTest, RetentionBytesDeletesWholeOldSegmentsButNeverTheActiveOne) {
  LogConfig config;
  config.segment_bytes = 600;
  auto log = Open(config);
  AppendBatches(*log, 50);
  const auto before = SegmentFiles();
  ASSERT_GT(before.size(), 4u);
  const int64_t total = log->Describe().size_bytes;

  config.retention_bytes = total / 2;
  log->SetConfig(config);
  auto deleted = log->EnforceRetention();
  ASSERT_TRUE(deleted.ok());
  EXPECT_GT(*deleted, 0);
  const auto after = SegmentFiles();
  EXPECT_EQ(after.size(), before.size() - static_cast<size_t>(*deleted));
  // What is left starts at a segment boundary and is still at least retention.bytes.
  EXPECT_EQ(log->StartOffset(), std::stoll(after.front().substr(0, 20)));
  EXPECT_GE(log->Describe().size_bytes, config.retention_bytes);
  EXPECT_EQ(log->EndOffset(), 150);
  auto remaining = ReadAll(*log);
  EXPECT_EQ(remaining.front().offset, log->StartOffset());
  EXPECT_EQ(remaining.back().value, "49-2");

  config.retention_bytes = 0;
  log->SetConfig(config);
  ASSERT_TRUE(log->EnforceRetention().ok());
  EXPECT_EQ(SegmentFiles(), std::vector<std::string>{before.back()});  // the active one stays
  transport::ConsumedRecords out;
  auto read = log->Read(0, 1024, &out);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->out_of_range);
  EXPECT_EQ(read->start_offset, log->StartOffset());
}

TEST_F(PartitionLogTest, RetentionMsDeletesSegmentsWhoseLastAppendIsOlder) {
  LogConfig config;
  config.segment_bytes = 1;  // every batch in a segment of its own
  config.retention_ms = 10'000;
  auto log = Open(config);
  AppendBatches(*log, 3);  // three segments appended at t0
  clock_.Advance(6'000);
  AppendBatches(*log, 3, 3, 3);  // three more at t0 + 6 s
  ASSERT_EQ(SegmentFiles().size(), 6u);

  clock_.Advance(4'000);  // t0 + 10 s: nothing is older than retention.ms yet
  EXPECT_EQ(*log->EnforceRetention(), 0);
  clock_.Advance(1);
  EXPECT_EQ(*log->EnforceRetention(), 3);
  EXPECT_EQ(log->StartOffset(), 9);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(3, 3, 3));

  clock_.Advance(60'000);  // everything expired: all but the active segment go
  EXPECT_EQ(*log->EnforceRetention(), 2);
  EXPECT_EQ(SegmentFiles().size(), 1u);
  EXPECT_EQ(log->StartOffset(), 15);
  EXPECT_EQ(log->EndOffset(), 18);
}

TEST_F(PartitionLogTest, FlushIntervalMessagesSyncsInlineAndFlushSyncsTheRest) {
  LogConfig config;
  config.flush_interval_messages = 6;
  auto log = Open(config);
  const int syncs_at_open = writer_->syncs();
  AppendBatches(*log, 1);  // 3 unsynced
  EXPECT_EQ(writer_->syncs(), syncs_at_open);
  AppendBatches(*log, 1);  // 6: synced before Append returns
  EXPECT_EQ(writer_->syncs(), syncs_at_open + 1);
  AppendBatches(*log, 1);
  EXPECT_EQ(writer_->syncs(), syncs_at_open + 1);
  ASSERT_TRUE(log->Flush().ok());
  EXPECT_EQ(writer_->syncs(), syncs_at_open + 2);
  ASSERT_TRUE(log->Flush().ok());  // nothing new: no fsync
  EXPECT_EQ(writer_->syncs(), syncs_at_open + 2);
}

TEST_F(PartitionLogTest, AFailedWriteLeavesNothingReadableAndWritesResume) {
  auto log = Open();
  AppendBatches(*log, 3);
  const auto size_before = fs::file_size(ActiveLogFile());

  writer_->FailWrites(true);
  SealedBatch doomed = MakeBatch(3, "doomed-", 1, 1);
  auto failed = log->Append(&doomed);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kIoError);
  EXPECT_NE(failed.status().message().find("No space left on device"), std::string::npos);
  EXPECT_EQ(writer_->failed_writes(), 1);
  EXPECT_EQ(log->EndOffset(), 9);
  EXPECT_EQ(fs::file_size(ActiveLogFile()), size_before);  // the half-written batch was cut off

  writer_->FailWrites(false);
  AppendBatches(*log, 2, 3, 3);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(5));

  log.reset();
  ::testing::internal::CaptureStderr();
  log = Open();
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(logged.find("dropping"), std::string::npos) << logged;
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(5));
}

TEST_F(PartitionLogTest, AFailedWriteWhoseCleanupAlsoFailsLosesNothing) {
  LogConfig config;
  config.index_interval_bytes = 1;  // index writes on every append
  auto log = Open(config);
  AppendBatches(*log, 3);

  writer_->FailTruncates(true);
  writer_->FailWrites(true);
  SealedBatch doomed = MakeBatch(40, "a-much-longer-doomed-value-", 1, 1);
  ASSERT_FALSE(log->Append(&doomed).ok());
  // Still failing: the append refuses to go on top of the leftover bytes.
  writer_->FailWrites(false);
  SealedBatch refused = MakeBatch(1, "refused-", 1, 1);
  EXPECT_FALSE(log->Append(&refused).ok());
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(3));

  writer_->FailTruncates(false);
  AppendBatches(*log, 2, 3, 3);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(5));

  // An index entry that failed to be written is healed by the reopen as well.
  writer_->FailWrites(true, ".index");
  SealedBatch no_index = MakeBatch(1, "no-index-", 1, 1);
  EXPECT_FALSE(log->Append(&no_index).ok());
  writer_->FailWrites(false);
  AppendBatches(*log, 1, 3, 5);

  log.reset();
  log = Open(config);
  EXPECT_EQ(Values(ReadAll(*log)), ExpectedValues(6));
}

TEST_F(PartitionLogTest, AppendsFailOnceDeleted) {
  auto log = Open();
  AppendBatches(*log, 1);
  log->MarkDeleted();
  SealedBatch batch = MakeBatch(1, "late-", 1, 1);
  auto result = log->Append(&batch);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice::embedded
