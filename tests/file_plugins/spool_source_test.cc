#include "file-source/spool_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "test_util.h"

namespace sluice::file_source {
namespace {

using file_test::AppendToFile;
using file_test::Exists;
using file_test::FakeOffsetStore;
using file_test::LogCapture;
using file_test::PollLines;
using file_test::PollSome;
using file_test::TempDir;
using file_test::Texts;
using file_test::WriteFile;
using Strings = std::vector<std::string>;

SpoolOptions Options(const std::string& directory) {
  SpoolOptions options;
  options.scan.directory = directory;
  options.rescan_interval_unwatched = std::chrono::milliseconds(20);
  options.rescan_interval_watched = std::chrono::milliseconds(200);
  options.committed_offset_check_interval = std::chrono::milliseconds(0);
  return options;
}

// Sets a file's modification time to `seconds` after the epoch.
void SetMtime(const std::string& path, time_t seconds) {
  timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST(SpoolDirectorySource, ReadsAFileOnceAndRenamesItOnlyAfterItIsAcknowledged) {
  TempDir dir;
  const std::string path = dir / "batch.txt";
  WriteFile(path, "x\ny\nno newline at the end");
  FakeOffsetStore store;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);

  auto lines = PollLines(source, 3);
  ASSERT_EQ(Texts(lines), (Strings{"x", "y", "no newline at the end"}));
  EXPECT_EQ(lines[0].origin->partition_path, path);
  EXPECT_EQ(lines[2].position, 25u);  // the whole file: its last line has no newline

  EXPECT_TRUE(PollSome(source).empty());
  EXPECT_TRUE(Exists(path)) << "renamed before its lines were acknowledged";
  source.OnCommit();  // nothing committed yet: the call alone proves nothing
  EXPECT_TRUE(Exists(path)) << "renamed on a commit that did not include its lines";
  store.Commit(lines);
  source.OnCommit();
  EXPECT_FALSE(Exists(path));
  EXPECT_TRUE(Exists(path + ".COMPLETED"));
  EXPECT_TRUE(PollSome(source).empty());
}

// A completed file's offset is deleted (renamed or deleted alike), so that offsets do not pile
// up in the store as files come and go; a file that is not completed keeps its offset.
TEST(SpoolDirectorySource, ACompletedFilesOffsetIsForgotten) {
  for (bool delete_completed : {false, true}) {
    TempDir dir;
    const std::string path = dir / "batch.txt";
    WriteFile(path, "1\n2\n");
    SpoolOptions options = Options(dir.root());
    options.delete_completed = delete_completed;
    FakeOffsetStore store;
    SpoolDirectorySource source(options, store.Reader(), nullptr, store.Forgetter());
    auto lines = PollLines(source, 2);
    store.Commit({lines[0]});
    source.OnCommit();
    EXPECT_TRUE(store.forgotten().empty());
    EXPECT_TRUE(store.Reader()(path).has_value());
    store.Commit(lines);
    source.OnCommit();
    EXPECT_EQ(store.forgotten(), (Strings{path}));
    EXPECT_FALSE(store.Reader()(path).has_value());
    EXPECT_FALSE(Exists(path));
  }
}

// The host commits the offsets of acknowledged records, and calls Commit, while later records
// are still in flight: a file whose last lines are not acknowledged must stay, or a crash or a
// failed delivery would lose them.
TEST(SpoolDirectorySource, ACommitWhileItsLastLinesAreInFlightCompletesNothing) {
  for (bool delete_completed : {false, true}) {
    TempDir dir;
    const std::string path = dir / "batch.txt";
    WriteFile(path, "1\n2\n3\n");
    SpoolOptions options = Options(dir.root());
    options.delete_completed = delete_completed;
    FakeOffsetStore store;
    SpoolDirectorySource source(options, store.Reader(), nullptr);

    auto lines = PollLines(source, 3);
    ASSERT_EQ(Texts(lines), (Strings{"1", "2", "3"}));
    store.Commit({lines[0], lines[1]});  // "3" is still in flight
    source.OnCommit();
    EXPECT_TRUE(PollSome(source).empty());
    EXPECT_TRUE(Exists(path)) << "completed while its last line was unacknowledged";

    store.Commit({lines[2]});
    source.OnCommit();
    EXPECT_FALSE(Exists(path));
    EXPECT_EQ(Exists(path + ".COMPLETED"), !delete_completed);
  }
}

TEST(SpoolDirectorySource, DeletesCompletedFilesWithTheImmediatePolicy) {
  TempDir dir;
  WriteFile(dir / "a.txt", "a\n");
  SpoolOptions options = Options(dir.root());
  options.delete_completed = true;
  options.scan.completed_suffix = ".done";
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), nullptr);
  auto lines = PollLines(source, 1);
  ASSERT_EQ(lines.size(), 1u);
  store.Commit(lines);
  source.OnCommit();
  EXPECT_TRUE(std::filesystem::is_empty(dir.root()));
}

