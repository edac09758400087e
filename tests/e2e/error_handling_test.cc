// errors.* and self-healing tasks against the real worker: a dead-letter topic with its context
// headers, tolerance none failing the task with the cause, restarts with backoff, and a task that
// fails for good while the rest of the worker runs on.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "topic_reader.h"
#include "worker_process.h"

namespace sluice::testing {
namespace {

std::map<std::string, std::string> FastRestarts() {
  return {{"task.restart.backoff.initial.ms", "200"},
          {"task.restart.backoff.max.ms", "400"},
          {"task.restart.max.attempts", "3"},
          {"offset.flush.interval.ms", "200"}};
}

// Raw lines of `file` into `topic` with StringConverter.
void CreateRawSourceFrom(const WorkerProcess& worker, const std::string& file,
                         const std::string& topic) {
  auto r = worker.Request(
      "PUT", "/connectors/raw-" + topic + "/config",
      nlohmann::json({{"connector.class", "FileStreamSource"},
                      {"file", file},
                      {"topic", topic},
                      {"value.converter", "org.apache.kafka.connect.storage.StringConverter"}})
          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
}

// Raw lines into topic `mixed` (StringConverter), read back as JSON by the sink under test.
void CreateRawSource(const WorkerProcess& worker, const TempDir& dir) {
  auto r = worker.Request(
      "PUT", "/connectors/raw/config",
      nlohmann::json({{"connector.class", "FileStreamSource"},
                      {"file", dir / "in.txt"},
                      {"topic", "mixed"},
                      {"value.converter", "org.apache.kafka.connect.storage.StringConverter"}})
          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
}

std::string Header(const transport::ConsumedRecord& r, const std::string& key) {
  for (const auto& h : r.headers) {
    if (h.key == key) return h.value.value_or("");
  }
  return "<absent>";
}

TEST(ErrorHandling, ToleratedBadRecordsGoToTheDeadLetterTopicWithContext) {
  TempDir dir;
  AppendToFile(dir / "in.txt", "{\"n\":1}\nthis is not json\n{\"n\":2}\n");
  {
    WorkerProcess worker(dir.path(), FastRestarts());
    ASSERT_TRUE(worker.Start()) << worker.log();
    CreateRawSource(worker, dir);
    auto sink = worker.Request(
        "PUT", "/connectors/json-sink/config",
        nlohmann::json({{"connector.class", "FileStreamSink"},
                        {"file", dir / "out.txt"},
                        {"topics", "mixed"},
                        {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                        {"value.converter.schemas.enable", "false"},
                        {"errors.tolerance", "all"},
                        {"errors.log.enable", "true"},
                        {"errors.log.include.messages", "true"},
                        {"errors.deadletterqueue.topic.name", "dlq"},
                        {"errors.deadletterqueue.context.headers.enable", "true"}})
            .dump());
    ASSERT_EQ(sink.status, 201) << sink.body;
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() == 2; })) << worker.log();
    EXPECT_EQ(worker.Request("GET", "/connectors/json-sink/status").json()["tasks"][0]["state"],
              "RUNNING");
    // errors.log.enable, in Kafka's words, with the record (errors.log.include.messages).
    EXPECT_NE(worker.log().find("Error encountered in task json-sink-0. Executing stage "
                                "'VALUE_CONVERTER' with class "
                                "'org.apache.kafka.connect.json.JsonConverter', where consumed "
                                "record is {topic='mixed', partition=0, offset=1}, key=null, "
                                "value=this is not json"),
              std::string::npos)
        << worker.log();
    ASSERT_EQ(worker.Stop(), 0);
  }
  EXPECT_EQ(ReadLines(dir / "out.txt"), (std::vector<std::string>{"{\"n\":1}", "{\"n\":2}"}));
  auto dead = ReadTopic(dir / "sluice-data", "dlq");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].value, "this is not json");
  EXPECT_EQ(Header(dead[0], "__connect.errors.topic"), "mixed");
  EXPECT_EQ(Header(dead[0], "__connect.errors.partition"), "0");
  EXPECT_EQ(Header(dead[0], "__connect.errors.offset"), "1");
  EXPECT_EQ(Header(dead[0], "__connect.errors.connector.name"), "json-sink");
  EXPECT_EQ(Header(dead[0], "__connect.errors.task.id"), "0");
  EXPECT_EQ(Header(dead[0], "__connect.errors.stage"), "VALUE_CONVERTER");
  EXPECT_EQ(Header(dead[0], "__connect.errors.class.name"),
            "org.apache.kafka.connect.json.JsonConverter");
  EXPECT_EQ(Header(dead[0], "__connect.errors.exception.class.name"),
            "org.apache.kafka.connect.errors.DataException");
  EXPECT_NE(Header(dead[0], "__connect.errors.exception.message"), "<absent>");
}

