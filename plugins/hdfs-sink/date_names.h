// The words that date patterns print: month and day names and AM/PM, in English or in a locale
// installed on the machine (glibc's locale data, through newlocale and nl_langinfo_l, so the
// process's own locale is never touched). Names may differ from Java's in places: Java has its
// own locale data (CLDR).
#pragma once

#include <array>
#include <string>

namespace sluice::hdfs_sink {

struct DateNames {
  std::array<std::string, 12> months;             // MMMM: "January" (the form used within a date)
  std::array<std::string, 12> short_months;       // MMM: "Jan"
  std::array<std::string, 12> standalone_months;  // LLLL: the form used on its own
  std::array<std::string, 12> short_standalone_months;  // LLL
  std::array<std::string, 7> days;                      // EEEE, Monday first: "Monday"
  std::array<std::string, 7> short_days;                // EEE: "Mon"
  std::string am = "AM";
  std::string pm = "PM";

  // The C locale's words, which are English.
  static DateNames English();

  // `locale` as Confluent's `locale` key takes it, a Java tag ("de-DE", "de_DE", "fr"), or a
  // POSIX name ("de_DE.UTF-8"). Empty, "C" and "POSIX" are English; so is any English locale
  // ("en", "en-US") that is not installed, its words being the C locale's. Throws
  // std::invalid_argument saying which names were tried when the locale is not installed, or
  // when it does not use UTF-8 (its names would not be valid in a path).
  static DateNames ForLocale(const std::string& locale);
};

}  // namespace sluice::hdfs_sink
