#include "transport/embedded/log_manager.h"

#include <chrono>
#include <filesystem>
#include <system_error>

#include "common/log.h"
#include "common/thread_name.h"
#include "common/properties.h"
#include "common/atomic_file.h"
#include "transport/embedded/posix_file.h"

namespace sluice::embedded {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLogger = "embedded.log";
constexpr const char* kDeleteSuffix = "-delete";
constexpr const char* kCleanShutdownFile = ".clean-shutdown";

}  // namespace

LogManager::LogManager(Options options) : options_(std::move(options)) {}

Result<std::shared_ptr<LogManager>> LogManager::Open(Options options) {
  std::shared_ptr<LogManager> manager(new LogManager(std::move(options)));
  SLUICE_RETURN_IF_ERROR(manager->LoadTopics());
  if (manager->options_.run_background_thread) {
    manager->background_ = std::thread([m = manager.get()] {
      SetCurrentThreadName("log-background");
      m->RunBackground();
    });
  }
  return manager;
}

LogManager::~LogManager() {
  {
    std::lock_guard<std::mutex> lock(background_mu_);
    stopping_ = true;
  }
  background_cv_.notify_all();
  if (background_.joinable()) background_.join();
  Status st = SyncForShutdown();
  if (!st.ok()) {
    SLUICE_LOG_ERROR(
        kLogger, "final sync failed, the next start will verify every partition: " << st.message());
  }
}

Status LogManager::SyncForShutdown() {
  for (const auto& log : AllPartitions()) SLUICE_RETURN_IF_ERROR(log->SyncForShutdown());
  return WriteFileAtomically(options_.settings.log_dir + "/" + kCleanShutdownFile,
                             "Sluice stopped cleanly; removed at start.\n");
}

Status LogManager::LoadTopics() {
  const std::string& root = options_.settings.log_dir;
  const std::string clean_marker = root + "/" + kCleanShutdownFile;
  std::map<std::string, TopicMetadata> found;
  std::error_code ec;
  opened_after_clean_shutdown_ = fs::exists(clean_marker, ec);
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    const std::string path = entry.path().string();
    if (name.ends_with(kDeleteSuffix)) {  // a deletion interrupted by a stop: finish it
      fs::remove_all(path, ec);
      if (ec) return Status::IoError("cannot delete " + path + ": " + ec.message());
      continue;
    }
    auto id = ParsePartitionDirName(name);
    if (!id) continue;
    const std::string metadata_path = path + "/" + kTopicMetadataFile;
    auto text = ReadWholeFile(metadata_path);
    if (!text.ok()) {
      SLUICE_LOG_WARN(kLogger, "ignoring " << path << ": it has no " << kTopicMetadataFile);
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(TopicMetadata metadata, ParseTopicMetadata(*text, metadata_path));
    if (metadata.name != id->topic) {
      SLUICE_LOG_WARN(kLogger, "ignoring " << path << ": its " << kTopicMetadataFile
                                           << " names topic " << metadata.name);
      continue;
    }
    if (id->partition >= metadata.partitions) {
      SLUICE_LOG_WARN(kLogger, "ignoring " << path << ": topic " << metadata.name << " has "
                                           << metadata.partitions << " partition(s)");
      continue;
    }
    found.emplace(metadata.name, std::move(metadata));
  }
  if (ec) return Status::IoError("cannot list " + root + ": " + ec.message());

  for (const auto& [name, metadata] : found) {
    // Partition folders missing from a topic mean its creation was cut short; open creates them.
    SLUICE_ASSIGN_OR_RETURN(auto topic, OpenTopic(metadata, /*create=*/false));
    topics_.emplace(name, std::move(topic));
  }
  if (opened_after_clean_shutdown_) {
    // From here on the files change again: a crash must lead to a full check.
    fs::remove(clean_marker, ec);
    if (ec) return Status::IoError("cannot remove " + clean_marker + ": " + ec.message());
    SLUICE_RETURN_IF_ERROR(SyncDirectory(root));
  }
  SLUICE_LOG_INFO(
      kLogger, "opened " << topics_.size() << " topic(s) in " << root
                         << (opened_after_clean_shutdown_ ? " after a clean shutdown"
                                                          : " (recovering the active segments)"));
  return Status::OK();
}

