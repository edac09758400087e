// File names and layout, the commit log, record formats, compression, and resumable uploads.
#include <gtest/gtest.h>

#include <map>

#include "hdfs-sink/commit_log.h"
#include "hdfs-sink/file_encoder.h"
#include "hdfs-sink/file_layout.h"
#include "hdfs-sink/record_error.h"
#include "hdfs-sink/record_format.h"
#include "hdfs-sink/temp_file.h"
#include "test_support.h"

namespace sluice::hdfs_sink {
namespace {

using hdfs_test::TextRecord;

TEST(FileLayout, NamesFilesAsConfluentDoes) {
  FileLayout layout("/", "topics", "logs", ".json", 10);
  EXPECT_EQ(layout.TopicDirectory("logs"), "/topics/logs");
  EXPECT_EQ(layout.Directory("logs", "partition=0"), "/topics/logs/partition=0");
  EXPECT_EQ(layout.FileName("logs", 0, 0, 2), "logs+0+0000000000+0000000002.json");
  EXPECT_EQ(layout.FileName("a.b-c_d", 12, 12345678901, 12345678999),
            "a.b-c_d+12+12345678901+12345678999.json");
  EXPECT_EQ(layout.CommitLogFile("logs", 3), "/logs/logs/3/log");
  EXPECT_EQ(layout.TempDirectory("logs", 3), "/topics/+tmp/logs/3");
  const std::string temp = layout.NewTempFile("logs", 3);
  EXPECT_EQ(temp.rfind("/topics/+tmp/logs/3/", 0), 0u) << temp;
  EXPECT_EQ(temp.size(), std::string("/topics/+tmp/logs/3/").size() + 36 + 9) << temp;
  EXPECT_NE(layout.NewTempFile("logs", 3), temp);

  FileLayout under("/user/sluice", "/data/", "wal", ".txt.gz", 4);
  EXPECT_EQ(under.Directory("t", "x=1"), "/user/sluice/data/t/x=1");
  EXPECT_EQ(under.FileName("t", 1, 7, 12345), "t+1+0007+12345.txt.gz");
}

TEST(FileLayout, ParsesCommittedNamesOfItsTopicOnly) {
  auto name = FileLayout::ParseFileName("logs", "logs+3+0000000010+0000000019.json");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->partition, 3);
  EXPECT_EQ(name->start_offset, 10);
  EXPECT_EQ(name->end_offset, 19);
  EXPECT_TRUE(FileLayout::ParseFileName("logs", "logs+0+5+6"));
  EXPECT_TRUE(FileLayout::ParseFileName("logs", "logs+0+5+6.txt.gz"));
  EXPECT_FALSE(FileLayout::ParseFileName("logs", "logs2+0+5+6.json"));
  EXPECT_FALSE(FileLayout::ParseFileName("log", "logs+0+5+6.json"));
  EXPECT_FALSE(FileLayout::ParseFileName("logs", "logs+0+6+5.json"));  // end before start
  EXPECT_FALSE(FileLayout::ParseFileName("logs", "3f2a_tmp.json"));
  EXPECT_FALSE(FileLayout::ParseFileName("logs", "logs+0+5.json"));
  EXPECT_FALSE(FileLayout::ParseFileName("logs", "logs+0+99999999999999999999+1"));
}

TEST(CommitLog, RoundTripsAndRejectsATornLog) {
  std::vector<LoggedRename> renames = {{"/t/+tmp/a_tmp.json", "/t/x/f1.json"},
                                       {"/t/+tmp/b_tmp.json", "/t/y/f2.json"}};
  const std::string text = EncodeCommitLog(renames);
  auto decoded = DecodeCommitLog(text);
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[1].temp_path, "/t/+tmp/b_tmp.json");
  EXPECT_EQ((*decoded)[1].committed_path, "/t/y/f2.json");
  for (size_t cut = 0; cut + 2 < text.size(); cut += 7) {
    EXPECT_FALSE(DecodeCommitLog(text.substr(0, cut))) << cut;
  }
  EXPECT_FALSE(DecodeCommitLog(R"({"version":2,"renames":[]})"));
  EXPECT_FALSE(DecodeCommitLog(R"({"version":1,"renames":[{"temp":"a"}]})"));
}

