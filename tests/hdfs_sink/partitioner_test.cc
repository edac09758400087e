// Partitioners (directory encodings) and timestamp extractors.
#include <gtest/gtest.h>

#include <filesystem>

#include "hdfs-sink/partitioner.h"
#include "hdfs-sink/record_error.h"
#include "hdfs-sink/timestamp_extractor.h"
#include "test_support.h"

namespace sluice::hdfs_sink {
namespace {

using hdfs_test::kMay1st2024Ms;
using hdfs_test::TextRecord;

// 2012-06-12T11:54:34Z, Flume's example.
constexpr int64_t kFlumeExampleMs = 1339502074000;

SchemaPtr EventSchema() {
  static const SchemaPtr schema = SchemaBuilder::Struct()
                                      .Field("user", Schema::String())
                                      .Field("level", Schema::Of(SchemaType::kInt32))
                                      .Field("meta", SchemaBuilder::Struct()
                                                         .Field("ts", TimestampSchema())
                                                         .Field("day", DateSchema())
                                                         .Field("iso", Schema::OptionalString())
                                                         .Build())
                                      .Build();
  return schema;
}

sdk::SinkRecord EventRecord(const std::string& user, int64_t ts, Value iso = Value()) {
  sdk::SinkRecord r = TextRecord("events", 2, 7, "");
  StructFields meta = {{"ts", Value(ts)}, {"day", Value(int64_t{19844})}, {"iso", std::move(iso)}};
  r.value = {EventSchema(), Value(StructFields{{"user", Value(user)},
                                               {"level", Value(int64_t{3})},
                                               {"meta", Value(std::move(meta))}})};
  return r;
}

std::string Encode(const PartitionerSettings& s, const sdk::SinkRecord& r, int64_t ts) {
  return MakePartitioner(s)->Encode(r, ts);
}

TEST(Partitioner, DefaultNamesTheKafkaPartition) {
  for (const char* name :
       {"DefaultPartitioner", "io.confluent.connect.storage.partitioner.DefaultPartitioner",
        "io.confluent.connect.hdfs.partitioner.DefaultPartitioner"}) {
    PartitionerSettings s;
    s.class_name = name;
    EXPECT_EQ(Encode(s, TextRecord("t", 3, 0, "x"), 0), "partition=3") << name;
  }
}

TEST(Partitioner, FieldNamesFieldValues) {
  PartitionerSettings s;
  s.class_name = "FieldPartitioner";
  s.field_names = {"user", "level"};
  EXPECT_EQ(Encode(s, EventRecord("ann", 0), 0), "user=ann/level=3");
  s.field_names = {"meta.day"};
  EXPECT_EQ(Encode(s, EventRecord("ann", 0), 0), "meta.day=19844");
  // A value cannot add or leave directories.
  s.field_names = {"user"};
  EXPECT_EQ(Encode(s, EventRecord("a/../b", 0), 0), "user=a%2F..%2Fb");
  EXPECT_EQ(Encode(s, EventRecord("..", 0), 0), "user=%2E%2E");
  // Schemaless maps work too.
  sdk::SinkRecord map_record = TextRecord("t", 0, 0, "");
  map_record.value = {nullptr, Value(MapEntries{{Value("user"), Value("bo")}})};
  EXPECT_EQ(Encode(s, map_record, 0), "user=bo");
}

TEST(Partitioner, FieldReportsAMissingField) {
  PartitionerSettings s;
  s.class_name = "FieldPartitioner";
  s.field_names = {"nope"};
  try {
    Encode(s, EventRecord("ann", 0), 0);
    FAIL() << "expected RecordError";
  } catch (const RecordError& e) {
    EXPECT_NE(std::string(e.what()).find("\"nope\" is missing"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("events-2@7"), std::string::npos) << e.what();
  }
  s.field_names = {"meta"};
  EXPECT_THROW(Encode(s, EventRecord("ann", 0), 0), RecordError);  // a struct is no name
  s.field_names = {};
  EXPECT_THROW(MakePartitioner(s), std::invalid_argument);
}

TEST(Partitioner, TimeBasedRoundsDownToTheDurationAsFlumeDoes) {
  PartitionerSettings s;
  s.class_name = "TimeBasedPartitioner";
  s.duration_ms = 600000;
  s.path_format = "'dt'=yyyy-MM-dd/'hm'=HHmm";
  const auto r = TextRecord("t", 0, 0, "x");
  EXPECT_EQ(Encode(s, r, kFlumeExampleMs), "dt=2012-06-12/hm=1150");
  EXPECT_EQ(Encode(s, r, kFlumeExampleMs + 5 * 60000 + 25999), "dt=2012-06-12/hm=1150");
  EXPECT_EQ(Encode(s, r, kFlumeExampleMs + 5 * 60000 + 26000), "dt=2012-06-12/hm=1200");
  s.path_format = "yyyy/MM/dd/HH/mm/ss";
  EXPECT_EQ(Encode(s, r, kFlumeExampleMs), "2012/06/12/11/50/00");
}

TEST(Partitioner, HourlyAndDailyUseConfluentsFormats) {
  PartitionerSettings s;
  s.class_name = "io.confluent.connect.storage.partitioner.HourlyPartitioner";
  s.path_format = "ignored";
  const auto r = TextRecord("t", 0, 0, "x");
  EXPECT_EQ(Encode(s, r, kFlumeExampleMs), "year=2012/month=06/day=12/hour=11");
  s.class_name = "DailyPartitioner";
  EXPECT_EQ(Encode(s, r, kFlumeExampleMs), "year=2012/month=06/day=12");
}

TEST(Partitioner, TimeBasedUsesTheTimezone) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin")) {
    GTEST_SKIP() << "no /usr/share/zoneinfo (tzdata)";
  }
  PartitionerSettings s;
  s.class_name = "DailyPartitioner";
  s.zone = ZoneRules::Load("Europe/Berlin");
  const auto r = TextRecord("t", 0, 0, "x");
  // 23:30 UTC on April 30th is 01:30 on May 1st in Berlin (CEST).
  EXPECT_EQ(Encode(s, r, kMay1st2024Ms - 30 * 60000), "year=2024/month=05/day=01");
  s.class_name = "HourlyPartitioner";
  EXPECT_EQ(Encode(s, r, kMay1st2024Ms - 30 * 60000), "year=2024/month=05/day=01/hour=01");
}

TEST(Partitioner, RefusesBadSettings) {
  PartitionerSettings s;
  s.class_name = "TimeBasedPartitioner";
  s.path_format = "yyyy";
  EXPECT_THROW(MakePartitioner(s), std::invalid_argument);  // no duration
  s.duration_ms = 1000;
  s.path_format = "";
  EXPECT_THROW(MakePartitioner(s), std::invalid_argument);
  s.path_format = "'oops";
  EXPECT_THROW(MakePartitioner(s), std::invalid_argument);
  s.class_name = "com.example.MyPartitioner";
  try {
    MakePartitioner(s);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("partitioner.class"), std::string::npos);
  }
}