TEST(SpoolDirectorySource, PicksUpFilesThatArriveLater) {
  TempDir dir;
  FakeOffsetStore store;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
  EXPECT_TRUE(PollSome(source).empty());
  WriteFile(dir / ".incoming", "late\n");
  EXPECT_TRUE(PollSome(source).empty());  // hidden while being written
  std::filesystem::rename(dir / ".incoming", dir / "late.txt");
  EXPECT_EQ(Texts(PollLines(source, 1)), (Strings{"late"}));
}

// Drops a file into `dir` while `source` waits in Poll (up to 30 s); returns how long the poll
// took to return it.
std::chrono::milliseconds TimeToPickUp(SpoolDirectorySource& source, const TempDir& dir) {
  std::thread dropper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    WriteFile(dir / ".incoming", "dropped\n");
    std::filesystem::rename(dir / ".incoming", dir / "dropped.txt");
  });
  const auto start = std::chrono::steady_clock::now();
  LineBatch lines;
  source.Poll(100, std::chrono::seconds(30), lines);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  dropper.join();
  EXPECT_EQ(Texts(lines), (Strings{"dropped"}));
  return took;
}

TEST(SpoolDirectorySource, InotifyWakesAWaitingPollAtOnce) {
  TempDir dir;
  SpoolOptions options = Options(dir.root());
  options.rescan_interval_watched = std::chrono::hours(1);  // only an event can find the file
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), nullptr);
  EXPECT_TRUE(PollSome(source, 1).empty());
  ASSERT_TRUE(source.watching());
  EXPECT_LT(TimeToPickUp(source, dir), std::chrono::seconds(5));
}

TEST(SpoolDirectorySource, WithoutInotifyPeriodicRescansFindNewFiles) {
  TempDir dir;
  SpoolOptions options = Options(dir.root());
  options.use_inotify = false;
  options.rescan_interval_unwatched = std::chrono::milliseconds(200);
  options.rescan_interval_watched = std::chrono::hours(1);  // must not apply
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), nullptr);
  EXPECT_TRUE(PollSome(source, 1).empty());
  ASSERT_FALSE(source.watching());
  EXPECT_LT(TimeToPickUp(source, dir), std::chrono::seconds(5));
}

TEST(SpoolDirectorySource, HonoursIncludeAndIgnorePatternsAndSkipsHiddenAndCompletedFiles) {
  TempDir dir;
  WriteFile(dir / "a.log", "a\n");
  WriteFile(dir / "b.txt", "b\n");
  WriteFile(dir / "c.log", "c\n");
  WriteFile(dir / ".d.log", "hidden\n");
  WriteFile(dir / "e.log.COMPLETED", "done before\n");
  SpoolOptions options = Options(dir.root());
  options.scan.include_pattern = R"(^.*\.log$)";
  options.scan.ignore_pattern = "^c.*";
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), nullptr);
  EXPECT_EQ(Texts(PollSome(source)), (Strings{"a"}));
}

