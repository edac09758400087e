#include "plugin_host/plugin_components.h"

#include <mutex>

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "data/converter.h"
#include "plugin_host/host_calls.h"
#include "plugin_host/plugin_instances.h"
#include "sluice/abi_data.h"
#include "transforms/builtin_transforms.h"

namespace sluice::plugin_host {
namespace {

constexpr const char* kLogger = "plugins";

// Collects what one component hook emits.
class ResultCollector : public CallSink {
 public:
  sluice_status OnBytes(const sluice_buffer* emitted) override {
    if (emitted) {
      bytes = std::string(abi::View(*emitted));
    } else {
      bytes.reset();
    }
    emitted_bytes = true;
    return SLUICE_OK;
  }
  sluice_status OnData(const sluice_data& emitted) override {
    try {
      data = abi::FromAbiData(emitted);
    } catch (const std::exception& e) {
      error = std::string("the plugin emitted malformed data: ") + e.what();
      return SLUICE_FATAL;
    }
    emitted_data = true;
    return SLUICE_OK;
  }
  sluice_status OnConnectRecord(const sluice_connect_record& emitted) override {
    try {
      transforms::ConnectRecord r;
      r.topic.assign(abi::View(emitted.topic));
      if (emitted.partition != SLUICE_NO_PARTITION) r.partition = emitted.partition;
      if (emitted.timestamp_ms != SLUICE_NO_TIMESTAMP) r.timestamp_ms = emitted.timestamp_ms;
      r.key = abi::FromAbiData(emitted.key);
      r.value = abi::FromAbiData(emitted.value);
      for (size_t i = 0; i < emitted.header_count; ++i) {
        r.headers.push_back({std::string(abi::View(emitted.headers[i].key)),
                             abi::FromAbiData(emitted.headers[i].value)});
      }
      if (emitted.kafka_offset >= 0) r.kafka_offset = emitted.kafka_offset;
      record = std::move(r);
    } catch (const std::exception& e) {
      error = std::string("the plugin emitted a malformed record: ") + e.what();
      return SLUICE_FATAL;
    }
    return SLUICE_OK;
  }

  std::optional<std::string> bytes;
  bool emitted_bytes = false;
  SchemaAndValue data;
  bool emitted_data = false;
  std::optional<transforms::ConnectRecord> record;
  std::string error;  // what the host found wrong with an emitted result
};

// A ConnectRecord as the ABI carries it; the encoded bytes live as long as this object.
class AbiRecord {
 public:
  explicit AbiRecord(const transforms::ConnectRecord& r) {
    rec_.topic = abi::Buffer(r.topic);
    rec_.partition = r.partition.value_or(SLUICE_NO_PARTITION);
    rec_.timestamp_ms = r.timestamp_ms.value_or(SLUICE_NO_TIMESTAMP);
    rec_.key = abi::ToAbiData(r.key, key_storage_);
    rec_.value = abi::ToAbiData(r.value, value_storage_);
    header_storage_.resize(r.headers.size());
    for (size_t i = 0; i < r.headers.size(); ++i) {
      headers_.push_back(
          {abi::Buffer(r.headers[i].key), abi::ToAbiData(r.headers[i].value, header_storage_[i])});
    }
    rec_.headers = headers_.data();
    rec_.header_count = headers_.size();
    rec_.kafka_offset = r.kafka_offset.value_or(-1);
  }
  const sluice_connect_record* get() const { return &rec_; }

 private:
  std::string key_storage_, value_storage_;
  std::vector<std::string> header_storage_;
  std::vector<sluice_header> headers_;
  sluice_connect_record rec_{};
};

// One instance of a component class: created with its config, destroyed with this object. Hooks
// are called under a mutex, since the ABI promises a plugin one thread at a time.
class ComponentInstance {
 public:
  explicit ComponentInstance(std::shared_ptr<const ComponentClass> cls) : cls_(std::move(cls)) {}
  ~ComponentInstance() { Destroy(); }
  ComponentInstance(const ComponentInstance&) = delete;
  ComponentInstance& operator=(const ComponentInstance&) = delete;

  const ComponentClass& cls() const { return *cls_; }

  // (Re)creates the plugin's instance with `config` (already validated against the definition).
  Status Create(const std::map<std::string, std::string>& config, bool is_key) {
    std::lock_guard<std::mutex> lock(mu_);
    DestroyLocked();
    const std::string json = nlohmann::json(config).dump();
    sluice_call call;
    call.logger = Logger();
    sluice_component* created = nullptr;
    sluice_status st = cls_->table.create(&call, abi::Buffer(json), is_key ? 1 : 0, &created);
    if (st != SLUICE_OK) {
      Status failed = FromPluginStatus(st, call.error, "create");
      return Status(failed.code(), cls_->class_name + ": " + failed.message());
    }
    if (created == nullptr) {
      return Status::Internal(cls_->class_name + ": create succeeded without an instance");
    }
    instance_ = created;
    return Status::OK();
  }

