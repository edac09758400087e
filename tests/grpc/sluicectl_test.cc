// sluicectl run as a subprocess against a GrpcServer: output and exit codes of the main commands.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "grpc_test_support.h"

namespace sluice::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SluicectlTest : public GrpcServerTest {
 protected:
  CommandResult Run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--server", address()});
    return RunSluicectl(args, input);
  }

  // Runs a command that must succeed; returns its standard output.
  std::string Ok(const std::vector<std::string>& args, const std::string& input = "") {
    CommandResult result = Run(args, input);
    EXPECT_EQ(result.exit_code, 0) << "stderr: " << result.err;
    return result.out;
  }

  TempDir dir_;
};

// A port on which nothing listens: bound by the kernel, then released.
int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  return ntohs(address.sin_port);
}

const char* kSourceProperties =
    "name=file-source\n"
    "connector.class=org.example.FileSource\n"
    "tasks.max=2\n"
    "file=/tmp/in.txt\n"
    "topic=events\n";

TEST_F(SluicectlTest, CreatesFromPropertiesAndShowsTheConnector) {
  const std::string file = dir_.Write("source.properties", kSourceProperties);
  EXPECT_EQ(Ok({"create", file}), "Created connector file-source\n");
  herder_.FailTask("file-source", 1, "java.io.IOException: gone\n\tat Reader.read");

  const std::string list = Ok({"list"});
  EXPECT_THAT(list, HasSubstr("NAME"));
  EXPECT_THAT(list, HasSubstr("file-source  source  RUNNING  1 FAILED, 1 RUNNING"));

  const std::string describe = Ok({"describe", "file-source"});
  EXPECT_THAT(describe, HasSubstr("Type   source"));
  EXPECT_THAT(describe, HasSubstr("Tasks  0, 1"));
  EXPECT_THAT(describe, HasSubstr("file             /tmp/in.txt"));

  const std::string config = Ok({"config", "file-source"});
  EXPECT_EQ(config.substr(0, config.find('\n')), "KEY              VALUE");
  EXPECT_THAT(config, HasSubstr("topic            events"));

  const std::string status = Ok({"status", "file-source"});
  EXPECT_THAT(status, HasSubstr("State      RUNNING"));
  EXPECT_THAT(status, HasSubstr("1     FAILED   127.0.0.1:8083"));
  EXPECT_THAT(status, HasSubstr("Task 1 trace:\njava.io.IOException: gone\n\tat Reader.read"));

  EXPECT_THAT(Ok({"tasks", "file-source"}), HasSubstr("1     task.id          1"));
}

TEST_F(SluicectlTest, CreatesFromTheRestBodyWithAnInitialState) {
  const std::string file = dir_.Write("sink.json", R"({
      "name": "file-sink",
      "config": {"connector.class": "org.example.FileSink", "file": "/tmp/out.txt",
                 "topics": "events", "tasks.max": 1},
      "initial_state": "paused"})");
  EXPECT_EQ(Ok({"create", file}), "Created connector file-sink\n");
  EXPECT_EQ(herder_.last_initial_state(), worker::TargetState::kPaused);
  EXPECT_THAT(Ok({"status", "file-sink"}), HasSubstr("State      PAUSED"));

  CommandResult again = Run({"create", file});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "sluicectl: Connector file-sink already exists\n");

  const std::string renamed = dir_.Write("renamed.properties", kSourceProperties);
  EXPECT_EQ(Ok({"create", "--name", "file-source", "--initial-state", "STOPPED", renamed}),
            "Created connector file-source\n");
  EXPECT_EQ(herder_.last_initial_state(), worker::TargetState::kStopped);
}

