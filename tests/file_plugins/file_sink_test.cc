#include <gtest/gtest.h>

#include <set>
#include <system_error>
#include <thread>

#include "file-sink/append_file.h"
#include "file-sink/file_sink_writer.h"
#include "file-sink/value_text.h"
#include "test_util.h"

namespace sluice::file_sink {
namespace {

using file_test::ReadWholeFile;
using file_test::TempDir;
using file_test::WriteFile;

std::string TextOf(const SchemaAndValue& value) {
  std::string out;
  AppendValueText(value, out);
  return out;
}

TEST(ValueText, WritesStringsAndBytesAsTheyAre) {
  EXPECT_EQ(TextOf({Schema::String(), Value("h\xC3\xA9llo")}), "h\xC3\xA9llo");
  EXPECT_EQ(TextOf({Schema::Bytes(), Value(Bytes{'r', 0, 0xFF, 'w'})}), std::string("r\0\xFFw", 4));
}

TEST(ValueText, WritesNullAsJavaPrintlnDoes) {
  EXPECT_EQ(TextOf({}), "null");
  EXPECT_EQ(TextOf({Schema::OptionalString(), Value()}), "null");
}

TEST(ValueText, WritesOtherValuesAsJsonConverterDoes) {
  EXPECT_EQ(TextOf({Schema::Of(SchemaType::kInt32), Value(int32_t{42})}), "42");
  EXPECT_EQ(TextOf({Schema::Of(SchemaType::kBoolean), Value(true)}), "true");
  EXPECT_EQ(TextOf({Schema::Of(SchemaType::kFloat64), Value(1e20)}), "1.0E20");  // Java's form
  SchemaPtr user = SchemaBuilder::Struct()
                       .Field("id", Schema::Of(SchemaType::kInt64))
                       .Field("name", Schema::OptionalString())
                       .Field("raw", Schema::Bytes())
                       .Build();
  EXPECT_EQ(TextOf({user, Value(StructFields{{"id", Value(int64_t{7})},
                                             {"name", Value("x")},
                                             {"raw", Value(Bytes{'a', 'b', 'c', 'd'})}})}),
            R"({"id":7,"name":"x","raw":"YWJjZA=="})");
  EXPECT_EQ(TextOf({nullptr, Value(Array{Value(int64_t{1}), Value(), Value("two")})}),
            R"([1,null,"two"])");
  EXPECT_EQ(TextOf({nullptr, Value(MapEntries{{Value("b"), Value(int64_t{2})},
                                              {Value("a"), Value(int64_t{1})}})}),
            R"({"b":2,"a":1})");
  EXPECT_EQ(TextOf({nullptr, Value(MapEntries{{Value(int64_t{1}), Value("one")}})}),
            R"([[1,"one"]])");
}

TEST(ValueText, WritesAValueThatDoesNotFitItsSchemaWithoutTheSchema) {
  SchemaPtr wrong = SchemaBuilder::Struct().Field("id", Schema::Of(SchemaType::kInt64)).Build();
  EXPECT_EQ(TextOf({wrong, Value(StructFields{{"other", Value(int64_t{1})}})}), R"({"other":1})");
}

// Records what the writer asks of the file, in order.
class RecordingFile : public AppendFile {
 public:
  explicit RecordingFile(std::vector<std::string>* calls, bool fail_sync = false)
      : calls_(calls), fail_sync_(fail_sync) {}
  void Append(std::string_view bytes) override {
    calls_->push_back("append:" + std::string(bytes));
  }
  void Sync() override {
    if (fail_sync_) throw std::system_error(EIO, std::generic_category(), "cannot sync test");
    calls_->push_back("sync");
  }
  const std::string& name() const override { return name_; }

