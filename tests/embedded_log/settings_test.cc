// Worker, topic and client settings of the embedded log.
#include <gtest/gtest.h>

#include "transport/embedded/client_settings.h"
#include "transport/embedded/log_config.h"

namespace sluice::embedded {
namespace {

TEST(EmbeddedLogSettings, DefaultsMatchTheDocumentedOnes) {
  auto s = ParseEmbeddedLogSettings({{"bootstrap.servers.unrelated", "x"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->log_dir, "sluice-data");
  EXPECT_EQ(s->log.segment_bytes, 1LL << 30);
  EXPECT_EQ(s->log.segment_ms, 7 * kOneDayMs);
  EXPECT_EQ(s->log.retention_bytes, -1);
  EXPECT_EQ(s->log.retention_ms, 7 * kOneDayMs);
  EXPECT_EQ(s->flush_interval_ms, 1000);  // at most a second of data lost on power loss
  EXPECT_EQ(s->num_partitions, 1);
  EXPECT_TRUE(s->auto_create_topics);
}

TEST(EmbeddedLogSettings, ReadsKafkaBrokerKeys) {
  auto s = ParseEmbeddedLogSettings({{"log.dirs", " /var/lib/sluice "},
                                     {"log.segment.bytes", "1048576"},
                                     {"log.roll.ms", "3600000"},
                                     {"log.retention.bytes", "5000000"},
                                     {"log.retention.hours", "24"},
                                     {"log.flush.interval.messages", "1"},
                                     {"log.flush.interval.ms", "200"},
                                     {"log.retention.check.interval.ms", "1000"},
                                     {"log.index.interval.bytes", "512"},
                                     {"num.partitions", "3"},
                                     {"auto.create.topics.enable", "false"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->log_dir, "/var/lib/sluice");
  EXPECT_EQ(s->log.segment_bytes, 1048576);
  EXPECT_EQ(s->log.segment_ms, 3600000);
  EXPECT_EQ(s->log.retention_bytes, 5000000);
  EXPECT_EQ(s->log.retention_ms, 24 * 3600 * 1000LL);
  EXPECT_EQ(s->log.flush_interval_messages, 1);
  EXPECT_EQ(s->flush_interval_ms, 200);
  EXPECT_EQ(s->retention_check_interval_ms, 1000);
  EXPECT_EQ(s->log.index_interval_bytes, 512u);
  EXPECT_EQ(s->num_partitions, 3);
  EXPECT_FALSE(s->auto_create_topics);
}

TEST(EmbeddedLogSettings, MillisecondsWinOverMinutesOverHoursAsInKafka) {
  auto s = ParseEmbeddedLogSettings(
      {{"log.retention.hours", "1"}, {"log.retention.minutes", "2"}, {"log.retention.ms", "3"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->log.retention_ms, 3);
  s = ParseEmbeddedLogSettings({{"log.retention.hours", "1"}, {"log.retention.minutes", "2"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->log.retention_ms, 120000);
  s = ParseEmbeddedLogSettings({{"log.retention.hours", "-1"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->log.retention_ms, -1);
  s = ParseEmbeddedLogSettings({{"log.dir", "/a"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->log_dir, "/a");
}

TEST(EmbeddedLogSettings, ReportsEveryInvalidValueByKey) {
  auto s = ParseEmbeddedLogSettings({{"log.dirs", "/a,/b"},
                                     {"log.segment.bytes", "big"},
                                     {"num.partitions", "0"},
                                     {"log.flush.interval.ms", "12x"},
                                     {"auto.create.topics.enable", "yes"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = s.status().message();
  EXPECT_NE(m.find("log.dirs"), std::string::npos) << m;
  EXPECT_NE(m.find("log.segment.bytes: 'big' is not an integer"), std::string::npos) << m;
  EXPECT_NE(m.find("num.partitions: 0 is out of range"), std::string::npos) << m;
  EXPECT_NE(m.find("log.flush.interval.ms"), std::string::npos) << m;
  EXPECT_NE(m.find("auto.create.topics.enable"), std::string::npos) << m;
}

TEST(TopicConfigs, OverrideTheDefaultsAndLeaveOtherKeysAlone) {
  LogConfig defaults;
  auto c = ApplyTopicConfigs(defaults, {{"retention.ms", "60000"},
                                        {"retention.bytes", "1024"},
                                        {"segment.bytes", "4096"},
                                        {"segment.ms", "1000"},
                                        {"flush.messages", "1"},
                                        {"cleanup.policy", "compact"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->retention_ms, 60000);
  EXPECT_EQ(c->retention_bytes, 1024);
  EXPECT_EQ(c->segment_bytes, 4096);
  EXPECT_EQ(c->segment_ms, 1000);
  EXPECT_EQ(c->flush_interval_messages, 1);
  EXPECT_TRUE(IsAppliedTopicConfig("retention.ms"));
  EXPECT_FALSE(IsAppliedTopicConfig("cleanup.policy"));

  auto bad = ApplyTopicConfigs(defaults, {{"retention.ms", "soon"}, {"segment.bytes", "0"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("retention.ms"), std::string::npos);
  EXPECT_NE(bad.status().message().find("segment.bytes"), std::string::npos);
}

TEST(ClientSettings, ProducerKeys) {
  auto p = ParseProducerSettings(
      {{"linger.ms", "0"}, {"batch.size", "16384"}, {"buffer.memory", "1000000"}, {"acks", "all"}});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->linger_ms, 0);
  EXPECT_EQ(p->batch_size, 16384u);
  EXPECT_EQ(p->buffer_memory, 1000000u);
  EXPECT_FALSE(ParseProducerSettings({{"linger.ms", "-1"}}).ok());
}

TEST(ClientSettings, ConsumerOffsetResetFromOptionsOrClientConfig) {
  transport::ConsumerOptions options;
  options.auto_offset_reset = "latest";
  auto c = ParseConsumerSettings(options);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->offset_reset, OffsetReset::kLatest);

  options.client_config["auto.offset.reset"] = "none";  // the more specific setting wins
  c = ParseConsumerSettings(options);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->offset_reset, OffsetReset::kNone);

  options.client_config["auto.offset.reset"] = "smallest";
  c = ParseConsumerSettings(options);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(
                "auto.offset.reset: 'smallest' is not one of earliest, latest, none"),
            std::string::npos)
      << c.status().message();
}

}  // namespace
}  // namespace sluice::embedded