  // Runs one hook with a collector; the hook's failure, or a malformed result, as a Status.
  template <typename Hook>
  Status Call(const char* name, ResultCollector& collector, Hook&& hook) {
    std::lock_guard<std::mutex> lock(mu_);
    if (instance_ == nullptr) {
      return Status::FailedPrecondition(cls_->class_name + " is not configured");
    }
    sluice_call call;
    call.logger = Logger();
    call.sink = &collector;
    sluice_status st = hook(instance_, &call);
    if (!collector.error.empty()) return Status::InvalidArgument(collector.error);
    if (st != SLUICE_OK) return FromPluginStatus(st, call.error, name);
    return Status::OK();
  }

 private:
  std::string Logger() const { return "plugin." + cls_->class_name; }
  void Destroy() {
    std::lock_guard<std::mutex> lock(mu_);
    DestroyLocked();
  }
  void DestroyLocked() {
    if (instance_) cls_->table.destroy(instance_);
    instance_ = nullptr;
  }

  const std::shared_ptr<const ComponentClass> cls_;
  std::mutex mu_;
  sluice_component* instance_ = nullptr;
};

// A config checked against the class's declared definition, every problem named, as the
// built-ins check theirs.
Status CheckConfig(const ComponentClass& cls, const std::map<std::string, std::string>& config) {
  std::string problems;
  for (const auto& result : cls.definition.Validate(config)) {
    for (const auto& error : result.errors) {
      problems += (problems.empty() ? "" : "; ") + error;
    }
  }
  if (problems.empty()) return Status::OK();
  return Status::InvalidArgument(cls.class_name + ": " + problems);
}

// A converter's or header converter's from_connect: `header_key` is empty for a key or value.
Result<std::optional<std::string>> CallFromConnect(ComponentInstance& instance,
                                                   const std::string& topic,
                                                   sluice_buffer header_key,
                                                   const SchemaAndValue& data) {
  std::string storage;
  const sluice_data abi_data = abi::ToAbiData(data, storage);
  ResultCollector out;
  SLUICE_RETURN_IF_ERROR(instance.Call("from_connect", out, [&](auto* c, auto* call) {
    return instance.cls().table.from_connect(c, call, abi::Buffer(topic), header_key, &abi_data);
  }));
  if (!out.emitted_bytes) return Status::Internal(instance.cls().class_name + " returned no bytes");
  return std::move(out.bytes);
}

// ... and its to_connect.
Result<SchemaAndValue> CallToConnect(ComponentInstance& instance, const std::string& topic,
                                     sluice_buffer header_key,
                                     const std::optional<std::string>& bytes) {
  sluice_buffer buffer = bytes ? abi::Buffer(*bytes) : sluice_buffer{};
  ResultCollector out;
  SLUICE_RETURN_IF_ERROR(instance.Call("to_connect", out, [&](auto* c, auto* call) {
    return instance.cls().table.to_connect(c, call, abi::Buffer(topic), header_key,
                                           bytes ? &buffer : nullptr);
  }));
  if (!out.emitted_data) return Status::Internal(instance.cls().class_name + " returned no data");
  return std::move(out.data);
}

class PluginConverter : public data::Converter {
 public:
  explicit PluginConverter(std::shared_ptr<const ComponentClass> cls) : instance_(std::move(cls)) {}

  Status Configure(const data::ConverterConfig& config, bool is_key) override {
    SLUICE_RETURN_IF_ERROR(CheckConfig(instance_.cls(), config));
    return instance_.Create(config, is_key);
  }

  Result<std::optional<std::string>> FromConnectData(const std::string& topic,
                                                     const SchemaAndValue& data) override {
    return CallFromConnect(instance_, topic, {}, data);
  }

  Result<SchemaAndValue> ToConnectData(const std::string& topic,
                                       const std::optional<std::string>& bytes) override {
    return CallToConnect(instance_, topic, {}, bytes);
  }

 private:
  ComponentInstance instance_;
};

class PluginHeaderConverter : public data::HeaderConverter {
 public:
  explicit PluginHeaderConverter(std::shared_ptr<const ComponentClass> cls)
      : instance_(std::move(cls)) {}

