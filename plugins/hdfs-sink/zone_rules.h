// A time zone's offsets from UTC, read once from the system tz database (the TZif files of
// /usr/share/zoneinfo, or $TZDIR) and then only looked up, so that any thread may use it. The
// process's own TZ setting is never touched: that is global state, shared with the host.
//
// g++ 12's <chrono> has no time zone database and glibc has no per-zone API, hence this reader
// of the TZif format (RFC 8536). Debian's tzdata lists every transition up to 2037, which is
// what this uses: times after the last listed transition keep its offset. A zone file that
// leaves later transitions to its POSIX rule (tzdata built "slim") is refused when loaded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::hdfs_sink {

class ZoneRules {
 public:
  // UTC.
  ZoneRules() = default;

  // "UTC" (also "Z", "GMT"), a fixed offset ("+01:00", "-0530", "+02") or an IANA name such as
  // "Europe/Berlin". Throws std::invalid_argument naming the zone and what is wrong.
  static ZoneRules Load(const std::string& name);

  // Reads TZif data (the content of a zone file); throws std::invalid_argument when malformed.
  static ZoneRules FromTzif(const std::string& name, const std::string& data);

  static ZoneRules Fixed(const std::string& name, int32_t offset_seconds);

  // The offset from UTC, in seconds, in effect at `utc_seconds`.
  int32_t OffsetAt(int64_t utc_seconds) const;
  // The abbreviation in effect at `utc_seconds`, as the tz database has it ("CET", "CEST",
  // "EST"; "UTC"), or the offset ("+01:00") for a fixed-offset zone.
  const std::string& AbbreviationAt(int64_t utc_seconds) const;

  const std::string& name() const { return name_; }
  // The zone's id as Joda prints it (ZZZ): the IANA name, "UTC", or the offset ("+01:00").
  std::string Id() const;

 private:
  size_t TypeIndexAt(int64_t utc_seconds) const;  // 0: before the first transition

  std::string name_ = "UTC";
  bool fixed_ = true;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  // [0] holds before the first transition, [i + 1] from transitions_[i] on.
  std::vector<int32_t> offsets_{0};
  std::vector<std::string> abbreviations_{"UTC"};
};

// "+01:00", "-05:30", "+00:00": an offset as ISO 8601 writes it.
std::string FormatOffset(int32_t offset_seconds, bool colon = true);

}  // namespace sluice::hdfs_sink
