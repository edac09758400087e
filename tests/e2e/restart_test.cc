// Restarts: SIGTERM resumes exactly where it stopped; SIGKILL loses nothing and repeats only
// records after the last offset flush; connectors created through REST come back.
#include <gtest/gtest.h>

#include <set>

#include "worker_process.h"

namespace sluice::testing {
namespace {

std::string Lines(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) out += "line " + std::to_string(i) + "\n";
  return out;
}

void CreatePipeline(const WorkerProcess& worker, const TempDir& dir) {
  auto src = worker.Request(
      "PUT", "/connectors/src/config",
      nlohmann::json(
          {{"connector.class", "FileStreamSource"}, {"file", dir / "in.txt"}, {"topic", "lines"}})
          .dump());
  ASSERT_EQ(src.status, 201) << src.body;
  auto sink = worker.Request(
      "PUT", "/connectors/sink/config",
      nlohmann::json(
          {{"connector.class", "FileStreamSink"}, {"file", dir / "out.txt"}, {"topics", "lines"}})
          .dump());
  ASSERT_EQ(sink.status, 201) << sink.body;
}

std::map<std::string, std::string> Config() {
  return {{"value.converter", "org.apache.kafka.connect.storage.StringConverter"},
          {"offset.flush.interval.ms", "200"}};
}

TEST(Restart, SigtermThenRestartResumesWithoutLossOrDuplicate) {
  TempDir dir;
  AppendToFile(dir / "in.txt", Lines(0, 1000));
  {
    WorkerProcess worker(dir.path(), Config());
    ASSERT_TRUE(worker.Start()) << worker.log();
    CreatePipeline(worker, dir);
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() == 1000; }))
        << worker.log();
    ASSERT_EQ(worker.Stop(), 0) << worker.log();
  }
  AppendToFile(dir / "in.txt", Lines(1000, 2000));  // written while the worker is down
  WorkerProcess worker(dir.path(), Config());
  ASSERT_TRUE(worker.Start()) << worker.log();
  // The REST-created connectors came back by themselves.
  EXPECT_EQ(worker.Request("GET", "/connectors").json(), nlohmann::json({"sink", "src"}));
  ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() >= 2000; }))
      << worker.log();
  auto lines = ReadLines(dir / "out.txt");
  ASSERT_EQ(lines.size(), 2000u);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(lines[i], "line " + std::to_string(i));
  EXPECT_EQ(worker.Stop(), 0);
}

TEST(Restart, SigkillThenRestartLosesNothing) {
  TempDir dir;
  AppendToFile(dir / "in.txt", Lines(0, 20000));
  {
    WorkerProcess worker(dir.path(), Config());
    ASSERT_TRUE(worker.Start()) << worker.log();
    CreatePipeline(worker, dir);
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() == 20000; }))
        << worker.log();
    // Several offset flush intervals (200 ms) pass: the first 20000 lines are flushed on both
    // sides. Then more lines flow and the worker is killed in the middle of them.
    ::usleep(1000 * 1000);
    AppendToFile(dir / "in.txt", Lines(20000, 30000));
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() >= 21000; }))
        << worker.log();
    worker.Kill();
  }
  AppendToFile(dir / "in.txt", Lines(30000, 40000));  // written while the worker is down
  WorkerProcess worker(dir.path(), Config());
  ASSERT_TRUE(worker.Start()) << worker.log();
  ASSERT_TRUE(Eventually(
      [&] {
        std::set<std::string> distinct;
        for (auto& l : ReadLines(dir / "out.txt")) distinct.insert(l);
        return distinct.size() == 40000;
      },
      std::chrono::seconds(60)))
      << worker.log();

  // Every line is there, in order of first appearance. The bound on repeats: only records after
  // the last offset flush may repeat, so none of the flushed first 20000 lines appears twice, and
  // at most the 10000 lines in flight at the kill repeat once on each side (source and sink).
  auto lines = ReadLines(dir / "out.txt");
  std::set<std::string> seen;
  int next = 0;
  size_t duplicates = 0;
  for (const auto& l : lines) {
    if (seen.insert(l).second) {
      ASSERT_EQ(l, "line " + std::to_string(next)) << "a line is missing or out of order";
      ++next;
      continue;
    }
    ++duplicates;
    int number = std::stoi(l.substr(5));
    ASSERT_GE(number, 20000) << "a line flushed before the kill was delivered twice: " << l;
    ASSERT_LT(number, 30000) << "a line written after the restart was delivered twice: " << l;
  }
  EXPECT_EQ(next, 40000);
  EXPECT_LE(duplicates, 20000u);
  std::cout << "[ duplicates after SIGKILL: " << duplicates << " of the 10000 lines in flight ]"
            << std::endl;
  EXPECT_EQ(worker.Stop(), 0);
}

}  // namespace
}  // namespace sluice::testing