TEST(SpoolDirectorySource, ReadsOldestOrYoungestFirst) {
  for (ConsumeOrder order : {ConsumeOrder::kOldest, ConsumeOrder::kYoungest}) {
    TempDir dir;
    WriteFile(dir / "m.txt", "middle\n");
    WriteFile(dir / "o.txt", "oldest\n");
    WriteFile(dir / "y.txt", "youngest\n");
    SetMtime(dir / "o.txt", 1000);
    SetMtime(dir / "m.txt", 2000);
    SetMtime(dir / "y.txt", 3000);
    SpoolOptions options = Options(dir.root());
    options.scan.order = order;
    FakeOffsetStore store;
    SpoolDirectorySource source(options, store.Reader(), nullptr);
    Strings expected = order == ConsumeOrder::kOldest ? Strings{"oldest", "middle", "youngest"}
                                                      : Strings{"youngest", "middle", "oldest"};
    EXPECT_EQ(Texts(PollLines(source, 3)), expected);
  }
}

TEST(SpoolDirectorySource, RandomOrderStillReadsEveryFileOnce) {
  TempDir dir;
  Strings expected;
  for (int i = 0; i < 20; ++i) {
    WriteFile(dir / ("f" + std::to_string(i)), std::to_string(i) + "\n");
    expected.push_back(std::to_string(i));
  }
  SpoolOptions options = Options(dir.root());
  options.scan.order = ConsumeOrder::kRandom;
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), nullptr);
  Strings got = Texts(PollLines(source, 20));
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
}

TEST(SpoolDirectorySource, SearchesSubdirectoriesOnlyWhenRecursive) {
  for (bool recursive : {false, true}) {
    TempDir dir;
    std::filesystem::create_directories(dir / "sub/deeper");
    std::filesystem::create_directories(dir / ".hidden");
    WriteFile(dir / "top.txt", "top\n");
    WriteFile(dir / "sub/deeper/low.txt", "low\n");
    WriteFile(dir / ".hidden/secret.txt", "secret\n");
    SpoolOptions options = Options(dir.root());
    options.scan.recursive = recursive;
    FakeOffsetStore store;
    SpoolDirectorySource source(options, store.Reader(), nullptr);
    auto lines = PollSome(source);
    Strings got = Texts(lines);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, recursive ? (Strings{"low", "top"}) : (Strings{"top"}));
    store.Commit(lines);
    source.OnCommit();
    EXPECT_EQ(Exists(dir / "sub/deeper/low.txt.COMPLETED"), recursive);
  }
}

TEST(SpoolDirectorySource, ARestartMidFileResumesAtTheCommittedOffset) {
  TempDir dir;
  const std::string path = dir / "big.txt";
  WriteFile(path, "1\n2\n3\n4\n5\n");
  FakeOffsetStore store;
  {
    SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
    LineBatch lines;
    source.Poll(2, std::chrono::milliseconds(1000), lines);
    ASSERT_EQ(Texts(lines), (Strings{"1", "2"}));
    store.Commit(lines);
    source.Poll(2, std::chrono::milliseconds(1000), lines);  // polled, never committed: a crash
  }
  EXPECT_TRUE(Exists(path));
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
  auto rest = PollLines(source, 3);
  EXPECT_EQ(Texts(rest), (Strings{"3", "4", "5"}));
  store.Commit(rest);
  source.OnCommit();
  EXPECT_TRUE(Exists(path + ".COMPLETED"));
}

TEST(SpoolDirectorySource, AFileDeliveredBeforeACrashIsCompletedWithoutRereading) {
  TempDir dir;
  const std::string path = dir / "done.txt";
  WriteFile(path, "1\n2\n");
  FakeOffsetStore store;
  {
    SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
    store.Commit(PollLines(source, 2));
  }  // committed, but the task stopped before renaming
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
  EXPECT_TRUE(PollSome(source).empty());
  EXPECT_TRUE(Exists(path + ".COMPLETED"));
}

