// An independent Kafka client, Debian's kcat, reads what the Kafka transport wrote.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "kafka/kafka_test_support.h"

namespace sluice::testing {
namespace {

class KcatInteropTest : public KafkaTransportTest {};

// Runs `command`, returning its standard output and exit status.
std::pair<std::string, int> RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {"", -1};
  std::array<char, 4096> buffer;
  size_t read;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), read);
  return {output, pclose(pipe)};
}

TEST_F(KcatInteropTest, KcatReadsTheKeysAndValuesWeWrote) {
  if (std::system("command -v kcat >/dev/null 2>&1") != 0) GTEST_SKIP() << "kcat is not on PATH";
  ASSERT_TRUE(cluster_->CreateTopic("interop", 3).ok());
  std::unique_ptr<Producer> producer = NewProducer();
  std::vector<ProducerRecord> records = {
      Record("interop", "user-1", "login"), Record("interop", "user-2", "logout"),
      Record("interop", "user-1", "purchase"), Record("interop", std::nullopt, "anonymous"),
      Record("interop", "user-3", "tab|separated")};
  for (const DeliveryReport& report : ProduceAll(*producer, records)) {
    ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  }

  auto [output, status] = RunCommand("kcat -C -q -e -b " + cluster_->bootstrap_servers() +
                                     " -t interop -f '%k|%s\\n' 2>&1");
  ASSERT_EQ(status, 0) << output;
  std::vector<std::string> lines;
  std::istringstream stream(output);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  // Partitions interleave in kcat's output; within one key the order holds (same partition).
  std::vector<std::string> expected = {"user-1|login", "user-2|logout", "user-1|purchase",
                                       "|anonymous", "user-3|tab|separated"};
  std::vector<std::string> sorted_lines = lines;
  std::sort(sorted_lines.begin(), sorted_lines.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(sorted_lines, expected);
  auto login = std::find(lines.begin(), lines.end(), "user-1|login");
  auto purchase = std::find(lines.begin(), lines.end(), "user-1|purchase");
  EXPECT_LT(login, purchase);
}

}  // namespace
}  // namespace sluice::testing