sdk::SinkRecord WithValue(SchemaAndValue value) {
  sdk::SinkRecord r = TextRecord("t", 0, 4, "");
  r.value = std::move(value);
  return r;
}

std::string Line(const RecordFormat& f, const sdk::SinkRecord& r) {
  std::string out;
  f.AppendLine(r, out);
  return out;
}

TEST(RecordFormat, JsonWritesThePlainPayload) {
  RecordFormat json = RecordFormat::Parse("io.confluent.connect.hdfs.json.JsonFormat");
  EXPECT_STREQ(json.extension(), ".json");
  EXPECT_EQ(Line(json, TextRecord("t", 0, 0, "he said \"hi\"")), "\"he said \\\"hi\\\"\"\n");
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Field("id", Schema::Of(SchemaType::kInt64))
                         .Field("tags", SchemaBuilder::Array(Schema::String()).Build())
                         .Build();
  EXPECT_EQ(Line(json, WithValue({schema, Value(StructFields{
                                              {"id", Value(int64_t{7})},
                                              {"tags", Value(Array{Value("a"), Value("b")})}})})),
            "{\"id\":7,\"tags\":[\"a\",\"b\"]}\n");
  EXPECT_EQ(Line(json, WithValue({nullptr, Value(MapEntries{{Value("k"), Value(1.5)}})})),
            "{\"k\":1.5}\n");
  EXPECT_EQ(Line(json, WithValue({Schema::Bytes(), Value(Bytes{'h', 'i'})})), "\"aGk=\"\n");
  EXPECT_EQ(Line(json, WithValue({nullptr, Value()})), "null\n");
  // A value that does not fit its schema is the record's fault, not the sink's.
  EXPECT_THROW(Line(json, WithValue({Schema::Of(SchemaType::kInt8), Value(int64_t{1000})})),
               RecordError);
}

TEST(RecordFormat, TextWritesStringsAndBytesRawAndTheRestAsJson) {
  RecordFormat text = RecordFormat::Parse("io.confluent.connect.hdfs.string.StringFormat");
  EXPECT_STREQ(text.extension(), ".txt");
  EXPECT_EQ(Line(text, TextRecord("t", 0, 0, "GET /index.html 200")), "GET /index.html 200\n");
  EXPECT_EQ(Line(text, WithValue({Schema::Bytes(), Value(Bytes{'r', 'a', 'w'})})), "raw\n");
  EXPECT_EQ(Line(text, WithValue({nullptr, Value()})), "null\n");
  EXPECT_EQ(Line(text, WithValue({nullptr, Value(StructFields{{"a", Value(true)}})})),
            "{\"a\":true}\n");
}

TEST(RecordFormat, RefusesFormatsSluiceDoesNotWrite) {
  EXPECT_EQ(RecordFormat::Parse("json").kind(), RecordFormat::Kind::kJson);
  EXPECT_EQ(RecordFormat::Parse("text").kind(), RecordFormat::Kind::kText);
  try {
    RecordFormat::Parse("io.confluent.connect.hdfs.avro.AvroFormat");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not supported"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RecordFormat::Parse("io.confluent.connect.hdfs.parquet.ParquetFormat"),
               std::invalid_argument);
  EXPECT_THROW(RecordFormat::Parse("csv"), std::invalid_argument);
}

TEST(FileEncoder, GzipMakesOneStreamOfEverything) {
  EXPECT_EQ(ParseCompression("gzip"), Compression::kGzip);
  EXPECT_EQ(ParseCompression("none"), Compression::kNone);
  EXPECT_THROW(ParseCompression("snappy"), std::invalid_argument);
  auto gzip = MakeFileEncoder(Compression::kGzip);
  std::string out, expected;
  for (int i = 0; i < 5000; ++i) {
    const std::string line = "line " + std::to_string(i) + "\n";
    expected += line;
    gzip->Write(line, out);
  }
  gzip->Finish(out);
  EXPECT_LT(out.size(), expected.size() / 3);
  EXPECT_EQ(hdfs_test::Gunzip(out), expected);
}

