#include "transport/embedded/embedded_transport.h"

#include "common/log.h"
#include "transport/embedded/client_settings.h"
#include "transport/embedded/embedded_consumer.h"
#include "transport/embedded/embedded_producer.h"
#include "transport/embedded/log_config.h"

namespace sluice::embedded {
namespace {

constexpr const char* kLogger = "embedded";
constexpr const char* kOffsetsDir = "__consumer_offsets";

}  // namespace

Result<std::unique_ptr<EmbeddedTransport>> EmbeddedTransport::Open(
    const std::map<std::string, std::string>& worker_config, EmbeddedOptions options) {
  SLUICE_ASSIGN_OR_RETURN(EmbeddedLogSettings settings, ParseEmbeddedLogSettings(worker_config));
  if (!options.file_writer) options.file_writer = PosixFileWriter();
  if (!options.clock) options.clock = SystemTimeMs;

  std::unique_ptr<EmbeddedTransport> t(new EmbeddedTransport());
  t->options_ = options;
  SLUICE_ASSIGN_OR_RETURN(t->directory_, DataDirectory::Open(settings.log_dir));
  settings.log_dir = t->directory_->path();
  SLUICE_LOG_INFO(kLogger, "embedded log in " << settings.log_dir << " (cluster id "
                                              << t->directory_->cluster_id() << ")");

  SLUICE_ASSIGN_OR_RETURN(t->logs_, LogManager::Open({settings, options.file_writer, options.clock,
                                                      options.run_background_thread}));
  SLUICE_ASSIGN_OR_RETURN(t->offsets_, OffsetStore::Open(settings.log_dir + "/" + kOffsetsDir));
  std::weak_ptr<LogManager> weak_logs = t->logs_;
  t->groups_ = std::make_shared<GroupCoordinator>([weak_logs] {
    auto logs = weak_logs.lock();
    return logs ? logs->PartitionCounts() : std::map<std::string, int32_t>{};
  });
  std::weak_ptr<GroupCoordinator> weak_groups = t->groups_;
  t->logs_->AddTopicsChangedListener([weak_groups] {
    if (auto groups = weak_groups.lock()) groups->TopicsChanged();
  });
  t->admin_ = std::make_unique<EmbeddedAdmin>(t->logs_, t->offsets_, t->groups_);
  return t;
}

EmbeddedTransport::~EmbeddedTransport() {
  admin_.reset();  // the admin shares the logs; any other holder is a producer or consumer
  if (logs_ && logs_.use_count() > 1) {
    SLUICE_LOG_WARN(kLogger, "closing the embedded log while producers or consumers still use it");
  }
}

Result<std::unique_ptr<transport::Producer>> EmbeddedTransport::CreateProducer(
    const transport::ClientConfig& config) {
  SLUICE_ASSIGN_OR_RETURN(ProducerSettings settings, ParseProducerSettings(config));
  std::unique_ptr<ProducerStateJournal> journal;
  if (!settings.transactional_id.empty()) {
    // A new producer with this id starts a new journal: what the old one held was recovered
    // (RecoverCommitState) before it was created.
    SLUICE_ASSIGN_OR_RETURN(
        journal, ProducerStateJournal::Open(
                     ProducerStateJournalPath(log_dir(), settings.transactional_id), true));
  }
  return std::unique_ptr<transport::Producer>(
      std::make_unique<EmbeddedProducer>(logs_, settings, options_.clock, std::move(journal)));
}

Result<std::optional<transport::CommitState>> EmbeddedTransport::RecoverCommitState(
    const std::string& transactional_id) {
  const std::string path = ProducerStateJournalPath(log_dir(), transactional_id);
  return ProducerStateJournal::Recover(path, [&](const JournalEntry& entry) {
    auto topic = logs_->GetTopic(entry.partition.topic, /*create_if_missing=*/false);
    if (!topic.ok() || entry.partition.partition >= (*topic)->partition_count()) return false;
    auto crc = (*topic)->partition(entry.partition.partition)->BatchCrcAt(entry.base_offset);
    if (crc.ok() && *crc == entry.batch_crc) return true;
    if (!crc.ok()) {
      SLUICE_LOG_WARN(kLogger, "cannot check " << path << " against " << entry.partition.ToString()
                                               << ": " << crc.status().ToString());
    }
    return false;
  });
}

Result<std::unique_ptr<transport::Consumer>> EmbeddedTransport::CreateConsumer(
    const transport::ConsumerOptions& options) {
  SLUICE_ASSIGN_OR_RETURN(ConsumerSettings settings, ParseConsumerSettings(options));
  return std::unique_ptr<transport::Consumer>(std::make_unique<EmbeddedConsumer>(
      logs_, groups_, offsets_, options.group_id, options.listener, settings));
}

}  // namespace sluice::embedded