  Status Configure(const data::ConverterConfig& config) override {
    SLUICE_RETURN_IF_ERROR(CheckConfig(instance_.cls(), config));
    return instance_.Create(config, false);
  }

  Result<std::optional<std::string>> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaAndValue& header) override {
    return CallFromConnect(instance_, topic, abi::Buffer(header_key), header);
  }

  Result<SchemaAndValue> ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         const std::optional<std::string>& bytes) override {
    return CallToConnect(instance_, topic, abi::Buffer(header_key), bytes);
  }

 private:
  ComponentInstance instance_;
};

// The chain validates the keys against the declared definition (ConfigReader) and names each
// problem by its connector-level key; what is left is the plugin's own create.
class PluginTransformation : public transforms::DeclaredTransformation {
 public:
  explicit PluginTransformation(std::shared_ptr<const ComponentClass> cls)
      : instance_(std::move(cls)) {}

  const ConfigDef& definition() const override { return instance_.cls().definition; }

  void ReadConfig(transforms::ConfigReader& reader) override {
    if (!reader.ok()) return;
    Status created = instance_.Create(reader.props(), false);
    if (!created.ok()) reader.General(created.message());
  }

  Result<std::optional<transforms::ConnectRecord>> Apply(
      transforms::ConnectRecord record) override {
    AbiRecord in(record);
    ResultCollector out;
    SLUICE_RETURN_IF_ERROR(instance_.Call("transformation_apply", out, [&](auto* c, auto* call) {
      return instance_.cls().table.transformation_apply(c, call, in.get());
    }));
    return std::move(out.record);
  }

 private:
  ComponentInstance instance_;
};

class PluginPredicate : public transforms::DeclaredPredicate {
 public:
  explicit PluginPredicate(std::shared_ptr<const ComponentClass> cls) : instance_(std::move(cls)) {}

  const ConfigDef& definition() const override { return instance_.cls().definition; }

  void ReadConfig(transforms::ConfigReader& reader) override {
    if (!reader.ok()) return;
    Status created = instance_.Create(reader.props(), false);
    if (!created.ok()) reader.General(created.message());
  }

  // A predicate that fails cannot say yes or no: it selects nothing, and the failure is logged
  // (Kafka's Predicate.test cannot fail either, short of throwing out of the task).
  bool Test(const transforms::ConnectRecord& record) const override {
    AbiRecord in(record);
    ResultCollector out;
    int matches = 0;
    Status st = instance_.Call("predicate_test", out, [&](auto* c, auto* call) {
      return instance_.cls().table.predicate_test(c, call, in.get(), &matches);
    });
    if (!st.ok()) {
      SLUICE_LOG_ERROR(kLogger, instance_.cls().class_name << " failed: " << st.message());
      return false;
    }
    return matches != 0;
  }

 private:
  mutable ComponentInstance instance_;
};

}  // namespace

void RegisterComponents(const PluginRegistry& registry) {
  for (const auto& cls : registry.Components()) {
    Status st;
    switch (cls->type) {
      case SLUICE_COMPONENT_CONVERTER:
      case SLUICE_COMPONENT_HEADER_CONVERTER: {
        data::RegisteredConverter entry;
        entry.info = {cls->class_name, ComponentAliases(*cls), ComponentTypeName(cls->type),
                      cls->version, cls->definition};
        if (cls->type == SLUICE_COMPONENT_CONVERTER) {
          entry.make_converter = [cls] { return std::make_unique<PluginConverter>(cls); };
        } else {
          entry.make_header_converter = [cls] {
            return std::make_unique<PluginHeaderConverter>(cls);
          };
        }
        st = data::RegisterConverter(std::move(entry));
        break;
      }
      case SLUICE_COMPONENT_TRANSFORMATION:
      case SLUICE_COMPONENT_PREDICATE: {
        transforms::RegisteredTransform entry;
        entry.info = {cls->class_name, ComponentAliases(*cls), ComponentTypeName(cls->type),
                      cls->definition, cls->version};
        if (cls->type == SLUICE_COMPONENT_TRANSFORMATION) {
          entry.make_transformation = [cls] { return std::make_unique<PluginTransformation>(cls); };
        } else {
          entry.make_predicate = [cls] { return std::make_unique<PluginPredicate>(cls); };
        }
        st = transforms::RegisterTransform(std::move(entry));
        break;
      }
    }
    if (!st.ok()) {
      SLUICE_LOG_WARN(kLogger, ComponentTypeName(cls->type)
                                   << " " << cls->class_name << " from " << cls->library_path
                                   << " is not used: " << st.message());
    }
  }
}

}  // namespace sluice::plugin_host
