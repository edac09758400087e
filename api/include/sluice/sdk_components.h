// Components for Sluice plugins (ABI 1.1): converters, header converters, transformations and
// predicates, Kafka's other plugin types. They run inside the worker's record pipeline, named in
// a connector or worker config like the built-ins (`value.converter=MyConverter`,
// `transforms.t.type=MyTransform`), and are listed by GET /connector-plugins?connectorsOnly=false.
//
//   class Upper : public sluice::sdk::Transformation {
//    public:
//     static sluice::ConfigDef Definition() { return {}; }
//     std::optional<sluice::sdk::ConnectRecord> Apply(sluice::sdk::ConnectRecord r) override;
//   };
//   SLUICE_PLUGIN("my-plugin", SLUICE_TRANSFORMATION_CLASS(Upper, "com.example.Upper", "1.0.0",
//                                                          "Upper"));
//
// Each class provides `static ConfigDef Definition()`: the host validates a config against it
// before the instance exists, then calls Configure with the defaults applied. An instance is used
// by one thread at a time. Throwing sdk::RetriableError makes the host retry the record within
// the connector's errors.retry.timeout; any other exception is a failure of that record, handled
// as errors.tolerance says.
#pragma once

#include <optional>
#include <string>

#include "sluice/sdk.h"

namespace sluice::sdk {

// Kafka's ConnectRecord: what transformations and predicates see, for source and sink records.
struct ConnectRecord {
  std::string topic;
  std::optional<int32_t> partition;
  std::optional<int64_t> timestamp_ms;
  SchemaAndValue key;
  SchemaAndValue value;
  Headers headers;
  std::optional<int64_t> kafka_offset;  // sink records only
};

class Converter {
 public:
  virtual ~Converter() = default;
  virtual void Configure(const Config& /*config*/, bool /*is_key*/) {}
  // nullopt: Kafka's null (a tombstone when it is the value).
  virtual std::optional<std::string> FromConnectData(const std::string& topic,
                                                     const SchemaAndValue& data) = 0;
  // `bytes` nullopt: a null key or value.
  virtual SchemaAndValue ToConnectData(const std::string& topic,
                                       const std::optional<std::string>& bytes) = 0;
};

class HeaderConverter {
 public:
  virtual ~HeaderConverter() = default;
  virtual void Configure(const Config& /*config*/) {}
  virtual std::optional<std::string> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaAndValue& header) = 0;
  virtual SchemaAndValue ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         const std::optional<std::string>& bytes) = 0;
};

class Transformation {
 public:
  virtual ~Transformation() = default;
  virtual void Configure(const Config& /*config*/) {}
  // The changed record, or nullopt to drop it.
  virtual std::optional<ConnectRecord> Apply(ConnectRecord record) = 0;
};

class Predicate {
 public:
  virtual ~Predicate() = default;
  virtual void Configure(const Config& /*config*/) {}
  virtual bool Test(const ConnectRecord& record) = 0;
};

namespace detail {

inline ConnectRecord FromAbi(const sluice_connect_record& r) {
  ConnectRecord out;
  out.topic = std::string(abi::View(r.topic));
  if (r.partition != SLUICE_NO_PARTITION) out.partition = r.partition;
  if (r.timestamp_ms != SLUICE_NO_TIMESTAMP) out.timestamp_ms = r.timestamp_ms;
  out.key = abi::FromAbiData(r.key);
  out.value = abi::FromAbiData(r.value);
  out.headers = FromAbiHeaders(r.headers, r.header_count);
  if (r.kafka_offset >= 0) out.kafka_offset = r.kafka_offset;
  return out;
}

// Keeps the encoded bytes of one ConnectRecord alive while the host copies it.
struct AbiConnectRecord {
  std::string key_storage, value_storage;
  std::vector<std::string> header_storage;
  std::vector<sluice_header> headers;
  sluice_connect_record rec{};

  explicit AbiConnectRecord(const ConnectRecord& r) {
    rec.topic = abi::Buffer(r.topic);
    rec.partition = r.partition.value_or(SLUICE_NO_PARTITION);
    rec.timestamp_ms = r.timestamp_ms.value_or(SLUICE_NO_TIMESTAMP);
    rec.key = abi::ToAbiData(r.key, key_storage);
    rec.value = abi::ToAbiData(r.value, value_storage);
    header_storage.resize(r.headers.size());
    for (size_t i = 0; i < r.headers.size(); ++i) {
      headers.push_back(
          {abi::Buffer(r.headers[i].key), abi::ToAbiData(r.headers[i].value, header_storage[i])});
    }
    rec.headers = headers.data();
    rec.header_count = headers.size();
    rec.kafka_offset = r.kafka_offset.value_or(-1);
  }
};

inline sluice_status EmitBytes(sluice_call* call, const std::optional<std::string>& bytes) {
  if (!bytes) return Host()->emit_bytes(call, nullptr);
  sluice_buffer buffer = abi::Buffer(*bytes);
  return Host()->emit_bytes(call, &buffer);
}

inline sluice_status EmitData(sluice_call* call, const SchemaAndValue& data) {
  std::string storage;
  sluice_data abi_data = abi::ToAbiData(data, storage);
  return Host()->emit_data(call, &abi_data);
}

inline std::optional<std::string> OptionalBytes(const sluice_buffer* bytes) {
  if (bytes == nullptr) return std::nullopt;
  return std::string(abi::View(*bytes));
}

template <typename T>
struct ComponentBox {
  std::unique_ptr<T> impl;
};

// The class table of one component class. ImplT derives from the base matching kType and
// provides `static ConfigDef Definition()`.
template <typename ImplT, sluice_component_type kType>
struct ComponentTable {
  using Box = ComponentBox<ImplT>;

