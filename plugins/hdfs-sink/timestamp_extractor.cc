#include "hdfs-sink/timestamp_extractor.h"

#include <chrono>
#include <regex>
#include <stdexcept>

#include "hdfs-sink/field_path.h"
#include "hdfs-sink/record_error.h"

namespace sluice::hdfs_sink {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Where(const sdk::SinkRecord& r) {
  return r.topic + "-" + std::to_string(r.partition) + "@" + std::to_string(r.offset);
}

class WallclockExtractor : public TimestampExtractor {
 public:
  int64_t Extract(const sdk::SinkRecord&, int64_t now_ms) const override { return now_ms; }
};

class RecordExtractor : public TimestampExtractor {
 public:
  int64_t Extract(const sdk::SinkRecord& record, int64_t) const override {
    if (record.timestamp_ms == SLUICE_NO_TIMESTAMP) {
      throw RecordError("record " + Where(record) +
                        " has no timestamp (timestamp.extractor=Record)");
    }
    return record.timestamp_ms;
  }
};

class RecordFieldExtractor : public TimestampExtractor {
 public:
  explicit RecordFieldExtractor(std::string field)
      : field_(std::move(field)), path_(SplitFieldPath(field_)) {}

  int64_t Extract(const sdk::SinkRecord& record, int64_t) const override {
    FieldRef ref = FindField(record.value, path_);
    auto fail = [&](const std::string& why) {
      return RecordError("record " + Where(record) + ": timestamp field \"" + field_ + "\" " + why);
    };
    if (ref.value == nullptr || ref.value->is_null()) throw fail("is missing");
    const Value& v = *ref.value;
    if (v.is<int64_t>()) {
      const int64_t n = v.as<int64_t>();
      if (ref.schema && HasLogicalName(*ref.schema, kDateLogicalName)) return n * 86400000;
      return n;
    }
    if (v.is<double>()) return static_cast<int64_t>(v.as<double>());
    if (v.is<std::string>()) {
      if (auto ms = ParseIsoTimestampMillis(v.as<std::string>())) return *ms;
      throw fail("is not an ISO-8601 date-time: \"" + v.as<std::string>() + "\"");
    }
    throw fail("is neither a number of milliseconds nor an ISO-8601 string");
  }

 private:
  std::string field_;
  std::vector<std::string> path_;
};

}  // namespace

std::optional<int64_t> ParseIsoTimestampMillis(const std::string& text) {
  static const std::regex kIso(
      R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)"
      R"((Z|([+-])(\d{2}):?(\d{2})?)?)?)");
  std::smatch m;
  if (!std::regex_match(text, m, kIso)) return std::nullopt;
  using namespace std::chrono;
  auto num = [&](int i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
  const year_month_day ymd{year{num(1)}, month{static_cast<unsigned>(num(2))},
                           day{static_cast<unsigned>(num(3))}};
  if (!ymd.ok()) return std::nullopt;
  const int h = num(4), mi = num(5), s = num(6);
  if (h > 23 || mi > 59 || s > 59) return std::nullopt;
  int64_t millis = 0;
  if (m[7].matched) {
    std::string fraction = (m[7].str() + "00").substr(0, 3);
    millis = std::stoi(fraction);
  }
  int64_t offset_seconds = 0;
  if (m[9].matched) {
    const int oh = num(10), om = num(11);
    if (oh > 18 || om > 59) return std::nullopt;
    offset_seconds = (m[9].str() == "-" ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const int64_t days_since_epoch = sys_days{ymd}.time_since_epoch().count();
  return ((days_since_epoch * 86400 + h * 3600 + mi * 60 + s) - offset_seconds) * 1000 + millis;
}

std::unique_ptr<TimestampExtractor> MakeTimestampExtractor(const std::string& name,
                                                           const std::string& field) {
  if (name == "Wallclock" || EndsWith(name, "$WallclockTimestampExtractor")) {
    return std::make_unique<WallclockExtractor>();
  }
  if (name == "Record" || EndsWith(name, "$RecordTimestampExtractor")) {
    return std::make_unique<RecordExtractor>();
  }
  if (name == "RecordField" || EndsWith(name, "$RecordFieldTimestampExtractor")) {
    return std::make_unique<RecordFieldExtractor>(field);
  }
  throw std::invalid_argument("unknown timestamp.extractor \"" + name +
                              "\": use Wallclock, Record or RecordField");
}

}  // namespace sluice::hdfs_sink
