// Kafka's quickstart, unchanged but for the broker: connect-standalone.properties,
// connect-file-source.properties and connect-file-sink.properties on the embedded log.
#include <gtest/gtest.h>

#include "worker_process.h"

namespace sluice::testing {
namespace {

// Kafka's config/connect-file-source.properties and connect-file-sink.properties, verbatim.
constexpr const char* kFileSource =
    "name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=test.txt\n"
    "topic=connect-test\n";
constexpr const char* kFileSink =
    "name=local-file-sink\nconnector.class=FileStreamSink\ntasks.max=1\nfile=test.sink.txt\n"
    "topics=connect-test\n";

// Kafka's config/connect-standalone.properties without bootstrap.servers (the embedded log).
std::map<std::string, std::string> StandaloneConfig() {
  return {{"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"key.converter.schemas.enable", "true"},
          {"value.converter.schemas.enable", "true"},
          {"offset.flush.interval.ms", "10000"}};
}

TEST(Quickstart, FileToTopicToFileOnTheEmbeddedLog) {
  TempDir dir;
  AppendToFile(dir / "connect-file-source.properties", kFileSource);
  AppendToFile(dir / "connect-file-sink.properties", kFileSink);
  AppendToFile(dir / "test.txt", "foo\nbar\n");
  WorkerProcess worker(
      dir.path(), StandaloneConfig(),
      {dir / "connect-file-source.properties", dir / "connect-file-sink.properties"});
  ASSERT_TRUE(worker.Start()) << worker.log();

  ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "test.sink.txt").size() == 2; }))
      << worker.log();
  EXPECT_EQ(ReadLines(dir / "test.sink.txt"), (std::vector<std::string>{"foo", "bar"}));

  // ASCII, UTF-8 and CRLF lines arrive in order, as they were written.
  AppendToFile(dir / "test.txt", "plain\nnaïve café ☕ 日本語\r\nwindows line\r\nlast\n");
  ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "test.sink.txt").size() == 6; }))
      << worker.log();
  EXPECT_EQ(ReadLines(dir / "test.sink.txt"),
            (std::vector<std::string>{"foo", "bar", "plain", "naïve café ☕ 日本語", "windows line",
                                      "last"}));

  auto status = worker.Request("GET", "/connectors/local-file-source/status").json();
  EXPECT_EQ(status["connector"]["state"], "RUNNING");
  EXPECT_EQ(status["tasks"][0]["state"], "RUNNING");
  EXPECT_EQ(status["type"], "source");
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

TEST(Quickstart, AFailingTaskIsReportedAndTheWorkerKeepsRunning) {
  TempDir dir;
  AppendToFile(dir / "connect-file-source.properties", kFileSource);
  AppendToFile(dir / "connect-file-sink.properties", kFileSink);
  WorkerProcess worker(
      dir.path(), StandaloneConfig(),
      {dir / "connect-file-source.properties", dir / "connect-file-sink.properties"});
  ASSERT_TRUE(worker.Start()) << worker.log();

  auto r = worker.Request("POST", "/connectors",
                          R"({"name":"faulty","config":{"connector.class":"FaultySource",
                              "topic":"f","fail.in":"poll","fail.message":"boom in poll",
                              "task.restart.max.attempts":"0"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_TRUE(worker.WaitForTasks("faulty", "FAILED")) << worker.log();
  auto status = worker.Request("GET", "/connectors/faulty/status").json();
  EXPECT_NE(status["tasks"][0]["trace"].get<std::string>().find("boom in poll"), std::string::npos);

  // The file pipeline is untouched.
  AppendToFile(dir / "test.txt", "still flowing\n");
  EXPECT_TRUE(Eventually([&] { return ReadLines(dir / "test.sink.txt").size() == 1; }))
      << worker.log();
  EXPECT_EQ(worker.Stop(), 0);
}

}  // namespace
}  // namespace sluice::testing
