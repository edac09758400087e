#include "hdfs-sink/date_pattern.h"

#include <chrono>
#include <stdexcept>
#include <string_view>

namespace sluice::hdfs_sink {
namespace {

constexpr int64_t kMillisPerDay = 86400000;
constexpr std::string_view kSupportedLetters = "GyYuxMLwWdDFEeakKhHmsSZXz";

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void AppendPadded(std::string& out, int64_t value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out.push_back('-');
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

void AppendYear(std::string& out, int64_t year, int width) {
  if (width == 2) {
    AppendPadded(out, ((year % 100) + 100) % 100, 2);
  } else {
    AppendPadded(out, year, width);
  }
}

// ISO weekday (1 Monday .. 7 Sunday) of a civil date.
int IsoWeekday(std::chrono::year_month_day ymd) {
  return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ymd}}.iso_encoding());
}

int IsoWeeksIn(int64_t year) {
  using namespace std::chrono;
  const std::chrono::year y{static_cast<int>(year)};
  const int jan1 = IsoWeekday(y / January / 1);
  return jan1 == 4 || (y.is_leap() && jan1 == 3) ? 53 : 52;
}

// The week of the month, weeks starting on Monday, the first being the first with at least four
// days of the month (days before it are in week 0), as java.util.Calendar counts with ISO rules.
int WeekOfMonth(int day, int day_of_week) {
  const int first_day_of_week = ((day_of_week - 1 - (day - 1)) % 7 + 7) % 7 + 1;
  const int days_in_first_week = 8 - first_day_of_week;
  return (day + first_day_of_week - 2) / 7 + (days_in_first_week >= 4 ? 1 : 0);
}

}  // namespace

CivilTime CivilTime::FromLocalMillis(int64_t local_ms, int32_t offset_seconds) {
  using namespace std::chrono;
  const int64_t day_number = FloorDiv(local_ms, kMillisPerDay);
  const int64_t ms_of_day = local_ms - day_number * kMillisPerDay;
  const sys_days day{days{day_number}};
  const year_month_day ymd{day};
  CivilTime t;
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.hour = static_cast<int>(ms_of_day / 3600000);
  t.minute = static_cast<int>(ms_of_day / 60000 % 60);
  t.second = static_cast<int>(ms_of_day / 1000 % 60);
  t.millisecond = static_cast<int>(ms_of_day % 1000);
  t.day_of_week = static_cast<int>(weekday{day}.iso_encoding());
  t.day_of_year = static_cast<int>((day - sys_days{ymd.year() / January / 1}).count()) + 1;
  // ISO 8601: week 1 holds the year's first Thursday.
  t.week_year = t.year;
  t.week_of_week_year = (t.day_of_year - t.day_of_week + 10) / 7;
  if (t.week_of_week_year < 1) {
    t.week_year = t.year - 1;
    t.week_of_week_year = IsoWeeksIn(t.week_year);
  } else if (t.week_of_week_year > IsoWeeksIn(t.year)) {
    t.week_year = t.year + 1;
    t.week_of_week_year = 1;
  }
  t.offset_seconds = offset_seconds;
  t.zone_abbreviation = t.zone_id = offset_seconds == 0 ? "UTC" : FormatOffset(offset_seconds);
  return t;
}

CivilTime CivilTime::At(int64_t utc_ms, const ZoneRules& zone) {
  const int64_t utc_seconds = FloorDiv(utc_ms, 1000);
  const int32_t offset = zone.OffsetAt(utc_seconds);
  CivilTime t = FromLocalMillis(utc_ms + int64_t{offset} * 1000, offset);
  t.SetZone(zone, utc_seconds);
  return t;
}

void CivilTime::SetZone(const ZoneRules& zone, int64_t utc_seconds) {
  zone_abbreviation = zone.AbbreviationAt(utc_seconds);
  zone_id = zone.Id();
}

