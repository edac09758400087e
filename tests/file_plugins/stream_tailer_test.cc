#include "file-source/stream_tailer.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>

#include "test_util.h"

namespace sluice::file_source {
namespace {

using file_test::LogCapture;
using file_test::PollLines;
using file_test::PollSome;
using file_test::Texts;
using Strings = std::vector<std::string>;

// A pipe standing in for the worker's standard input.
struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
  void Write(const std::string& s) const {
    ASSERT_EQ(::write(write_end, s.data(), s.size()), static_cast<ssize_t>(s.size()));
  }
  void CloseWriter() {
    ::close(write_end);
    write_end = -1;
  }
};

TEST(StreamTailer, ReadsLinesWithoutOffsetsAndTheLastLineAtTheEnd) {
  Pipe pipe;
  LogCapture log;
  StreamTailer stream(pipe.read_end, "standard input", 1024, log.Fn());
  pipe.Write("one\ntw");
  auto lines = PollLines(stream, 1);
  ASSERT_EQ(Texts(lines), (Strings{"one"}));
  EXPECT_EQ(lines[0].origin, nullptr);  // a stream has no offsets to keep
  pipe.Write("o\nthree without newline");
  EXPECT_EQ(Texts(PollLines(stream, 1)), (Strings{"two"}));
  pipe.CloseWriter();
  EXPECT_EQ(Texts(PollLines(stream, 1)), (Strings{"three without newline"}));
  EXPECT_TRUE(PollSome(stream).empty());
  EXPECT_EQ(log.Count(LogLevel::kInfo, "end of standard input"), 1u) << log.All();
}

TEST(StreamTailer, WakeupEndsABlockedPoll) {
  Pipe pipe;
  StreamTailer stream(pipe.read_end, "standard input", 1024, nullptr);
  LineBatch lines;
  const auto started = std::chrono::steady_clock::now();
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stream.Wakeup();
  });
  stream.Poll(10, std::chrono::seconds(60), lines);
  waker.join();
  EXPECT_TRUE(lines.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));  // liveness
}

}  // namespace
}  // namespace sluice::file_source
