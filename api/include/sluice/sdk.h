// The C++ SDK for Sluice plugins: derive from SourceConnector/SourceTask or
// SinkConnector/SinkTask, then list the classes with SLUICE_PLUGIN. The SDK implements the C hooks
// of plugin_abi.h, converts data at the boundary and turns every exception into a status, so that
// nothing throws across the `.so` boundary.
//
//   class MyConnector : public sluice::sdk::SourceConnector { ... };
//   class MyTask : public sluice::sdk::SourceTask { ... };
//   SLUICE_PLUGIN("my-plugin",
//                 SLUICE_SOURCE_CLASS(MyConnector, MyTask, "MySourceConnector", "1.0.0",
//                                     "MySource"));
//
// Threads: a connector's methods are called from one host thread at a time; a task's Poll/Put/
// Flush/Commit from its own task thread; Wakeup() from any thread (it must not block). A plugin
// must not leave threads running after Stop() returns.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/abi_data.h"
#include "sluice/config_def.h"
#include "sluice/data.h"
#include "sluice/plugin_abi.h"

namespace sluice::sdk {

using Props = std::map<std::string, std::string>;
using Json = nlohmann::json;

// --- errors ---------------------------------------------------------------------------------

// Throw from a hook to fail it with a specific status. Any other exception is FATAL.
class PluginError : public std::runtime_error {
 public:
  PluginError(sluice_status status, const std::string& what)
      : std::runtime_error(what), status_(status) {}
  sluice_status status() const { return status_; }

 private:
  sluice_status status_;
};

// Transient: the host calls the same hook again later (Kafka's RetriableException).
class RetriableError : public PluginError {
 public:
  explicit RetriableError(const std::string& what) : PluginError(SLUICE_RETRIABLE, what) {}
};

class ConfigError : public PluginError {
 public:
  explicit ConfigError(const std::string& what) : PluginError(SLUICE_INVALID_CONFIG, what) {}
};

// --- records ----------------------------------------------------------------------------------

struct SourceRecord {
  std::string topic;
  std::optional<int32_t> partition;     // unset: the host partitions by key
  std::optional<int64_t> timestamp_ms;  // unset: the host stamps the wall clock
  SchemaAndValue key;
  SchemaAndValue value;
  Headers headers;
  Json source_partition;  // an object, or null for "no offset tracking"
  Json source_offset;     // an object, or null
  // The same, already serialised as JSON text. When set they are used instead of the Json
  // fields, which spares a high-rate source a serialisation per record (a file source reuses one
  // partition text for every line of a file).
  std::string source_partition_text;
  std::string source_offset_text;

  // The common case: a line of text as a non-optional string, as FileStreamSource writes it.
  static SourceRecord Text(std::string topic, std::string line, Json partition, Json offset) {
    SourceRecord r;
    r.topic = std::move(topic);
    r.value = {Schema::String(), Value(std::move(line))};
    r.source_partition = std::move(partition);
    r.source_offset = std::move(offset);
    return r;
  }
};

struct SinkRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = SLUICE_NO_TIMESTAMP;
  SchemaAndValue key;
  SchemaAndValue value;
  Headers headers;
};

struct TopicPartitionOffset {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;  // the next offset to consume
};

// --- contexts (thin handles over host callbacks) -----------------------------------------------

namespace detail {
inline const sluice_host_api*& Host() {
  static const sluice_host_api* host = nullptr;
  return host;
}
inline void AppendTo(void* out, const char* data, size_t len) {
  static_cast<std::string*>(out)->append(data, len);
}
inline sluice_buffer Buf(const std::string& s) {
  return abi::Buffer(s);
}
// Whether the host's table reaches the field at `offset` (a field of a later minor is absent
// from an older host's table).
inline bool HostHas(size_t offset) {
  return Host() != nullptr && Host()->struct_size >= offset + sizeof(void*);
}
}  // namespace detail

