// errors.* as Kafka Connect defines it: retries with Kafka's backoff on a clock the test drives,
// tolerance, and dead letters with their context headers, written before offsets move on.
#include "worker/error_handling.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "transport/embedded/embedded_transport.h"

namespace sluice::worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using std::chrono::milliseconds;

// A clock that moves only when the reporter sleeps, recording each wait.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  std::vector<int64_t> sleeps;
  bool stopped = false;

  RetryClock clock() {
    return {[this] { return now; },
            [this](milliseconds d) {
              sleeps.push_back(d.count());
              now += d;
              return !stopped;
            }};
  }
};

ErrorPolicy Policy(int64_t timeout, int64_t delay_max = 60000) {
  ErrorPolicy p;
  p.retry_timeout_ms = timeout;
  p.retry_delay_max_ms = delay_max;
  return p;
}

// An operation that fails with `failure` `times` times, then succeeds.
struct Flaky {
  int times;
  Status failure = Status::Retriable("try again");
  int calls = 0;
  Status operator()() { return ++calls <= times ? failure : Status::OK(); }
};

TEST(ErrorRetry, ZeroTimeoutMeansOneAttempt) {
  FakeClock clock;
  ErrorReporter reporter(Policy(0), "c", 0, "test", nullptr, clock.clock());
  Flaky op{5};
  EXPECT_EQ(reporter.Retry(std::ref(op)).code(), StatusCode::kRetriable);
  EXPECT_EQ(op.calls, 1);
  EXPECT_TRUE(clock.sleeps.empty());
  EXPECT_FALSE(reporter.retries_enabled());
}

TEST(ErrorRetry, BacksOffFrom300MsDoublingAndCutsTheLastWaitToTheDeadline) {
  FakeClock clock;
  ErrorReporter reporter(Policy(2000), "c", 0, "test", nullptr, clock.clock());
  Flaky op{100};
  EXPECT_EQ(reporter.Retry(std::ref(op)).code(), StatusCode::kRetriable);
  EXPECT_THAT(clock.sleeps, ElementsAre(300, 600, 1100));
  EXPECT_EQ(op.calls, 4);  // the last attempt at the deadline
}

TEST(ErrorRetry, MinusOneRetriesUntilItWorks) {
  FakeClock clock;
  ErrorReporter reporter(Policy(-1), "c", 0, "test", nullptr, clock.clock());
  Flaky op{6};
  EXPECT_TRUE(reporter.Retry(std::ref(op)).ok());
  EXPECT_EQ(op.calls, 7);
  EXPECT_THAT(clock.sleeps, ElementsAre(300, 600, 1200, 2400, 4800, 9600));
}

TEST(ErrorRetry, PastTheMaximumDelayWaitsARandomTimeBelowIt) {
  FakeClock clock;
  ErrorReporter reporter(Policy(-1, 1000), "c", 0, "test", nullptr, clock.clock());
  Flaky op{8};
  EXPECT_TRUE(reporter.Retry(std::ref(op)).ok());
  ASSERT_EQ(clock.sleeps.size(), 8u);
  EXPECT_EQ(clock.sleeps[0], 300);
  EXPECT_EQ(clock.sleeps[1], 600);
  for (size_t i = 2; i < clock.sleeps.size(); ++i) {
    EXPECT_GE(clock.sleeps[i], 0);
    EXPECT_LT(clock.sleeps[i], 1000);
  }
}