TEST(ErrorHandling, ToleranceNoneFailsTheTaskWithTheCauseThenRestartsWithBackoff) {
  TempDir dir;
  AppendToFile(dir / "in.txt", "this is not json\n");
  WorkerProcess worker(dir.path(), FastRestarts());
  ASSERT_TRUE(worker.Start()) << worker.log();
  CreateRawSource(worker, dir);
  auto sink = worker.Request(
      "PUT", "/connectors/strict/config",
      nlohmann::json({{"connector.class", "FileStreamSink"},
                      {"file", dir / "out.txt"},
                      {"topics", "mixed"},
                      {"value.converter.schemas.enable", "false"},
                      {"value.converter", "org.apache.kafka.connect.json.JsonConverter"}})
          .dump());
  ASSERT_EQ(sink.status, 201) << sink.body;
  bool saw_restarting = Eventually([&] {
    auto task = worker.Request("GET", "/connectors/strict/tasks/0/status").json();
    return task.value("state", "") == "RESTARTING";
  });
  EXPECT_TRUE(saw_restarting) << worker.log();
  ASSERT_TRUE(worker.WaitForTasks("strict", "FAILED")) << worker.log();
  auto task = worker.Request("GET", "/connectors/strict/tasks/0/status").json();
  EXPECT_NE(task["trace"].get<std::string>().find("VALUE_CONVERTER"), std::string::npos) << task;
  EXPECT_EQ(worker.Stop(), 0);
}

// The lines of the worker's log written by one task's logger.
std::vector<std::string> TaskLog(const WorkerProcess& worker, const std::string& task) {
  std::vector<std::string> lines;
  std::istringstream in(worker.log());
  for (std::string line; std::getline(in, line);) {
    if (line.find("[task." + task + "]") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

int Count(const std::vector<std::string>& lines, const std::string& text) {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
    return l.find(text) != std::string::npos;
  }));
}

TEST(ErrorHandling, ATaskThatFailsTwoStartsInThreeEndsRunningAndOneThatAlwaysFailsEndsFailed) {
  TempDir dir;
  WorkerProcess worker(dir.path(), FastRestarts());
  ASSERT_TRUE(worker.Start()) << worker.log();
  // Only every third start of `flaky` succeeds: two failures, two restarts, then RUNNING.
  auto flaky = worker.Request("PUT", "/connectors/flaky/config",
                              nlohmann::json({{"connector.class", "FaultySource"},
                                              {"topic", "t"},
                                              {"records", "10"},
                                              {"starts.file", dir / "flaky.starts"},
                                              {"succeed.every", "3"}})
                                  .dump());
  ASSERT_EQ(flaky.status, 201) << flaky.body;
  ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "flaky.starts").size() == 3; }))
      << worker.log();
  ASSERT_TRUE(worker.WaitForTasks("flaky", "RUNNING")) << worker.log();
  auto flaky_log = TaskLog(worker, "flaky-0");
  EXPECT_EQ(Count(flaky_log, "restarting in 200 ms (attempt 1 of 3): start 1 fails"), 1)
      << worker.log();
  EXPECT_EQ(Count(flaky_log, "restarting in 400 ms (attempt 2 of 3): start 2 fails"), 1)
      << worker.log();
  EXPECT_EQ(Count(flaky_log, "attempt 3 of 3"), 0) << worker.log();

  // `broken` fails every start: the first and three restarts, then FAILED for good.
  auto broken = worker.Request("PUT", "/connectors/broken/config",
                               nlohmann::json({{"connector.class", "FaultySink"},
                                               {"topics", "t"},
                                               {"starts.file", dir / "broken.starts"},
                                               {"fail.in", "task_start"},
                                               {"fail.message", "disk on fire"}})
                                   .dump());
  ASSERT_EQ(broken.status, 201) << broken.body;
  ASSERT_TRUE(worker.WaitForTasks("broken", "FAILED")) << worker.log();
  auto trace = worker.Request("GET", "/connectors/broken/status")
                   .json()["tasks"][0]["trace"]
                   .get<std::string>();
  EXPECT_NE(trace.find("disk on fire"), std::string::npos) << trace;
  EXPECT_EQ(ReadLines(dir / "broken.starts").size(), 4u);
  EXPECT_EQ(Count(TaskLog(worker, "broken-0"), "(restart attempts exhausted)"), 1) << worker.log();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(ReadLines(dir / "broken.starts").size(), 4u) << "a FAILED task was started again";

  // The worker and the other connectors run on, and new ones start.
  EXPECT_EQ(worker.Request("GET", "/connectors/flaky/status").json()["tasks"][0]["state"],
            "RUNNING");
  auto after = worker.Request("PUT", "/connectors/after/config",
                              R"({"connector.class":"FaultySource","topic":"t2","records":"5"})");
  ASSERT_EQ(after.status, 201) << after.body;
  ASSERT_TRUE(worker.WaitForTasks("after", "RUNNING")) << worker.log();
  ASSERT_EQ(worker.Stop(), 0);
  EXPECT_EQ(ReadTopic(dir / "sluice-data", "t").size(), 10u);
  EXPECT_EQ(ReadTopic(dir / "sluice-data", "t2").size(), 5u);
}