// Logs through the host, attributed to the connector or task of the current call.
class Logger {
 public:
  explicit Logger(sluice_call* call = nullptr) : call_(call) {}
  // Outside a hook call (e.g. on a thread of the task's own) the line goes to the "plugin" logger.
  void Log(sluice_log_level level, const std::string& msg) const {
    if (detail::Host()) detail::Host()->log(call_, level, msg.data(), msg.size());
  }
  void Info(const std::string& m) const { Log(SLUICE_LOG_INFO, m); }
  void Warn(const std::string& m) const { Log(SLUICE_LOG_WARN, m); }
  void Error(const std::string& m) const { Log(SLUICE_LOG_ERROR, m); }
  void Debug(const std::string& m) const { Log(SLUICE_LOG_DEBUG, m); }

 private:
  sluice_call* call_;
};

class ConnectorContext {
 public:
  explicit ConnectorContext(sluice_connector_context* ctx) : ctx_(ctx) {}
  void RequestTaskReconfiguration() const { detail::Host()->request_task_reconfiguration(ctx_); }

 private:
  sluice_connector_context* ctx_;
};

class SourceTaskContext {
 public:
  explicit SourceTaskContext(sluice_source_context* ctx) : ctx_(ctx) {}
  // The last committed offset of a source partition, or null.
  Json Offset(const Json& partition) const {
    std::string key = partition.dump();
    std::string out;
    if (!detail::Host()->source_offset_read(ctx_, detail::Buf(key), &detail::AppendTo, &out)) {
      return nullptr;
    }
    return Json::parse(out, nullptr, false);
  }
  // Deletes the stored offset of a partition the task is done with for good, once everything
  // returned before is committed. Ignored by hosts older than ABI 1.1.
  void ForgetOffset(const Json& partition) const {
    if (detail::HostHas(offsetof(sluice_host_api, source_offset_forget)) &&
        detail::Host()->source_offset_forget != nullptr) {
      std::string key = partition.dump();
      detail::Host()->source_offset_forget(ctx_, detail::Buf(key));
    }
  }

 private:
  sluice_source_context* ctx_;
};

class SinkTaskContext {
 public:
  explicit SinkTaskContext(sluice_sink_context* ctx) : ctx_(ctx) {}
  void Seek(const std::string& topic, int32_t partition, int64_t offset) const {
    detail::Host()->sink_seek(ctx_, detail::Buf(topic), partition, offset);
  }
  void Pause(const std::string& topic, int32_t partition) const {
    detail::Host()->sink_pause(ctx_, detail::Buf(topic), partition);
  }
  void Resume(const std::string& topic, int32_t partition) const {
    detail::Host()->sink_resume(ctx_, detail::Buf(topic), partition);
  }
  void RequestCommit() const { detail::Host()->sink_request_commit(ctx_); }
  std::vector<TopicPartitionOffset> Assignment() const {
    std::string out;
    detail::Host()->sink_assignment(ctx_, &detail::AppendTo, &out);
    std::vector<TopicPartitionOffset> result;
    for (const auto& j : Json::parse(out)) {
      result.push_back({j.at("topic").get<std::string>(), j.at("partition").get<int32_t>(), -1});
    }
    return result;
  }
  // Hands a record the task could not write to the connector's error handling (log, dead-letter
  // topic). Throws PluginError when the connector does not tolerate errors.
  void ReportErrant(const SinkRecord& record, const std::string& error) const;
  // How long the host waits before delivering again a batch whose Put threw RetriableError
  // (Kafka's SinkTaskContext.timeout); zero restores the host's own backoff. Ignored by hosts
  // older than ABI 1.1.
  void SetRetryTimeout(std::chrono::milliseconds timeout) const {
    if (detail::HostHas(offsetof(sluice_host_api, sink_set_retry_timeout)) &&
        detail::Host()->sink_set_retry_timeout != nullptr) {
      detail::Host()->sink_set_retry_timeout(ctx_, timeout.count());
    }
  }

 private:
  sluice_sink_context* ctx_;
};

// --- connector and task bases -----------------------------------------------------------------

class Connector {
 public:
  virtual ~Connector() = default;
  // `config` holds every key of the connector's config, the declared defaults applied.
  virtual void Start(const Config& config) = 0;
  virtual std::vector<Props> TaskConfigs(int max_tasks) = 0;
  virtual void Stop() {}

