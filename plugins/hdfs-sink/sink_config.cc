#include "hdfs-sink/sink_config.h"

#include <functional>
#include <stdexcept>

#include "hdfs-sink/timestamp_extractor.h"
#include "sluice/sdk.h"

namespace sluice::hdfs_sink {
namespace {

constexpr const char* kHdfs = "HDFS";
constexpr const char* kFiles = "Files";
constexpr const char* kPartitioner = "Partitioner";
constexpr const char* kRetries = "Retries";

}  // namespace

ConfigDef HdfsSinkConfig::Definition() {
  using CT = ConfigType;
  using CV = ConfigValidator;
  ConfigDef d;
  d.Define("hdfs.url", CT::kString, std::nullopt, {}, Importance::kHigh,
           "Where to write: webhdfs://namenode:9870[/dir] (WebHDFS, also http://), "
           "swebhdfs://host:9871 (also https://) or file:///dir (the local file system). "
           "Required unless store.url is set.",
           kHdfs, 1, Width::kLong, "HDFS URL");
  d.Define("store.url", CT::kString, std::nullopt, {}, Importance::kHigh,
           "Confluent's newer name for hdfs.url; used when hdfs.url is not set.", kHdfs, 2,
           Width::kLong, "Store URL");
  d.Define("hdfs.user", CT::kString, std::nullopt, {}, Importance::kMedium,
           "The user to act as, sent as WebHDFS's user.name (pseudo authentication). Unset: "
           "none is sent and the cluster picks its default web user.",
           kHdfs, 3, Width::kShort, "HDFS user");
  d.Define("hdfs.httpfs", CT::kBoolean, "false", {}, Importance::kLow,
           "The URL is an HttpFS gateway: upload in one request (data=true) instead of "
           "following its redirect. Either way works with HttpFS.",
           kHdfs, 4, Width::kShort, "HttpFS");
  d.Define("hdfs.authentication.kerberos", CT::kBoolean, "false", {}, Importance::kLow,
           "Kerberos (SPNEGO) is not supported; true is refused.", kHdfs, 5, Width::kShort,
           "Kerberos");
  d.Define("hdfs.connect.timeout.ms", CT::kLong, "10000", CV::AtLeast(1), Importance::kLow,
           "How long to wait for a connection to a namenode or datanode.", kHdfs, 6, Width::kShort,
           "Connect timeout");
  d.Define("hdfs.request.timeout.ms", CT::kLong, "30000", CV::AtLeast(1), Importance::kLow,
           "How long one HTTP request may take, its data included.", kHdfs, 7, Width::kShort,
           "Request timeout");
  d.Define("hdfs.write.buffer.bytes", CT::kLong, "1048576", CV::AtLeast(1), Importance::kLow,
           "Bytes of a file gathered in memory before they are uploaded (CREATE, then APPEND).",
           kHdfs, 8, Width::kShort, "Write buffer");

  d.Define("topics.dir", CT::kString, "topics", CV::NonEmptyString(), Importance::kHigh,
           "The directory, under the URL's, that holds one directory per topic.", kFiles, 1,
           Width::kMedium, "Topics directory");
  d.Define("logs.dir", CT::kString, "logs", CV::NonEmptyString(), Importance::kHigh,
           "The directory, under the URL's, of the commit logs.", kFiles, 2, Width::kMedium,
           "Logs directory");
  d.Define("format.class", CT::kString, "json", {}, Importance::kHigh,
           "json (the value as plain JSON, one document per line) or text (the value as text, "
           "one per line); Confluent's JsonFormat and StringFormat class names also work.",
           kFiles, 3, Width::kMedium, "Format");
  d.Define("format.compression", CT::kString, "none", CV::OneOf({"none", "gzip"}),
           Importance::kMedium, "none, or gzip: each file is one gzip stream, named .gz.", kFiles,
           4, Width::kShort, "Compression");
  d.DefineRequired("flush.size", CT::kLong, CV::AtLeast(1), Importance::kHigh,
                   "Records of a Kafka partition written before its files are committed.", kFiles,
                   5, Width::kShort, "Flush size");
  d.Define("flush.file.size", CT::kLong, "0", CV::AtLeast(0), Importance::kMedium,
           "Commit when a file reaches this many bytes (as stored, compressed if so); 0: no "
           "size limit.",
           kFiles, 6, Width::kShort, "Flush file size");
  d.Define("rotate.interval.ms", CT::kLong, "-1", CV::AtLeast(-1), Importance::kMedium,
           "Commit when a record's time (timestamp.extractor) is this far past the first open "
           "record's; checked as records arrive. -1: off.",
           kFiles, 7, Width::kShort, "Rotate interval");
  d.Define("rotate.schedule.interval.ms", CT::kLong, "-1", CV::AtLeast(-1), Importance::kMedium,
           "Commit on the wall clock at every multiple of this interval from midnight in "
           "`timezone`, even when no record arrives. -1: off.",
           kFiles, 8, Width::kShort, "Rotate schedule interval");
  d.Define("filename.offset.zero.pad.width", CT::kInt, "10", CV::AtLeast(0), Importance::kLow,
           "Digits the offsets in file names are zero-padded to.", kFiles, 9, Width::kShort,
           "Offset width");

  d.Define("partitioner.class", CT::kString,
           "io.confluent.connect.storage.partitioner.DefaultPartitioner", {}, Importance::kHigh,
           "DefaultPartitioner, FieldPartitioner, TimeBasedPartitioner, HourlyPartitioner or "
           "DailyPartitioner, bare or with Confluent's package.",
           kPartitioner, 1, Width::kLong, "Partitioner");
  d.Define("partition.field.name", CT::kList, "", {}, Importance::kMedium,
           "FieldPartitioner: the value fields (dotted for nested ones) naming the directory.",
           kPartitioner, 2, Width::kMedium, "Partition fields");
  d.Define("partition.duration.ms", CT::kLong, "-1", {}, Importance::kMedium,
           "TimeBasedPartitioner: the width of a time directory (600000: ten minutes).",
           kPartitioner, 3, Width::kShort, "Partition duration");
  d.Define("path.format", CT::kString, "", {}, Importance::kMedium,
           "TimeBasedPartitioner: a Java date pattern for the directory, e.g. "
           "'dt'=yyyy-MM-dd/'hm'=HHmm.",
           kPartitioner, 4, Width::kLong, "Path format");
  d.Define("locale", CT::kString, "", {}, Importance::kLow,
           "The language of month and day names and AM/PM in path.format: a locale installed "
           "on the machine, as a Java tag (de-DE) or a POSIX name (de_DE.UTF-8). Empty: English.",
           kPartitioner, 5, Width::kShort, "Locale");
  d.Define("timezone", CT::kString, "UTC", CV::NonEmptyString(), Importance::kMedium,
           "The time zone of time directories and of rotate.schedule.interval.ms: UTC, an "
           "offset such as +01:00, or an IANA name such as Europe/Berlin.",
           kPartitioner, 6, Width::kShort, "Time zone");
  d.Define("timestamp.extractor", CT::kString, "Wallclock", {}, Importance::kMedium,
           "The time of a record: Wallclock (when written), Record (its Kafka timestamp) or "
           "RecordField (timestamp.field of its value).",
           kPartitioner, 7, Width::kShort, "Timestamp extractor");
  d.Define("timestamp.field", CT::kString, "timestamp", {}, Importance::kMedium,
           "RecordField: the value field holding the time, dotted for nested fields: "
           "milliseconds since the epoch or an ISO-8601 string.",
           kPartitioner, 8, Width::kMedium, "Timestamp field");

  d.Define("retry.backoff.ms", CT::kLong, "1000", CV::AtLeast(0), Importance::kLow,
           "Wait before the first retry of a failed HDFS operation; doubled after each.", kRetries,
           1, Width::kShort, "Retry backoff");
  d.Define("hdfs.retry.max", CT::kInt, "3", CV::AtLeast(0), Importance::kLow,
           "Retries of a failed HDFS operation within one call before the batch is handed "
           "back to the worker, which delivers it again.",
           kRetries, 2, Width::kShort, "Retries");
  d.Define("hdfs.retry.timeout.ms", CT::kLong, "300000", CV::AtLeast(0), Importance::kLow,
           "How long HDFS may go on failing (unreachable, 5xx, leases, safe mode) before the "
           "task fails, handing over to the worker's task.restart.* policy. Counted from the "
           "first failure until a batch or scheduled commit that reached HDFS succeeds; the wait "
           "between tries doubles from retry.backoff.ms up to 30 s meanwhile.",
           kRetries, 3, Width::kShort, "Retry timeout");
  d.Define("shutdown.timeout.ms", CT::kLong, "3000", CV::AtLeast(0), Importance::kLow,
           "When the worker wakes the task to stop (or pause) it, HDFS requests in flight are "
           "aborted at once, and later ones (closing files) may run for this long and no longer. "
           "Keep it below the worker's task.shutdown.graceful.timeout.ms, after which the worker "
           "may start another instance: nothing of this one reaches HDFS then.",
           kHdfs, 9, Width::kShort, "Shutdown timeout");
  return d;
}

HdfsSinkConfig HdfsSinkConfig::Parse(const std::map<std::string, std::string>& raw) {
  const ConfigDef def = Definition();
  std::vector<std::string> errors;
  for (const auto& result : def.Validate(raw)) {
    errors.insert(errors.end(), result.errors.begin(), result.errors.end());
  }
  auto fail = [&] {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    throw sdk::ConfigError(message);
  };
  if (!errors.empty()) fail();

  const Config config(def, raw);
  HdfsSinkConfig c;
  // Each semantic check names its key (unless the message names one already); all of them run
  // so that every problem is reported.
  auto names_a_key = [&](const std::string& what) {
    for (const auto& key : def.keys()) {
      if (what.rfind(key.name, 0) == 0) return true;
    }
    return false;
  };
  auto check = [&](const char* key, const std::function<void()>& fn) {
    try {
      fn();
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      errors.push_back(names_a_key(what) ? what : std::string(key) + ": " + what);
    }
  };

  const std::string url =
      config.has("hdfs.url") ? config.GetString("hdfs.url") : config.GetString("store.url");
  check("hdfs.url", [&] {
    if (url.empty()) throw std::invalid_argument("missing: set hdfs.url (or store.url)");
    c.store = ParseStoreUrl(url);
  });
  c.user = config.GetString("hdfs.user");
  c.httpfs = config.GetBool("hdfs.httpfs");
  check("hdfs.authentication.kerberos", [&] {
    if (config.GetBool("hdfs.authentication.kerberos")) {
      throw std::invalid_argument(
          "Kerberos is not supported; use pseudo authentication "
          "(hdfs.user) or an HttpFS gateway");
    }
  });
  c.timeouts.connect = std::chrono::milliseconds(config.GetLong("hdfs.connect.timeout.ms"));
  c.timeouts.request = std::chrono::milliseconds(config.GetLong("hdfs.request.timeout.ms"));
  c.write_buffer_bytes = static_cast<size_t>(config.GetLong("hdfs.write.buffer.bytes"));
  c.shutdown_timeout = std::chrono::milliseconds(config.GetLong("shutdown.timeout.ms"));

  c.topics_dir = config.GetString("topics.dir");
  c.logs_dir = config.GetString("logs.dir");
  check("format.class", [&] { c.format = RecordFormat::Parse(config.GetString("format.class")); });
  check("format.compression",
        [&] { c.compression = ParseCompression(config.GetString("format.compression")); });
  c.rotation.flush_size = config.GetLong("flush.size");
  c.rotation.flush_file_size = config.GetLong("flush.file.size");
  c.rotation.rotate_interval_ms = config.GetLong("rotate.interval.ms");
  c.rotation.rotate_schedule_interval_ms = config.GetLong("rotate.schedule.interval.ms");
  check("rotate.interval.ms", [&] {
    if (c.rotation.rotate_interval_ms == 0)
      throw std::invalid_argument("0 is no interval; -1 is off");
  });
  check("rotate.schedule.interval.ms", [&] {
    if (c.rotation.rotate_schedule_interval_ms == 0) {
      throw std::invalid_argument("0 is no interval; -1 is off");
    }
  });
  c.offset_width = config.GetInt("filename.offset.zero.pad.width");

  check("timezone", [&] { c.zone = ZoneRules::Load(config.GetString("timezone")); });
  c.partitioner.class_name = config.GetString("partitioner.class");
  c.partitioner.field_names = config.GetList("partition.field.name");
  c.partitioner.duration_ms = config.GetLong("partition.duration.ms");
  c.partitioner.path_format = config.GetString("path.format");
  c.partitioner.zone = c.zone;
  check("locale", [&] { c.partitioner.names = DateNames::ForLocale(config.GetString("locale")); });
  check("partitioner.class", [&] { MakePartitioner(c.partitioner); });
  c.timestamp_extractor = config.GetString("timestamp.extractor");
  c.timestamp_field = config.GetString("timestamp.field");
  check("timestamp.extractor",
        [&] { MakeTimestampExtractor(c.timestamp_extractor, c.timestamp_field); });

  c.retry.initial_backoff = std::chrono::milliseconds(config.GetLong("retry.backoff.ms"));
  c.retry.max_retries = config.GetInt("hdfs.retry.max");
  c.retry.give_up_after = std::chrono::milliseconds(config.GetLong("hdfs.retry.timeout.ms"));
  if (!errors.empty()) fail();
  return c;
}

}  // namespace sluice::hdfs_sink
