#include "grpc_test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace sluice::testing {
namespace {

// Far above what any call here needs; only reached if the server hangs.
constexpr std::chrono::seconds kCallDeadline(30);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void GrpcServerTest::SetUp() {
  server_ = std::make_unique<rpc::GrpcServer>(herder_, transport_, "127.0.0.1:0");
  Status started = server_->Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  ASSERT_GT(server_->port(), 0);
  auto channel = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  connectors_ = v1::ConnectorService::NewStub(channel);
  topics_ = v1::TopicService::NewStub(channel);
}

void GrpcServerTest::TearDown() {
  server_->Stop();
}

std::unique_ptr<grpc::ClientContext> GrpcServerTest::Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  return context;
}

void GrpcServerTest::AddConnector(const std::string& name, const std::string& connector_class,
                                  int tasks) {
  worker::StringMap config = {{"name", name},
                              {"connector.class", connector_class},
                              {"tasks.max", std::to_string(tasks)},
                              {"file", "/tmp/" + name + ".txt"}};
  config[connector_class == FakeHerder::kSinkClass ? "topics" : "topic"] = "events";
  auto put = herder_.PutConnectorConfig(name, config, false, std::nullopt);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
}

TempDir::TempDir() {
  std::string pattern = ::testing::TempDir() + "sluice-grpc-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << pattern << ": " << std::strerror(errno);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Write(const std::string& name, const std::string& text) const {
  const std::string path = Path(name);
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.good()) ADD_FAILURE() << "cannot write " << path;
  return path;
}

CommandResult RunSluicectl(const std::vector<std::string>& args, const std::string& input,
                           const std::string& server_env) {
  const TempDir dir;
  const std::string in_path = dir.Write("stdin", input);
  const std::string out_path = dir.Path("stdout"), err_path = dir.Path("stderr");

  const std::string program = SLUICE_BUILD_DIR "/bin/sluicectl";
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  // The child's environment: ours, with SLUICE_SERVER replaced.
  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "SLUICE_SERVER=", 14) != 0) env_strings.emplace_back(*entry);
  }
  if (!server_env.empty()) env_strings.push_back("SLUICE_SERVER=" + server_env);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  CommandResult result;
  if (spawned != 0) {
    ADD_FAILURE() << "cannot run " << program << ": " << std::strerror(spawned);
    return result;
  }
  int wait_status = 0;
  if (waitpid(pid, &wait_status, 0) != pid) {
    ADD_FAILURE() << "waitpid: " << std::strerror(errno);
    return result;
  }
  result.exit_code =
      WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

}  // namespace sluice::testing
