#include "sink_driver.h"

#include <algorithm>
#include <stdexcept>

namespace sluice::hdfs_test {
namespace {

std::string Str(sluice_buffer b) {
  return b.len == 0 ? std::string() : std::string(reinterpret_cast<const char*>(b.ptr), b.len);
}

}  // namespace

sluice_call& ThreadLogs() {
  static sluice_call logs;
  return logs;
}

const sluice_host_api& TestHost() {
  static const sluice_host_api host = [] {
    sluice_host_api h{};
    h.abi_major = SLUICE_ABI_MAJOR;
    h.abi_minor = SLUICE_ABI_MINOR;
    h.struct_size = sizeof(sluice_host_api);
    h.set_error = [](sluice_call* call, const char* message, size_t len) {
      std::lock_guard<std::mutex> lock(call->mu);
      call->error.assign(message, len);
    };
    h.log = [](sluice_call* call, sluice_log_level level, const char* message, size_t len) {
      if (call == nullptr) {  // from a thread of the plugin's own
        std::lock_guard<std::mutex> lock(ThreadLogs().mu);
        ThreadLogs().logs.emplace_back(level, std::string(message, len));
        return;
      }
      std::lock_guard<std::mutex> lock(call->mu);
      call->logs.emplace_back(level, std::string(message, len));
    };
    h.emit_task_config = [](sluice_call*, sluice_buffer) { return SLUICE_OK; };
    h.emit_source_record = [](sluice_call*, const sluice_source_record*) { return SLUICE_OK; };
    h.emit_commit_offset = [](sluice_call* call, const sluice_topic_partition_offset* tpo) {
      std::lock_guard<std::mutex> lock(call->mu);
      call->commits.emplace_back(Str(tpo->topic) + "-" + std::to_string(tpo->partition),
                                 tpo->offset);
      return SLUICE_OK;
    };
    h.request_task_reconfiguration = [](sluice_connector_context*) {};
    h.source_offset_read = [](sluice_source_context*, sluice_buffer,
                              void (*)(void*, const char*, size_t), void*) { return 0; };
    h.sink_seek = [](sluice_sink_context* ctx, sluice_buffer topic, int32_t partition,
                     int64_t offset) {
      std::lock_guard<std::mutex> lock(ctx->mu);
      ctx->seeks.emplace_back(Str(topic), partition, offset);
    };
    h.sink_pause = [](sluice_sink_context*, sluice_buffer, int32_t) {};
    h.sink_resume = [](sluice_sink_context*, sluice_buffer, int32_t) {};
    h.sink_request_commit = [](sluice_sink_context* ctx) {
      std::lock_guard<std::mutex> lock(ctx->mu);
      ++ctx->commit_requests;
    };
    h.sink_assignment = [](sluice_sink_context*, void (*write)(void*, const char*, size_t),
                           void* out) { write(out, "[]", 2); };
    h.sink_report_errant = [](sluice_sink_context* ctx, const sluice_sink_record*,
                              const char* error, size_t len) {
      std::lock_guard<std::mutex> lock(ctx->mu);
      ctx->errant.emplace_back(error, len);
      return ctx->tolerate_errant ? SLUICE_OK : SLUICE_FATAL;
    };
    return h;
  }();
  return host;
}

void InstallTestHost() {
  sdk::detail::Host() = &TestHost();
}

int64_t FakeKafka::Produce(const std::string& topic, int32_t partition, const std::string& value,
                           int64_t timestamp_ms) {
  auto& log = logs[{topic, partition}];
  sdk::SinkRecord r;
  r.topic = topic;
  r.partition = partition;
  r.offset = static_cast<int64_t>(log.size());
  r.timestamp_ms = timestamp_ms;
  r.value = {Schema::String(), Value(value)};
  log.push_back(r);
  return r.offset;
}

SinkDriver::SinkDriver(FakeKafka& kafka, const Props& props)
    : kafka_(kafka),
      context_(std::make_unique<sluice_sink_context>()),
      call_(std::make_unique<sluice_call>()),
      task_(std::make_unique<HdfsSinkTask>()) {
  InstallTestHost();
  {
    std::lock_guard<std::mutex> lock(ThreadLogs().mu);
    ThreadLogs().logs.clear();
  }
  task_->Bind(sdk::SinkTaskContext(context_.get()));
  task_->SetLogger(sdk::Logger(call_.get()));
  task_->Start(Config(ConfigDef(), props));  // as the SDK does: the task applies its defaults
}

SinkDriver::~SinkDriver() {
  if (!task_) return;
  try {
    Shutdown();
  } catch (const std::exception&) {
    task_.reset();  // a test that failed midway: stop the task's threads all the same
  }
}

void SinkDriver::Open(const std::vector<TopicPartition>& partitions) {
  std::vector<sdk::TopicPartitionOffset> open;
  for (const auto& tp : partitions) {
    auto it = kafka_.committed.find(tp);
    positions_[tp] = it == kafka_.committed.end() ? 0 : it->second;
    open.push_back({tp.first, tp.second, positions_[tp]});
  }
  task_->Open(open);
  ApplySeeks();
}

std::vector<std::tuple<std::string, int32_t, int64_t>> SinkDriver::TakeSeeks() {
  std::lock_guard<std::mutex> lock(context_->mu);
  std::vector<std::tuple<std::string, int32_t, int64_t>> out;
  out.swap(context_->seeks);
  return out;
}

void SinkDriver::ApplySeeks() {
  for (const auto& [topic, partition, offset] : TakeSeeks()) {
    positions_[{topic, partition}] = offset;
  }
}

int SinkDriver::DeliverAll(size_t batch) {
  int retriable = 0;
  bool progress = true;
  while (progress) {
    progress = false;
    for (auto& [tp, position] : positions_) {
      const auto& log = kafka_.logs[tp];
      if (position >= static_cast<int64_t>(log.size())) continue;
      const size_t begin = static_cast<size_t>(position);
      const size_t end = std::min(log.size(), begin + batch);
      const std::vector<sdk::SinkRecord> records(log.begin() + static_cast<std::ptrdiff_t>(begin),
                                                 log.begin() + static_cast<std::ptrdiff_t>(end));
      for (int attempt = 0;; ++attempt) {
        try {
          task_->Put(records);
          break;
        } catch (const sdk::RetriableError&) {
          ++retriable;
          if (attempt > 100) throw;
        }
      }
      position = static_cast<int64_t>(end);
      progress = true;
    }
    ApplySeeks();
  }
  return retriable;
}

std::map<TopicPartition, int64_t> SinkDriver::CommitOffsets() {
  std::vector<sdk::TopicPartitionOffset> current;
  for (const auto& [tp, position] : positions_) current.push_back({tp.first, tp.second, position});
  std::map<TopicPartition, int64_t> committed;
  for (const auto& tpo : task_->PreCommit(current)) {
    const TopicPartition tp{tpo.topic, tpo.partition};
    committed[tp] = std::min(tpo.offset, positions_[tp]);
    kafka_.committed[tp] = committed[tp];
  }
  ApplySeeks();
  return committed;
}

void SinkDriver::Shutdown() {
  CommitOffsets();
  std::vector<sdk::TopicPartitionOffset> all;
  for (const auto& [tp, position] : positions_) all.push_back({tp.first, tp.second, position});
  task_->Close(all);
  task_->Stop();
  task_.reset();
}

void SinkDriver::Crash() {
  task_.reset();
}

std::vector<std::string> SinkDriver::Logs() {
  std::vector<std::string> out;
  for (sluice_call* logs : {call_.get(), &ThreadLogs()}) {
    std::lock_guard<std::mutex> lock(logs->mu);
    for (const auto& [level, text] : logs->logs) out.push_back(text);
  }
  return out;
}

}  // namespace sluice::hdfs_test
