// Formats instants with Java date patterns, as Confluent's TimeBasedPartitioner does with Joda's
// DateTimeFormat: `'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH`, `'dt'=yyyy-MM-dd/'hm'=HHmm`.
//
// Letters: G era; y Y u year (yy: two digits); M L month (MMM "Jan", MMMM "January"); d day of
// month; D day of year; E day of week (EEE "Mon", EEEE "Monday"); a AM/PM; H hour 0-23;
// k 1-24; K 0-11; h 1-12; m minute; s second; S fraction of a second; Z offset (+0100; ZZ
// +01:00). A run of a letter sets the minimum width. Text in single quotes is literal ('' is a
// quote); other non-letters are literal. Names are English whatever `locale` says.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hdfs-sink/zone_rules.h"

namespace sluice::hdfs_sink {

// The fields of an instant in a time zone.
struct CivilTime {
  int64_t year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
  int day_of_week = 4;  // 1 Monday .. 7 Sunday (ISO)
  int day_of_year = 1;
  int32_t offset_seconds = 0;

  static CivilTime FromLocalMillis(int64_t local_ms, int32_t offset_seconds);
  static CivilTime At(int64_t utc_ms, const ZoneRules& zone);
};

class DatePattern {
 public:
  // Throws std::invalid_argument naming the pattern and the offending letter or quote.
  static DatePattern Compile(const std::string& pattern);

  std::string Format(const CivilTime& t) const;

 private:
  struct Token {
    char letter = 0;  // 0: literal
    int width = 0;
    std::string literal;
  };
  std::vector<Token> tokens_;
};

}  // namespace sluice::hdfs_sink