TEST(TimestampExtractor, RecordTakesTheKafkaTimestamp) {
  auto record = MakeTimestampExtractor("Record", "");
  EXPECT_EQ(record->Extract(TextRecord("t", 0, 0, "x", 1234), 99), 1234);
  EXPECT_THROW(record->Extract(TextRecord("t", 0, 0, "x", SLUICE_NO_TIMESTAMP), 99), RecordError);
  auto confluent = MakeTimestampExtractor(
      "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordTimestampExtractor", "");
  EXPECT_EQ(confluent->Extract(TextRecord("t", 0, 0, "x", 5), 99), 5);
}

TEST(TimestampExtractor, WallclockTakesNow) {
  EXPECT_EQ(MakeTimestampExtractor("Wallclock", "")->Extract(TextRecord("t", 0, 0, "x", 1), 42),
            42);
}

TEST(TimestampExtractor, RecordFieldReadsNestedNumbersDatesAndIsoStrings) {
  EXPECT_EQ(MakeTimestampExtractor("RecordField", "meta.ts")->Extract(EventRecord("a", 777), 0),
            777);
  EXPECT_EQ(MakeTimestampExtractor("RecordField", "meta.day")->Extract(EventRecord("a", 0), 0),
            int64_t{19844} * 86400000);
  auto iso = MakeTimestampExtractor("RecordField", "meta.iso");
  EXPECT_EQ(iso->Extract(EventRecord("a", 0, Value("2024-05-01T02:00:00+02:00")), 0),
            kMay1st2024Ms);
  EXPECT_THROW(iso->Extract(EventRecord("a", 0, Value("not a time")), 0), RecordError);
  EXPECT_THROW(iso->Extract(EventRecord("a", 0), 0), RecordError);  // null
  EXPECT_THROW(MakeTimestampExtractor("RecordField", "user")->Extract(EventRecord("a", 0), 0),
               RecordError);
  EXPECT_THROW(MakeTimestampExtractor("RecordField", "a..b"), std::invalid_argument);
  EXPECT_THROW(MakeTimestampExtractor("Sundial", ""), std::invalid_argument);
}

}  // namespace
}  // namespace sluice::hdfs_sink
