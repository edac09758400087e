// Time zones from the tz database, civil time, Java date patterns and ISO-8601 timestamps.
#include <locale.h>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "hdfs-sink/date_names.h"
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

// Noon UTC of a day.
int64_t Day(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  const sys_days d{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return duration_cast<milliseconds>(d.time_since_epoch()).count() + 12 * 3600000;
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
  EXPECT_THROW(DatePattern::Compile("yyyy-MM-dd'T'HH:mm:ss.SSSq"), std::invalid_argument);
  EXPECT_THROW(DatePattern::Compile("year=YYYY"), std::invalid_argument);  // 'r'
}

// 2024-05-01 is a Wednesday in ISO week 18.
TEST(DatePattern, FormatsWeeksAsIsoAndJodaDo) {
  EXPECT_EQ(FormatAt("xxxx-'W'ww-e", kMay1st2024Ms), "2024-W18-3");
  EXPECT_EQ(FormatAt("x w", Day(2021, 1, 1)), "2020 53");  // a Friday: last week of 2020
  EXPECT_EQ(FormatAt("xx w", Day(2024, 12, 30)), "25 1");  // a Monday: first week of 2025
  EXPECT_EQ(FormatAt("x w e", Day(2026, 1, 1)), "2026 1 4");
  // W: weeks of the month from Monday, the first with at least four of its days.
  EXPECT_EQ(FormatAt("W", kMay1st2024Ms), "1");    // May starts on a Wednesday
  EXPECT_EQ(FormatAt("W", Day(2024, 5, 6)), "2");  // the Monday after
  EXPECT_EQ(FormatAt("W", Day(2024, 3, 1)), "0");  // March starts on a Friday: week 0
  EXPECT_EQ(FormatAt("W", Day(2024, 3, 4)), "1");
  // F: the how-manieth of its weekday in the month.
  EXPECT_EQ(FormatAt("F", Day(2024, 5, 7)), "1");
  EXPECT_EQ(FormatAt("F", Day(2024, 5, 8)), "2");
  EXPECT_EQ(FormatAt("F", Day(2024, 5, 31)), "5");
}

TEST(DatePattern, FormatsZonesAsOffsetsIdsAndAbbreviations) {
  const ZoneRules plus_530 = ZoneRules::Fixed("+05:30", 5 * 3600 + 30 * 60);
  EXPECT_EQ(FormatAt("X XX XXX", kMay1st2024Ms, plus_530), "+05 +0530 +05:30");
  EXPECT_EQ(FormatAt("X XX XXX", kMay1st2024Ms), "Z Z Z");  // UTC
  EXPECT_EQ(FormatAt("Z ZZ ZZZ z", kMay1st2024Ms), "+0000 +00:00 UTC UTC");
  EXPECT_EQ(FormatAt("ZZZ z", kMay1st2024Ms, plus_530), "+05:30 +05:30");
  EXPECT_THROW(DatePattern::Compile("zzzz"), std::invalid_argument);  // Java's full names
  EXPECT_THROW(DatePattern::Compile("XXXX"), std::invalid_argument);
  if (!HasZoneFile("Europe/Berlin")) GTEST_SKIP() << "no /usr/share/zoneinfo (tzdata)";
  const ZoneRules berlin = ZoneRules::Load("Europe/Berlin");
  EXPECT_EQ(FormatAt("z ZZZ XXX", kMay1st2024Ms, berlin), "CEST Europe/Berlin +02:00");
  EXPECT_EQ(FormatAt("z", Day(2024, 1, 15), berlin), "CET");
}

// The month and day names of another language come from the system's locale data. Only the
// locales installed on the machine exist; when de_DE.UTF-8 is not one of them, it is built from
// glibc's sources with localedef into a scratch directory (LOCPATH), or the test is skipped.
class GermanLocale : public testing::Test {
 protected:
  void SetUp() override {
    if (Installed()) return;
    const char* sources = "/usr/share/i18n/locales/de_DE";
    if (!std::filesystem::exists(sources) || std::system("command -v localedef >/dev/null") != 0) {
      GTEST_SKIP() << "de_DE.UTF-8 is not installed, and localedef or " << sources
                   << " is missing to build it";
    }
    const std::string target = (dir_.path() / "de_DE.UTF-8").string();
    if (std::system(("localedef -i de_DE -f UTF-8 " + target + " >/dev/null 2>&1").c_str()) != 0 &&
        !std::filesystem::exists(target)) {
      GTEST_SKIP() << "de_DE.UTF-8 is not installed and localedef could not build it";
    }
    ::setenv("LOCPATH", dir_.path().c_str(), 1);
    set_locpath_ = true;
    if (!Installed()) GTEST_SKIP() << "de_DE.UTF-8 built but not found through LOCPATH";
  }
  void TearDown() override {
    if (set_locpath_) ::unsetenv("LOCPATH");
  }
  static bool Installed() {
    locale_t german = ::newlocale(LC_TIME_MASK, "de_DE.UTF-8", locale_t{});
    if (german == locale_t{}) return false;
    ::freelocale(german);
    return true;
  }

  hdfs_test::TempDir dir_;
  bool set_locpath_ = false;
};

TEST_F(GermanLocale, NamesMonthsAndDaysInTheLocalesLanguage) {
  for (const char* name : {"de-DE", "de_DE", "de_DE.UTF-8"}) {
    const DateNames german = DateNames::ForLocale(name);
    EXPECT_EQ(DatePattern::Compile("EEEE d. MMMM yyyy", german)
                  .Format(CivilTime::At(kMay1st2024Ms, ZoneRules())),
              "Mittwoch 1. Mai 2024")
        << name;
    EXPECT_EQ(DatePattern::Compile("EEE MMM LLLL", german)
                  .Format(CivilTime::At(Day(2024, 3, 7), ZoneRules())),
              "Do Mär März")
        << name;
  }
}

TEST(DateNames, EnglishWithoutALocaleAndRefusesAnUnknownOne) {
  EXPECT_EQ(FormatAt("EEEE EEE MMMM MMM LLL a", kMay1st2024Ms + 13 * 3600000),
            "Wednesday Wed May May May PM");
  // English names are the C locale's: an English locale works installed or not.
  for (const char* name : {"", "C", "POSIX", "en", "en-US", "en_GB"}) {
    EXPECT_EQ(DateNames::ForLocale(name).months[4], "May") << name;
    EXPECT_EQ(DateNames::ForLocale(name).short_days[0], "Mon") << name;
  }
  try {
    DateNames::ForLocale("xx-YY");
    FAIL() << "an unknown locale was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("locale xx-YY: not installed"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("xx_YY.UTF-8"), std::string::npos) << e.what();
  }
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