TEST(ErrorHandling, ASinkTaskReportsErrantRecordsWithTheirOriginalBytesAndPlace) {
  TempDir dir;
  {
    WorkerProcess worker(dir.path(), FastRestarts());
    ASSERT_TRUE(worker.Start()) << worker.log();
    ASSERT_EQ(worker
                  .Request("PUT", "/connectors/src/config",
                           R"({"connector.class":"FaultySource","topic":"in","records":"5"})")
                  .status,
              201);
    // The task sees the records under another topic name: the report must still find where
    // they came from.
    auto sink = worker.Request(
        "PUT", "/connectors/sink/config",
        nlohmann::json(
            {{"connector.class", "FaultySink"},
             {"topics", "in"},
             {"file", dir / "out.txt"},
             {"errant.value", "line-2"},
             {"transforms", "route"},
             {"transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter"},
             {"transforms.route.regex", "in"},
             {"transforms.route.replacement", "renamed"},
             {"errors.tolerance", "all"},
             {"errors.deadletterqueue.topic.name", "dlq"},
             {"errors.deadletterqueue.context.headers.enable", "true"}})
            .dump());
    ASSERT_EQ(sink.status, 201) << sink.body;
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() == 4; })) << worker.log();
    EXPECT_EQ(worker.Request("GET", "/connectors/sink/status").json()["tasks"][0]["state"],
              "RUNNING");
    ASSERT_EQ(worker.Stop(), 0);
  }
  EXPECT_EQ(ReadLines(dir / "out.txt"),
            (std::vector<std::string>{"line-0", "line-1", "line-3", "line-4"}));
  auto dead = ReadTopic(dir / "sluice-data", "dlq");
  ASSERT_EQ(dead.size(), 1u);
  const auto original = ReadTopic(dir / "sluice-data", "in");
  ASSERT_EQ(original.size(), 5u);
  EXPECT_EQ(dead[0].value, original[2].value);  // the bytes as consumed, not as the task saw them
  EXPECT_EQ(Header(dead[0], "__connect.errors.topic"), "in");
  EXPECT_EQ(Header(dead[0], "__connect.errors.offset"), "2");
  EXPECT_EQ(Header(dead[0], "__connect.errors.stage"), "TASK_PUT");
  EXPECT_EQ(Header(dead[0], "__connect.errors.class.name"), "FaultySinkConnector");
  EXPECT_EQ(Header(dead[0], "__connect.errors.exception.message"),
            "FaultySink cannot write line-2");
}

