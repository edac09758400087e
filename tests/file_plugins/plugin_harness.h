// Loads a plugin .so with plain dlopen/dlsym and plays the host's side of the C ABI, recording
// what the plugin emits. Just enough host to drive the file plugins through their real entry
// point; the worker's plugin host is a separate component.
#pragma once

#include <dlfcn.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/plugin_abi.h"

// The opaque handles of plugin_abi.h, as this test host defines them.
struct sluice_call {
  std::string error;
  std::vector<std::pair<sluice_log_level, std::string>> logs;
  std::vector<nlohmann::json> task_configs;
  struct Record {
    std::string topic;
    int64_t timestamp_ms;
    sluice_data_kind key_kind;
    sluice_data_kind value_kind;
    std::string value;
    std::map<std::string, std::string> headers;
    nlohmann::json partition;
    nlohmann::json offset;
  };
  std::vector<Record> records;
  std::vector<std::pair<std::string, int64_t>> commits;  // "topic-partition", offset
};
struct sluice_connector_context {};
struct sluice_sink_context {};
struct sluice_source_context {
  std::map<std::string, std::string> offsets;  // partition JSON (dumped) -> offset JSON
};

namespace sluice::file_test {

inline std::string Str(sluice_buffer b) {
  return b.len == 0 ? std::string() : std::string(reinterpret_cast<const char*>(b.ptr), b.len);
}

inline const sluice_host_api& TestHost() {
  static const sluice_host_api host = [] {
    sluice_host_api h{};
    h.abi_major = SLUICE_ABI_MAJOR;
    h.abi_minor = SLUICE_ABI_MINOR;
    h.struct_size = sizeof(sluice_host_api);
    h.set_error = [](sluice_call* call, const char* message, size_t len) {
      call->error.assign(message, len);
    };
    h.log = [](sluice_call* call, sluice_log_level level, const char* message, size_t len) {
      call->logs.emplace_back(level, std::string(message, len));
    };
    h.emit_task_config = [](sluice_call* call, sluice_buffer config) {
      call->task_configs.push_back(nlohmann::json::parse(Str(config)));
      return SLUICE_OK;
    };
    h.emit_source_record = [](sluice_call* call, const sluice_source_record* r) {
      sluice_call::Record rec;
      rec.topic = Str(r->topic);
      rec.timestamp_ms = r->timestamp_ms;
      rec.key_kind = r->key.kind;
      rec.value_kind = r->value.kind;
      rec.value = Str(r->value.bytes);
      for (size_t i = 0; i < r->header_count; ++i) {
        rec.headers[Str(r->headers[i].key)] = Str(r->headers[i].value.bytes);
      }
      if (r->source_partition_json.len) {
        rec.partition = nlohmann::json::parse(Str(r->source_partition_json));
      }
      if (r->source_offset_json.len) rec.offset = nlohmann::json::parse(Str(r->source_offset_json));
      call->records.push_back(std::move(rec));
      return SLUICE_OK;
    };
    h.emit_commit_offset = [](sluice_call* call, const sluice_topic_partition_offset* tpo) {
      call->commits.emplace_back(Str(tpo->topic) + "-" + std::to_string(tpo->partition),
                                 tpo->offset);
      return SLUICE_OK;
    };
    h.request_task_reconfiguration = [](sluice_connector_context*) {};
    h.source_offset_read = [](sluice_source_context* ctx, sluice_buffer partition,
                              void (*write)(void*, const char*, size_t), void* out) {
      auto it = ctx->offsets.find(nlohmann::json::parse(Str(partition)).dump());
      if (it == ctx->offsets.end()) return 0;
      write(out, it->second.data(), it->second.size());
      return 1;
    };
    h.source_offset_forget = [](sluice_source_context* ctx, sluice_buffer partition) {
      ctx->offsets.erase(nlohmann::json::parse(Str(partition)).dump());
    };
    h.sink_seek = [](sluice_sink_context*, sluice_buffer, int32_t, int64_t) {};
    h.sink_pause = [](sluice_sink_context*, sluice_buffer, int32_t) {};
    h.sink_resume = [](sluice_sink_context*, sluice_buffer, int32_t) {};
    h.sink_request_commit = [](sluice_sink_context*) {};
    h.sink_assignment = [](sluice_sink_context*, void (*write)(void*, const char*, size_t),
                           void* out) { write(out, "[]", 2); };
    h.sink_report_errant = [](sluice_sink_context*, const sluice_sink_record*, const char*,
                              size_t) { return SLUICE_FATAL; };
    return h;
  }();
  return host;
}

// A plugin library loaded from the build's plugin directory and initialised.
class LoadedPlugin {
 public:
  explicit LoadedPlugin(const std::string& file_name, const sluice_host_api& host = TestHost()) {
    path_ = std::string(SLUICE_PLUGIN_DIR) + "/" + file_name;
    handle_ = ::dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) throw std::runtime_error(std::string("dlopen: ") + ::dlerror());
    auto init =
        reinterpret_cast<sluice_plugin_init_fn>(::dlsym(handle_, SLUICE_PLUGIN_ENTRY_SYMBOL));
    if (init == nullptr) throw std::runtime_error(path_ + " does not export sluice_plugin_init");
    api_.struct_size = sizeof(api_);
    char error[256] = {0};
    status_ = init(&host, &api_, error, sizeof error);
    error_ = error;
  }
  ~LoadedPlugin() {
    if (handle_ != nullptr) ::dlclose(handle_);
  }
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  sluice_status status() const { return status_; }
  const std::string& error() const { return error_; }
  const sluice_plugin_api& api() const { return api_; }
  const sluice_connector_class& only_class() const {
    if (api_.connector_class_count != 1) throw std::runtime_error("expected one connector class");
    return *api_.connector_classes[0];
  }

 private:
  std::string path_;
  void* handle_ = nullptr;
  sluice_plugin_api api_{};
  sluice_status status_ = SLUICE_FATAL;
  std::string error_;
};

inline sluice_buffer Buf(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline std::vector<std::string> Aliases(const sluice_connector_class& c) {
  std::vector<std::string> out;
  for (const char* const* a = c.aliases; a != nullptr && *a != nullptr; ++a) out.emplace_back(*a);
  return out;
}

}  // namespace sluice::file_test