DatePattern DatePattern::Compile(const std::string& pattern, DateNames names) {
  DatePattern out;
  out.names_ = std::move(names);
  auto literal = [&](char c) {
    if (out.tokens_.empty() || out.tokens_.back().letter != 0) out.tokens_.push_back({});
    out.tokens_.back().literal.push_back(c);
  };
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {  // '' is a quote
        literal('\'');
        i += 2;
        continue;
      }
      size_t end = i + 1;
      while (true) {
        end = pattern.find('\'', end);
        if (end == std::string::npos) {
          throw std::invalid_argument("date pattern \"" + pattern + "\": unterminated quote");
        }
        if (end + 1 < pattern.size() && pattern[end + 1] == '\'') {  // '' inside quotes
          end += 2;
          continue;
        }
        break;
      }
      for (size_t j = i + 1; j < end; ++j) {
        literal(pattern[j]);
        if (pattern[j] == '\'') ++j;  // the second quote of ''
      }
      i = end + 1;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (kSupportedLetters.find(c) == std::string_view::npos) {
        throw std::invalid_argument("date pattern \"" + pattern + "\": unsupported letter '" +
                                    std::string(1, c) + "' (quote literal text: 'text')");
      }
      size_t end = i;
      while (end < pattern.size() && pattern[end] == c) ++end;
      const int width = static_cast<int>(end - i);
      if ((c == 'z' && width >= 4) || (c == 'X' && width > 3)) {
        throw std::invalid_argument(
            "date pattern \"" + pattern + "\": " + std::string(static_cast<size_t>(width), c) +
            (c == 'z' ? " (the zone's full name) is not supported; z gives its abbreviation"
                      : " is not a pattern: X, XX or XXX"));
      }
      out.tokens_.push_back({c, width, {}});
      i = end;
    } else {
      literal(c);
      ++i;
    }
  }
  return out;
}

std::string DatePattern::Format(const CivilTime& t) const {
  std::string out;
  for (const Token& tok : tokens_) {
    const int w = tok.width;
    switch (tok.letter) {
      case 0:
        out += tok.literal;
        break;
      case 'G':
        out += t.year > 0 ? "AD" : "BC";
        break;
      case 'y':
      case 'Y':
      case 'u':
        AppendYear(out, t.year, w);
        break;
      case 'x':
        AppendYear(out, t.week_year, w);
        break;
      case 'M':
        if (w >= 3) {
          out += (w >= 4 ? names_.months : names_.short_months)[t.month - 1];
        } else {
          AppendPadded(out, t.month, w);
        }
        break;
      case 'L':
        if (w >= 3) {
          out += (w >= 4 ? names_.standalone_months : names_.short_standalone_months)[t.month - 1];
        } else {
          AppendPadded(out, t.month, w);
        }
        break;
      case 'w':
        AppendPadded(out, t.week_of_week_year, w);
        break;
      case 'W':
        AppendPadded(out, WeekOfMonth(t.day, t.day_of_week), w);
        break;
      case 'd':
        AppendPadded(out, t.day, w);
        break;
      case 'D':
        AppendPadded(out, t.day_of_year, w);
        break;
      case 'F':
        AppendPadded(out, (t.day - 1) / 7 + 1, w);
        break;
      case 'E':
        out += (w >= 4 ? names_.days : names_.short_days)[t.day_of_week - 1];
        break;
      case 'e':
        AppendPadded(out, t.day_of_week, w);
        break;
      case 'a':
        out += t.hour < 12 ? names_.am : names_.pm;
        break;
      case 'H':
        AppendPadded(out, t.hour, w);
        break;
      case 'k':
        AppendPadded(out, t.hour == 0 ? 24 : t.hour, w);
        break;
      case 'K':
        AppendPadded(out, t.hour % 12, w);
        break;
      case 'h':
        AppendPadded(out, t.hour % 12 == 0 ? 12 : t.hour % 12, w);
        break;
      case 'm':
        AppendPadded(out, t.minute, w);
        break;
      case 's':
        AppendPadded(out, t.second, w);
        break;
      case 'S': {
        // Joda: the first `w` digits of the fraction of the second.
        std::string digits = std::to_string(1000 + t.millisecond).substr(1);
        if (w <= 3) {
          out += digits.substr(0, static_cast<size_t>(w));
        } else {
          out += digits + std::string(static_cast<size_t>(w - 3), '0');
        }
        break;
      }
      case 'Z':
        out += w >= 3 ? t.zone_id : FormatOffset(t.offset_seconds, /*colon=*/w == 2);
        break;
      case 'X':
        if (t.offset_seconds == 0) {
          out += 'Z';
        } else if (w == 1) {
          out += FormatOffset(t.offset_seconds).substr(0, 3);  // +01 (minutes dropped, as Java)
        } else {
          out += FormatOffset(t.offset_seconds, /*colon=*/w == 3);
        }
        break;
      case 'z':
        out += t.zone_abbreviation;
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace sluice::hdfs_sink
