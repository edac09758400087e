// Java SimpleDateFormat patterns, TimestampConverter and TimestampRouter.
#include <gtest/gtest.h>

#include "transform_test_support.h"
#include "transforms/simple_date_format.h"

namespace sluice::transforms {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

constexpr int64_t kInstant = 1700000000000;   // Tuesday 2023-11-14T22:13:20Z
constexpr int64_t kMidnight = 1699920000000;  // 2023-11-14T00:00:00Z
constexpr int64_t kDays = 19675;              // kMidnight in days

std::string Format(const std::string& pattern, int64_t ms) {
  auto f = SimpleDateFormat::Compile(pattern);
  EXPECT_TRUE(f.ok()) << f.status().message();
  return f.ok() ? f->Format(ms) : std::string();
}

std::optional<int64_t> Parse(const std::string& pattern, const std::string& text) {
  auto f = SimpleDateFormat::Compile(pattern);
  EXPECT_TRUE(f.ok()) << f.status().message();
  return f.ok() ? f->Parse(text) : std::nullopt;
}

// --- SimpleDateFormat ------------------------------------------------------------------------

TEST(SimpleDateFormat, FormatsTheCommonLettersInUtc) {
  EXPECT_EQ(Format("yyyy-MM-dd'T'HH:mm:ss.SSSZ", kInstant), "2023-11-14T22:13:20.000+0000");
  EXPECT_EQ(Format("yyyy-MM-dd'T'HH:mm:ss.SSSX", kInstant + 7), "2023-11-14T22:13:20.007Z");
  EXPECT_EQ(Format("yyyyMMdd", kInstant), "20231114");
  EXPECT_EQ(Format("EEE, d MMM yyyy HH:mm:ss z", kInstant), "Tue, 14 Nov 2023 22:13:20 UTC");
  EXPECT_EQ(Format("EEEE MMMM yy D", kInstant), "Tuesday November 23 318");
  EXPECT_EQ(Format("h 'o''clock' a, k K", kInstant), "10 o'clock PM, 22 10");
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss.SSS", -1), "1969-12-31 23:59:59.999");
  EXPECT_EQ(Format("G y", 0), "AD 1970");
}

TEST(SimpleDateFormat, ParsesLikeJavasLenientParser) {
  EXPECT_EQ(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2023-11-14T22:13:20.000+0000"), kInstant);
  EXPECT_EQ(Parse("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2023-11-14T22:13:20.000+0200"),
            kInstant - 2 * 3600 * 1000);
  EXPECT_EQ(Parse("yyyy-MM-dd'T'HH:mm:ssXXX", "2023-11-14T22:13:20Z"), kInstant);
  EXPECT_EQ(Parse("yyyy-MM-dd'T'HH:mm:ssXXX", "2023-11-14T23:13:20+01:00"), kInstant);
  EXPECT_EQ(Parse("yyyyMMdd", "20231114"), kMidnight);
  EXPECT_EQ(Parse("EEE, d MMM yyyy HH:mm:ss z", "Tue, 14 Nov 2023 22:13:20 GMT"), kInstant);
  EXPECT_EQ(Parse("dd MMMM yyyy hh:mm a", "14 november 2023 10:13 PM"), kInstant - 20000);
  EXPECT_EQ(Parse("yyyy-MM-dd", "2023-13-01"), 1704067200000);       // month 13: next January
  EXPECT_EQ(Parse("yyyy-MM-dd", "2023-11-14 and more"), kMidnight);  // trailing text ignored
  EXPECT_EQ(Parse("yyyy-MM-dd", "2023/11/14"), std::nullopt);
  EXPECT_EQ(Parse("yyyy-MM-dd", "garbage"), std::nullopt);
  EXPECT_EQ(Parse("HH:mm", "22:13"), 80'000'000 - 20'000);
}

TEST(SimpleDateFormat, RefusesPatternsJavaRefuses) {
  EXPECT_EQ(SimpleDateFormat::Compile("yyyy-qq").status().message(),
            "Illegal pattern character 'q'");
  EXPECT_EQ(SimpleDateFormat::Compile("'abc").status().message(), "Unterminated quote");
  EXPECT_EQ(SimpleDateFormat::Compile("XXXX").status().message(),
            "invalid ISO 8601 format: length=4");
  EXPECT_FALSE(SimpleDateFormat::Compile("YYYY-ww").ok());  // week dates are not supported
}

// --- TimestampConverter ----------------------------------------------------------------------

TEST(TimestampConverter, SchemalessStringAndUnix) {
  auto to_unix = Configured("TimestampConverter$Value",
                            {{"target.type", "unix"}, {"format", "yyyy-MM-dd HH:mm:ss"}});
  EXPECT_EQ(Applied(*to_unix, Record({nullptr, Value("2023-11-14 22:13:20")})).value.value,
            Value(kInstant));
  auto to_string =
      Configured("TimestampConverter$Value", {{"target.type", "string"}, {"format", "yyyy-MM-dd"}});
  EXPECT_EQ(Applied(*to_string, Record({nullptr, Value(kInstant)})).value.value,
            Value("2023-11-14"));
  EXPECT_EQ(Applied(*to_string, Record({nullptr, Value()})).value.value, Value());
}

TEST(TimestampConverter, WithSchemaAmongLogicalTypes) {
  auto convert = [](const std::string& target, SchemaAndValue in) {
    auto t = Configured("TimestampConverter$Value", {{"target.type", target}});
    return Applied(*t, Record(std::move(in))).value;
  };
  SchemaAndValue date = convert("Date", {TimestampSchema(), Value(kInstant)});
  EXPECT_EQ(date.schema, DateSchema());
  EXPECT_EQ(date.value, Value(kDays));

  SchemaAndValue time = convert("Time", {TimestampSchema(true), Value(kInstant)});
  EXPECT_EQ(time.schema, TimeSchema(true));
  EXPECT_EQ(time.value, Value(kInstant - kMidnight));

  SchemaAndValue ts = convert("Timestamp", {Schema::Of(SchemaType::kInt64), Value(kInstant)});
  EXPECT_EQ(ts.schema, TimestampSchema());
  EXPECT_EQ(ts.value, Value(kInstant));

  SchemaAndValue unix = convert("unix", {DateSchema(), Value(kDays)});
  EXPECT_EQ(*unix.schema, *Schema::Of(SchemaType::kInt64));
  EXPECT_EQ(unix.value, Value(kMidnight));
}

TEST(TimestampConverter, UnixPrecision) {
  auto from_seconds = Configured("TimestampConverter$Value",
                                 {{"target.type", "Timestamp"}, {"unix.precision", "seconds"}});
  EXPECT_EQ(Applied(*from_seconds, Record({nullptr, Value(int64_t{1700000000})})).value.value,
            Value(kInstant));
  auto from_nanos = Configured("TimestampConverter$Value",
                               {{"target.type", "Timestamp"}, {"unix.precision", "nanoseconds"}});
  EXPECT_EQ(
      Applied(*from_nanos, Record({nullptr, Value(int64_t{1700000000123456789})})).value.value,
      Value(kInstant + 123));
  auto to_micros = Configured("TimestampConverter$Value",
                              {{"target.type", "unix"}, {"unix.precision", "microseconds"}});
  EXPECT_EQ(Applied(*to_micros, Record({TimestampSchema(), Value(kInstant)})).value.value,
            Value(kInstant * 1000));
}

TEST(TimestampConverter, OneFieldOfAStructOrMap) {
  auto t = Configured("TimestampConverter$Value",
                      {{"field", "ts"}, {"target.type", "string"}, {"format", "yyyy-MM-dd"}});
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("event")
                         .Field("id", Schema::Of(SchemaType::kInt32))
                         .Field("ts", TimestampSchema(true))
                         .Build();
  ConnectRecord out =
      Applied(*t, Record({schema, Struct({{"id", Value(int32_t{1})}, {"ts", Value(kInstant)}})}));
  EXPECT_EQ(out.value.schema->name, "event");
  EXPECT_EQ(*out.value.schema->field("ts")->schema, *Schema::OptionalString());
  EXPECT_EQ(out.value.schema->field("id")->schema, schema->field("id")->schema);
  EXPECT_EQ(out.value.value, Struct({{"id", Value(int32_t{1})}, {"ts", Value("2023-11-14")}}));

  ConnectRecord map = Applied(*t, Record({nullptr, Map({{"ts", Value(kInstant)}})}));
  EXPECT_EQ(map.value.value, Map({{"ts", Value("2023-11-14")}}));
}

TEST(TimestampConverter, DataErrors) {
  auto t =
      Configured("TimestampConverter$Value", {{"target.type", "unix"}, {"format", "yyyy-MM-dd"}});
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value("garbage")})),
            "Could not parse timestamp: value (garbage) does not match pattern (yyyy-MM-dd)");
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value(1.5)})),
            "TimestampConverter does not support class java.lang.Double objects as timestamps");
  EXPECT_EQ(ApplyError(*t, Record({Schema::Of(SchemaType::kInt32), Value(int32_t{1})})),
            "Schema Schema{INT32} does not correspond to a known timestamp type format");
}