  static const std::string& DefinitionJson() {
    static const std::string json = ImplT::Definition().ToJson().dump();
    return json;
  }

  static sluice_status Create(sluice_call* call, sluice_buffer config_json, int is_key,
                              sluice_component** out) {
    return Guard(call, [&] {
      auto box = std::make_unique<Box>();
      box->impl = std::make_unique<ImplT>();
      Config config(ImplT::Definition(), ParseProps(config_json));
      if constexpr (kType == SLUICE_COMPONENT_CONVERTER) {
        box->impl->Configure(config, is_key != 0);
      } else {
        (void)is_key;
        box->impl->Configure(config);
      }
      *out = reinterpret_cast<sluice_component*>(box.release());
      return SLUICE_OK;
    });
  }

  static void Destroy(sluice_component* c) { delete reinterpret_cast<Box*>(c); }

  static ImplT& Impl(sluice_component* c) { return *reinterpret_cast<Box*>(c)->impl; }

  static sluice_status FromConnect(sluice_component* c, sluice_call* call, sluice_buffer topic,
                                   sluice_buffer header_key, const sluice_data* data) {
    return Guard(call, [&] {
      const std::string topic_name(abi::View(topic));
      const SchemaAndValue sv = abi::FromAbiData(*data);
      if constexpr (kType == SLUICE_COMPONENT_CONVERTER) {
        (void)header_key;
        return EmitBytes(call, Impl(c).FromConnectData(topic_name, sv));
      } else {
        return EmitBytes(
            call, Impl(c).FromConnectHeader(topic_name, std::string(abi::View(header_key)), sv));
      }
    });
  }

  static sluice_status ToConnect(sluice_component* c, sluice_call* call, sluice_buffer topic,
                                 sluice_buffer header_key, const sluice_buffer* bytes) {
    return Guard(call, [&] {
      const std::string topic_name(abi::View(topic));
      if constexpr (kType == SLUICE_COMPONENT_CONVERTER) {
        (void)header_key;
        return EmitData(call, Impl(c).ToConnectData(topic_name, OptionalBytes(bytes)));
      } else {
        return EmitData(call,
                        Impl(c).ToConnectHeader(topic_name, std::string(abi::View(header_key)),
                                                OptionalBytes(bytes)));
      }
    });
  }

  static sluice_status Apply(sluice_component* c, sluice_call* call,
                             const sluice_connect_record* record) {
    return Guard(call, [&] {
      std::optional<ConnectRecord> result = Impl(c).Apply(FromAbi(*record));
      if (!result) return SLUICE_OK;  // dropped
      AbiConnectRecord out(*result);
      return Host()->emit_connect_record(call, &out.rec);
    });
  }

  static sluice_status Test(sluice_component* c, sluice_call* call,
                            const sluice_connect_record* record, int* matches) {
    return Guard(call, [&] {
      *matches = Impl(c).Test(FromAbi(*record)) ? 1 : 0;
      return SLUICE_OK;
    });
  }

  static const sluice_component_class* Make(const char* class_name, const char* version,
                                            const char* const* aliases) {
    static sluice_component_class table = [&] {
      sluice_component_class t{};
      t.struct_size = sizeof(sluice_component_class);
      t.type = kType;
      t.class_name = class_name;
      t.aliases = aliases;
      t.version = version;
      t.config_def_json = DefinitionJson().c_str();
      t.create = &Create;
      t.destroy = &Destroy;
      if constexpr (kType == SLUICE_COMPONENT_CONVERTER ||
                    kType == SLUICE_COMPONENT_HEADER_CONVERTER) {
        t.from_connect = &FromConnect;
        t.to_connect = &ToConnect;
      } else if constexpr (kType == SLUICE_COMPONENT_TRANSFORMATION) {
        t.transformation_apply = &Apply;
      } else {
        t.predicate_test = &Test;
      }
      return t;
    }();
    return &table;
  }
};

}  // namespace detail
}  // namespace sluice::sdk

// SLUICE_CONVERTER_CLASS(ImplT, "ClassName", "version", "Alias1", ...), and the same for the
// other component types; list them in SLUICE_PLUGIN beside connector classes.
#define SLUICE_COMPONENT_CLASS_(ImplT, type, class_name, version, ...)               \
  ::sluice::sdk::detail::ComponentTable<ImplT, type>::Make(class_name, version, [] { \
    static const char* const aliases[] = {__VA_ARGS__ __VA_OPT__(, ) nullptr};       \
    return aliases;                                                                  \
  }())
#define SLUICE_CONVERTER_CLASS(ImplT, class_name, version, ...) \
  SLUICE_COMPONENT_CLASS_(ImplT, SLUICE_COMPONENT_CONVERTER, class_name, version, __VA_ARGS__)
#define SLUICE_HEADER_CONVERTER_CLASS(ImplT, class_name, version, ...)                   \
  SLUICE_COMPONENT_CLASS_(ImplT, SLUICE_COMPONENT_HEADER_CONVERTER, class_name, version, \
                          __VA_ARGS__)
#define SLUICE_TRANSFORMATION_CLASS(ImplT, class_name, version, ...) \
  SLUICE_COMPONENT_CLASS_(ImplT, SLUICE_COMPONENT_TRANSFORMATION, class_name, version, __VA_ARGS__)
#define SLUICE_PREDICATE_CLASS(ImplT, class_name, version, ...) \
  SLUICE_COMPONENT_CLASS_(ImplT, SLUICE_COMPONENT_PREDICATE, class_name, version, __VA_ARGS__)
