#include "hdfs-sink/date_pattern.h"

#include <chrono>
#include <stdexcept>
#include <string_view>

namespace sluice::hdfs_sink {
namespace {

constexpr int64_t kMillisPerDay = 86400000;
constexpr std::string_view kSupportedLetters = "GyYuMLdDEakKhHmsSZ";

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
constexpr const char* kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void AppendPadded(std::string& out, int64_t value, int width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out.push_back('-');
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

void AppendName(std::string& out, const char* name, int width) {
  out += width >= 4 ? std::string(name) : std::string(name, 3);
}

void AppendOffset(std::string& out, int32_t offset, bool colon) {
  out.push_back(offset < 0 ? '-' : '+');
  int32_t abs = offset < 0 ? -offset : offset;
  AppendPadded(out, abs / 3600, 2);
  if (colon) out.push_back(':');
  AppendPadded(out, (abs % 3600) / 60, 2);
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
  t.offset_seconds = offset_seconds;
  return t;
}

CivilTime CivilTime::At(int64_t utc_ms, const ZoneRules& zone) {
  const int32_t offset = zone.OffsetAt(FloorDiv(utc_ms, 1000));
  return FromLocalMillis(utc_ms + int64_t{offset} * 1000, offset);
}

DatePattern DatePattern::Compile(const std::string& pattern) {
  DatePattern out;
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
      out.tokens_.push_back({c, static_cast<int>(end - i), {}});
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
        if (w == 2) {
          AppendPadded(out, ((t.year % 100) + 100) % 100, 2);
        } else {
          AppendPadded(out, t.year, w);
        }
        break;
      case 'M':
      case 'L':
        if (w >= 3) {
          AppendName(out, kMonths[t.month - 1], w);
        } else {
          AppendPadded(out, t.month, w);
        }
        break;
      case 'd':
        AppendPadded(out, t.day, w);
        break;
      case 'D':
        AppendPadded(out, t.day_of_year, w);
        break;
      case 'E':
        AppendName(out, kDays[t.day_of_week - 1], w);
        break;
      case 'a':
        out += t.hour < 12 ? "AM" : "PM";
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
        AppendOffset(out, t.offset_seconds, w >= 2);
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace sluice::hdfs_sink