Result<std::shared_ptr<Topic>> LogManager::OpenTopic(const TopicMetadata& metadata, bool create) {
  SLUICE_ASSIGN_OR_RETURN(LogConfig config,
                          ApplyTopicConfigs(options_.settings.log, metadata.configs));
  std::vector<std::shared_ptr<PartitionLog>> partitions;
  for (int32_t p = 0; p < metadata.partitions; ++p) {
    const std::string dir = options_.settings.log_dir + "/" + PartitionDirName(metadata.name, p);
    const std::string metadata_path = dir + "/" + kTopicMetadataFile;
    std::error_code ec;
    if (create || !fs::exists(metadata_path, ec)) {
      // The metadata goes first: a folder with segments but no topic.json is never left behind.
      fs::create_directories(dir, ec);
      if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
      SLUICE_RETURN_IF_ERROR(SyncDirectory(options_.settings.log_dir));
      SLUICE_RETURN_IF_ERROR(WriteFileAtomically(metadata_path, TopicMetadataToJson(metadata)));
    }
    PartitionLog::Options log_options{dir,
                                      {metadata.name, p},
                                      config,
                                      options_.writer,
                                      options_.clock,
                                      opened_after_clean_shutdown_ ? Segment::Recovery::kVerifyTail
                                                                   : Segment::Recovery::kVerifyAll};
    SLUICE_ASSIGN_OR_RETURN(auto log, PartitionLog::Open(std::move(log_options)));
    partitions.push_back(std::move(log));
  }
  return std::make_shared<Topic>(metadata, std::move(partitions));
}

Result<std::shared_ptr<Topic>> LogManager::CreateTopicLocked(
    const std::string& name, int32_t partitions,
    const std::map<std::string, std::string>& configs) {
  SLUICE_RETURN_IF_ERROR(ValidateTopicName(name));
  if (partitions == -1) partitions = options_.settings.num_partitions;
  if (partitions < 1) {
    return Status::InvalidArgument("topic " + name + ": partitions must be at least 1, got " +
                                   std::to_string(partitions));
  }
  if (topics_.count(name)) return Status::AlreadyExists("topic " + name + " already exists");
  SLUICE_RETURN_IF_ERROR(ApplyTopicConfigs(options_.settings.log, configs).status());
  for (const auto& [key, value] : configs) {
    if (!IsAppliedTopicConfig(key)) {
      SLUICE_LOG_WARN(kLogger, "topic " << name << ": config " << key << "=" << value
                                        << " is kept but not applied by the embedded log");
    }
  }
  SLUICE_ASSIGN_OR_RETURN(auto topic, OpenTopic({name, partitions, configs}, /*create=*/true));
  topics_.emplace(name, topic);
  SLUICE_LOG_INFO(kLogger, "created topic " << name << " with " << partitions << " partition(s)");
  return topic;
}

Status LogManager::CreateTopic(const std::string& name, int32_t partitions,
                               const std::map<std::string, std::string>& configs) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    SLUICE_RETURN_IF_ERROR(CreateTopicLocked(name, partitions, configs).status());
  }
  NotifyTopicsChanged();
  return Status::OK();
}

Result<std::shared_ptr<Topic>> LogManager::GetTopic(const std::string& name,
                                                    bool create_if_missing) {
  std::shared_ptr<Topic> topic;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = topics_.find(name);
    if (it != topics_.end()) return it->second;
    if (!create_if_missing || !options_.settings.auto_create_topics) {
      return Status::NotFound("topic " + name + " does not exist");
    }
    SLUICE_ASSIGN_OR_RETURN(topic, CreateTopicLocked(name, -1, {}));
  }
  NotifyTopicsChanged();
  return topic;
}

std::vector<std::string> LogManager::ListTopics() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, topic] : topics_) names.push_back(name);
  return names;
}

std::map<std::string, int32_t> LogManager::PartitionCounts() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, int32_t> counts;
  for (const auto& [name, topic] : topics_) counts.emplace(name, topic->partition_count());
  return counts;
}