TEST_F(SluicectlTest, CreateRefusesBadFilesAndInvalidConfigs) {
  CommandResult missing = Run({"create", dir_.Path("nope.properties")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("nope.properties"));

  CommandResult nameless = Run({"create", dir_.Write("x.properties", "connector.class=X\n")});
  EXPECT_EQ(nameless.exit_code, 2);
  EXPECT_THAT(nameless.err, HasSubstr("does not name the connector"));

  CommandResult bad_state =
      Run({"create", "--initial-state", "sleeping", dir_.Write("s.properties", kSourceProperties)});
  EXPECT_EQ(bad_state.exit_code, 2);
  EXPECT_THAT(bad_state.err, HasSubstr("RUNNING, PAUSED or STOPPED"));

  CommandResult invalid = Run(
      {"create", dir_.Write("i.properties", "name=i\nconnector.class=org.example.FileSource\n")});
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_THAT(invalid.err, HasSubstr("Missing required configuration \"file\""));
  EXPECT_TRUE(herder_.ListConnectors().empty());
}

TEST_F(SluicectlTest, JsonOutputIsTheProtoJsonMapping) {
  AddConnector("src", FakeHerder::kSourceClass);
  const nlohmann::json list = nlohmann::json::parse(Ok({"-o", "json", "list"}));
  ASSERT_EQ(list["connectors"].size(), 1u);
  EXPECT_EQ(list["connectors"][0]["name"], "src");
  EXPECT_EQ(list["connectors"][0]["status"]["connector"]["state"], "STATE_RUNNING");
  EXPECT_EQ(list["connectors"][0]["info"]["config"]["topic"], "events");

  const nlohmann::json status = nlohmann::json::parse(Ok({"status", "src", "--output=json"}));
  EXPECT_EQ(status["type"], "CONNECTOR_TYPE_SOURCE");
  EXPECT_EQ(status["tasks"][0]["worker_id"], "127.0.0.1:8083");

  const nlohmann::json info = nlohmann::json::parse(Ok({"info", "-o", "json"}));
  EXPECT_EQ(info["worker"]["version"], "0.1.0-test");
  EXPECT_EQ(info["health"]["status"], "healthy");
}

TEST_F(SluicectlTest, LifecycleCommands) {
  AddConnector("src", FakeHerder::kSourceClass);
  EXPECT_EQ(Ok({"pause", "src"}), "Paused connector src\n");
  EXPECT_THAT(Ok({"status", "src"}), HasSubstr("PAUSED"));
  EXPECT_EQ(Ok({"stop", "src"}), "Stopped connector src\n");
  EXPECT_THAT(Ok({"status", "src"}), HasSubstr("STOPPED"));
  EXPECT_EQ(Ok({"resume", "src"}), "Resumed connector src\n");
  EXPECT_THAT(Ok({"status", "src"}), HasSubstr("RUNNING"));
  EXPECT_EQ(Ok({"delete", "src"}), "Deleted connector src\n");
  EXPECT_TRUE(herder_.ListConnectors().empty());

  for (const char* command : {"status", "describe", "config", "pause", "delete"}) {
    CommandResult missing = Run({command, "src"});
    EXPECT_EQ(missing.exit_code, 1) << command;
    EXPECT_EQ(missing.err, "sluicectl: Connector src not found\n") << command;
    EXPECT_EQ(missing.out, "") << command;
  }
}

TEST_F(SluicectlTest, RestartCommands) {
  AddConnector("src", FakeHerder::kSourceClass, 2);
  herder_.FailTask("src", 1, "boom");
  EXPECT_EQ(Ok({"restart", "src"}), "Restarted connector src\n");

  const std::string restarting = Ok({"restart", "src", "--include-tasks", "--only-failed"});
  EXPECT_THAT(restarting, HasSubstr("Restarting connector src"));
  EXPECT_THAT(restarting, HasSubstr("0     RUNNING"));
  EXPECT_THAT(restarting, HasSubstr("1     RESTARTING"));

  EXPECT_EQ(Ok({"restart", "src", "--task", "1"}), "Restarted task 1 of connector src\n");
  EXPECT_THAT(Ok({"status", "src"}), Not(HasSubstr("FAILED")));

  CommandResult unknown_task = Run({"restart", "src", "--task", "9"});
  EXPECT_EQ(unknown_task.exit_code, 1);
  CommandResult combined = Run({"restart", "src", "--task", "1", "--include-tasks"});
  EXPECT_EQ(combined.exit_code, 2);
  CommandResult not_a_number = Run({"restart", "src", "--task", "one"});
  EXPECT_EQ(not_a_number.exit_code, 2);
  EXPECT_THAT(not_a_number.err, HasSubstr("--task needs a whole number"));
}

TEST_F(SluicectlTest, PluginsAndValidate) {
  const std::string connectors = Ok({"plugins"});
  EXPECT_THAT(connectors, HasSubstr("org.example.FileSink    sink    1.0"));
  EXPECT_THAT(connectors, Not(HasSubstr("Converter")));
  EXPECT_THAT(Ok({"plugins", "--all"}), HasSubstr("org.example.StringConverter  converter  -"));

  const std::string valid = dir_.Write("valid.properties", kSourceProperties);
  EXPECT_EQ(Ok({"validate", FakeHerder::kSourceClass, valid}),
            "The config is valid for org.example.FileSource\n");

  const std::string invalid = dir_.Write("invalid.properties", "tasks.max=0\nfile=/tmp/x\n");
  CommandResult errors = Run({"validate", FakeHerder::kSourceClass, invalid});
  EXPECT_EQ(errors.exit_code, 1);
  EXPECT_THAT(errors.out, HasSubstr("tasks.max  0       Invalid value 0 for configuration "
                                    "tasks.max: Value must be at least 1"));
  EXPECT_THAT(errors.out, HasSubstr("topic      (none)  Missing required configuration"));
  EXPECT_EQ(errors.err, "sluicectl: the config has 2 error(s) for org.example.FileSource\n");

  CommandResult unknown = Run({"validate", "org.example.Nope", valid});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("Unknown plugin org.example.Nope."));
}

