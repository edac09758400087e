#include "hdfs-sink/zone_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>

namespace sluice::hdfs_sink {
namespace {

// 2037-01-01T00:00:00Z: fat tzdata lists transitions up to 2037.
constexpr int64_t kFatDataHorizon = 2114380800;

[[noreturn]] void Malformed(const std::string& name, const std::string& why) {
  throw std::invalid_argument("time zone " + name + ": " + why);
}

// Reads big-endian integers out of a TZif buffer, checking every bound.
class Reader {
 public:
  Reader(const std::string& name, const std::string& data) : name_(name), data_(data) {}

  int64_t Int(size_t bytes) {
    Need(bytes);
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += bytes;
    // Sign-extend the 32-bit form.
    if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  uint8_t Byte() { return static_cast<uint8_t>(Int(1)); }
  void Skip(size_t bytes) {
    Need(bytes);
    pos_ += bytes;
  }
  std::string Take(size_t bytes) {
    Need(bytes);
    std::string out = data_.substr(pos_, bytes);
    pos_ += bytes;
    return out;
  }
  std::string Rest() const { return data_.substr(pos_); }

 private:
  void Need(size_t bytes) const {
    if (data_.size() - pos_ < bytes) Malformed(name_, "truncated TZif data");
  }
  const std::string& name_;
  const std::string& data_;
  size_t pos_ = 0;
};

struct Header {
  char version = 0;
  size_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

Header ReadHeader(Reader& in, const std::string& name) {
  if (in.Take(4) != "TZif") Malformed(name, "not a TZif file");
  Header h;
  h.version = static_cast<char>(in.Byte());
  in.Skip(15);
  size_t* counts[] = {&h.isutcnt, &h.isstdcnt, &h.leapcnt, &h.timecnt, &h.typecnt, &h.charcnt};
  for (size_t* c : counts) {
    int64_t v = in.Int(4);
    if (v < 0 || v > 100000) Malformed(name, "implausible TZif header counts");
    *c = static_cast<size_t>(v);
  }
  if (h.typecnt == 0) Malformed(name, "TZif data without local time types");
  return h;
}

void SkipBlock(Reader& in, const Header& h, size_t time_size) {
  in.Skip(h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt +
          h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt);
}

// "+01:00", "-0530", "+02", also after "UTC"/"GMT": seconds east of UTC.
bool ParseFixedOffset(const std::string& text, int32_t& out) {
  static const std::regex kOffset(R"((?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?)");
  std::smatch m;
  if (!std::regex_match(text, m, kOffset)) return false;
  int hours = std::stoi(m[2].str());
  int minutes = m[3].matched ? std::stoi(m[3].str()) : 0;
  if (hours > 18 || minutes > 59) return false;
  out = (m[1].str() == "-" ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

std::string FormatOffset(int32_t offset_seconds, bool colon) {
  const int32_t abs = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  char text[16];
  std::snprintf(text, sizeof text, colon ? "%c%02d:%02d" : "%c%02d%02d",
                offset_seconds < 0 ? '-' : '+', abs / 3600, abs % 3600 / 60);
  return text;
}

ZoneRules ZoneRules::Fixed(const std::string& name, int32_t offset_seconds) {
  ZoneRules z;
  z.name_ = name;
  z.offsets_ = {offset_seconds};
  z.abbreviations_ = {offset_seconds != 0 ? FormatOffset(offset_seconds)
                      : name == "GMT"     ? "GMT"
                                          : "UTC"};
  return z;
}

std::string ZoneRules::Id() const {
  return fixed_ ? abbreviations_[0] : name_;
}

ZoneRules ZoneRules::Load(const std::string& name) {
  if (name == "UTC" || name == "Z" || name == "GMT" || name == "Etc/UTC") return Fixed(name, 0);
  int32_t fixed = 0;
  if (ParseFixedOffset(name, fixed)) return Fixed(name, fixed);
  static const std::regex kIanaName(R"([A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*)");
  if (!std::regex_match(name, kIanaName)) {
    throw std::invalid_argument("time zone " + name +
                                ": not an IANA zone name such as Europe/Berlin, nor an offset "
                                "such as +01:00");
  }
  const char* tzdir = std::getenv("TZDIR");
  const std::string path =
      std::string(tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo") + "/" + name;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::invalid_argument("time zone " + name + ": unknown (no file " + path +
                                "; is the tzdata package installed?)");
  }
  std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return FromTzif(name, data);
}

ZoneRules ZoneRules::FromTzif(const std::string& name, const std::string& data) {
  Reader in(name, data);
  Header h = ReadHeader(in, name);
  size_t time_size = 4;
  if (h.version >= '2') {
    // The version 2+ block repeats the data with 64-bit times; the first block is for old readers.
    SkipBlock(in, h, 4);
    h = ReadHeader(in, name);
    time_size = 8;
  }
  if (h.leapcnt != 0) Malformed(name, "zones with leap seconds (right/...) are not supported");

  ZoneRules z;
  z.name_ = name;
  z.fixed_ = false;
  std::vector<int64_t> times(h.timecnt);
  for (auto& t : times) t = in.Int(time_size);
  std::vector<uint8_t> type_of(h.timecnt);
  for (auto& i : type_of) i = in.Byte();
  std::vector<int32_t> type_offsets(h.typecnt);
  std::vector<size_t> type_designations(h.typecnt);
  for (size_t t = 0; t < h.typecnt; ++t) {
    type_offsets[t] = static_cast<int32_t>(in.Int(4));
    in.Skip(1);  // isdst
    type_designations[t] = in.Byte();
  }
  const std::string designations = in.Take(h.charcnt);
  in.Skip(h.isstdcnt + h.isutcnt);  // indicators (no leap records)
  std::vector<std::string> type_abbreviations(h.typecnt);
  for (size_t t = 0; t < h.typecnt; ++t) {
    if (type_designations[t] >= designations.size()) {
      Malformed(name, "a local time type names no abbreviation");
    }
    type_abbreviations[t] = designations.c_str() + type_designations[t];  // NUL-terminated
  }
  if (!std::is_sorted(times.begin(), times.end())) Malformed(name, "transitions out of order");
  z.offsets_ = {type_offsets[0]};
  z.abbreviations_ = {type_abbreviations[0]};
  for (size_t i = 0; i < times.size(); ++i) {
    if (type_of[i] >= h.typecnt) Malformed(name, "transition to an unknown local time type");
    z.transitions_.push_back(times[i]);
    z.offsets_.push_back(type_offsets[type_of[i]]);
    z.abbreviations_.push_back(type_abbreviations[type_of[i]]);
  }

  // Version 2+ ends with "\n<POSIX TZ rule>\n" for times after the last transition. A rule with
  // daylight saving time (a ',') that takes over before 2037 needs evaluating, which this does
  // not do.
  if (time_size == 8) {
    std::string footer = in.Rest();
    const bool has_dst_rule = footer.find(',') != std::string::npos;
    const int64_t last = z.transitions_.empty() ? INT64_MIN : z.transitions_.back();
    if (has_dst_rule && last < kFatDataHorizon - 366 * 86400) {
      Malformed(name, "its file lists no transitions past " + std::to_string(last) +
                          " and leaves later ones to a rule; install tzdata with all transitions "
                          "listed (built with zic -b fat, as Debian's is)");
    }
  }
  return z;
}

size_t ZoneRules::TypeIndexAt(int64_t utc_seconds) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  return static_cast<size_t>(it - transitions_.begin());
}

int32_t ZoneRules::OffsetAt(int64_t utc_seconds) const {
  return offsets_[TypeIndexAt(utc_seconds)];
}

const std::string& ZoneRules::AbbreviationAt(int64_t utc_seconds) const {
  return abbreviations_[TypeIndexAt(utc_seconds)];
}

}  // namespace sluice::hdfs_sink