 private:
  std::vector<std::string>* calls_;
  bool fail_sync_;
  std::string name_ = "recording";
};

TEST(FileSinkWriter, BuffersLinesAndFlushWritesThemThenSyncs) {
  std::vector<std::string> calls;
  FileSinkWriter writer(std::make_unique<RecordingFile>(&calls));
  writer.Write({Schema::String(), Value("a")});
  writer.Write({});
  EXPECT_TRUE(calls.empty()) << "wrote before the buffer filled or a flush";
  writer.Flush();
  EXPECT_EQ(calls, (std::vector<std::string>{"append:a\nnull\n", "sync"}));
  writer.Flush();  // nothing new: no second sync
  EXPECT_EQ(calls.size(), 2u);
}

TEST(FileSinkWriter, AFullBufferIsWrittenWholeButSyncedOnlyOnFlush) {
  std::vector<std::string> calls;
  FileSinkWriter writer(std::make_unique<RecordingFile>(&calls), /*buffer_bytes=*/8);
  writer.Write({Schema::String(), Value("12345")});
  EXPECT_TRUE(calls.empty());
  writer.Write({Schema::String(), Value("678")});
  EXPECT_EQ(calls, (std::vector<std::string>{"append:12345\n678\n"}));
  writer.Flush();
  EXPECT_EQ(calls.back(), "sync");
}

// What Put does after each batch: the batch's lines in one write, no sync until the commit.
TEST(FileSinkWriter, WriteBufferedWritesOnceWithoutSyncing) {
  std::vector<std::string> calls;
  FileSinkWriter writer(std::make_unique<RecordingFile>(&calls));
  writer.Write({Schema::String(), Value("a")});
  writer.Write({Schema::String(), Value("b")});
  writer.WriteBuffered();
  EXPECT_EQ(calls, (std::vector<std::string>{"append:a\nb\n"}));
  writer.WriteBuffered();  // nothing buffered: no empty write
  EXPECT_EQ(calls.size(), 1u);
  writer.Flush();
  EXPECT_EQ(calls, (std::vector<std::string>{"append:a\nb\n", "sync"}));
}

TEST(FileSinkWriter, AFailedSyncFailsTheFlush) {
  std::vector<std::string> calls;
  FileSinkWriter writer(std::make_unique<RecordingFile>(&calls, /*fail_sync=*/true));
  writer.Write({Schema::String(), Value("a")});
  EXPECT_THROW(writer.Flush(), std::system_error);
}

TEST(FileSinkWriter, AppendsToAnExistingFile) {
  TempDir dir;
  const std::string path = dir / "out.txt";
  WriteFile(path, "before\n");
  FileSinkWriter writer(OpenAppendFile(path));
  writer.Write({Schema::String(), Value("foo")});
  writer.Write({Schema::String(), Value("bar")});
  writer.Flush();
  EXPECT_EQ(ReadWholeFile(path), "before\nfoo\nbar\n");
}

TEST(FileSinkWriter, ReportsWriteErrorsNamingTheFile) {
  FileSinkWriter writer(OpenAppendFile("/dev/full"));
  writer.Write({Schema::String(), Value("nowhere to go")});
  try {
    writer.Flush();
    FAIL() << "a write to /dev/full succeeded";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
  }
  // The lost lines are gone from the buffer, but the writer does not forget them: no later
  // flush may report what was written as durable.
  try {
    writer.Flush();
    FAIL() << "a flush after lost lines succeeded";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("lines were lost earlier"), std::string::npos) << e.what();
  }
}

TEST(AppendFile, ReportsAnUnopenablePath) {
  TempDir dir;
  try {
    OpenAppendFile(dir / "no/such/dir/out.txt");
    FAIL() << "opened a file in a missing directory";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("no/such/dir/out.txt"), std::string::npos) << e.what();
  }
}

TEST(FileSinkWriter, ConcurrentWritersToOneFileNeverInterleaveLines) {
  TempDir dir;
  const std::string path = dir / "shared.txt";
  constexpr int kWriters = 4;
  constexpr int kLines = 3000;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      // A small buffer forces many writes, each racing with the other writers.
      FileSinkWriter writer(OpenAppendFile(path), /*buffer_bytes=*/512);
      for (int i = 0; i < kLines; ++i) {
        std::string line = "writer" + std::to_string(w) + ":" + std::to_string(i) + ":" +
                           std::string(40 + (i % 50), static_cast<char>('a' + w));
        writer.Write({Schema::String(), Value(line)});
      }
      writer.Flush();
    });
  }
  for (auto& t : threads) t.join();

  std::string content = ReadWholeFile(path);
  std::set<std::string> seen;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    std::string line = content.substr(start, end - start);
    start = end + 1;
    // Every line is whole: "writer<w>:<i>:" then 40+i%50 copies of its writer's letter.
    int w = line[6] - '0';
    size_t second_colon = line.find(':', 8);
    ASSERT_NE(second_colon, std::string::npos) << line;
    int i = std::stoi(line.substr(8, second_colon - 8));
    EXPECT_EQ(line.substr(second_colon + 1), std::string(40 + (i % 50), static_cast<char>('a' + w)))
        << line;
    EXPECT_TRUE(seen.insert(line.substr(0, second_colon)).second) << "duplicate " << line;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kWriters * kLines));
}

}  // namespace
}  // namespace sluice::file_sink