TEST_F(SluicectlTest, OffsetsGetAlterAndReset) {
  AddConnector("sink", FakeHerder::kSinkClass);
  worker::OffsetEntry entry;
  entry.partition = {{"kafka_topic", "events"}, {"kafka_partition", 0}};
  entry.offset = {{"kafka_offset", 4}};
  worker::OffsetEntry other = entry;
  other.partition["kafka_partition"] = 1;
  herder_.SetOffsets("sink", {entry, other});
  const std::string offsets = Ok({"offsets", "get", "sink"});
  EXPECT_THAT(offsets, HasSubstr("PARTITION"));
  EXPECT_THAT(offsets, HasSubstr(R"({"kafka_partition":0,"kafka_topic":"events"})"));
  EXPECT_THAT(offsets, HasSubstr(R"({"kafka_offset":4})"));

  const std::string file = dir_.Write("offsets.json", R"({"offsets": [
      {"partition": {"kafka_topic": "events", "kafka_partition": 0},
       "offset": {"kafka_offset": 10}},
      {"partition": {"kafka_topic": "events", "kafka_partition": 1}, "offset": null}]})");
  CommandResult running = Run({"offsets", "alter", "sink", file});
  EXPECT_EQ(running.exit_code, 1);
  EXPECT_THAT(running.err, HasSubstr("STOPPED"));

  Ok({"stop", "sink"});
  EXPECT_EQ(Ok({"offsets", "alter", "sink", file}),
            "The offsets for this connector have been altered successfully\n");
  // Partition 1's null offset reset it.
  const std::vector<worker::OffsetEntry> altered = herder_.Offsets("sink");
  ASSERT_EQ(altered.size(), 1u);
  EXPECT_EQ(altered[0].partition["kafka_partition"], 0);
  EXPECT_EQ(altered[0].offset.dump(), R"({"kafka_offset":10})");
  EXPECT_EQ(Ok({"offsets", "reset", "sink"}),
            "The offsets for this connector have been reset successfully\n");
  EXPECT_TRUE(herder_.Offsets("sink").empty());

  CommandResult bad_file = Run({"offsets", "alter", "sink", dir_.Write("bad.json", "[1, 2]")});
  EXPECT_EQ(bad_file.exit_code, 2);
  EXPECT_THAT(bad_file.err, HasSubstr("is not an offsets file"));
}