TEST(TimestampConverter, ConfigErrors) {
  EXPECT_EQ(ConfigError("TimestampConverter$Value", {{"target.type", "foo"}}),
            "Invalid value foo for configuration target.type: String must be one of: string, "
            "unix, Date, Time, Timestamp");
  EXPECT_EQ(ConfigError("TimestampConverter$Value", {{"target.type", "string"}}),
            "TimestampConverter requires format option to be specified when using string "
            "timestamps");
  EXPECT_EQ(
      ConfigError("TimestampConverter$Value", {{"target.type", "string"}, {"format", "yyyy-qq"}}),
      "Invalid value yyyy-qq for configuration format: TimestampConverter requires a "
      "SimpleDateFormat-compatible pattern for string timestamps: Illegal pattern character "
      "'q'");
  EXPECT_EQ(ConfigError("TimestampConverter$Value",
                        {{"target.type", "unix"}, {"unix.precision", "minutes"}}),
            "Invalid value minutes for configuration unix.precision: String must be one of: "
            "nanoseconds, microseconds, milliseconds, seconds");
}

// --- TimestampRouter -------------------------------------------------------------------------

TEST(TimestampRouter, DefaultAndCustomFormats) {
  auto by_day = Configured("TimestampRouter", {});
  EXPECT_EQ(Applied(*by_day, Record({nullptr, Value("v")})).topic, "test-20231114");
  auto custom =
      Configured("org.apache.kafka.connect.transforms.TimestampRouter",
                 {{"topic.format", "${timestamp}_${topic}"}, {"timestamp.format", "yyyy-MM"}});
  EXPECT_EQ(Applied(*custom, Record({nullptr, Value("v")})).topic, "2023-11_test");
}

TEST(TimestampRouter, NeedsATimestamp) {
  auto t = Configured("TimestampRouter", {});
  ConnectRecord r = Record({nullptr, Value("v")});
  r.timestamp_ms.reset();
  EXPECT_EQ(ApplyError(*t, r), "Timestamp missing on record: topic=test, partition=0");
  EXPECT_EQ(ConfigError("TimestampRouter", {{"timestamp.format", "qq"}}),
            "Invalid value qq for configuration timestamp.format: Illegal pattern character 'q'");
}

}  // namespace
}  // namespace sluice::transforms