  void Bind(ConnectorContext ctx) { context_.emplace(ctx); }
  const ConnectorContext& context() const { return *context_; }

 private:
  std::optional<ConnectorContext> context_;
};

class SourceConnector : public Connector {};
class SinkConnector : public Connector {};

// Hands a source task's records to the worker as they are made, for a source that produces many:
// nothing is built per record, and what a call is given is borrowed only for the call (the
// worker copies it before the call returns). Used from SourceTask::PollInto, on the task thread.
class SourceEmitter {
 public:
  explicit SourceEmitter(sluice_call* call) : call_(call) {}

  // A record whose value is a line of text (a non-optional string) and whose key is null, as
  // FileStreamSource writes them. `partition_json` and `offset_json` are the source partition
  // and offset as JSON text (empty: no offset tracking).
  void EmitText(std::string_view topic, std::string_view text, std::string_view partition_json,
                std::string_view offset_json, std::optional<int64_t> timestamp_ms = std::nullopt,
                const Headers& headers = {});
  // Any record, as Poll returns them.
  void Emit(const SourceRecord& record);

 private:
  void Send(const sluice_source_record& rec);

  sluice_call* call_;
  std::string key_storage_, value_storage_, partition_storage_, offset_storage_;
  std::vector<std::string> header_storage_;
  std::vector<sluice_header> headers_;
};

class SourceTask {
 public:
  virtual ~SourceTask() = default;
  virtual void Start(const Config& config) = 0;
  // Returns the records ready now, waiting up to about `timeout` when there are none. A task
  // implements this or PollInto.
  virtual std::vector<SourceRecord> Poll(std::chrono::milliseconds /*timeout*/) {
    throw PluginError(SLUICE_FATAL, "the source task implements neither Poll nor PollInto");
  }
  // The same, handing each record to `emit` as it is made instead of returning a vector: for a
  // source that produces many records a second (see SourceEmitter). The default calls Poll.
  virtual void PollInto(std::chrono::milliseconds timeout, SourceEmitter& emit) {
    for (const SourceRecord& r : Poll(timeout)) emit.Emit(r);
  }
  // Called after each offset flush: the offsets of the records the broker has acknowledged so
  // far are stored (context().Offset reads them); records returned later may still be in
  // flight, so a task that acts on what is done (a spool directory marking a file complete)
  // checks the stored offsets rather than assuming everything it returned is done.
  virtual void Commit() {}
  virtual void Stop() {}
  // Makes a blocked Poll return soon; called from another thread.
  virtual void Wakeup() {}

  void Bind(SourceTaskContext ctx) { context_.emplace(ctx); }
  const SourceTaskContext& context() const { return *context_; }
  const Logger& log() const { return logger_; }
  void SetLogger(Logger l) { logger_ = l; }

 private:
  std::optional<SourceTaskContext> context_;
  Logger logger_;
};

class SinkTask {
 public:
  virtual ~SinkTask() = default;
  virtual void Start(const Config& config) = 0;
  virtual void Put(const std::vector<SinkRecord>& records) = 0;
  // Makes everything Put so far durable.
  virtual void Flush(const std::vector<TopicPartitionOffset>& /*current*/) {}
  // The offsets safe to commit. The default flushes, then returns `current`.
  virtual std::vector<TopicPartitionOffset> PreCommit(
      const std::vector<TopicPartitionOffset>& current) {
    Flush(current);
    return current;
  }
  virtual void Open(const std::vector<TopicPartitionOffset>& /*partitions*/) {}
  virtual void Close(const std::vector<TopicPartitionOffset>& /*partitions*/) {}
  virtual void Stop() {}
  virtual void Wakeup() {}

  void Bind(SinkTaskContext ctx) { context_.emplace(ctx); }
  const SinkTaskContext& context() const { return *context_; }
  const Logger& log() const { return logger_; }
  void SetLogger(Logger l) { logger_ = l; }

