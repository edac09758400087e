// Time zones from the tz database, civil time, Java date patterns and ISO-8601 timestamps.
#include <gtest/gtest.h>

#include <filesystem>

#include "hdfs-sink/date_pattern.h"
#include "hdfs-sink/timestamp_extractor.h"
#include "hdfs-sink/zone_rules.h"
#include "test_support.h"

namespace sluice::hdfs_sink {
namespace {

using hdfs_test::kMay1st2024Ms;

bool HasZoneFile(const std::string& name) {
  return std::filesystem::exists("/usr/share/zoneinfo/" + name);
}

TEST(ZoneRules, UtcAndFixedOffsets) {
  EXPECT_EQ(ZoneRules::Load("UTC").OffsetAt(0), 0);
  EXPECT_EQ(ZoneRules::Load("Z").OffsetAt(1700000000), 0);
  EXPECT_EQ(ZoneRules::Load("+01:00").OffsetAt(0), 3600);
  EXPECT_EQ(ZoneRules::Load("-0530").OffsetAt(0), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(ZoneRules::Load("+02").OffsetAt(0), 7200);
  EXPECT_EQ(ZoneRules::Load("UTC+03:00").OffsetAt(0), 3 * 3600);
}

TEST(ZoneRules, RefusesUnknownAndMalformedNames) {
  EXPECT_THROW(ZoneRules::Load("Mars/Olympus_Mons"), std::invalid_argument);
  EXPECT_THROW(ZoneRules::Load("../../etc/passwd"), std::invalid_argument);
  EXPECT_THROW(ZoneRules::Load("+25:00"), std::invalid_argument);
  try {
    ZoneRules::Load("Mars/Olympus_Mons");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Mars/Olympus_Mons"), std::string::npos) << e.what();
  }
}

TEST(ZoneRules, ReadsDaylightSavingTimeFromTheTzDatabase) {
  if (!HasZoneFile("Europe/Berlin")) GTEST_SKIP() << "no /usr/share/zoneinfo (tzdata)";
  ZoneRules berlin = ZoneRules::Load("Europe/Berlin");
  EXPECT_EQ(berlin.OffsetAt(kMay1st2024Ms / 1000), 7200);                // CEST
  EXPECT_EQ(berlin.OffsetAt(kMay1st2024Ms / 1000 - 120 * 86400), 3600);  // CET, January
  // Summer time began at 2024-03-31T01:00:00Z.
  EXPECT_EQ(berlin.OffsetAt(1711846800 - 1), 3600);
  EXPECT_EQ(berlin.OffsetAt(1711846800), 7200);
  // Before the first transition (1893: local mean time) the first type holds.
  EXPECT_NE(berlin.OffsetAt(-5000000000), 7200);
}

TEST(ZoneRules, RefusesDataThatIsNotTzif) {
  EXPECT_THROW(ZoneRules::FromTzif("X", "not a zone file"), std::invalid_argument);
  EXPECT_THROW(ZoneRules::FromTzif("X", std::string("TZif2") + std::string(10, '\0')),
               std::invalid_argument);
}

TEST(CivilTime, SplitsAnInstantInAZone) {
  CivilTime t = CivilTime::At(kMay1st2024Ms + 13 * 3600000 + 5 * 60000 + 7 * 1000 + 89,
                              ZoneRules::Fixed("+02:00", 7200));
  EXPECT_EQ(t.year, 2024);
  EXPECT_EQ(t.month, 5);
  EXPECT_EQ(t.day, 1);
  EXPECT_EQ(t.hour, 15);
  EXPECT_EQ(t.minute, 5);
  EXPECT_EQ(t.second, 7);
  EXPECT_EQ(t.millisecond, 89);
  EXPECT_EQ(t.day_of_week, 3);  // a Wednesday
  EXPECT_EQ(t.day_of_year, 122);
  // Before the epoch.
  CivilTime before = CivilTime::At(-1, ZoneRules());
  EXPECT_EQ(before.year, 1969);
  EXPECT_EQ(before.month, 12);
  EXPECT_EQ(before.day, 31);
  EXPECT_EQ(before.hour, 23);
  EXPECT_EQ(before.millisecond, 999);
}

std::string FormatAt(const std::string& pattern, int64_t utc_ms, const ZoneRules& zone = {}) {
  return DatePattern::Compile(pattern).Format(CivilTime::At(utc_ms, zone));
}

TEST(DatePattern, FormatsConfluentsPathFormats) {
  const int64_t t = kMay1st2024Ms + 9 * 3600000 + 7 * 60000;  // 09:07
  EXPECT_EQ(FormatAt("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", t),
            "year=2024/month=05/day=01/hour=09");
  EXPECT_EQ(FormatAt("'dt'=yyyy-MM-dd/'hm'=HHmm", t), "dt=2024-05-01/hm=0907");
  EXPECT_EQ(FormatAt("yyyy/MM/dd/HH", t), "2024/05/01/09");
}

TEST(DatePattern, FormatsEveryLetter) {
  const int64_t t = kMay1st2024Ms + 21 * 3600000 + 4 * 60000 + 5 * 1000 + 67;  // 21:04:05.067
  EXPECT_EQ(FormatAt("G yy y M MMM MMMM d D E EEEE", t),
            "AD 24 2024 5 May May 1 122 Wed Wednesday");
  EXPECT_EQ(FormatAt("H k K h a m s S SS SSS SSSS", t), "21 21 9 9 PM 4 5 0 06 067 0670");
  EXPECT_EQ(FormatAt("kk", kMay1st2024Ms), "24");
  EXPECT_EQ(FormatAt("hh a", kMay1st2024Ms), "12 AM");
  EXPECT_EQ(FormatAt("Z ZZ", t, ZoneRules::Fixed("x", -(3 * 3600 + 30 * 60))), "-0330 -03:30");
}

TEST(DatePattern, QuotesAndLiterals) {
  EXPECT_EQ(FormatAt("'It''s' yyyy", kMay1st2024Ms), "It's 2024");
  EXPECT_EQ(FormatAt("''yyyy''", kMay1st2024Ms), "'2024'");
  EXPECT_EQ(FormatAt("yyyy_MM-dd.HH:mm", kMay1st2024Ms), "2024_05-01.00:00");
  EXPECT_THROW(DatePattern::Compile("'unterminated"), std::invalid_argument);
  EXPECT_THROW(DatePattern::Compile("yyyy-MM-dd'T'HH:mm:ss.SSSX"), std::invalid_argument);
  EXPECT_THROW(DatePattern::Compile("year=YYYY"), std::invalid_argument);  // 'e', 'a', 'r'
}

TEST(IsoTimestamp, ParsesDatesAndDateTimes) {
  EXPECT_EQ(ParseIsoTimestampMillis("2024-05-01"), kMay1st2024Ms);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-05-01T00:00:00Z"), kMay1st2024Ms);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-05-01T02:00:00+02:00"), kMay1st2024Ms);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-04-30T19:00-0500"), kMay1st2024Ms);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-05-01T00:00:01.5Z"), kMay1st2024Ms + 1500);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-05-01 00:00:00.123456"), kMay1st2024Ms + 123);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-02-30"), std::nullopt);
  EXPECT_EQ(ParseIsoTimestampMillis("2024-05-01T25:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseIsoTimestampMillis("1714521600000"), std::nullopt);
  EXPECT_EQ(ParseIsoTimestampMillis("yesterday"), std::nullopt);
}

}  // namespace
}  // namespace sluice::hdfs_sink
