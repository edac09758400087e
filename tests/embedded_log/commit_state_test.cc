// Exactly-once sources on the embedded log: a transactional producer journals every batch with
// its commit state as of the batch's last record, and recovery gives the state that matches the
// records in the log, whatever moment a crash chose: between journal and log, after some of the
// batches of one poll, or in the middle of a batch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/worker_config.h"
#include "transport/embedded/producer_state_journal.h"
#include "transport_support.h"

namespace sluice::embedded::testing {
namespace {

constexpr const char* kId = "spool-0";

transport::CommitState State(const std::string& file_offset) {
  return {{"file", file_offset}};
}

class CommitStateTest : public TransportTest {
 protected:
  // A long linger: batches close when full, when the partition changes or on Flush.
  std::unique_ptr<transport::Producer> TransactionalProducer(EmbeddedTransport& t,
                                                             const std::string& batch_size = "") {
    transport::ClientConfig config = {{"transactional.id", kId}, {"linger.ms", "60000"}};
    if (!batch_size.empty()) config["batch.size"] = batch_size;
    return Producer(t, config);
  }
  std::optional<transport::CommitState> Recover(EmbeddedTransport& t) {
    auto state = t.RecoverCommitState(kId);
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    return state.ok() ? *state : std::nullopt;
  }
  std::string journal_path(EmbeddedTransport& t) {
    return ProducerStateJournalPath(t.log_dir(), kId);
  }
  // Sends `value` with the commit entry file=`offset`.
  void Send(transport::Producer& producer, const std::string& topic, int32_t partition,
            const std::string& value, const std::string& offset) {
    auto record = Record(topic, std::nullopt, value);
    record.partition = partition;
    record.commit_entry = transport::CommitStateEntry{"file", offset};
    ASSERT_TRUE(producer.Send(std::move(record), nullptr).ok());
  }
};

TEST_F(CommitStateTest, EveryBatchIsJournaledWithTheStateAsOfItsLastRecord) {
  auto t = Open({{"num.partitions", "2"}});
  {
    auto producer = TransactionalProducer(*t);
    Send(*producer, "lines", 0, "a", "1");
    Send(*producer, "lines", 0, "b", "2");
    Send(*producer, "lines", 1, "c", "3");  // closes the batch of a and b
    Send(*producer, "lines", 0, "d", "4");  // closes the batch of c
    ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  }
  auto entries = ProducerStateJournal::ReadAll(journal_path(*t));
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].partition.ToString(), "lines-0");
  EXPECT_EQ((*entries)[0].base_offset, 0);
  EXPECT_EQ((*entries)[0].state, State("2"));
  EXPECT_EQ((*entries)[1].partition.ToString(), "lines-1");
  EXPECT_EQ((*entries)[1].state, State("3"));
  EXPECT_EQ((*entries)[2].partition.ToString(), "lines-0");
  EXPECT_EQ((*entries)[2].base_offset, 2);
  EXPECT_EQ((*entries)[2].state, State("4"));
  EXPECT_EQ(Recover(*t), State("4"));

  // Journals outlive the process; a new producer with the id starts afresh.
  t.reset();
  t = Open();
  EXPECT_EQ(Recover(*t), State("4"));
  auto producer = TransactionalProducer(*t);
  EXPECT_EQ(Recover(*t), std::nullopt);
}

// The property that makes sources exactly once: cut the log anywhere (a crash after any batch,
// or in the middle of one) and the recovered state covers exactly the records left in the log.
// Batches are small, so one "poll" of records spans many of them, and some records are dropped
// (their offsets set without a record), as transforms and errors.tolerance do.
TEST_F(CommitStateTest, ACrashAnywhereLeavesTheStateOfExactlyTheRecordsInTheLog) {
  constexpr int kRecords = 300;
  auto dropped = [](int i) { return i % 7 == 3; };
  {
    auto t = Open();
    auto producer = TransactionalProducer(*t, "256");
    for (int i = 0; i < kRecords; ++i) {
      if (dropped(i)) {
        ASSERT_TRUE(producer->SetCommitEntry({"file", std::to_string(i)}).ok());
      } else {
        Send(*producer, "lines", 0, std::to_string(i), std::to_string(i));
      }
    }
    ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  }
  namespace fs = std::filesystem;
  const fs::path log_file = fs::path(data_dir()) / "lines-0" / "00000000000000000000.log";
  const auto log_size = static_cast<int64_t>(fs::file_size(log_file));
  int cuts = 0;
  for (int64_t cut = 0; cut <= log_size;
       cut += cut + 61 > log_size && cut < log_size ? log_size - cut : 61) {
    SCOPED_TRACE("log cut at byte " + std::to_string(cut) + " of " + std::to_string(log_size));
    const fs::path copy = dir_ / ("crash-" + std::to_string(cut));
    fs::copy(data_dir(), copy, fs::copy_options::recursive);
    fs::resize_file(copy / "lines-0" / "00000000000000000000.log", static_cast<uintmax_t>(cut));

    auto t = Open({{"log.dirs", copy.string()}});
    ASSERT_NE(t, nullptr);
    auto consumer = Consumer(*t, "check-" + std::to_string(cut));
    ASSERT_TRUE(consumer->Subscribe({"lines"}).ok());
    int last_in_log = -1;
    for (const auto& r : Drain(*consumer, kRecords, 3)) last_in_log = std::stoi(*r.value);
    int first_lost = last_in_log + 1;
    while (first_lost < kRecords && dropped(first_lost)) ++first_lost;

    auto state = Recover(*t);
    if (last_in_log < 0 && !state) continue;  // nothing in the log, nothing to skip
    ASSERT_TRUE(state.has_value());
    const int recovered = std::stoi(state->at("file"));
    // Nothing in the log is read again, nothing that is not there is skipped.
    EXPECT_GE(recovered, last_in_log);
    EXPECT_LT(recovered, first_lost);
    ++cuts;
  }
  EXPECT_GT(cuts, 10);
}