 private:
  std::optional<SinkTaskContext> context_;
  Logger logger_;
};

// --- the trampolines: C hooks over the classes above ------------------------------------------

namespace detail {

inline void SetError(sluice_call* call, const std::string& msg) {
  if (Host() && call) Host()->set_error(call, msg.data(), msg.size());
}

// Runs `fn`, mapping every exception to a status and an error text.
template <typename Fn>
sluice_status Guard(sluice_call* call, Fn&& fn) noexcept {
  try {
    return fn();
  } catch (const PluginError& e) {
    SetError(call, e.what());
    return e.status();
  } catch (const std::invalid_argument& e) {
    SetError(call, e.what());
    return SLUICE_INVALID_CONFIG;
  } catch (const std::exception& e) {
    SetError(call, e.what());
    return SLUICE_FATAL;
  } catch (...) {
    SetError(call, "unknown exception");
    return SLUICE_FATAL;
  }
}

inline Props ParseProps(sluice_buffer config_json) {
  auto j = Json::parse(abi::View(config_json));
  Props props;
  for (auto it = j.begin(); it != j.end(); ++it) {
    props[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
  }
  return props;
}

inline Headers FromAbiHeaders(const sluice_header* headers, size_t count) {
  Headers out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    out.push_back({std::string(abi::View(headers[i].key)), abi::FromAbiData(headers[i].value)});
  }
  return out;
}

// Decodes `r` into `out`, reusing the storage `out` holds (SinkPut decodes every batch into the
// same records).
inline void AssignFromAbi(const sluice_sink_record& r, SinkRecord& out) {
  out.topic.assign(abi::View(r.topic));
  out.partition = r.partition;
  out.offset = r.offset;
  out.timestamp_ms = r.timestamp_ms;
  abi::AssignFromAbiData(r.key, out.key);
  abi::AssignFromAbiData(r.value, out.value);
  out.headers.resize(r.header_count);
  for (size_t i = 0; i < r.header_count; ++i) {
    out.headers[i].key.assign(abi::View(r.headers[i].key));
    abi::AssignFromAbiData(r.headers[i].value, out.headers[i].value);
  }
}

inline SinkRecord FromAbi(const sluice_sink_record& r) {
  SinkRecord out;
  AssignFromAbi(r, out);
  return out;
}

// Keeps the encoded bytes of one record alive while the host copies it.
struct AbiSinkRecord {
  std::string key_storage, value_storage;
  std::vector<std::string> header_storage;
  std::vector<sluice_header> headers;
  sluice_sink_record rec{};

  explicit AbiSinkRecord(const SinkRecord& r) {
    rec.topic = abi::Buffer(r.topic);
    rec.partition = r.partition;
    rec.offset = r.offset;
    rec.timestamp_ms = r.timestamp_ms;
    rec.key = abi::ToAbiData(r.key, key_storage);
    rec.value = abi::ToAbiData(r.value, value_storage);
    header_storage.resize(r.headers.size());
    for (size_t i = 0; i < r.headers.size(); ++i) {
      headers.push_back(
          {abi::Buffer(r.headers[i].key), abi::ToAbiData(r.headers[i].value, header_storage[i])});
    }
    rec.headers = headers.data();
    rec.header_count = headers.size();
  }
};

inline std::vector<TopicPartitionOffset> FromAbi(const sluice_topic_partition_offset* tpos,
                                                 size_t count) {
  std::vector<TopicPartitionOffset> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    out.push_back({std::string(abi::View(tpos[i].topic)), tpos[i].partition, tpos[i].offset});
  }
  return out;
}

// Points a task's logger at the current hook call, and away from it when the call ends (also
// when the hook throws), so that nothing logs through a call that is over.
template <typename TaskT>
class ScopedLogger {
 public:
  ScopedLogger(TaskT& task, sluice_call* call) : task_(task) { task_.SetLogger(Logger(call)); }
  ~ScopedLogger() { task_.SetLogger(Logger()); }
  ScopedLogger(const ScopedLogger&) = delete;
  ScopedLogger& operator=(const ScopedLogger&) = delete;

