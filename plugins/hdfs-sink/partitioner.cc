#include "hdfs-sink/partitioner.h"

#include <stdexcept>

#include "hdfs-sink/date_pattern.h"
#include "hdfs-sink/field_path.h"
#include "hdfs-sink/record_error.h"

namespace sluice::hdfs_sink {
namespace {

constexpr const char* kHourlyFormat = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";
constexpr const char* kDailyFormat = "'year'=YYYY/'month'=MM/'day'=dd";
constexpr const char* kPackages[] = {"io.confluent.connect.storage.partitioner.",
                                     "io.confluent.connect.hdfs.partitioner."};

// The bare class name when `name` is one of Confluent's partitioners, else "".
std::string SimpleName(const std::string& name) {
  if (name.find('.') == std::string::npos) return name;
  for (const char* package : kPackages) {
    const std::string p(package);
    if (name.compare(0, p.size(), p) == 0) return name.substr(p.size());
  }
  return "";
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// A field value as a path component: '/' and '%' escaped so that a value cannot add
// directories, and "." / ".." escaped so that it cannot leave them.
std::string PathComponent(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '/') {
      out += "%2F";
    } else if (c == '%') {
      out += "%25";
    } else {
      out.push_back(c);
    }
  }
  if (out == "." || out == "..") out = std::string(out.size() == 1 ? "%2E" : "%2E%2E");
  return out;
}

class DefaultPartitioner : public Partitioner {
 public:
  std::string Encode(const sdk::SinkRecord& record, int64_t) const override {
    return "partition=" + std::to_string(record.partition);
  }
};

class FieldPartitioner : public Partitioner {
 public:
  explicit FieldPartitioner(const std::vector<std::string>& names) {
    if (names.empty()) {
      throw std::invalid_argument(
          "partition.field.name: FieldPartitioner needs at least one field");
    }
    for (const auto& name : names) fields_.push_back({name, SplitFieldPath(name)});
  }

  std::string Encode(const sdk::SinkRecord& record, int64_t) const override {
    std::string out;
    for (const auto& [name, path] : fields_) {
      FieldRef ref = FindField(record.value, path);
      auto fail = [&](const std::string& why) {
        return RecordError("record " + record.topic + "-" + std::to_string(record.partition) + "@" +
                           std::to_string(record.offset) + ": partition field \"" + name + "\" " +
                           why);
      };
      if (ref.value == nullptr || ref.value->is_null()) throw fail("is missing");
      std::string text;
      const Value& v = *ref.value;
      if (v.is<std::string>()) {
        text = v.as<std::string>();
      } else if (v.is<int64_t>()) {
        text = std::to_string(v.as<int64_t>());
      } else if (v.is<bool>()) {
        text = v.as<bool>() ? "true" : "false";
      } else {
        throw fail("is not a string, an integer or a boolean");
      }
      if (!out.empty()) out.push_back('/');
      out += name + "=" + PathComponent(std::move(text));
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> fields_;
};

class TimeBasedPartitioner : public Partitioner {
 public:
  TimeBasedPartitioner(int64_t duration_ms, const std::string& format, ZoneRules zone,
                       DateNames names)
      : duration_ms_(duration_ms), zone_(std::move(zone)) {
    if (duration_ms_ <= 0) {
      throw std::invalid_argument(
          "partition.duration.ms: TimeBasedPartitioner needs a positive duration");
    }
    if (format.empty()) {
      throw std::invalid_argument("path.format: TimeBasedPartitioner needs a pattern");
    }
    try {
      pattern_ = DatePattern::Compile(format, std::move(names));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("path.format: " + std::string(e.what()));
    }
  }

  // Rounds down in local time, as Confluent does, so that days start at local midnight.
  std::string Encode(const sdk::SinkRecord&, int64_t timestamp_ms) const override {
    const int64_t utc_seconds = FloorDiv(timestamp_ms, 1000);
    const int32_t offset = zone_.OffsetAt(utc_seconds);
    const int64_t local = timestamp_ms + int64_t{offset} * 1000;
    const int64_t bucket = FloorDiv(local, duration_ms_) * duration_ms_;
    CivilTime t = CivilTime::FromLocalMillis(bucket, offset);
    t.SetZone(zone_, utc_seconds);
    return pattern_.Format(t);
  }

  bool UsesTimestamp() const override { return true; }

 private:
  int64_t duration_ms_;
  ZoneRules zone_;
  DatePattern pattern_;
};

}  // namespace

std::unique_ptr<Partitioner> MakePartitioner(const PartitionerSettings& s) {
  const std::string name = SimpleName(s.class_name);
  if (name == "DefaultPartitioner") return std::make_unique<DefaultPartitioner>();
  if (name == "FieldPartitioner") return std::make_unique<FieldPartitioner>(s.field_names);
  if (name == "TimeBasedPartitioner") {
    return std::make_unique<TimeBasedPartitioner>(s.duration_ms, s.path_format, s.zone, s.names);
  }
  if (name == "HourlyPartitioner") {
    return std::make_unique<TimeBasedPartitioner>(3600000, kHourlyFormat, s.zone, s.names);
  }
  if (name == "DailyPartitioner") {
    return std::make_unique<TimeBasedPartitioner>(86400000, kDailyFormat, s.zone, s.names);
  }
  throw std::invalid_argument("partitioner.class: unknown partitioner \"" + s.class_name +
                              "\" (DefaultPartitioner, FieldPartitioner, TimeBasedPartitioner, "
                              "HourlyPartitioner or DailyPartitioner)");
}

}  // namespace sluice::hdfs_sink