// With spooldir.delete.policy=immediate a new file can get the name and the inode of a deleted
// one. Its size and modification time tell it apart from the file the stored offset is about.
TEST(SpoolDirectorySource, ANewFileUnderAReusedNameAndInodeIsReadFromTheStart) {
  TempDir dir;
  const std::string path = dir / "a.txt";
  WriteFile(path, "1\n2\n3\n");
  SetMtime(path, 1000);
  const uint64_t inode = file_test::InodeOf(path);
  FakeOffsetStore store;
  {
    SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
    LineBatch lines;
    source.Poll(2, std::chrono::milliseconds(1000), lines);
    ASSERT_EQ(Texts(lines), (Strings{"1", "2"}));
    store.Commit(lines);  // stored: byte 4 of the old file
  }
  // The same inode (rewritten in place), the same size, another modification time.
  WriteFile(path, "a\nb\nc\n");
  SetMtime(path, 2000);
  ASSERT_EQ(file_test::InodeOf(path), inode);
  LogCapture log;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), log.Fn());
  EXPECT_EQ(Texts(PollLines(source, 3)), (Strings{"a", "b", "c"}));
  EXPECT_EQ(log.Count(LogLevel::kInfo, "is a new file under the name and inode"), 1u) << log.All();
}

// An offset stored for an earlier, longer file under the same name and inode lies past the end
// of the new one; it must not complete the new file before its own lines are delivered.
TEST(SpoolDirectorySource, AnOffsetOfAnEarlierFileDoesNotCompleteANewOne) {
  TempDir dir;
  const std::string path = dir / "a.txt";
  WriteFile(path, "new\n");
  FakeOffsetStore store;
  StoredOffset earlier;
  earlier.position = 1000;
  earlier.inode = file_test::InodeOf(path);
  earlier.fingerprint = FileFingerprint{1000, 12345};
  store.Set(path, earlier);
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
  auto lines = PollLines(source, 1);
  EXPECT_EQ(Texts(lines), (Strings{"new"}));
  source.OnCommit();
  PollSome(source);
  EXPECT_TRUE(Exists(path)) << "completed on the offset of another file";
  store.Commit(lines);
  source.OnCommit();
  EXPECT_TRUE(Exists(path + ".COMPLETED"));
}

TEST(SpoolDirectorySource, CompletesFilesOnceTheirOffsetsAreCommittedEvenWithoutOnCommit) {
  TempDir dir;
  const std::string path = dir / "a.txt";
  WriteFile(path, "1\n");
  FakeOffsetStore store;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
  auto lines = PollLines(source, 1);
  PollSome(source, 1);
  EXPECT_TRUE(Exists(path));
  store.Commit(lines);
  PollSome(source, 1);
  EXPECT_TRUE(Exists(path + ".COMPLETED"));
}

TEST(SpoolDirectorySource, AFileChangedWhileBeingReadIsReportedAndSkipped) {
  TempDir dir;
  const std::string changing = dir / "a-changing.txt";
  std::string content;
  for (int i = 0; i < 100; ++i) content += "line " + std::to_string(i) + "\n";
  WriteFile(changing, content);
  SetMtime(changing, 1000);
  WriteFile(dir / "b-stable.txt", "stable\n");
  SetMtime(dir / "b-stable.txt", 2000);
  SpoolOptions options = Options(dir.root());
  options.read_chunk_bytes = 64;  // read the file in many small pieces
  LogCapture log;
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), log.Fn());

  LineBatch lines;
  source.Poll(2, std::chrono::milliseconds(1000), lines);
  ASSERT_EQ(Texts(lines), (Strings{"line 0", "line 1"}));
  AppendToFile(changing, "written while being read\n");

  auto more = PollLines(source, 1);
  Strings rest = Texts(more);
  EXPECT_EQ(log.Count(LogLevel::kError, changing), 1u) << log.All();
  EXPECT_EQ(log.Count(LogLevel::kError, "changed while being read (size 790 -> 815 bytes"), 1u)
      << log.All();
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.back(), "stable");  // the source went on with the next file
  EXPECT_EQ(std::count(rest.begin(), rest.end(), "written while being read"), 0);
  store.Commit(lines);
  store.Commit(more);
  source.OnCommit();
  PollSome(source);
  EXPECT_TRUE(Exists(changing)) << "a skipped file must stay in place";
  EXPECT_TRUE(Exists(dir / "b-stable.txt.COMPLETED"));
}