TEST_F(CommitStateTest, StatesWhoseBatchIsNotInTheLogArePassedOver) {
  auto t = Open();
  {
    auto producer = TransactionalProducer(*t);
    Send(*producer, "lines", 0, "a", "landed");
    ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  }
  // A crash after the journal entry and before its batch: the entry names offset 1, where
  // another producer's batch lands later (same offset, different CRC).
  {
    auto journal = ProducerStateJournal::Open(journal_path(*t), false);
    ASSERT_TRUE(journal.ok());
    JournalEntry entry;
    entry.partition = transport::TopicPartition{"lines", 0};
    entry.base_offset = 1;
    entry.batch_crc = 0x12345678u;
    entry.state = State("never landed");
    ASSERT_TRUE((*journal)->Append(entry).ok());
    entry.partition = transport::TopicPartition{"gone", 0};
    entry.base_offset = 0;
    entry.state = State("topic never made");
    ASSERT_TRUE((*journal)->Append(entry).ok());
  }
  auto other = Producer(*t);
  SendAll(*other, {Record("lines", std::nullopt, "someone else's")});
  // And a torn entry at the end.
  std::ofstream(journal_path(*t), std::ios::app) << std::string("\x20\0\0\0torn", 8);
  EXPECT_EQ(Recover(*t), State("landed"));
}

TEST_F(CommitStateTest, AFailedAppendNeverCarriesTheState) {
  auto writer = std::make_shared<FaultyFileWriter>();
  auto t = Open({}, {writer, nullptr, true});
  auto producer = TransactionalProducer(*t);
  Send(*producer, "lines", 0, "a", "kept");
  ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());

  writer->FailWrites(true);
  transport::DeliveryReport report;
  auto record = Record("lines", std::nullopt, "b");
  record.commit_entry = transport::CommitStateEntry{"file", "lost"};
  ASSERT_TRUE(producer->Send(std::move(record), [&](const auto& r) { report = r; }).ok());
  ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  EXPECT_FALSE(report.status.ok());
  writer->FailWrites(false);

  EXPECT_EQ(Recover(*t), State("kept"));
  // Later states cannot be tied to a batch before the failed one.
  EXPECT_EQ(producer->SetCommitEntry({"file", "after"}).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Recover(*t), State("kept"));
}

TEST_F(CommitStateTest, ChangesWithNothingPendingAreTiedToTheLastBatch) {
  auto t = Open();
  auto producer = TransactionalProducer(*t);
  // Nothing of this producer is in the log yet: there is nothing to tie a state to.
  ASSERT_TRUE(producer->SetCommitEntry({"dropped", "0"}).ok());
  EXPECT_EQ(Recover(*t), std::nullopt);

  Send(*producer, "lines", 0, "a", "1");
  ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  ASSERT_TRUE(producer->SetCommitEntry({"other", "9"}).ok());
  transport::CommitState expected = {{"dropped", "0"}, {"file", "1"}, {"other", "9"}};
  EXPECT_EQ(Recover(*t), expected);

  // Entries stored elsewhere leave the state, unless they moved on since.
  ASSERT_TRUE(producer->ForgetCommitEntries({{"dropped", "0"}, {"file", "0"}}).ok());
  expected = {{"file", "1"}, {"other", "9"}};
  EXPECT_EQ(Recover(*t), expected);
  ASSERT_TRUE(producer->ForgetCommitEntries(expected).ok());
  EXPECT_EQ(Recover(*t), transport::CommitState{});

  // With a batch open, a change rides with it.
  Send(*producer, "lines", 0, "b", "2");
  ASSERT_TRUE(producer->SetCommitEntry({"dropped", "3"}).ok());
  ASSERT_TRUE(producer->Flush(std::chrono::seconds(10)).ok());
  expected = {{"dropped", "3"}, {"file", "2"}};
  EXPECT_EQ(Recover(*t), expected);
}

TEST_F(CommitStateTest, OnlyTransactionalProducersKeepAState) {
  auto t = Open();
  auto producer = Producer(*t);
  EXPECT_EQ(producer->SetCommitEntry({"file", "x"}).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(producer->ForgetCommitEntries({}).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Recover(*t), std::nullopt);
}

TEST(ExactlyOnceSourceSupport, NeedsTheEmbeddedLog) {
  auto embedded = config::WorkerConfig::Parse({{"exactly.once.source.support", "enabled"}}, "");
  ASSERT_TRUE(embedded.ok()) << embedded.status().ToString();
  EXPECT_TRUE(embedded->exactly_once_source);

  auto kafka = config::WorkerConfig::Parse(
      {{"exactly.once.source.support", "enabled"}, {"bootstrap.servers", "kafka:9092"}}, "");
  ASSERT_FALSE(kafka.ok());
  EXPECT_NE(kafka.status().message().find("exactly.once.source.support=enabled needs the "
                                          "embedded log"),
            std::string::npos);

  auto invalid = config::WorkerConfig::Parse({{"exactly.once.source.support", "yes"}}, "");
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.status().message().find("exactly.once.source.support"), std::string::npos);
}

}  // namespace
}  // namespace sluice::embedded::testing
