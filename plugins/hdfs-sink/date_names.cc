#include "hdfs-sink/date_names.h"

#include <langinfo.h>
#include <locale.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace sluice::hdfs_sink {
namespace {

// Owns a locale_t from newlocale.
class LocaleHandle {
 public:
  explicit LocaleHandle(const std::string& name)
      : locale_(::newlocale(LC_TIME_MASK | LC_CTYPE_MASK, name.c_str(), locale_t{})) {}
  ~LocaleHandle() {
    if (locale_ != locale_t{}) ::freelocale(locale_);
  }
  LocaleHandle(const LocaleHandle&) = delete;
  LocaleHandle& operator=(const LocaleHandle&) = delete;

  explicit operator bool() const { return locale_ != locale_t{}; }
  std::string Item(nl_item item) const { return ::nl_langinfo_l(item, locale_); }

 private:
  locale_t locale_;
};

bool IsEnglish(const std::string& name) {
  return name.size() >= 2 && std::tolower(static_cast<unsigned char>(name[0])) == 'e' &&
         std::tolower(static_cast<unsigned char>(name[1])) == 'n' &&
         (name.size() == 2 || name[2] == '_' || name[2] == '-' || name[2] == '.');
}

DateNames Read(const LocaleHandle& locale) {
  DateNames names;
  for (int i = 0; i < 12; ++i) {
    names.months[i] = locale.Item(static_cast<nl_item>(MON_1 + i));
    names.short_months[i] = locale.Item(static_cast<nl_item>(ABMON_1 + i));
    names.standalone_months[i] = locale.Item(static_cast<nl_item>(__ALTMON_1 + i));
    names.short_standalone_months[i] = locale.Item(static_cast<nl_item>(_NL_ABALTMON_1 + i));
  }
  // glibc counts days from Sunday (DAY_1); these are ISO, from Monday.
  for (int iso = 1; iso <= 7; ++iso) {
    const int from_sunday = iso % 7;
    names.days[iso - 1] = locale.Item(static_cast<nl_item>(DAY_1 + from_sunday));
    names.short_days[iso - 1] = locale.Item(static_cast<nl_item>(ABDAY_1 + from_sunday));
  }
  names.am = locale.Item(AM_STR);
  names.pm = locale.Item(PM_STR);
  // Some locales have no AM/PM words (a 24-hour clock): Java prints AM/PM then.
  if (names.am.empty()) names.am = "AM";
  if (names.pm.empty()) names.pm = "PM";
  return names;
}

}  // namespace

DateNames DateNames::English() {
  LocaleHandle c("C");
  return Read(c);
}

DateNames DateNames::ForLocale(const std::string& locale) {
  if (locale.empty() || locale == "C" || locale == "POSIX") return English();
  std::string base = locale;
  // Java's tags (de-DE) name the territory after a '-'; a codeset (UTF-8) keeps its own.
  std::replace(base.begin(),
               base.begin() + static_cast<std::ptrdiff_t>(std::min(base.find('.'), base.size())),
               '-', '_');
  std::vector<std::string> candidates;
  if (base.find('.') == std::string::npos) {
    candidates = {base + ".UTF-8", base + ".utf8", base};
  } else {
    candidates = {base};
  }
  for (const std::string& name : candidates) {
    LocaleHandle handle(name);
    if (!handle) continue;
    const std::string codeset = handle.Item(CODESET);
    if (codeset != "UTF-8") {
      throw std::invalid_argument("locale " + locale + ": " + name + " uses " + codeset +
                                  ", not UTF-8; its names would not be valid in a path (use " +
                                  base.substr(0, base.find('.')) + ".UTF-8)");
    }
    return Read(handle);
  }
  if (IsEnglish(base)) return English();
  std::string tried;
  for (const std::string& name : candidates) tried += (tried.empty() ? "" : ", ") + name;
  throw std::invalid_argument("locale " + locale + ": not installed on this machine (looked for " +
                              tried + "; `locale -a` lists the installed locales)");
}

}  // namespace sluice::hdfs_sink
