#include "transforms/simple_date_format.h"

#include <cctype>
#include <chrono>
#include <cstdlib>

namespace sluice::transforms {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;
// Every letter Java's SimpleDateFormat knows, and the ones Sluice implements.
constexpr std::string_view kJavaLetters = "GyMdkHmsSEDFwWahKzZYuXL";
constexpr std::string_view kSupportedLetters = "GyMdkHmsSEDFahKzZuXL";

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};  // ISO order

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int64_t month;        // 1-12
  int64_t day;          // 1-31
  int64_t day_of_year;  // 1-366
  int64_t weekday;      // 1 = Monday ... 7 = Sunday
};

Civil CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Civil c;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = yoe + era * 400 + (c.month <= 2);
  c.day_of_year = days - DaysFromCivil(c.year, 1, 1) + 1;
  const int64_t since_monday = days + 3;  // 1970-01-01 was a Thursday
  c.weekday = since_monday - FloorDiv(since_monday, 7) * 7 + 1;
  return c;
}

std::string Padded(int64_t value, int count) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (static_cast<int>(digits.size()) < count) {
    digits.insert(0, static_cast<size_t>(count) - digits.size(), '0');
  }
  return value < 0 ? "-" + digits : digits;
}

bool StartsWithIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
        std::tolower(static_cast<unsigned char>(word[i]))) {
      return false;
    }
  }
  return true;
}

// Matches one of `names` (full, then their first three letters) at `pos`; returns its index.
std::optional<int> MatchName(std::string_view text, size_t& pos, const char* const* names,
                             int count) {
  for (size_t len : {size_t{0}, size_t{3}}) {
    for (int i = 0; i < count; ++i) {
      std::string_view name = names[i];
      if (len != 0) name = name.substr(0, len);
      if (StartsWithIgnoreCase(text, pos, name)) {
        pos += name.size();
        return i;
      }
    }
  }
  return std::nullopt;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// A zone offset: "Z", "GMT"/"UTC" optionally followed by an offset, or "+hh", "+hhmm", "+hh:mm".
std::optional<int64_t> ParseZone(std::string_view text, size_t& pos) {
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
    return 0;
  }
  bool named = false;
  if (StartsWithIgnoreCase(text, pos, "GMT") || StartsWithIgnoreCase(text, pos, "UTC")) {
    pos += 3;
    named = true;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    if (named) return 0;
    return std::nullopt;
  }
  const int64_t sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  auto two_digits = [&](int64_t& out) {
    if (p + 2 > text.size() || !IsDigit(text[p]) || !IsDigit(text[p + 1])) return false;
    out = (text[p] - '0') * 10 + (text[p + 1] - '0');
    p += 2;
    return true;
  };
  int64_t hours = 0, minutes = 0;
  if (!two_digits(hours)) return std::nullopt;
  if (p < text.size() && text[p] == ':') {
    ++p;
    if (!two_digits(minutes)) return std::nullopt;
  } else {
    size_t before = p;
    if (!two_digits(minutes)) p = before;
  }
  pos = p;
  return sign * (hours * 3'600'000 + minutes * 60'000);
}

}  // namespace

Result<SimpleDateFormat> SimpleDateFormat::Compile(const std::string& pattern) {
  SimpleDateFormat format;
  format.pattern_ = pattern;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) format.elements_.push_back({0, 0, std::move(literal)});
    literal.clear();
  };
  const size_t n = pattern.size();
  for (size_t i = 0; i < n;) {
    const char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < n && pattern[i + 1] == '\'') {  // '' outside quotes: one quote
        literal.push_back('\'');
        i += 2;
        continue;
      }
      size_t j = i + 1;
      for (;;) {
        if (j >= n) return Status::InvalidArgument("Unterminated quote");
        if (pattern[j] == '\'') {
          if (j + 1 < n && pattern[j + 1] == '\'') {
            literal.push_back('\'');
            j += 2;
            continue;
          }
          break;
        }
        literal.push_back(pattern[j++]);
      }
      i = j + 1;
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (kJavaLetters.find(c) == std::string_view::npos) {
        return Status::InvalidArgument(std::string("Illegal pattern character '") + c + "'");
      }
      if (kSupportedLetters.find(c) == std::string_view::npos) {
        return Status::InvalidArgument(std::string("Pattern letter '") + c +
                                       "' (week-based dates) is not supported");
      }
      size_t j = i;
      while (j < n && pattern[j] == c) ++j;
      const int count = static_cast<int>(j - i);
      if (c == 'X' && count > 3) {
        return Status::InvalidArgument("invalid ISO 8601 format: length=" + std::to_string(count));
      }
      flush();
      format.elements_.push_back({c == 'L' ? 'M' : c, count, ""});
      i = j;
      continue;
    }
    literal.push_back(c);
    ++i;
  }
  flush();
  return format;
}

