// Formats instants with Java date patterns, as Confluent's TimeBasedPartitioner does with Joda's
// DateTimeFormat: `'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH`, `'dt'=yyyy-MM-dd/'hm'=HHmm`.
//
// Letters (Joda's, plus java.text.SimpleDateFormat's L W F X):
//   G era; y Y u year (yy: two digits); x week-based year (xx: two digits);
//   M L month (MMM "Jan", MMMM "January"; L the form used on its own, in languages that have
//   one); w week of the week-based year; W week of the month; d day of the month; D day of the
//   year; F the day of the week's occurrence in the month (1 for days 1-7); E day of the week
//   (EEE "Mon", EEEE "Monday"); e day of the week as a number (1 Monday .. 7 Sunday); a AM/PM;
//   H hour 0-23; k 1-24; K 0-11; h 1-12; m minute; s second; S fraction of a second;
//   Z offset (+0100; ZZ +01:00; ZZZ the zone's id, Europe/Berlin); X ISO offset (X +01,
//   XX +0100, XXX +01:00; Z for UTC); z the zone's abbreviation (CET, CEST; zzzz is refused:
//   full zone names are Java's own data).
// Weeks are ISO weeks, as Joda's: they start on Monday, and the first week of a year (or of a
// month, for W) is the first with at least four of its days. A run of a letter sets the minimum
// width. Text in single quotes is literal ('' is a quote); other non-letters are literal.
// Month and day names and AM/PM are the locale's (DateNames).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hdfs-sink/date_names.h"
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
  int64_t week_year = 1970;  // ISO week-based year
  int week_of_week_year = 1;
  int32_t offset_seconds = 0;
  std::string zone_abbreviation = "UTC";
  std::string zone_id = "UTC";

  static CivilTime FromLocalMillis(int64_t local_ms, int32_t offset_seconds);
  static CivilTime At(int64_t utc_ms, const ZoneRules& zone);
  // Names the zone as it was at `utc_seconds` (its abbreviation changes with summer time).
  void SetZone(const ZoneRules& zone, int64_t utc_seconds);
};

class DatePattern {
 public:
  // Throws std::invalid_argument naming the pattern and the offending letter or quote.
  static DatePattern Compile(const std::string& pattern, DateNames names = DateNames::English());

  std::string Format(const CivilTime& t) const;

 private:
  struct Token {
    char letter = 0;  // 0: literal
    int width = 0;
    std::string literal;
  };
  std::vector<Token> tokens_;
  DateNames names_;
};

}  // namespace sluice::hdfs_sink
