// sluice-mock-kafka: librdkafka's in-process Kafka cluster (rdkafka_mock.h) in a process of its
// own, so that other processes on this machine (a Sluice worker, rsyslog's omkafka and imkafka,
// kcat) can use it as bootstrap.servers.
//
//   sluice-mock-kafka [--brokers N] [--topic NAME:PARTITIONS]...
//
// Prints the bootstrap servers ("127.0.0.1:port,...") as one line on standard output once the
// brokers listen, then serves until SIGINT or SIGTERM, or until its standard input (when that is a
// pipe) is closed, so that it never outlives the script that started it.
//
// The mock cluster keeps only about the newest 5 MB of each partition and creates a topic on first
// use with 4 partitions; --topic creates one beforehand with the partitions wanted.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct TopicSpec {
  std::string name;
  int partitions = 1;
};

struct Options {
  int brokers = 1;
  std::vector<TopicSpec> topics;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "sluice-mock-kafka: %s\n"
               "usage: sluice-mock-kafka [--brokers N] [--topic NAME:PARTITIONS]...\n",
               problem.c_str());
  std::exit(2);
}

int ParsePositive(const std::string& text, const char* what) {
  char* end = nullptr;
  errno = 0;
  long value = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0' || value < 1 || value > 1000) {
    Usage(std::string("invalid ") + what + " '" + text + "': expected a number from 1 to 1000");
  }
  return static_cast<int>(value);
}

Options ParseArgs(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg != "--brokers" && arg != "--topic") Usage("unknown argument '" + arg + "'");
    if (i + 1 >= argc) Usage(arg + " needs a value");
    std::string value = argv[++i];
    if (arg == "--brokers") {
      options.brokers = ParsePositive(value, "--brokers");
      continue;
    }
    size_t colon = value.rfind(':');
    TopicSpec topic;
    topic.name = value.substr(0, colon);
    if (colon != std::string::npos) {
      topic.partitions = ParsePositive(value.substr(colon + 1), "partition count");
    }
    if (topic.name.empty()) Usage("--topic '" + value + "' has no topic name");
    options.topics.push_back(topic);
  }
  return options;
}

// Blocks until SIGINT/SIGTERM, or until standard input is a pipe and its writer closed it.
void WaitForStop() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (signal_fd < 0) {
    std::perror("sluice-mock-kafka: signalfd");
    return;
  }
  struct stat st;
  bool watch_stdin = fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode);
  pollfd fds[2] = {{signal_fd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
  while (true) {
    int n = poll(fds, watch_stdin ? 2 : 1, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::perror("sluice-mock-kafka: poll");
      break;
    }
    if (fds[0].revents != 0) break;
    if (watch_stdin && fds[1].revents != 0) {
      char buffer[256];
      ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);
      if (got <= 0) break;  // closed: the script that started us is gone
    }
  }
  close(signal_fd);
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseArgs(argc, argv);

  // Block the stop signals before librdkafka starts its threads, so that only signalfd sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // Warnings and errors only: the owning client is never given bootstrap.servers, which it notes.
  if (rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    std::fprintf(stderr, "sluice-mock-kafka: %s\n", errstr);
    return 1;
  }
  // librdkafka requires a client handle to own a mock cluster; this one sends nothing.
  rd_kafka_t* owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (owner == nullptr) {
    std::fprintf(stderr, "sluice-mock-kafka: cannot create the owning client: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(owner, options.brokers);
  if (cluster == nullptr) {
    std::fprintf(stderr, "sluice-mock-kafka: librdkafka could not start %d mock broker(s)\n",
                 options.brokers);
    rd_kafka_destroy(owner);
    return 1;
  }
  int status = 0;
  for (const TopicSpec& topic : options.topics) {
    rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster, topic.name.c_str(), topic.partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::fprintf(stderr, "sluice-mock-kafka: cannot create topic '%s' with %d partition(s): %s\n",
                   topic.name.c_str(), topic.partitions, rd_kafka_err2str(err));
      status = 1;
    }
  }
  if (status == 0) {
    std::printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
    std::fflush(stdout);
    WaitForStop();
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(owner);
  return status;
}
