// The embedded durable log as a Transport: what the worker uses when bootstrap.servers is not
// set. Topics live under log.dirs (default "sluice-data" in the working directory) as described
// in log_manager.h; consumer groups' offsets under log.dirs/__consumer_offsets/.
//
//   SLUICE_ASSIGN_OR_RETURN(auto transport, EmbeddedTransport::Open(worker_config));
//
// Worker config keys read (Kafka's broker names): log.dirs, log.segment.bytes, log.roll.ms
// (log.roll.hours), log.retention.bytes, log.retention.ms (.minutes, .hours),
// log.retention.check.interval.ms, log.flush.interval.messages, log.flush.interval.ms (default
// 1000: a power loss loses at most about a second of acknowledged records, a process crash none),
// log.index.interval.bytes, num.partitions, auto.create.topics.enable. Producers read linger.ms,
// batch.size, buffer.memory, max.request.size and transactional.id (exactly-once sources: see
// producer_state_journal.h); consumers auto.offset.reset and
// max.partition.fetch.bytes (see client_settings.h).
//
// Producers and consumers must be destroyed before the transport: closing the transport releases
// the log directory to other processes.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "transport/embedded/data_directory.h"
#include "transport/embedded/embedded_admin.h"
#include "transport/embedded/file_writer.h"
#include "transport/embedded/group_coordinator.h"
#include "transport/embedded/log_manager.h"
#include "transport/embedded/offset_store.h"
#include "transport/embedded/wall_clock.h"
#include "transport/transport.h"

namespace sluice::embedded {

// What tests replace; the defaults are the real thing.
struct EmbeddedOptions {
  std::shared_ptr<FileWriter> file_writer;  // default PosixFileWriter()
  WallClock clock;                          // default SystemTimeMs
  bool run_background_thread = true;        // periodic flush and retention
};

class EmbeddedTransport final : public transport::Transport {
 public:
  // Creates log.dirs if needed, locks it (kFailedPrecondition when another worker has it),
  // recovers every partition and loads the groups' offsets. Invalid settings are reported at
  // once, by key (kInvalidArgument).
  static Result<std::unique_ptr<EmbeddedTransport>> Open(
      const std::map<std::string, std::string>& worker_config, EmbeddedOptions options = {});
  ~EmbeddedTransport() override;

  std::string Name() const override { return "embedded"; }
  // Generated when the log directory was created; kept in log.dirs/meta.properties.
  std::string ClusterId() const override { return directory_->cluster_id(); }

  Result<std::unique_ptr<transport::Producer>> CreateProducer(
      const transport::ClientConfig& config) override;
  // Needs options.group_id to subscribe or commit.
  Result<std::unique_ptr<transport::Consumer>> CreateConsumer(
      const transport::ConsumerOptions& options) override;
  transport::Admin& admin() override { return *admin_; }
  // From log.dirs/__producer_state/<transactional id>.journal.
  Result<std::optional<transport::CommitState>> RecoverCommitState(
      const std::string& transactional_id) override;

  // The absolute path of log.dirs.
  const std::string& log_dir() const { return directory_->path(); }
  // The topics themselves, for tools and tests (flush and retention on demand).
  LogManager& logs() { return *logs_; }

 private:
  EmbeddedTransport() = default;

  EmbeddedOptions options_;
  std::unique_ptr<DataDirectory> directory_;
  std::shared_ptr<LogManager> logs_;
  std::shared_ptr<OffsetStore> offsets_;
  std::shared_ptr<GroupCoordinator> groups_;
  std::unique_ptr<EmbeddedAdmin> admin_;
};

}  // namespace sluice::embedded