bool SimpleDateFormat::IsNumeric(const Element& e) const {
  if (e.letter == 'M') return e.count < 3;
  return e.letter != 0 && std::string_view("ydkHmsSDFuKh").find(e.letter) != std::string_view::npos;
}

std::string SimpleDateFormat::Format(int64_t epoch_ms) const {
  const int64_t days = FloorDiv(epoch_ms, kMillisPerDay);
  const int64_t of_day = epoch_ms - days * kMillisPerDay;
  const Civil c = CivilFromDays(days);
  const int64_t hour = of_day / 3'600'000;
  std::string out;
  for (const Element& e : elements_) {
    switch (e.letter) {
      case 0:
        out += e.literal;
        break;
      case 'G':
        out += c.year > 0 ? "AD" : "BC";
        break;
      case 'y': {
        const int64_t year_of_era = c.year > 0 ? c.year : 1 - c.year;
        out += e.count == 2 ? Padded(year_of_era % 100, 2) : Padded(year_of_era, e.count);
        break;
      }
      case 'M':
        if (e.count >= 4) {
          out += kMonthNames[c.month - 1];
        } else if (e.count == 3) {
          out += std::string_view(kMonthNames[c.month - 1]).substr(0, 3);
        } else {
          out += Padded(c.month, e.count);
        }
        break;
      case 'd':
        out += Padded(c.day, e.count);
        break;
      case 'D':
        out += Padded(c.day_of_year, e.count);
        break;
      case 'F':
        out += Padded((c.day - 1) / 7 + 1, e.count);
        break;
      case 'E':
        out += e.count >= 4 ? std::string(kDayNames[c.weekday - 1])
                            : std::string(kDayNames[c.weekday - 1]).substr(0, 3);
        break;
      case 'u':
        out += Padded(c.weekday, e.count);
        break;
      case 'a':
        out += hour < 12 ? "AM" : "PM";
        break;
      case 'H':
        out += Padded(hour, e.count);
        break;
      case 'k':
        out += Padded(hour == 0 ? 24 : hour, e.count);
        break;
      case 'K':
        out += Padded(hour % 12, e.count);
        break;
      case 'h':
        out += Padded(hour % 12 == 0 ? 12 : hour % 12, e.count);
        break;
      case 'm':
        out += Padded(of_day / 60'000 % 60, e.count);
        break;
      case 's':
        out += Padded(of_day / 1000 % 60, e.count);
        break;
      case 'S':
        out += Padded(of_day % 1000, e.count);
        break;
      case 'z':
        out += e.count >= 4 ? "Coordinated Universal Time" : "UTC";
        break;
      case 'Z':
        out += "+0000";
        break;
      case 'X':
        out += "Z";
        break;
    }
  }
  return out;
}

std::optional<int64_t> SimpleDateFormat::Parse(std::string_view text) const {
  std::optional<int64_t> year, month, day, day_of_year, hour_of_day, hour12;
  bool two_digit_year = false, pm = false, bc = false;
  int64_t minute = 0, second = 0, millis = 0, offset_ms = 0;
  size_t pos = 0;

  for (size_t i = 0; i < elements_.size(); ++i) {
    const Element& e = elements_[i];
    if (e.letter == 0) {
      if (text.substr(pos, e.literal.size()) != e.literal) return std::nullopt;
      pos += e.literal.size();
      continue;
    }
    if (IsNumeric(e)) {
      // A field that abuts another numeric field takes exactly its width ("yyyyMMdd").
      const bool abuts = i + 1 < elements_.size() && IsNumeric(elements_[i + 1]);
      const size_t max_digits = abuts ? static_cast<size_t>(e.count) : 10;
      size_t digits = 0;
      int64_t v = 0;
      while (pos < text.size() && digits < max_digits && IsDigit(text[pos])) {
        v = v * 10 + (text[pos++] - '0');
        ++digits;
      }
      if (digits == 0) return std::nullopt;
      switch (e.letter) {
        case 'y':
          year = v;
          two_digit_year = e.count <= 2 && digits == 2;
          break;
        case 'M':
          month = v;
          break;
        case 'd':
          day = v;
          break;
        case 'D':
          day_of_year = v;
          break;
        case 'H':
          hour_of_day = v;
          break;
        case 'k':
          hour_of_day = v == 24 ? 0 : v;
          break;
        case 'K':
          hour12 = v;
          break;
        case 'h':
          hour12 = v == 12 ? 0 : v;
          break;
        case 'm':
          minute = v;
          break;
        case 's':
          second = v;
          break;
        case 'S':
          millis = v;
          break;
        default:
          break;  // F and u do not fix the date
      }
      continue;
    }
    switch (e.letter) {
      case 'M': {
        auto index = MatchName(text, pos, kMonthNames, 12);
        if (!index) return std::nullopt;
        month = *index + 1;
        break;
      }
      case 'E':
        if (!MatchName(text, pos, kDayNames, 7)) return std::nullopt;
        break;
      case 'a':
        if (StartsWithIgnoreCase(text, pos, "AM") || StartsWithIgnoreCase(text, pos, "PM")) {
          pm = StartsWithIgnoreCase(text, pos, "PM");
          pos += 2;
        } else {
          return std::nullopt;
        }
        break;
      case 'G':
        if (StartsWithIgnoreCase(text, pos, "AD") || StartsWithIgnoreCase(text, pos, "BC")) {
          bc = StartsWithIgnoreCase(text, pos, "BC");
          pos += 2;
        } else {
          return std::nullopt;
        }
        break;
      case 'z':
      case 'Z':
      case 'X': {
        auto offset = ParseZone(text, pos);
        if (!offset) return std::nullopt;
        offset_ms = *offset;
        break;
      }
      default:
        return std::nullopt;
    }
  }

  int64_t y = year.value_or(1970);
  if (two_digit_year) {
    // Java resolves a two-digit year into the century that starts 80 years before now.
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const int64_t now_days =
        FloorDiv(std::chrono::duration_cast<std::chrono::milliseconds>(now).count(), kMillisPerDay);
    const int64_t start = CivilFromDays(now_days).year - 80;
    y += (start / 100) * 100 + (y < start % 100 ? 100 : 0);
  }
  if (bc) y = 1 - y;
  int64_t days;
  if (day_of_year && !month && !day) {
    days = DaysFromCivil(y, 1, 1) + *day_of_year - 1;
  } else {
    // Lenient: a month beyond 12 or a day beyond the month's end rolls over.
    const int64_t m0 = month.value_or(1) - 1;
    const int64_t year_carry = FloorDiv(m0, 12);
    days = DaysFromCivil(y + year_carry, m0 - year_carry * 12 + 1, 1) + day.value_or(1) - 1;
  }
  const int64_t hour = hour_of_day ? *hour_of_day : hour12.value_or(0) + (pm ? 12 : 0);
  const __int128 total = static_cast<__int128>(days) * kMillisPerDay +
                         static_cast<__int128>(hour) * 3'600'000 + minute * 60'000 + second * 1000 +
                         millis - offset_ms;
  if (total > INT64_MAX || total < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(total);
}

}  // namespace sluice::transforms
