#include "file-source/file_tailer.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "test_util.h"

namespace sluice::file_source {
namespace {

using file_test::AppendToFile;
using file_test::FakeOffsetStore;
using file_test::InodeOf;
using file_test::LogCapture;
using file_test::PollLines;
using file_test::PollSome;
using file_test::TempDir;
using file_test::Texts;
using file_test::WriteFile;
using Strings = std::vector<std::string>;

TailOptions Options(const std::string& pattern) {
  TailOptions options;
  options.pattern = pattern;
  options.rotation_grace = std::chrono::milliseconds(0);  // finish a replaced file at once
  options.rescan_interval_unwatched = std::chrono::milliseconds(20);
  options.rescan_interval_watched = std::chrono::milliseconds(200);
  return options;
}

TEST(FileTailer, ReadsExistingLinesThenAppendsAndHoldsAPartialLine) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "one\ntwo\n");
  FileTailer tailer(Options(path), nullptr, nullptr);

  auto lines = PollLines(tailer, 2);
  ASSERT_EQ(Texts(lines), (Strings{"one", "two"}));
  EXPECT_EQ(lines[0].position, 4u);
  EXPECT_EQ(lines[1].position, 8u);
  ASSERT_NE(lines[0].origin, nullptr);
  EXPECT_EQ(lines[0].origin->partition_path, path);
  EXPECT_EQ(lines[0].origin->inode, InodeOf(path));

  AppendToFile(path, "three\nfour, not yet ended");
  EXPECT_EQ(Texts(PollLines(tailer, 1)), (Strings{"three"}));
  EXPECT_TRUE(PollSome(tailer).empty());  // the partial line waits for its newline
  AppendToFile(path, "\r\n");
  lines = PollLines(tailer, 1);
  ASSERT_EQ(Texts(lines), (Strings{"four, not yet ended"}));
  EXPECT_EQ(lines[0].position, 8u + 6u + 21u);
}

TEST(FileTailer, HonoursTheBatchLimit) {
  TempDir dir;
  const std::string path = dir / "app.log";
  std::string content;
  for (int i = 0; i < 10; ++i) content += "line " + std::to_string(i) + "\n";
  WriteFile(path, content);
  FileTailer tailer(Options(path), nullptr, nullptr);
  LineBatch lines;
  tailer.Poll(3, std::chrono::milliseconds(1000), lines);
  EXPECT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].text, "line 2");
}

TEST(FileTailer, RenameRotationDrainsTheOldFileThenReadsTheNewOneFromTheStart) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "1\n2\n");
  FileTailer tailer(Options(path), nullptr, nullptr);
  ASSERT_EQ(Texts(PollLines(tailer, 2)), (Strings{"1", "2"}));
  const uint64_t old_inode = InodeOf(path);

  // The writer keeps its descriptor across the rename and writes a little more to the old file.
  int writer = ::open(path.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(writer, 0);
  AppendToFile(path, "3\n");
  std::filesystem::rename(path, dir / "app.log.1");
  ASSERT_EQ(::write(writer, "4\n", 2), 2);
  ::close(writer);
  WriteFile(path, "5\n6\n");

  auto lines = PollLines(tailer, 4);
  ASSERT_EQ(Texts(lines), (Strings{"3", "4", "5", "6"}));  // old file first, nothing twice
  EXPECT_EQ(lines[1].origin->inode, old_inode);
  EXPECT_EQ(lines[1].position, 8u);
  EXPECT_EQ(lines[2].origin->inode, InodeOf(path));
  EXPECT_EQ(lines[2].origin->partition_path, path);
  EXPECT_EQ(lines[2].position, 2u);  // the new file starts at 0
  EXPECT_TRUE(PollSome(tailer).empty());
}

TEST(FileTailer, ATruncatedFileIsReadAgainFromTheStart) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "long line one\nlong line two\n");
  LogCapture log;
  FileTailer tailer(Options(path), nullptr, log.Fn());
  ASSERT_EQ(PollLines(tailer, 2).size(), 2u);

  WriteFile(path, "new\n");  // O_TRUNC, then a shorter content
  auto lines = PollLines(tailer, 1);
  ASSERT_EQ(Texts(lines), (Strings{"new"}));
  EXPECT_EQ(lines[0].position, 4u);
  EXPECT_EQ(log.Count(LogLevel::kWarn, "shrank"), 1u) << log.All();
}

TEST(FileTailer, CopyTruncateRotationLosesNothingAndRereadsNothing) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "a\nb\n");
  FileTailer tailer(Options(path), nullptr, nullptr);
  ASSERT_EQ(Texts(PollLines(tailer, 2)), (Strings{"a", "b"}));

  // logrotate's copytruncate: copy the content aside, then truncate the file in place.
  std::filesystem::copy_file(path, dir / "app.log.1");
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  AppendToFile(path, "c\n");
  EXPECT_EQ(Texts(PollLines(tailer, 1)), (Strings{"c"}));
  EXPECT_TRUE(PollSome(tailer).empty());
}