TEST(ErrorRetry, OnlyTransientFailuresAreRetried) {
  FakeClock clock;
  ErrorReporter reporter(Policy(-1), "c", 0, "test", nullptr, clock.clock());
  Flaky op{3, Status::InvalidArgument("bad data")};
  EXPECT_EQ(reporter.Retry(std::ref(op)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(op.calls, 1);
}

TEST(ErrorRetry, AStoppingTaskStopsRetrying) {
  FakeClock clock;
  clock.stopped = true;
  ErrorReporter reporter(Policy(-1), "c", 0, "test", nullptr, clock.clock());
  Flaky op{100};
  EXPECT_EQ(reporter.Retry(std::ref(op)).code(), StatusCode::kRetriable);
  EXPECT_EQ(op.calls, 1);
}

TEST(ErrorRetry, RetriedResultsCarryTheValue) {
  FakeClock clock;
  ErrorReporter reporter(Policy(5000), "c", 0, "test", nullptr, clock.clock());
  int calls = 0;
  Result<int> r = reporter.Retried([&]() -> Result<int> {
    if (++calls < 3) return Status::Retriable("not yet");
    return 42;
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(calls, 3);
}

FailedRecord Record() {
  FailedRecord r;
  r.key = "k";
  r.value = "not json";
  r.topic = "in";
  r.partition = 2;
  r.offset = 7;
  return r;
}

TEST(ErrorReport, ToleranceNoneFailsNamingStageClassAndRecord) {
  ErrorReporter reporter(ErrorPolicy(), "c", 0, "test", nullptr);
  Status st = reporter.Report({ErrorStage::kValueConverter, "org.example.Conv"},
                              Status::InvalidArgument("bad"), Record());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("Tolerance exceeded in error handler (stage "
                                      "VALUE_CONVERTER, class org.example.Conv, record "
                                      "{topic='in', partition=2, offset=7}): bad"));
}

class DeadLetters : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sluice-dlq-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto t = embedded::EmbeddedTransport::Open({{"log.dirs", dir_.string()}});
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    transport_ = std::move(*t);
  }
  void TearDown() override {
    transport_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::vector<transport::ConsumedRecord> Read(const std::string& topic) {
    transport::ConsumerOptions options;
    options.group_id = "check";
    auto consumer = transport_->CreateConsumer(options);
    EXPECT_TRUE(consumer.ok());
    EXPECT_TRUE((*consumer)->Subscribe({topic}).ok());
    std::vector<transport::ConsumedRecord> out;
    for (int i = 0; i < 5; ++i) {
      auto polled = (*consumer)->Poll(milliseconds(100), 100);
      if (polled.ok()) out.insert(out.end(), polled->begin(), polled->end());
    }
    return out;
  }
  ErrorPolicy DeadLetterPolicy(const std::string& topic) {
    ErrorPolicy p;
    p.tolerate_all = true;
    p.dead_letter_topic = topic;
    p.dead_letter_context_headers = true;
    p.dead_letter_replication_factor = 1;
    return p;
  }

  std::filesystem::path dir_;
  std::unique_ptr<embedded::EmbeddedTransport> transport_;
};

std::string Header(const transport::ConsumedRecord& r, const std::string& key) {
  for (const auto& h : r.headers) {
    if (h.key == key) return h.value.value_or("<null>");
  }
  return "<absent>";
}

TEST_F(DeadLetters, CarryTheRecordAndKafkasContextHeaders) {
  ErrorReporter reporter(DeadLetterPolicy("dlq"), "my-sink", 3, "test", transport_.get());
  EXPECT_TRUE(reporter
                  .Report({ErrorStage::kValueConverter, "org.apache.kafka.connect.json.JsonConverter"},
                          Status::InvalidArgument("Converting byte[] to Kafka Connect data failed"),
                          Record())
                  .ok());
  ASSERT_TRUE(reporter.Flush().ok());
  auto dead = Read("dlq");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].key, "k");
  EXPECT_EQ(dead[0].value, "not json");
  EXPECT_EQ(Header(dead[0], "__connect.errors.topic"), "in");
  EXPECT_EQ(Header(dead[0], "__connect.errors.partition"), "2");
  EXPECT_EQ(Header(dead[0], "__connect.errors.offset"), "7");
  EXPECT_EQ(Header(dead[0], "__connect.errors.connector.name"), "my-sink");
  EXPECT_EQ(Header(dead[0], "__connect.errors.task.id"), "3");
  EXPECT_EQ(Header(dead[0], "__connect.errors.stage"), "VALUE_CONVERTER");
  EXPECT_EQ(Header(dead[0], "__connect.errors.class.name"),
            "org.apache.kafka.connect.json.JsonConverter");
  EXPECT_EQ(Header(dead[0], "__connect.errors.exception.class.name"),
            "org.apache.kafka.connect.errors.DataException");
  EXPECT_EQ(Header(dead[0], "__connect.errors.exception.message"),
            "Converting byte[] to Kafka Connect data failed");
  EXPECT_EQ(Header(dead[0], "__connect.errors.exception.stacktrace"),
            "org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect "
            "data failed");
}

TEST_F(DeadLetters, WithoutContextHeadersOnlyTheRecordsOwnHeadersGo) {
  ErrorPolicy policy = DeadLetterPolicy("dlq");
  policy.dead_letter_context_headers = false;
  ErrorReporter reporter(policy, "my-sink", 0, "test", transport_.get());
  FailedRecord record = Record();
  record.headers.push_back({"trace-id", "abc"});
  EXPECT_TRUE(reporter.Report({ErrorStage::kTransformation, "X"}, Status::Internal("x"), record)
                  .ok());
  ASSERT_TRUE(reporter.Flush().ok());
  auto dead = Read("dlq");
  ASSERT_EQ(dead.size(), 1u);
  ASSERT_EQ(dead[0].headers.size(), 1u);
  EXPECT_EQ(Header(dead[0], "trace-id"), "abc");
}

TEST_F(DeadLetters, AFailedWriteIsReportedByFlush) {
  // Not a legal topic name: the dead letter cannot be written, so the offsets of the record it
  // stands for must not be committed.
  ErrorReporter reporter(DeadLetterPolicy("no/such/topic"), "my-sink", 0, "test",
                         transport_.get());
  EXPECT_TRUE(
      reporter.Report({ErrorStage::kTaskPut, "X"}, Status::Internal("x"), Record()).ok());
  Status flushed = reporter.Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kIoError);
  EXPECT_THAT(flushed.message(), HasSubstr("cannot write to dead-letter topic no/such/topic"));
}

TEST_F(DeadLetters, ProduceFailuresAreLoggedAndSkippedNotDeadLettered) {
  ErrorReporter reporter(DeadLetterPolicy("dlq"), "my-source", 0, "test", transport_.get());
  EXPECT_TRUE(reporter
                  .Report({ErrorStage::kKafkaProduce, "kafka"},
                          Status::Unavailable("message too large"), Record())
                  .ok());
  ASSERT_TRUE(reporter.Flush().ok());
  EXPECT_TRUE(Read("dlq").empty());
}

}  // namespace
}  // namespace sluice::worker