Result<transport::TopicDescription> LogManager::DescribeTopic(const std::string& name) const {
  std::shared_ptr<Topic> topic;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = topics_.find(name);
    if (it == topics_.end()) return Status::NotFound("topic " + name + " does not exist");
    topic = it->second;
  }
  transport::TopicDescription description{name, {}};
  for (int32_t p = 0; p < topic->partition_count(); ++p) {
    description.partitions.push_back(topic->partition(p)->Describe());
  }
  return description;
}

Status LogManager::DeleteTopic(const std::string& name) {
  std::shared_ptr<Topic> topic;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = topics_.find(name);
    if (it == topics_.end()) return Status::NotFound("topic " + name + " does not exist");
    topic = it->second;
    topics_.erase(it);
    topic->deleted_.store(true, std::memory_order_release);
    for (int32_t p = 0; p < topic->partition_count(); ++p) topic->partition(p)->MarkDeleted();
  }
  NotifyTopicsChanged();

  // Rename first, so that a stop half-way leaves folders that the next start finishes deleting.
  const std::string& root = options_.settings.log_dir;
  std::string suffix = ".";
  suffix += std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  suffix += kDeleteSuffix;
  std::vector<std::string> doomed;
  std::error_code ec;
  for (int32_t p = 0; p < topic->partition_count(); ++p) {
    const std::string dir = root + "/" + PartitionDirName(name, p);
    fs::rename(dir, dir + suffix, ec);
    if (ec) return Status::IoError("cannot rename " + dir + " for deletion: " + ec.message());
    doomed.push_back(dir + suffix);
  }
  SLUICE_RETURN_IF_ERROR(SyncDirectory(root));
  for (const auto& dir : doomed) {
    fs::remove_all(dir, ec);
    if (ec) return Status::IoError("cannot delete " + dir + ": " + ec.message());
  }
  SLUICE_LOG_INFO(kLogger, "deleted topic " << name);
  return Status::OK();
}

std::vector<std::shared_ptr<PartitionLog>> LogManager::AllPartitions() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<PartitionLog>> all;
  for (const auto& [name, topic] : topics_) {
    for (int32_t p = 0; p < topic->partition_count(); ++p) all.push_back(topic->partition(p));
  }
  return all;
}

Status LogManager::FlushAll() {
  Status first_error;
  for (const auto& log : AllPartitions()) {
    Status st = log->Flush();
    if (!st.ok() && first_error.ok()) first_error = st;
  }
  return first_error;
}

Status LogManager::EnforceRetention() {
  Status first_error;
  for (const auto& log : AllPartitions()) {
    Status st = log->EnforceRetention().status();
    if (!st.ok() && first_error.ok()) first_error = st;
  }
  return first_error;
}

void LogManager::AddTopicsChangedListener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  listeners_.push_back(std::move(listener));
}

void LogManager::NotifyTopicsChanged() {
  std::vector<std::function<void()>> listeners;
  {
    std::lock_guard<std::mutex> lock(listeners_mu_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) listener();
}

void LogManager::RunBackground() {
  using Clock = std::chrono::steady_clock;
  const auto flush_every = std::chrono::milliseconds(options_.settings.flush_interval_ms);
  const auto retention_every =
      std::chrono::milliseconds(options_.settings.retention_check_interval_ms);
  auto next_flush = Clock::now() + flush_every;
  auto next_retention = Clock::now() + retention_every;
  std::unique_lock<std::mutex> lock(background_mu_);
  while (!stopping_) {
    background_cv_.wait_until(lock, std::min(next_flush, next_retention),
                              [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    const auto now = Clock::now();
    if (now >= next_flush) {
      Status st = FlushAll();
      if (!st.ok()) SLUICE_LOG_ERROR(kLogger, "periodic flush failed: " << st.message());
      next_flush = now + flush_every;
    }
    if (now >= next_retention) {
      Status st = EnforceRetention();
      if (!st.ok()) SLUICE_LOG_ERROR(kLogger, "retention failed: " << st.message());
      next_retention = now + retention_every;
    }
    lock.lock();
  }
}

}  // namespace sluice::embedded