TEST(ErrorHandling, ASourceDeadLetterTopicTakesRecordsThatFailATransform) {
  TempDir dir;
  AppendToFile(dir / "in.txt", "a\npoison\nb\n");
  {
    WorkerProcess worker(dir.path(), FastRestarts());
    ASSERT_TRUE(worker.Start()) << worker.log();
    auto source = worker.Request(
        "PUT", "/connectors/src/config",
        nlohmann::json({{"connector.class", "FileStreamSource"},
                        {"file", dir / "in.txt"},
                        {"topic", "clean"},
                        {"value.converter", "org.apache.kafka.connect.storage.StringConverter"},
                        {"transforms", "up"},
                        {"transforms.up.type", "com.example.Uppercase"},
                        {"errors.tolerance", "all"},
                        {"errors.deadletterqueue.topic.name", "src-dlq"},
                        {"errors.deadletterqueue.context.headers.enable", "true"}})
            .dump());
    ASSERT_EQ(source.status, 201) << source.body;
    ASSERT_TRUE(Eventually([&] {
      auto offsets = worker.Request("GET", "/connectors/src/offsets").json();
      return offsets.dump().find("\"position\":11") != std::string::npos;
    })) << worker.log();
    EXPECT_EQ(worker.Request("GET", "/connectors/src/status").json()["tasks"][0]["state"],
              "RUNNING");
    ASSERT_EQ(worker.Stop(), 0);
  }
  auto clean = ReadTopic(dir / "sluice-data", "clean");
  ASSERT_EQ(clean.size(), 2u);
  EXPECT_EQ(clean[0].value, "A");
  EXPECT_EQ(clean[1].value, "B");
  auto dead = ReadTopic(dir / "sluice-data", "src-dlq");
  ASSERT_EQ(dead.size(), 1u);
  // It was never converted, so it is written as its JsonConverter envelope.
  EXPECT_EQ(dead[0].value, R"({"schema":{"type":"string","optional":false},"payload":"poison"})");
  EXPECT_EQ(Header(dead[0], "__connect.errors.topic"), "clean");
  EXPECT_EQ(Header(dead[0], "__connect.errors.stage"), "TRANSFORMATION");
  EXPECT_EQ(Header(dead[0], "__connect.errors.class.name"), "com.example.Uppercase");
  EXPECT_EQ(Header(dead[0], "__connect.errors.connector.name"), "src");
}

// errors.retry.timeout: a converter that fails transiently gets the record again.
TEST(ErrorHandling, TransientConverterFailuresAreRetriedWithinTheRetryTimeout) {
  TempDir dir;
  AppendToFile(dir / "in.txt", "flaky-1\nplain\n");
  WorkerProcess worker(dir.path(), FastRestarts());
  ASSERT_TRUE(worker.Start()) << worker.log();
  CreateRawSourceFrom(worker, dir / "in.txt", "raw");
  for (const auto& [name, timeout] : {std::pair{"patient", "10000"}, std::pair{"hasty", "0"}}) {
    auto sink = worker.Request("PUT", std::string("/connectors/") + name + "/config",
                               nlohmann::json({{"connector.class", "FileStreamSink"},
                                               {"file", dir / (std::string(name) + ".txt")},
                                               {"topics", "raw"},
                                               {"value.converter", "com.example.ReversedConverter"},
                                               {"errors.retry.timeout", timeout}})
                                   .dump());
    ASSERT_EQ(sink.status, 201) << sink.body;
  }
  ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "patient.txt").size() == 2; }))
      << worker.log();
  EXPECT_EQ(ReadLines(dir / "patient.txt"), (std::vector<std::string>{"1-ykalf", "nialp"}));
  // Without retries the transient failure fails the task (tolerance none), which restarts and
  // reads the record again with a fresh converter, which fails again.
  ASSERT_TRUE(Eventually([&] {
    auto task = worker.Request("GET", "/connectors/hasty/tasks/0/status").json();
    return task.value("state", "") != "RUNNING";
  })) << worker.log();
  auto trace =
      worker.Request("GET", "/connectors/hasty/tasks/0/status").json()["trace"].get<std::string>();
  EXPECT_NE(trace.find("flaky bytes, try again"), std::string::npos) << trace;
  EXPECT_EQ(worker.Stop(), 0);
}

TEST(ErrorHandling, AStuckPluginCallIsVisibleInStatus) {
  TempDir dir;
  WorkerProcess worker(dir.path(), FastRestarts());
  ASSERT_TRUE(worker.Start()) << worker.log();
  auto r = worker.Request("PUT", "/connectors/stuck/config",
                          R"({"connector.class":"FaultySource","topic":"t","hang.ms":"3000",
                              "task.stuck.threshold.ms":"300"})");
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_TRUE(worker.WaitForTasks("stuck", "FAILED", std::chrono::seconds(5))) << worker.log();
  auto trace =
      worker.Request("GET", "/connectors/stuck/tasks/0/status").json()["trace"].get<std::string>();
  EXPECT_NE(trace.find("Task is stuck: poll() has not returned"), std::string::npos) << trace;
  // Once the call returns, the task is RUNNING again.
  EXPECT_TRUE(worker.WaitForTasks("stuck", "RUNNING", std::chrono::seconds(10))) << worker.log();
  EXPECT_EQ(worker.Stop(), 0);
}

}  // namespace
}  // namespace sluice::testing