TEST(SpoolDirectorySource, AFileTouchedAfterItWasReadIsReportedAndLeftInPlace) {
  TempDir dir;
  const std::string path = dir / "a.txt";
  WriteFile(path, "1\n2\n");
  SetMtime(path, 1000);
  LogCapture log;
  FakeOffsetStore store;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), log.Fn());
  auto lines = PollLines(source, 2);
  ASSERT_EQ(lines.size(), 2u);
  SetMtime(path, 2000);  // the same content, but someone wrote to it
  store.Commit(lines);
  source.OnCommit();
  EXPECT_TRUE(Exists(path));
  EXPECT_FALSE(Exists(path + ".COMPLETED"));
  EXPECT_EQ(log.Count(LogLevel::kError, path + " changed after it was read (modification time "
                                               "1000000000000 -> 2000000000000 ns)"),
            1u)
      << log.All();
}

TEST(SpoolDirectorySource, NeverOverwritesAnEarlierCompletedFile) {
  TempDir dir;
  WriteFile(dir / "a.txt", "again\n");
  WriteFile(dir / "a.txt.COMPLETED", "the first a.txt\n");
  LogCapture log;
  FakeOffsetStore store;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), log.Fn());
  auto lines = PollLines(source, 1);
  ASSERT_EQ(lines.size(), 1u);
  store.Commit(lines);
  source.OnCommit();
  EXPECT_TRUE(PollSome(source).empty());
  EXPECT_EQ(file_test::ReadWholeFile(dir / "a.txt.COMPLETED"), "the first a.txt\n");
  EXPECT_EQ(log.Count(LogLevel::kError, "unique"), 1u) << log.All();
}

TEST(SpoolDirectorySource, CompletesAnEmptyFileAtOnce) {
  TempDir dir;
  WriteFile(dir / "empty.txt", "");
  FakeOffsetStore store;
  SpoolDirectorySource source(Options(dir.root()), store.Reader(), nullptr);
  EXPECT_TRUE(PollSome(source).empty());
  EXPECT_TRUE(Exists(dir / "empty.txt.COMPLETED"));
}

TEST(SpoolDirectorySource, LeavesFilesYoungerThanTheMinimumAgeForLater) {
  TempDir dir;
  WriteFile(dir / "fresh.txt", "fresh\n");
  SpoolOptions options = Options(dir.root());
  options.scan.min_age = std::chrono::hours(1);
  FakeOffsetStore store;
  SpoolDirectorySource source(options, store.Reader(), nullptr);
  EXPECT_TRUE(PollSome(source).empty());
  SetMtime(dir / "fresh.txt", 1000);                                // "written" long ago
  std::filesystem::rename(dir / "fresh.txt", dir / "settled.txt");  // an event to rescan on
  EXPECT_EQ(Texts(PollLines(source, 1)), (Strings{"fresh"}));
}

TEST(SpoolDirectorySource, RejectsAMissingDirectoryAndBadPatterns) {
  TempDir dir;
  FakeOffsetStore store;
  EXPECT_THROW(SpoolDirectorySource(Options(dir / "missing"), store.Reader(), nullptr),
               std::invalid_argument);
  SpoolOptions options = Options(dir.root());
  options.scan.include_pattern = "([unclosed";
  try {
    SpoolDirectorySource source(options, store.Reader(), nullptr);
    FAIL() << "an invalid regex was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("spooldir.include.pattern"), std::string::npos);
  }
}

}  // namespace
}  // namespace sluice::file_source