TEST(FileTailer, WaitsForAFileThatDoesNotExistYetAndSaysSoOnce) {
  TempDir dir;
  const std::string path = dir / "later.log";
  LogCapture log;
  FileTailer tailer(Options(path), nullptr, log.Fn());
  EXPECT_TRUE(PollSome(tailer, 5).empty());
  EXPECT_EQ(log.Count(LogLevel::kInfo, "waiting"), 1u) << log.All();

  WriteFile(path, "finally\n");
  EXPECT_EQ(Texts(PollLines(tailer, 1)), (Strings{"finally"}));
}

TEST(FileTailer, WaitsForAFileInADirectoryThatDoesNotExistYet) {
  TempDir dir;
  const std::string path = dir / "sub/later.log";
  FileTailer tailer(Options(path), nullptr, nullptr);
  EXPECT_TRUE(PollSome(tailer).empty());
  std::filesystem::create_directory(dir / "sub");
  WriteFile(path, "here\n");
  EXPECT_EQ(Texts(PollLines(tailer, 1)), (Strings{"here"}));
}

TEST(FileTailer, GlobReadsEveryMatchWithItsOwnOffset) {
  TempDir dir;
  WriteFile(dir / "a.log", "a1\na2\n");
  WriteFile(dir / "b.log", "b1\n");
  WriteFile(dir / "c.txt", "not matched\n");
  FileTailer tailer(Options(dir / "*.log"), nullptr, nullptr);

  auto lines = PollLines(tailer, 3);
  ASSERT_EQ(lines.size(), 3u);
  std::map<std::string, Strings> by_file;
  std::map<std::string, uint64_t> last_position;
  for (const auto& line : lines) {
    by_file[line.origin->partition_path].push_back(line.text);
    last_position[line.origin->partition_path] = line.position;
  }
  EXPECT_EQ(by_file[dir / "a.log"], (Strings{"a1", "a2"}));
  EXPECT_EQ(by_file[dir / "b.log"], (Strings{"b1"}));
  EXPECT_EQ(last_position[dir / "a.log"], 6u);
  EXPECT_EQ(last_position[dir / "b.log"], 3u);

  WriteFile(dir / "c.log", "c1\n");  // a new match
  AppendToFile(dir / "b.log", "b2\n");
  lines = PollLines(tailer, 2);
  by_file.clear();
  for (const auto& line : lines) by_file[line.origin->partition_path].push_back(line.text);
  EXPECT_EQ(by_file[dir / "b.log"], (Strings{"b2"}));
  EXPECT_EQ(by_file[dir / "c.log"], (Strings{"c1"}));
}

TEST(FileTailer, RestartsFromStoredOffsets) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "1\n2\n");
  FakeOffsetStore store;
  {
    FileTailer tailer(Options(path), store.Reader(), nullptr);
    store.Commit(PollLines(tailer, 2));
  }
  AppendToFile(path, "3\n");
  FileTailer tailer(Options(path), store.Reader(), nullptr);
  auto lines = PollLines(tailer, 1);
  ASSERT_EQ(Texts(lines), (Strings{"3"}));
  EXPECT_EQ(lines[0].position, 6u);
  EXPECT_TRUE(PollSome(tailer).empty());
}

TEST(FileTailer, AcceptsKafkaOffsetsWithoutAnInode) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "1\n2\n3\n");
  FakeOffsetStore store;
  StoredOffset kafka_offset;
  kafka_offset.position = 4;
  store.Set(path, kafka_offset);
  FileTailer tailer(Options(path), store.Reader(), nullptr);
  EXPECT_EQ(Texts(PollLines(tailer, 1)), (Strings{"3"}));
}

TEST(FileTailer, RestartAfterRotationDrainsTheRotatedFileWithoutRereadingIt) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "1\n2\n");
  FakeOffsetStore store;
  {
    FileTailer tailer(Options(path), store.Reader(), nullptr);
    store.Commit(PollLines(tailer, 2));
  }
  // While the task is down: one more line, a rotation, and lines in the new file.
  AppendToFile(path, "3\n");
  std::filesystem::rename(path, dir / "app.log.1");
  WriteFile(path, "4\n");

  LogCapture log;
  FileTailer tailer(Options(path), store.Reader(), log.Fn());
  auto lines = PollLines(tailer, 2);
  EXPECT_EQ(Texts(lines), (Strings{"3", "4"})) << log.All();
  EXPECT_TRUE(PollSome(tailer).empty());
}