TEST_F(SluicectlTest, TopicsCreateProduceConsumeAndDelete) {
  EXPECT_EQ(Ok({"topics", "create", "events", "--partitions", "2"}), "Created topic events\n");
  EXPECT_EQ(Ok({"topics", "create", "audit"}), "Created topic audit\n");
  EXPECT_EQ(Ok({"topics", "list"}), "audit\nevents\n");

  EXPECT_EQ(Ok({"topics", "produce", "events", "--partition", "1"}, "first\nsecond\n\nfourth"),
            "Produced 4 record(s) to topic events\n");
  EXPECT_EQ(Ok({"topics", "produce", "events", "--key", "k", "--partition", "0"}, "keyed\n"),
            "Produced 1 record(s) to topic events\n");

  const std::string describe = Ok({"topics", "describe", "events"});
  EXPECT_THAT(describe, HasSubstr("Partitions  2"));
  EXPECT_THAT(describe, HasSubstr("PARTITION  START OFFSET  END OFFSET  SIZE (BYTES)"));
  EXPECT_THAT(describe, HasSubstr("1          0             4           17"));

  EXPECT_EQ(Ok({"topics", "consume", "events", "--partition", "1", "--from-beginning"}),
            "first\nsecond\n\nfourth\n");
  EXPECT_EQ(Ok({"topics", "consume", "events", "--partition", "1", "--offset", "1", "--max", "2"}),
            "second\n\n");
  // From the end, without --follow: nothing, at once.
  EXPECT_EQ(Ok({"topics", "consume", "events"}), "");

  const std::string json_lines = Ok({"-o", "json", "topics", "consume", "events", "--partition",
                                     "1", "--max", "1", "--from-beginning"});
  const nlohmann::json record = nlohmann::json::parse(json_lines);
  EXPECT_EQ(record["topic"], "events");
  EXPECT_EQ(record["offset"], "0");        // int64 is a string in proto3's JSON mapping
  EXPECT_EQ(record["value"], "Zmlyc3Q=");  // base64 of "first"

  EXPECT_EQ(Ok({"topics", "delete", "events"}), "Deleted topic events\n");
  CommandResult gone = Run({"topics", "describe", "events"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_EQ(gone.err, "sluicectl: Topic events not found\n");
  CommandResult twice = Run({"topics", "create", "audit"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("already exists"));
  CommandResult bad_partition = Run({"topics", "consume", "audit", "--partition", "3"});
  EXPECT_EQ(bad_partition.exit_code, 1);
  EXPECT_THAT(bad_partition.err, HasSubstr("Topic audit has no partition 3"));
}

TEST_F(SluicectlTest, ServerComesFromTheEnvironmentUnlessGiven) {
  AddConnector("src", FakeHerder::kSourceClass);
  CommandResult from_env = RunSluicectl({"list"}, "", address());
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_THAT(from_env.out, HasSubstr("src"));

  const std::string nowhere = "127.0.0.1:" + std::to_string(UnusedPort());
  CommandResult flag_wins = RunSluicectl({"--server", nowhere, "list"}, "", address());
  EXPECT_EQ(flag_wins.exit_code, 3);
  EXPECT_EQ(flag_wins.err, "sluicectl: cannot connect to the Sluice worker at " + nowhere +
                               " (connection failed)\n");
  CommandResult env_nowhere = RunSluicectl({"topics", "list"}, "", nowhere);
  EXPECT_EQ(env_nowhere.exit_code, 3);
}

TEST_F(SluicectlTest, UsageErrorsAndHelp) {
  CommandResult help = RunSluicectl({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("topics consume <topic>"));
  CommandResult consume_help = RunSluicectl({"topics", "consume", "--help"});
  EXPECT_EQ(consume_help.exit_code, 0);
  EXPECT_THAT(consume_help.out, HasSubstr("Usage: sluicectl topics consume [options] <topic>"));
  EXPECT_THAT(consume_help.out, HasSubstr("--from-beginning"));

  const std::vector<std::vector<std::string>> mistakes = {
      {},
      {"frobnicate"},
      {"topics", "frobnicate"},
      {"status"},
      {"status", "a", "b"},
      {"list", "--output", "xml"},
      {"list", "--bogus"},
      {"topics", "consume", "t", "--from-beginning", "--offset", "3"},
      {"topics", "create", "t", "--partitions", "0"},
      {"topics", "create", "t", "--config", "novalue"},
  };
  for (const auto& args : mistakes) {
    CommandResult result = Run(args);
    EXPECT_EQ(result.exit_code, 2) << ::testing::PrintToString(args) << ": " << result.err;
    EXPECT_THAT(result.err, HasSubstr("sluicectl: "));
  }
}

}  // namespace
}  // namespace sluice::testing
