// Converters: Connect data <-> the bytes of a record's key, value and headers (Kafka's
// org.apache.kafka.connect.storage.Converter and HeaderConverter).
//
// The built-ins carry Kafka's class names, so worker and connector configs written for Kafka
// Connect work unchanged:
//   key.converter=org.apache.kafka.connect.json.JsonConverter   (or JsonConverter, or Json)
//   value.converter.schemas.enable=false
//
// Errors: a bad config is InvalidArgument naming the class and the key; data that cannot be
// converted is InvalidArgument carrying the text of Kafka's DataException.
//
// Threads: once configured, an instance may be used from several threads at once; the
// per-record paths take no lock except for the JsonConverter's schema caches. Configure() must
// not run concurrently with anything else on the same instance.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"
#include "sluice/data.h"

namespace sluice::data {

using ConverterConfig = std::map<std::string, std::string>;

class Converter {
 public:
  virtual ~Converter() = default;
  // `config` holds the converter's own keys, prefix removed ("schemas.enable", not
  // "value.converter.schemas.enable"). Unknown keys are ignored, as Kafka does.
  virtual Status Configure(const ConverterConfig& config, bool is_key) = 0;
  // nullopt result = Kafka's null byte array (a tombstone when it is the value).
  virtual Result<std::optional<std::string>> FromConnectData(const std::string& topic,
                                                             const SchemaAndValue& data) = 0;
  // nullopt `bytes` = a null key or value.
  virtual Result<SchemaAndValue> ToConnectData(const std::string& topic,
                                               const std::optional<std::string>& bytes) = 0;

  // The same two, writing into `out` and reusing the storage it holds: a task converts record
  // after record into the same objects, so a converter that can fill them in place allocates
  // nothing per record. The defaults call the two above.
  virtual Status FromConnectDataInto(const std::string& topic, const SchemaAndValue& data,
                                     std::optional<std::string>& out) {
    SLUICE_ASSIGN_OR_RETURN(out, FromConnectData(topic, data));
    return Status::OK();
  }
  virtual Status ToConnectDataInto(const std::string& topic,
                                   const std::optional<std::string>& bytes, SchemaAndValue& out) {
    SLUICE_ASSIGN_OR_RETURN(out, ToConnectData(topic, bytes));
    return Status::OK();
  }
};

class HeaderConverter {
 public:
  virtual ~HeaderConverter() = default;
  virtual Status Configure(const ConverterConfig& config) = 0;
  virtual Result<std::optional<std::string>> FromConnectHeader(const std::string& topic,
                                                               const std::string& header_key,
                                                               const SchemaAndValue& header) = 0;
  virtual Result<SchemaAndValue> ToConnectHeader(const std::string& topic,
                                                 const std::string& header_key,
                                                 const std::optional<std::string>& bytes) = 0;
};

// What GET /connector-plugins?connectorsOnly=false lists for a converter.
struct ConverterInfo {
  std::string class_name;            // Kafka's full class name
  std::vector<std::string> aliases;  // simple name, and the name without its type suffix
  std::string type;                  // "converter" | "header_converter"
  std::string version;
  ConfigDef definition;  // includes Kafka's converter.type, which Create* sets itself
};

// Every built-in, one entry per (class, type): a class that is both a Converter and a
// HeaderConverter (JsonConverter, StringConverter ...) appears once as each.
const std::vector<ConverterInfo>& BuiltinConverters();

// A converter or header converter from outside this library (a plugin's), registered when the
// worker starts.
struct RegisteredConverter {
  ConverterInfo info;
  std::function<std::unique_ptr<Converter>()> make_converter;               // type "converter"
  std::function<std::unique_ptr<HeaderConverter>()> make_header_converter;  // "header_converter"
};

// AlreadyExists when a class of the same type has the name or an alias already (a built-in, or
// one registered before): the first keeps it.
Status RegisterConverter(RegisteredConverter entry);

// The built-ins, then the registered classes in the order they were registered.
std::vector<ConverterInfo> AvailableConverters();

// The class name of a converter ("converter") or header converter ("header_converter") named by
// class name or alias; the name itself when it names none.
std::string ConverterClassName(const std::string& class_or_alias, const std::string& type);

// Finds a class (built-in first, then registered) by full class name or alias, and configures
// it. NotFound for an unknown class; InvalidArgument naming the class and the bad key for a
// config that does not validate.
Result<std::unique_ptr<Converter>> CreateConverter(const std::string& class_name,
                                                   const ConverterConfig& config, bool is_key);
Result<std::unique_ptr<HeaderConverter>> CreateHeaderConverter(const std::string& class_name,
                                                               const ConverterConfig& config);

}  // namespace sluice::data