 private:
  TaskT& task_;
};

struct ConnectorBox {
  std::unique_ptr<Connector> impl;
};
struct SourceTaskBox {
  std::unique_ptr<SourceTask> impl;
};
struct SinkTaskBox {
  std::unique_ptr<SinkTask> impl;
  // The records of the current Put, kept between calls so that their storage is reused.
  std::vector<SinkRecord> batch;
};

// The class table for one connector class. ConnectorT provides `static ConfigDef Definition()`.
template <typename ConnectorT, typename TaskT, sluice_plugin_type kType>
struct ClassTable {
  static const std::string& DefinitionJson() {
    static const std::string json = ConnectorT::Definition().ToJson().dump();
    return json;
  }

  static sluice_status ConnectorCreate(sluice_call* call, sluice_connector_context* ctx,
                                       sluice_buffer config_json, sluice_connector** out) {
    return Guard(call, [&] {
      auto box = std::make_unique<ConnectorBox>();
      box->impl = std::make_unique<ConnectorT>();
      box->impl->Bind(ConnectorContext(ctx));
      box->impl->Start(Config(ConnectorT::Definition(), ParseProps(config_json)));
      *out = reinterpret_cast<sluice_connector*>(box.release());
      return SLUICE_OK;
    });
  }

  static sluice_status TaskConfigs(sluice_connector* c, sluice_call* call, int32_t max_tasks) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<ConnectorBox*>(c);
      for (const Props& props : box->impl->TaskConfigs(max_tasks)) {
        std::string json = Json(props).dump();
        sluice_status st = Host()->emit_task_config(call, abi::Buffer(json));
        if (st != SLUICE_OK) return st;
      }
      return SLUICE_OK;
    });
  }

  static void ConnectorDestroy(sluice_connector* c) {
    auto* box = reinterpret_cast<ConnectorBox*>(c);
    try {
      box->impl->Stop();
    } catch (...) {  // Stop failing must not leak the instance.
    }
    delete box;
  }

  static sluice_status SourceTaskCreate(sluice_call* call, sluice_source_context* ctx,
                                        sluice_buffer config_json, sluice_task** out) {
    if constexpr (kType == SLUICE_PLUGIN_SOURCE) {
      return Guard(call, [&] {
        auto box = std::make_unique<SourceTaskBox>();
        box->impl = std::make_unique<TaskT>();
        box->impl->Bind(SourceTaskContext(ctx));
        ScopedLogger logger(*box->impl, call);
        box->impl->Start(Config(ConfigDef(), ParseProps(config_json)));
        *out = reinterpret_cast<sluice_task*>(box.release());
        return SLUICE_OK;
      });
    } else {
      (void)ctx, (void)config_json, (void)out;
      SetError(call, "not a source connector");
      return SLUICE_FATAL;
    }
  }

  static sluice_status SinkTaskCreate(sluice_call* call, sluice_sink_context* ctx,
                                      sluice_buffer config_json, sluice_task** out) {
    if constexpr (kType == SLUICE_PLUGIN_SINK) {
      return Guard(call, [&] {
        auto box = std::make_unique<SinkTaskBox>();
        box->impl = std::make_unique<TaskT>();
        box->impl->Bind(SinkTaskContext(ctx));
        ScopedLogger logger(*box->impl, call);
        box->impl->Start(Config(ConfigDef(), ParseProps(config_json)));
        *out = reinterpret_cast<sluice_task*>(box.release());
        return SLUICE_OK;
      });
    } else {
      (void)ctx, (void)config_json, (void)out;
      SetError(call, "not a sink connector");
      return SLUICE_FATAL;
    }
  }

  static sluice_status SourcePoll(sluice_task* t, sluice_call* call, int32_t timeout_ms) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<SourceTaskBox*>(t);
      ScopedLogger logger(*box->impl, call);
      SourceEmitter emit(call);
      box->impl->PollInto(std::chrono::milliseconds(timeout_ms), emit);
      return SLUICE_OK;
    });
  }

  static sluice_status SourceCommit(sluice_task* t, sluice_call* call) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<SourceTaskBox*>(t);
      ScopedLogger logger(*box->impl, call);
      box->impl->Commit();
      return SLUICE_OK;
    });
  }

  static sluice_status SinkPut(sluice_task* t, sluice_call* call, const sluice_sink_record* recs,
                               size_t count) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<SinkTaskBox*>(t);
      box->batch.resize(count);
      for (size_t i = 0; i < count; ++i) AssignFromAbi(recs[i], box->batch[i]);
      ScopedLogger logger(*box->impl, call);
      box->impl->Put(box->batch);
      return SLUICE_OK;
    });
  }

  static sluice_status SinkPreCommit(sluice_task* t, sluice_call* call,
                                     const sluice_topic_partition_offset* current, size_t count) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<SinkTaskBox*>(t);
      ScopedLogger logger(*box->impl, call);
      for (const auto& tpo : box->impl->PreCommit(FromAbi(current, count))) {
        sluice_topic_partition_offset out{abi::Buffer(tpo.topic), tpo.partition, tpo.offset};
        sluice_status st = Host()->emit_commit_offset(call, &out);
        if (st != SLUICE_OK) return st;
      }
      return SLUICE_OK;
    });
  }

  static sluice_status SinkOpen(sluice_task* t, sluice_call* call,
                                const sluice_topic_partition_offset* parts, size_t count) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<SinkTaskBox*>(t);
      ScopedLogger logger(*box->impl, call);
      box->impl->Open(FromAbi(parts, count));
      return SLUICE_OK;
    });
  }

  static sluice_status SinkClose(sluice_task* t, sluice_call* call,
                                 const sluice_topic_partition_offset* parts, size_t count) {
    return Guard(call, [&] {
      auto* box = reinterpret_cast<SinkTaskBox*>(t);
      ScopedLogger logger(*box->impl, call);
      box->impl->Close(FromAbi(parts, count));
      return SLUICE_OK;
    });
  }

  static void TaskWakeup(sluice_task* t) {
    try {
      if constexpr (kType == SLUICE_PLUGIN_SOURCE) {
        reinterpret_cast<SourceTaskBox*>(t)->impl->Wakeup();
      } else {
        reinterpret_cast<SinkTaskBox*>(t)->impl->Wakeup();
      }
    } catch (...) {
    }
  }

  static void TaskDestroy(sluice_task* t) {
    if constexpr (kType == SLUICE_PLUGIN_SOURCE) {
      auto* box = reinterpret_cast<SourceTaskBox*>(t);
      try {
        box->impl->Stop();
      } catch (...) {
      }
      delete box;
    } else {
      auto* box = reinterpret_cast<SinkTaskBox*>(t);
      try {
        box->impl->Stop();
      } catch (...) {
      }
      delete box;
    }
  }

  static const sluice_connector_class* Make(const char* class_name, const char* version,
                                            const char* const* aliases) {
    static sluice_connector_class table = [&] {
      sluice_connector_class c{};
      c.struct_size = sizeof(sluice_connector_class);
      c.type = kType;
      c.class_name = class_name;
      c.aliases = aliases;
      c.version = version;
      c.config_def_json = DefinitionJson().c_str();
      c.connector_create = &ConnectorCreate;
      c.connector_task_configs = &TaskConfigs;
      c.connector_destroy = &ConnectorDestroy;
      c.source_task_create = &SourceTaskCreate;
      c.sink_task_create = &SinkTaskCreate;
      if constexpr (kType == SLUICE_PLUGIN_SOURCE) {
        c.source_task_poll = &SourcePoll;
        c.source_task_commit = &SourceCommit;
      } else {
        c.sink_task_put = &SinkPut;
        c.sink_task_pre_commit = &SinkPreCommit;
        c.sink_task_open = &SinkOpen;
        c.sink_task_close = &SinkClose;
      }
      c.task_wakeup = &TaskWakeup;
      c.task_destroy = &TaskDestroy;
      return c;
    }();
    return &table;
  }
};

