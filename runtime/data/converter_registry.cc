// The built-in converters, looked up by Kafka class name or alias.
#include <algorithm>
#include <functional>
#include <mutex>
#include <optional>

#include "data/byte_array_converter.h"
#include "data/converter.h"
#include "data/json_converter.h"
#include "data/primitive_converter.h"
#include "data/simple_header_converter.h"
#include "data/string_converter.h"

#ifndef SLUICE_VERSION
#error "SLUICE_VERSION must be defined by the build"
#endif

namespace sluice::data {
namespace {

constexpr const char* kConverterType = "converter";
constexpr const char* kHeaderConverterType = "header_converter";

struct Builtin {
  ConverterInfo info;
  std::function<std::unique_ptr<Converter>()> make_converter;               // type "converter"
  std::function<std::unique_ptr<HeaderConverter>()> make_header_converter;  // "header_converter"
};

std::string SimpleName(const std::string& class_name) {
  return class_name.substr(class_name.rfind('.') + 1);
}

// Kafka's PluginUtils aliases: the simple name, and the simple name without the plugin type's
// own suffix ("Converter" or "HeaderConverter") when something is left.
std::vector<std::string> Aliases(const std::string& class_name, const std::string& suffix) {
  std::vector<std::string> aliases{SimpleName(class_name)};
  const std::string& simple = aliases.front();
  if (simple.size() > suffix.size() &&
      simple.compare(simple.size() - suffix.size(), suffix.size(), suffix) == 0) {
    aliases.push_back(simple.substr(0, simple.size() - suffix.size()));
  }
  return aliases;
}

// Adds a class that is both a Converter and a HeaderConverter, once as each.
template <typename T, typename... Args>
void AddBoth(std::vector<Builtin>& out, const std::string& class_name, const ConfigDef& def,
             Args... args) {
  Builtin as_converter;
  as_converter.info = {class_name, Aliases(class_name, "Converter"), kConverterType, SLUICE_VERSION,
                       def};
  as_converter.make_converter = [=] { return std::make_unique<T>(args...); };
  out.push_back(std::move(as_converter));

  Builtin as_header;
  as_header.info = {class_name, Aliases(class_name, "HeaderConverter"), kHeaderConverterType,
                    SLUICE_VERSION, def};
  as_header.make_header_converter = [=] { return std::make_unique<T>(args...); };
  out.push_back(std::move(as_header));
}

const std::vector<Builtin>& Builtins() {
  static const std::vector<Builtin> builtins = [] {
    std::vector<Builtin> b;
    AddBoth<JsonConverter>(b, JsonConverter::kClassName, JsonConverter::Definition());
    AddBoth<StringConverter>(b, StringConverter::kClassName, StringConverter::Definition());
    AddBoth<ByteArrayConverter>(b, ByteArrayConverter::kClassName,
                                ByteArrayConverter::Definition());
    using Kind = PrimitiveConverter::Kind;
    for (Kind kind :
         {Kind::kShort, Kind::kInteger, Kind::kLong, Kind::kFloat, Kind::kDouble, Kind::kBoolean}) {
      AddBoth<PrimitiveConverter>(b, PrimitiveConverter::ClassName(kind),
                                  PrimitiveConverter::Definition(), kind);
    }
    Builtin simple;
    simple.info = {SimpleHeaderConverter::kClassName,
                   Aliases(SimpleHeaderConverter::kClassName, "HeaderConverter"),
                   kHeaderConverterType, SLUICE_VERSION, SimpleHeaderConverter::Definition()};
    simple.make_header_converter = [] { return std::make_unique<SimpleHeaderConverter>(); };
    b.push_back(std::move(simple));
    return b;
  }();
  return builtins;
}

bool Names(const ConverterInfo& info, const std::string& name, const std::string& type) {
  return info.type == type &&
         (info.class_name == name ||
          std::find(info.aliases.begin(), info.aliases.end(), name) != info.aliases.end());
}

const Builtin* Find(const std::string& name, const std::string& type) {
  for (const auto& b : Builtins()) {
    if (Names(b.info, name, type)) return &b;
  }
  return nullptr;
}

// Plugins' classes: registered while the worker starts, read by every task.
struct Registered {
  std::mutex mu;
  std::vector<RegisteredConverter> entries;
};

Registered& Registry() {
  static Registered registered;
  return registered;
}

std::optional<RegisteredConverter> FindRegistered(const std::string& name,
                                                  const std::string& type) {
  Registered& r = Registry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const auto& entry : r.entries) {
    if (Names(entry.info, name, type)) return entry;
  }
  return std::nullopt;
}

Status NotFound(const std::string& name, const std::string& type, const char* interface_name) {
  std::string available;
  for (const auto& info : AvailableConverters()) {
    if (info.type == type) available += (available.empty() ? "" : ", ") + info.class_name;
  }
  return Status::NotFound(std::string("Failed to find any class that implements ") +
                          interface_name + " and which name matches " + name + ", available " +
                          (type == kConverterType ? "converters" : "header converters") +
                          " are: " + available);
}

}  // namespace

const std::vector<ConverterInfo>& BuiltinConverters() {
  static const std::vector<ConverterInfo> infos = [] {
    std::vector<ConverterInfo> v;
    for (const auto& b : Builtins()) v.push_back(b.info);
    return v;
  }();
  return infos;
}

Status RegisterConverter(RegisteredConverter entry) {
  std::vector<std::string> names = entry.info.aliases;
  names.push_back(entry.info.class_name);
  for (const std::string& name : names) {
    if (Find(name, entry.info.type) || FindRegistered(name, entry.info.type)) {
      return Status::AlreadyExists("a " + entry.info.type + " named " + name + " exists already");
    }
  }
  Registered& r = Registry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.entries.push_back(std::move(entry));
  return Status::OK();
}

std::vector<ConverterInfo> AvailableConverters() {
  std::vector<ConverterInfo> all = BuiltinConverters();
  Registered& r = Registry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const auto& entry : r.entries) all.push_back(entry.info);
  return all;
}

std::string ConverterClassName(const std::string& class_or_alias, const std::string& type) {
  if (const Builtin* b = Find(class_or_alias, type)) return b->info.class_name;
  if (auto registered = FindRegistered(class_or_alias, type)) return registered->info.class_name;
  return class_or_alias;
}

Result<std::unique_ptr<Converter>> CreateConverter(const std::string& class_name,
                                                   const ConverterConfig& config, bool is_key) {
  std::unique_ptr<Converter> converter;
  if (const Builtin* b = Find(class_name, kConverterType)) {
    converter = b->make_converter();
  } else if (auto registered = FindRegistered(class_name, kConverterType)) {
    converter = registered->make_converter();
  } else {
    return NotFound(class_name, kConverterType, "Converter");
  }
  SLUICE_RETURN_IF_ERROR(converter->Configure(config, is_key));
  return converter;
}

Result<std::unique_ptr<HeaderConverter>> CreateHeaderConverter(const std::string& class_name,
                                                               const ConverterConfig& config) {
  std::unique_ptr<HeaderConverter> converter;
  if (const Builtin* b = Find(class_name, kHeaderConverterType)) {
    converter = b->make_header_converter();
  } else if (auto registered = FindRegistered(class_name, kHeaderConverterType)) {
    converter = registered->make_header_converter();
  } else {
    return NotFound(class_name, kHeaderConverterType, "HeaderConverter");
  }
  SLUICE_RETURN_IF_ERROR(converter->Configure(config));
  return converter;
}

}  // namespace sluice::data
