// org.apache.kafka.connect.json.JsonConverter: Connect data as JSON, by default inside the
// {"schema":...,"payload":...} envelope (sluice/envelope.h), byte for byte as Kafka writes it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "data/converter.h"
#include "data/converter_config.h"
#include "data/lru_cache.h"
#include "sluice/envelope.h"

namespace sluice::data {

class JsonConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.json.JsonConverter";
  static const ConfigDef& Definition();

  Status Configure(const ConverterConfig& config, bool is_key) override;
  Status Configure(const ConverterConfig& config) override;  // as a header converter

  Result<std::optional<std::string>> FromConnectData(const std::string& topic,
                                                     const SchemaAndValue& data) override;
  Result<SchemaAndValue> ToConnectData(const std::string& topic,
                                       const std::optional<std::string>& bytes) override;
  Status FromConnectDataInto(const std::string& topic, const SchemaAndValue& data,
                             std::optional<std::string>& out) override;
  Status ToConnectDataInto(const std::string& topic, const std::optional<std::string>& bytes,
                           SchemaAndValue& out) override;

  Result<std::optional<std::string>> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaAndValue& header) override;
  Result<SchemaAndValue> ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         const std::optional<std::string>& bytes) override;

  // Entries in the two schema caches (for tests).
  size_t encode_cache_size() const { return schema_text_cache_.size(); }
  size_t decode_cache_size() const { return schema_cache_.size(); }
  // Records read through a known schema prefix, without reading their schema (for tests).
  uint64_t known_prefix_reads() const { return known_prefix_reads_.load(); }

 private:
  // The serialized schema, kept with the schema itself so that its address stays unique.
  struct SchemaText {
    SchemaPtr schema;
    std::shared_ptr<const std::string> text;
  };
  struct JsonHash {
    size_t operator()(const envelope::Json& j) const { return std::hash<envelope::Json>{}(j); }
  };

  // The start of an envelope as Sluice and Kafka write it for one schema:
  // {"schema":<schema JSON>,"payload":
  struct KnownPrefix {
    std::string text;
    SchemaPtr schema;     // null for "schema":null
    bool usable = false;  // false: the schema does not read back as itself from `text`
  };
  static constexpr size_t kKnownPrefixes = 8;

  Status ConfigureAs(const ConverterConfig& config, ConverterRole role);
  std::shared_ptr<const std::string> SchemaJson(const SchemaPtr& schema);
  SchemaPtr SchemaFromJson(const envelope::Json& json);
  // Reads the payload of an envelope that starts with `known`'s prefix alone; nullopt when it is
  // not one JSON value, and the whole envelope must be read.
  std::optional<Result<SchemaAndValue>> ReadWithKnownPrefix(const KnownPrefix& known,
                                                            std::string_view payload_text);
  // The known prefix `bytes` starts with, or null (and moves it to the front of the list).
  std::shared_ptr<const KnownPrefix> MatchKnownPrefix(const std::string& bytes);
  // Writes the envelope (or the bare value) of `data` into `out`, which is cleared first.
  void WriteJson(const SchemaAndValue& data, std::string& out);
  void RememberPrefix(const SchemaPtr& schema);

  bool schemas_enable_ = true;
  envelope::Options options_;
  LruCache<const Schema*, SchemaText> schema_text_cache_{1000};
  LruCache<envelope::Json, SchemaPtr, JsonHash> schema_cache_{1000};
  bool remember_prefixes_ = true;  // off with schemas.cache.size=0, as every cache is
  std::mutex prefixes_mu_;
  std::vector<std::shared_ptr<const KnownPrefix>> prefixes_;  // most recently matched first
  std::atomic<uint64_t> known_prefix_reads_{0};
};

}  // namespace sluice::data
