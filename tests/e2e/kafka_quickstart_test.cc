// Kafka's quickstart files against librdkafka's in-process Kafka-protocol cluster, unchanged but
// for bootstrap.servers; kcat, an independent client, reads the envelopes the worker wrote.
#include <cstdio>

#include <gtest/gtest.h>

#include "kafka/mock_kafka_cluster.h"
#include "worker_process.h"

namespace sluice::testing {
namespace {

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

TEST(KafkaQuickstart, QuickstartFilesRunAgainstKafkaAndKcatReadsTheEnvelopes) {
  MockKafkaCluster cluster;
  ASSERT_TRUE(cluster.CreateTopic("connect-test", 1).ok());
  TempDir dir;
  AppendToFile(dir / "connect-file-source.properties",
               "name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\n"
               "file=test.txt\ntopic=connect-test\n");
  AppendToFile(dir / "connect-file-sink.properties",
               "name=local-file-sink\nconnector.class=FileStreamSink\ntasks.max=1\n"
               "file=test.sink.txt\ntopics=connect-test\n");
  AppendToFile(dir / "test.txt", "foo\nbar\nnaïve ☕\r\n");
  // connect-standalone.properties, with the broker address of the in-process cluster.
  WorkerProcess worker(
      dir.path(),
      {{"bootstrap.servers", cluster.bootstrap_servers()},
       {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
       {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
       {"key.converter.schemas.enable", "true"},
       {"value.converter.schemas.enable", "true"},
       {"offset.flush.interval.ms", "10000"},
       {"consumer.session.timeout.ms", "6000"},
       {"consumer.heartbeat.interval.ms", "500"}},
      {dir / "connect-file-source.properties", dir / "connect-file-sink.properties"});
  ASSERT_TRUE(worker.Start()) << worker.log();
  ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "test.sink.txt").size() == 3; },
                         std::chrono::seconds(60)))
      << worker.log();
  EXPECT_EQ(ReadLines(dir / "test.sink.txt"), (std::vector<std::string>{"foo", "bar", "naïve ☕"}));

  if (RunCommand("command -v kcat").empty()) GTEST_SKIP() << "kcat is not installed";
  std::string read = RunCommand("kcat -C -b " + cluster.bootstrap_servers() +
                                " -t connect-test -o beginning -e -q -f '%s\\n' 2>/dev/null");
  EXPECT_EQ(read,
            "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"foo\"}\n"
            "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"bar\"}\n"
            "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"naïve ☕\"}\n");
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

}  // namespace
}  // namespace sluice::testing
