// errors.* and self-healing tasks against the real worker: a dead-letter topic with its context
// headers, tolerance none failing the task with the cause, restarts with backoff, and a task that
// fails for good while the rest of the worker runs on.
#include <gtest/gtest.h>

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
                        {"errors.deadletterqueue.topic.name", "dlq"},
                        {"errors.deadletterqueue.context.headers.enable", "true"}})
            .dump());
    ASSERT_EQ(sink.status, 201) << sink.body;
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() == 2; })) << worker.log();
    EXPECT_EQ(worker.Request("GET", "/connectors/json-sink/status").json()["tasks"][0]["state"],
              "RUNNING");
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

TEST(ErrorHandling, ATaskThatFailsTwiceEndsRunningAndOneThatAlwaysFailsEndsFailed) {
  TempDir dir;
  WorkerProcess worker(dir.path(), FastRestarts());
  ASSERT_TRUE(worker.Start()) << worker.log();
  auto flaky = worker.Request("PUT", "/connectors/flaky/config",
                              R"({"connector.class":"FaultySource","topic":"t","records":"10",
                                  "fail.in":"task_start","fail.times":"2"})");
  ASSERT_EQ(flaky.status, 201) << flaky.body;
  ASSERT_TRUE(worker.WaitForTasks("flaky", "RUNNING")) << worker.log();

  auto broken = worker.Request("PUT", "/connectors/broken/config",
                               R"({"connector.class":"FaultySink","topics":"t","fail.in":"put",
                                   "fail.message":"disk on fire"})");
  ASSERT_EQ(broken.status, 201) << broken.body;
  ASSERT_TRUE(worker.WaitForTasks("broken", "FAILED")) << worker.log();
  auto trace = worker.Request("GET", "/connectors/broken/status")
                   .json()["tasks"][0]["trace"]
                   .get<std::string>();
  EXPECT_NE(trace.find("disk on fire"), std::string::npos);
  // The worker and the other connector run on.
  EXPECT_EQ(worker.Request("GET", "/connectors/flaky/status").json()["tasks"][0]["state"],
            "RUNNING");
  EXPECT_NE(worker.log().find("restarting in 200 ms (attempt 1 of 3)"), std::string::npos);
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