// An in-memory store whose next append can fail before or after taking the data, or land half.
class MemoryStorage : public Storage {
 public:
  enum class AppendFault { kNone, kBeforeData, kAfterData, kHalfData };
  std::map<std::string, std::string> files;
  AppendFault next_append = AppendFault::kNone;
  int creates = 0;

  std::string Describe() const override { return "memory"; }
  void Create(const std::string& path, std::string_view data, bool overwrite) override {
    if (files.count(path) && !overwrite) throw StorageError(StorageErrorKind::kAlreadyExists, path);
    ++creates;
    files[path] = std::string(data);
  }
  void Append(const std::string& path, std::string_view data) override {
    if (!files.count(path)) throw StorageError(StorageErrorKind::kNotFound, path);
    AppendFault fault = next_append;
    next_append = AppendFault::kNone;
    switch (fault) {
      case AppendFault::kNone:
        files[path] += data;
        return;
      case AppendFault::kBeforeData:
        throw StorageError(StorageErrorKind::kTransient, "lease");
      case AppendFault::kAfterData:
        files[path] += data;
        throw StorageError(StorageErrorKind::kTransient, "timeout", true);
      case AppendFault::kHalfData:
        files[path] += data.substr(0, data.size() / 2);
        throw StorageError(StorageErrorKind::kTransient, "reset", true);
    }
  }
  bool Rename(const std::string&, const std::string&) override { return false; }
  void MakeDirectories(const std::string&) override {}
  bool Delete(const std::string& path, bool) override { return files.erase(path) != 0; }
  std::optional<FileStatus> GetFileStatus(const std::string& path) override {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return FileStatus{path, false, it->second.size()};
  }
  std::vector<FileStatus> ListStatus(const std::string&) override { return {}; }
  std::string Read(const std::string& path) override { return files.at(path); }
};

TEST(TempFile, UploadsInChunksCreateThenAppend) {
  MemoryStorage storage;
  TempFile file("/f", MakeFileEncoder(Compression::kNone), 10);
  file.Add("12345");
  EXPECT_FALSE(file.ShouldFlush());
  file.Add("67890");
  EXPECT_TRUE(file.ShouldFlush());
  file.Flush(storage);
  file.Add("abc");
  EXPECT_EQ(file.size(), 13u);
  file.Close();
  file.Flush(storage);
  file.Flush(storage);  // nothing left: no request
  EXPECT_EQ(storage.files["/f"], "1234567890abc");
  EXPECT_EQ(storage.creates, 1);
}

TEST(TempFile, SettlesAnAppendWhoseAnswerWasLost) {
  for (auto fault :
       {MemoryStorage::AppendFault::kBeforeData, MemoryStorage::AppendFault::kAfterData}) {
    MemoryStorage storage;
    TempFile file("/f", MakeFileEncoder(Compression::kNone), 1);
    file.Add("first|");
    file.Flush(storage);
    file.Add("second|");
    storage.next_append = fault;
    EXPECT_THROW(file.Flush(storage), StorageError);
    file.Add("third|");  // more records arrive before the retry
    file.Flush(storage);
    EXPECT_EQ(storage.files["/f"], "first|second|third|") << static_cast<int>(fault);
  }
}

TEST(TempFile, ReportsAFileCutShortOrGone) {
  MemoryStorage storage;
  TempFile file("/f", MakeFileEncoder(Compression::kNone), 1);
  file.Add("first|");
  file.Flush(storage);
  file.Add("second|");
  storage.next_append = MemoryStorage::AppendFault::kHalfData;
  EXPECT_THROW(file.Flush(storage), StorageError);
  EXPECT_THROW(file.Flush(storage), TempFileLost);

  TempFile gone("/g", MakeFileEncoder(Compression::kNone), 1);
  gone.Add("x");
  gone.Flush(storage);
  gone.Add("y");
  storage.next_append = MemoryStorage::AppendFault::kAfterData;
  EXPECT_THROW(gone.Flush(storage), StorageError);
  storage.files.erase("/g");
  EXPECT_THROW(gone.Flush(storage), TempFileLost);
}

}  // namespace
}  // namespace sluice::hdfs_sink
