// The sink's configuration, hdfs.url, and how WebHDFS errors are classified.
#include <gtest/gtest.h>

#include "hdfs-sink/remote_exception.h"
#include "hdfs-sink/sink_config.h"
#include "hdfs-sink/store_url.h"

namespace sluice::hdfs_sink {
namespace {

using Props = std::map<std::string, std::string>;

std::string ParseError(const Props& props) {
  try {
    HdfsSinkConfig::Parse(props);
  } catch (const sdk::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(StoreUrl, ReadsEveryScheme) {
  StoreUrl w = ParseStoreUrl("webhdfs://nn.example:9870");
  EXPECT_EQ(w.kind, StoreUrl::Kind::kWebHdfs);
  EXPECT_EQ(w.base_url, "http://nn.example:9870");
  EXPECT_EQ(w.root, "/");
  StoreUrl h = ParseStoreUrl("http://10.0.0.1:14000/user/sluice/");
  EXPECT_EQ(h.base_url, "http://10.0.0.1:14000");
  EXPECT_EQ(h.root, "/user/sluice");
  EXPECT_EQ(ParseStoreUrl("swebhdfs://nn").base_url, "https://nn:9871");
  EXPECT_EQ(ParseStoreUrl("webhdfs://nn").base_url, "http://nn:9870");
  StoreUrl f = ParseStoreUrl("file:///var/lib/sluice/hdfs");
  EXPECT_EQ(f.kind, StoreUrl::Kind::kLocal);
  EXPECT_EQ(f.root, "/var/lib/sluice/hdfs");
}

TEST(StoreUrl, ExplainsWhatIsWrong) {
  auto error = [](const std::string& url) {
    try {
      ParseStoreUrl(url);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error("hdfs://nn:8020").find("webhdfs://"), std::string::npos);
  EXPECT_NE(error("ftp://host/x").find("unknown scheme ftp"), std::string::npos);
  EXPECT_NE(error("file://otherhost/x").find("file:///path"), std::string::npos);
  EXPECT_EQ(ParseStoreUrl("file://localhost/x").root, "/x");
  EXPECT_NE(error("no scheme at all").find("hdfs.url"), std::string::npos);
}

TEST(HdfsSinkConfig, AppliesConfluentsDefaults) {
  HdfsSinkConfig c =
      HdfsSinkConfig::Parse({{"hdfs.url", "webhdfs://nn:9870"}, {"flush.size", "3"}});
  EXPECT_EQ(c.store.base_url, "http://nn:9870");
  EXPECT_EQ(c.topics_dir, "topics");
  EXPECT_EQ(c.logs_dir, "logs");
  EXPECT_EQ(c.format.kind(), RecordFormat::Kind::kJson);
  EXPECT_EQ(c.compression, Compression::kNone);
  EXPECT_EQ(c.rotation.flush_size, 3);
  EXPECT_EQ(c.rotation.rotate_interval_ms, -1);
  EXPECT_EQ(c.rotation.rotate_schedule_interval_ms, -1);
  EXPECT_EQ(c.offset_width, 10);
  EXPECT_EQ(c.partitioner.class_name,
            "io.confluent.connect.storage.partitioner.DefaultPartitioner");
  EXPECT_EQ(c.timestamp_extractor, "Wallclock");
  EXPECT_EQ(c.zone.name(), "UTC");
  EXPECT_EQ(c.retry.max_retries, 3);
  EXPECT_EQ(c.retry.give_up_after, std::chrono::minutes(5));
  EXPECT_EQ(HdfsSinkConfig::Parse(
                {{"hdfs.url", "file:///d"}, {"flush.size", "1"}, {"hdfs.retry.timeout.ms", "1500"}})
                .retry.give_up_after,
            std::chrono::milliseconds(1500));
  // store.url stands in for hdfs.url.
  EXPECT_EQ(HdfsSinkConfig::Parse({{"store.url", "file:///d"}, {"flush.size", "1"}}).store.root,
            "/d");
}

TEST(HdfsSinkConfig, ReportsEveryProblemByKey) {
  std::string error = ParseError({{"flush.size", "0"}, {"rotate.interval.ms", "soon"}});
  EXPECT_NE(error.find("flush.size"), std::string::npos) << error;
  EXPECT_NE(error.find("rotate.interval.ms"), std::string::npos) << error;

  error = ParseError({{"flush.size", "1"},
                      {"partitioner.class", "TimeBasedPartitioner"},
                      {"path.format", "'dt'=yyyy"},
                      {"timezone", "Atlantis/Capital"},
                      {"format.class", "io.confluent.connect.hdfs.avro.AvroFormat"},
                      {"timestamp.extractor", "Sundial"},
                      {"hdfs.authentication.kerberos", "true"}});
  for (const char* key : {"hdfs.url", "partition.duration.ms", "timezone", "format.class",
                          "timestamp.extractor", "hdfs.authentication.kerberos"}) {
    EXPECT_NE(error.find(key), std::string::npos) << key << " in:\n" << error;
  }
  EXPECT_NE(ParseError({{"hdfs.url", "hdfs://nn:8020"}, {"flush.size", "1"}}).find("webhdfs"),
            std::string::npos);
  error = ParseError({{"hdfs.url", "file:///x"}, {"flush.size", "1"}, {"locale", "xx-YY"}});
  EXPECT_NE(error.find("locale xx-YY: not installed"), std::string::npos) << error;
  EXPECT_NE(ParseError({{"hdfs.url", "file:///x"}}).find("flush.size"), std::string::npos);
  EXPECT_NE(
      ParseError({{"hdfs.url", "file:///x"}, {"flush.size", "1"}, {"format.compression", "lzo"}})
          .find("format.compression"),
      std::string::npos);
}

TEST(HdfsSinkConfig, DeclaresConfluentsKeys) {
  ConfigDef def = HdfsSinkConfig::Definition();
  for (const char* key :
       {"hdfs.url", "store.url", "topics.dir", "logs.dir", "format.class", "flush.size",
        "flush.file.size", "rotate.interval.ms", "rotate.schedule.interval.ms",
        "filename.offset.zero.pad.width", "partitioner.class", "partition.field.name",
        "partition.duration.ms", "path.format", "locale", "timezone", "timestamp.extractor",
        "timestamp.field", "retry.backoff.ms"}) {
    EXPECT_NE(def.Find(key), nullptr) << key;
  }
  EXPECT_FALSE(def.Find("flush.size")->has_default);
}

TEST(RemoteException, ReadsTheJsonBody) {
  RemoteException e = ParseRemoteException(
      R"({"RemoteException":{"exception":"FileNotFoundException",)"
      R"("javaClassName":"java.io.FileNotFoundException","message":"File does not exist: /x"}})");
  EXPECT_EQ(e.exception, "FileNotFoundException");
  EXPECT_EQ(e.java_class_name, "java.io.FileNotFoundException");
  EXPECT_EQ(e.message, "File does not exist: /x");
  EXPECT_EQ(ParseRemoteException("<html>bad gateway</html>").exception, "");
}

TEST(RemoteException, ClassifiesByExceptionName) {
  auto kind = [](const std::string& name, long status) {
    return ClassifyRemoteException({name, "", ""}, status);
  };
  EXPECT_EQ(kind("FileNotFoundException", 404), StorageErrorKind::kNotFound);
  EXPECT_EQ(kind("FileAlreadyExistsException", 403), StorageErrorKind::kAlreadyExists);
  for (const char* transient :
       {"AlreadyBeingCreatedException", "LeaseExpiredException", "RecoveryInProgressException",
        "StandbyException", "SafeModeException", "RetriableException"}) {
    EXPECT_EQ(kind(transient, 403), StorageErrorKind::kTransient) << transient;
  }
  EXPECT_EQ(kind("AccessControlException", 403), StorageErrorKind::kPermissionDenied);
  EXPECT_EQ(kind("DSQuotaExceededException", 403), StorageErrorKind::kPermissionDenied);
  EXPECT_EQ(kind("IllegalArgumentException", 400), StorageErrorKind::kInvalid);
  EXPECT_EQ(kind("", 500), StorageErrorKind::kTransient);
  EXPECT_EQ(kind("", 503), StorageErrorKind::kTransient);
  EXPECT_EQ(kind("", 403), StorageErrorKind::kPermissionDenied);
  EXPECT_EQ(kind("SomeNewIOException", 403), StorageErrorKind::kTransient);
  // The name may come from javaClassName alone.
  EXPECT_EQ(ClassifyRemoteException({"", "org.apache.hadoop.ipc.StandbyException", ""}, 403),
            StorageErrorKind::kTransient);

  StorageError error = RemoteError("CREATE", "/a", 403,
                                   R"({"RemoteException":{"exception":"AccessControlException",)"
                                   R"("message":"Permission denied: user=bob"}})");
  EXPECT_EQ(error.kind(), StorageErrorKind::kPermissionDenied);
  EXPECT_STREQ(error.what(),
               "CREATE /a: HTTP 403 AccessControlException: Permission denied: user=bob");
}

}  // namespace
}  // namespace sluice::hdfs_sink