// One entry of SLUICE_PLUGIN's list: a connector class or a component class.
struct ClassEntry {
  ClassEntry(const sluice_connector_class* c) : connector(c) {}  // NOLINT: implicit on purpose
  ClassEntry(const sluice_component_class* c) : component(c) {}  // NOLINT: implicit on purpose
  const sluice_connector_class* connector = nullptr;
  const sluice_component_class* component = nullptr;
};

// SLUICE_PLUGIN's entries split into the plugin table's two lists (static storage).
struct ClassLists {
  template <size_t N>
  explicit ClassLists(const ClassEntry (&entries)[N]) {
    for (const ClassEntry& e : entries) {
      if (e.connector) connectors.push_back(e.connector);
      if (e.component) components.push_back(e.component);
    }
  }
  std::vector<const sluice_connector_class*> connectors;
  std::vector<const sluice_component_class*> components;
};

// Fills the plugin table for SLUICE_PLUGIN; checks the host's ABI major first.
inline sluice_status InitPlugin(const sluice_host_api* host, sluice_plugin_api* out, char* error,
                                size_t error_len, const char* plugin_name,
                                const ClassLists& classes) {
  auto fail = [&](const std::string& msg) {
    if (error && error_len) {
      std::strncpy(error, msg.c_str(), error_len - 1);
      error[error_len - 1] = '\0';
    }
    return SLUICE_FATAL;
  };
  if (host == nullptr || out == nullptr) return fail("null host or plugin table");
  if (host->abi_major != SLUICE_ABI_MAJOR) {
    return fail("plugin built for ABI " + std::to_string(SLUICE_ABI_MAJOR) + ", host has " +
                std::to_string(host->abi_major));
  }
  if (!classes.components.empty() && host->abi_minor < 1) {
    return fail(
        "plugin provides converters, transformations or predicates, which need a host "
        "with plugin ABI 1.1 or newer; this host has 1." +
        std::to_string(host->abi_minor));
  }
  Host() = host;
  out->abi_major = SLUICE_ABI_MAJOR;
  // The lowest minor this plugin's classes need, so that an older host still loads a plugin
  // that uses nothing newer than it has.
  out->abi_minor = classes.components.empty() ? 0 : 1;
  // An older host's table ends before the fields it does not know: write only what it has.
  const size_t host_size = out->struct_size;
  out->plugin_name = plugin_name;
  out->connector_classes = classes.connectors.data();
  out->connector_class_count = classes.connectors.size();
  if (host_size >= offsetof(sluice_plugin_api, component_class_count) + sizeof(size_t)) {
    out->component_classes = classes.components.data();
    out->component_class_count = classes.components.size();
  }
  out->struct_size = static_cast<uint32_t>(std::min(host_size, sizeof(sluice_plugin_api)));
  return SLUICE_OK;
}

}  // namespace detail