TEST(FileTailer, RotatedFilesMatchingTheGlobAreNeverReadTwiceAcrossRestarts) {
  TempDir dir;
  const std::string path = dir / "app.log";
  const std::string pattern = dir / "app.log*";
  FakeOffsetStore store;
  std::vector<std::string> all;
  auto run = [&](const std::function<void(FileTailer&)>& during) {
    FileTailer tailer(Options(pattern), store.Reader(), nullptr);
    auto lines = PollSome(tailer);
    store.Commit(lines);
    for (const auto& l : Texts(lines)) all.push_back(l);
    during(tailer);
  };
  auto rotate = [&](const std::string& new_content) {
    if (file_test::Exists(dir / "app.log.1"))
      std::filesystem::rename(dir / "app.log.1", dir / "app.log.2");
    std::filesystem::rename(path, dir / "app.log.1");
    WriteFile(path, new_content);
  };

  WriteFile(path, "1\n");
  run([&](FileTailer& tailer) {
    AppendToFile(path, "2\n");
    rotate("3\n");
    auto lines = PollLines(tailer, 2);
    store.Commit(lines);
    for (const auto& l : Texts(lines)) all.push_back(l);
  });
  run([&](FileTailer&) { rotate("4\n"); });  // rotated again while running, nothing unread
  run([&](FileTailer&) {});
  AppendToFile(path, "5\n");
  run([&](FileTailer&) {});
  EXPECT_EQ(all, (Strings{"1", "2", "3", "4", "5"}));
}

TEST(FileTailer, AFileDeletedAndCreatedAgainIsReadFromTheStart) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "old\n");
  FileTailer tailer(Options(path), nullptr, nullptr);
  ASSERT_EQ(Texts(PollLines(tailer, 1)), (Strings{"old"}));
  std::filesystem::remove(path);
  EXPECT_TRUE(PollSome(tailer).empty());
  WriteFile(path, "new\n");
  auto lines = PollLines(tailer, 1);
  ASSERT_EQ(Texts(lines), (Strings{"new"}));
  EXPECT_EQ(lines[0].position, 4u);
}

TEST(FileTailer, DeliversHugeLinesInPiecesAndWarnsOncePerFile) {
  TempDir dir;
  const std::string path = dir / "app.log";
  const std::string huge(100, 'x');
  WriteFile(path, huge + "\n" + huge + "\nshort\n");
  TailOptions options = Options(path);
  options.max_line_bytes = 16;
  LogCapture log;
  FileTailer tailer(options, nullptr, log.Fn());
  auto lines = PollLines(tailer, 15);
  ASSERT_EQ(lines.size(), 15u);  // 7 pieces per huge line, then "short"
  std::string joined;
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_LE(lines[i].text.size(), 16u);
    joined += lines[i].text;
  }
  EXPECT_EQ(joined, huge);
  EXPECT_EQ(lines.back().text, "short");
  EXPECT_EQ(log.Count(LogLevel::kWarn, "max.line.bytes"), 1u) << log.All();
}

TEST(FileTailer, WakeupEndsABlockedPoll) {
  TempDir dir;
  FileTailer tailer(Options(dir / "quiet.log"), nullptr, nullptr);
  LineBatch lines;
  tailer.Poll(10, std::chrono::milliseconds(0), lines);  // first scan
  const auto started = std::chrono::steady_clock::now();
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    tailer.Wakeup();
  });
  tailer.Poll(10, std::chrono::seconds(60), lines);
  waker.join();
  EXPECT_TRUE(lines.empty());
  // Liveness, not speed: without the wake-up this would block for a minute.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

TEST(FileTailer, ABlockedPollReturnsAsSoonAsALineIsWritten) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "");
  FileTailer tailer(Options(path), nullptr, nullptr);
  LineBatch lines;
  tailer.Poll(10, std::chrono::milliseconds(0), lines);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    AppendToFile(path, "hello\n");
  });
  tailer.Poll(10, std::chrono::seconds(60), lines);
  writer.join();
  EXPECT_EQ(Texts(lines), (Strings{"hello"}));
}

// linger.ms: the lines of writes that come shortly after one another go out together (fewer
// wakeups per line), unless the batch is full first.
TEST(FileTailer, APollLingersForMoreLinesUnlessTheBatchIsFull) {
  TempDir dir;
  const std::string path = dir / "app.log";
  WriteFile(path, "");
  TailOptions options = Options(path);
  options.linger = std::chrono::milliseconds(2000);
  FileTailer tailer(options, nullptr, nullptr);
  LineBatch lines;
  tailer.Poll(10, std::chrono::milliseconds(0), lines);
  AppendToFile(path, "one\n");
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    AppendToFile(path, "two\n");
  });
  tailer.Poll(10, std::chrono::seconds(60), lines);
  writer.join();
  EXPECT_EQ(Texts(lines), (Strings{"one", "two"}));  // the second write came within the linger

  // A full batch goes at once, however long the linger.
  AppendToFile(path, "a\nb\nc\n");
  LineBatch full;
  const auto started = std::chrono::steady_clock::now();
  tailer.Poll(3, std::chrono::seconds(60), full);
  EXPECT_EQ(Texts(full), (Strings{"a", "b", "c"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace sluice::file_source