inline void SourceEmitter::Send(const sluice_source_record& rec) {
  sluice_status st = detail::Host()->emit_source_record(call_, &rec);
  // The worker refused the record (it is stopping, or its pipeline failed): end the poll.
  if (st != SLUICE_OK) throw PluginError(st, "the worker did not take the record");
}

inline void SourceEmitter::EmitText(std::string_view topic, std::string_view text,
                                    std::string_view partition_json, std::string_view offset_json,
                                    std::optional<int64_t> timestamp_ms, const Headers& headers) {
  sluice_source_record rec{};
  rec.topic = abi::Buffer(topic);
  rec.partition = SLUICE_NO_PARTITION;
  rec.timestamp_ms = timestamp_ms.value_or(SLUICE_NO_TIMESTAMP);
  rec.key = {SLUICE_DATA_NULL, {nullptr, 0}};
  rec.value = {SLUICE_DATA_STRING, abi::Buffer(text)};
  headers_.clear();
  if (!headers.empty()) {
    header_storage_.resize(headers.size());
    for (size_t i = 0; i < headers.size(); ++i) {
      headers_.push_back(
          {abi::Buffer(headers[i].key), abi::ToAbiData(headers[i].value, header_storage_[i])});
    }
  }
  rec.headers = headers_.data();
  rec.header_count = headers_.size();
  rec.source_partition_json = abi::Buffer(partition_json);
  rec.source_offset_json = abi::Buffer(offset_json);
  Send(rec);
}

inline void SourceEmitter::Emit(const SourceRecord& r) {
  sluice_source_record rec{};
  rec.topic = abi::Buffer(r.topic);
  rec.partition = r.partition.value_or(SLUICE_NO_PARTITION);
  rec.timestamp_ms = r.timestamp_ms.value_or(SLUICE_NO_TIMESTAMP);
  rec.key = abi::ToAbiData(r.key, key_storage_);
  rec.value = abi::ToAbiData(r.value, value_storage_);
  header_storage_.resize(r.headers.size());
  headers_.clear();
  for (size_t i = 0; i < r.headers.size(); ++i) {
    headers_.push_back(
        {abi::Buffer(r.headers[i].key), abi::ToAbiData(r.headers[i].value, header_storage_[i])});
  }
  rec.headers = headers_.data();
  rec.header_count = headers_.size();
  if (r.source_partition_text.empty()) {
    partition_storage_ = r.source_partition.is_null() ? std::string() : r.source_partition.dump();
    rec.source_partition_json = abi::Buffer(partition_storage_);
  } else {
    rec.source_partition_json = abi::Buffer(r.source_partition_text);
  }
  if (r.source_offset_text.empty()) {
    offset_storage_ = r.source_offset.is_null() ? std::string() : r.source_offset.dump();
    rec.source_offset_json = abi::Buffer(offset_storage_);
  } else {
    rec.source_offset_json = abi::Buffer(r.source_offset_text);
  }
  Send(rec);
}

inline void SinkTaskContext::ReportErrant(const SinkRecord& record,
                                          const std::string& error) const {
  detail::AbiSinkRecord abi_record(record);
  if (detail::Host()->sink_report_errant(ctx_, &abi_record.rec, error.data(), error.size()) !=
      SLUICE_OK) {
    throw PluginError(SLUICE_FATAL, error);
  }
}

}  // namespace sluice::sdk

// SLUICE_SOURCE_CLASS(ConnectorT, TaskT, "ClassName", "version", "Alias1", "Alias2", ...)
#define SLUICE_SOURCE_CLASS(ConnectorT, TaskT, class_name, version, ...)            \
  ::sluice::sdk::detail::ClassTable<ConnectorT, TaskT, SLUICE_PLUGIN_SOURCE>::Make( \
      class_name, version, [] {                                                     \
        static const char* const aliases[] = {__VA_ARGS__ __VA_OPT__(, ) nullptr};  \
        return aliases;                                                             \
      }())
#define SLUICE_SINK_CLASS(ConnectorT, TaskT, class_name, version, ...)             \
  ::sluice::sdk::detail::ClassTable<ConnectorT, TaskT, SLUICE_PLUGIN_SINK>::Make(  \
      class_name, version, [] {                                                    \
        static const char* const aliases[] = {__VA_ARGS__ __VA_OPT__(, ) nullptr}; \
        return aliases;                                                            \
      }())

// Emits the plugin's one exported entry point. The list holds SLUICE_SOURCE_CLASS,
// SLUICE_SINK_CLASS and the component classes of sluice/sdk_components.h, in any order.
#define SLUICE_PLUGIN(plugin_name, ...)                                                            \
  extern "C" __attribute__((visibility("default"))) sluice_status sluice_plugin_init(              \
      const sluice_host_api* host, sluice_plugin_api* out, char* error, size_t error_len) {        \
    try {                                                                                          \
      static const ::sluice::sdk::detail::ClassEntry entries[] = {__VA_ARGS__};                    \
      static const ::sluice::sdk::detail::ClassLists classes(entries);                             \
      return ::sluice::sdk::detail::InitPlugin(host, out, error, error_len, plugin_name, classes); \
    } catch (...) {                                                                                \
      return SLUICE_FATAL;                                                                         \
    }                                                                                              \
  }

#include "sluice/sdk_components.h"  // IWYU pragma: export
