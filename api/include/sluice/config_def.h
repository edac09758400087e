// Config definitions as data, in the shape of Kafka's ConfigDef: name, type, default, validator,
// importance, documentation, group, order, width, display name.
//
// A plugin declares its definition with ConfigDef; the definition crosses the ABI as JSON
// (ToJson/FromJson) so the host validates a config before any plugin object exists and serves
// `config/validate` from it. Validation messages are Kafka's, word for word.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice {

enum class ConfigType { kBoolean, kString, kInt, kShort, kLong, kDouble, kList, kClass, kPassword };
enum class Importance { kHigh, kMedium, kLow };
enum class Width { kNone, kShort, kMedium, kLong };

inline const char* ConfigTypeName(ConfigType t) {
  switch (t) {
    case ConfigType::kBoolean: return "BOOLEAN";
    case ConfigType::kString: return "STRING";
    case ConfigType::kInt: return "INT";
    case ConfigType::kShort: return "SHORT";
    case ConfigType::kLong: return "LONG";
    case ConfigType::kDouble: return "DOUBLE";
    case ConfigType::kList: return "LIST";
    case ConfigType::kClass: return "CLASS";
    case ConfigType::kPassword: return "PASSWORD";
  }
  return "STRING";
}
inline const char* ImportanceName(Importance i) {
  switch (i) {
    case Importance::kHigh: return "HIGH";
    case Importance::kMedium: return "MEDIUM";
    case Importance::kLow: return "LOW";
  }
  return "LOW";
}
inline const char* WidthName(Width w) {
  switch (w) {
    case Width::kNone: return "NONE";
    case Width::kShort: return "SHORT";
    case Width::kMedium: return "MEDIUM";
    case Width::kLong: return "LONG";
  }
  return "NONE";
}

// A declarative validator, so that it can travel as JSON.
struct ConfigValidator {
  enum class Kind { kNone, kRange, kOneOf, kNonEmptyString, kNonEmptyNoControlChars, kListOneOf };
  Kind kind = Kind::kNone;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> values;  // kOneOf, kListOneOf
  bool case_insensitive = false;

  static ConfigValidator AtLeast(double m) { return {Kind::kRange, m, std::nullopt, {}, false}; }
  static ConfigValidator Between(double lo, double hi) { return {Kind::kRange, lo, hi, {}, false}; }
  static ConfigValidator OneOf(std::vector<std::string> v, bool case_insensitive = false) {
    return {Kind::kOneOf, std::nullopt, std::nullopt, std::move(v), case_insensitive};
  }
  static ConfigValidator ListOneOf(std::vector<std::string> v) {
    return {Kind::kListOneOf, std::nullopt, std::nullopt, std::move(v), false};
  }
  static ConfigValidator NonEmptyString() { return {Kind::kNonEmptyString, {}, {}, {}, false}; }
  static ConfigValidator NonEmptyNoControlChars() {
    return {Kind::kNonEmptyNoControlChars, {}, {}, {}, false};
  }
};

struct ConfigKey {
  std::string name;
  ConfigType type = ConfigType::kString;
  bool has_default = false;                  // false: the key is required
  std::optional<std::string> default_value;  // with has_default: nullopt is a null default
  ConfigValidator validator;
  Importance importance = Importance::kMedium;
  std::string documentation;
  std::optional<std::string> group;
  int order = -1;
  Width width = Width::kNone;
  std::string display_name;  // empty: the name
};

// The outcome of validating one key, Kafka's ConfigValue.
struct ConfigValueResult {
  std::string name;
  std::optional<std::string> value;  // as given, or the default
  std::vector<std::string> errors;
  std::vector<std::string> recommended_values;
  bool visible = true;
};

namespace config_detail {

inline std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

inline std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

inline bool ParseInteger(const std::string& text, int64_t lo, int64_t hi, int64_t& out) {
  std::string t = Trim(text);
  if (t.empty()) return false;
  size_t used = 0;
  try {
    long long v = std::stoll(t, &used, 10);
    if (used != t.size() || v < lo || v > hi) return false;
    out = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

inline bool ParseDouble(const std::string& text, double& out) {
  std::string t = Trim(text);
  if (t.empty()) return false;
  size_t used = 0;
  try {
    out = std::stod(t, &used);
    return used == t.size();
  } catch (const std::exception&) {
    return false;
  }
}

// Kafka prints integral bounds without a decimal point.
inline std::string FormatNumber(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d))) {
    return std::to_string(static_cast<int64_t>(d));
  }
  std::string s = std::to_string(d);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

}  // namespace config_detail

// Splits a LIST value: comma-separated, each item trimmed, empties dropped.
inline std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    std::string item = config_detail::Trim(value.substr(start, comma - start));
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

class ConfigDef {
 public:
  // Defines a key with a default (std::nullopt is a null default, as Kafka's `null`).
  ConfigDef& Define(std::string name, ConfigType type, std::optional<std::string> default_value,
                    ConfigValidator validator, Importance importance, std::string doc,
                    std::optional<std::string> group = std::nullopt, int order = -1,
                    Width width = Width::kNone, std::string display_name = "") {
    ConfigKey k;
    k.name = std::move(name);
    k.type = type;
    k.has_default = true;
    k.default_value = std::move(default_value);
    k.validator = std::move(validator);
    k.importance = importance;
    k.documentation = std::move(doc);
    k.group = std::move(group);
    k.order = order;
    k.width = width;
    k.display_name = std::move(display_name);
    return Add(std::move(k));
  }

  // Defines a required key (Kafka's NO_DEFAULT_VALUE).
  ConfigDef& DefineRequired(std::string name, ConfigType type, ConfigValidator validator,
                            Importance importance, std::string doc,
                            std::optional<std::string> group = std::nullopt, int order = -1,
                            Width width = Width::kNone, std::string display_name = "") {
    ConfigKey k;
    k.name = std::move(name);
    k.type = type;
    k.validator = std::move(validator);
    k.importance = importance;
    k.documentation = std::move(doc);
    k.group = std::move(group);
    k.order = order;
    k.width = width;
    k.display_name = std::move(display_name);
    return Add(std::move(k));
  }

  ConfigDef& Add(ConfigKey key) {
    if (Find(key.name) != nullptr) throw std::invalid_argument("duplicate config key " + key.name);
    keys_.push_back(std::move(key));
    return *this;
  }

  // Appends every key of `other` not already defined here.
  ConfigDef& Merge(const ConfigDef& other) {
    for (const auto& k : other.keys_) {
      if (Find(k.name) == nullptr) keys_.push_back(k);
    }
    return *this;
  }

  const std::vector<ConfigKey>& keys() const { return keys_; }
  const ConfigKey* Find(const std::string& name) const {
    for (const auto& k : keys_) {
      if (k.name == name) return &k;
    }
    return nullptr;
  }

  // Validates one value against its key; returns Kafka's error texts.
  static std::vector<std::string> ValidateValue(const ConfigKey& key,
                                                const std::optional<std::string>& value) {
    using namespace config_detail;
    std::vector<std::string> errors;
    if (!value.has_value()) {
      if (!key.has_default) {
        errors.push_back("Missing required configuration \"" + key.name +
                         "\" which has no default value.");
      }
      return errors;
    }
    const std::string& v = *value;
    auto invalid = [&](const std::string& why) {
      std::string shown = key.type == ConfigType::kPassword ? "[hidden]" : v;
      errors.push_back("Invalid value " + shown + " for configuration " + key.name + ": " + why);
    };
    int64_t integer = 0;
    double number = 0;
    bool numeric = false;
    switch (key.type) {
      case ConfigType::kBoolean: {
        std::string t = Lower(Trim(v));
        if (t != "true" && t != "false") invalid("Expected value to be either true or false");
        break;
      }
      case ConfigType::kShort:
        if (!ParseInteger(v, INT16_MIN, INT16_MAX, integer)) {
          invalid("Not a number of type SHORT");
        } else {
          number = static_cast<double>(integer);
          numeric = true;
        }
        break;
      case ConfigType::kInt:
        if (!ParseInteger(v, INT32_MIN, INT32_MAX, integer)) {
          invalid("Not a number of type INT");
        } else {
          number = static_cast<double>(integer);
          numeric = true;
        }
        break;
      case ConfigType::kLong:
        if (!ParseInteger(v, INT64_MIN, INT64_MAX, integer)) {
          invalid("Not a number of type LONG");
        } else {
          number = static_cast<double>(integer);
          numeric = true;
        }
        break;
      case ConfigType::kDouble:
        if (!ParseDouble(v, number)) {
          invalid("Not a number of type DOUBLE");
        } else {
          numeric = true;
        }
        break;
      default: break;
    }
    if (!errors.empty()) return errors;

    const ConfigValidator& val = key.validator;
    switch (val.kind) {
      case ConfigValidator::Kind::kNone: break;
      case ConfigValidator::Kind::kRange:
        if (numeric && val.min && number < *val.min) {
          invalid("Value must be at least " + FormatNumber(*val.min));
        } else if (numeric && val.max && number > *val.max) {
          invalid("Value must be no more than " + FormatNumber(*val.max));
        }
        break;
      case ConfigValidator::Kind::kOneOf: {
        bool found = false;
        for (const auto& allowed : val.values) {
          found |= val.case_insensitive ? Lower(allowed) == Lower(Trim(v)) : allowed == Trim(v);
        }
        if (!found) invalid("String must be one of: " + Join(val.values));
        break;
      }
      case ConfigValidator::Kind::kListOneOf:
        for (const auto& item : SplitList(v)) {
          if (std::find(val.values.begin(), val.values.end(), item) == val.values.end()) {
            invalid("Invalid value " + item + " for configuration " + key.name +
                    ": String must be one of: " + Join(val.values));
            break;
          }
        }
        break;
      case ConfigValidator::Kind::kNonEmptyString:
        if (Trim(v).empty()) invalid("String must be non-empty");
        break;
      case ConfigValidator::Kind::kNonEmptyNoControlChars:
        if (Trim(v).empty()) {
          invalid("String must be non-empty");
        } else if (std::any_of(v.begin(), v.end(), [](unsigned char c) {
                     return c < 0x20 || c == 0x7f;
                   })) {
          invalid("String may not contain control sequences but had the following ISO control "
                  "characters");
        }
        break;
    }
    return errors;
  }

  // Validates every defined key of `props`, in definition order.
  std::vector<ConfigValueResult> Validate(const std::map<std::string, std::string>& props) const {
    std::vector<ConfigValueResult> results;
    for (const auto& key : keys_) {
      ConfigValueResult r;
      r.name = key.name;
      auto it = props.find(key.name);
      if (it != props.end()) {
        r.value = it->second;
      } else if (key.has_default) {
        r.value = key.default_value;
      }
      std::optional<std::string> checked =
          it != props.end() ? std::optional<std::string>(it->second) : std::nullopt;
      r.errors = ValidateValue(key, checked);
      if (!checked && key.has_default) r.errors.clear();
      if (key.validator.kind == ConfigValidator::Kind::kOneOf ||
          key.validator.kind == ConfigValidator::Kind::kListOneOf) {
        r.recommended_values = key.validator.values;
      }
      results.push_back(std::move(r));
    }
    return results;
  }

  nlohmann::json ToJson() const {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& k : keys_) {
      nlohmann::json v;
      v["kind"] = ValidatorKindName(k.validator.kind);
      if (k.validator.min) v["min"] = *k.validator.min;
      if (k.validator.max) v["max"] = *k.validator.max;
      if (!k.validator.values.empty()) v["values"] = k.validator.values;
      if (k.validator.case_insensitive) v["case_insensitive"] = true;
      nlohmann::json j = {{"name", k.name},
                          {"type", ConfigTypeName(k.type)},
                          {"required", !k.has_default},
                          {"importance", ImportanceName(k.importance)},
                          {"documentation", k.documentation},
                          {"order", k.order},
                          {"width", WidthName(k.width)},
                          {"display_name", k.display_name.empty() ? k.name : k.display_name},
                          {"validator", v}};
      j["default_value"] = k.default_value ? nlohmann::json(*k.default_value) : nlohmann::json();
      j["group"] = k.group ? nlohmann::json(*k.group) : nlohmann::json();
      arr.push_back(std::move(j));
    }
    return arr;
  }

  // Throws std::exception on a malformed definition.
  static ConfigDef FromJson(const nlohmann::json& arr) {
    ConfigDef def;
    for (const auto& j : arr) {
      ConfigKey k;
      k.name = j.at("name").get<std::string>();
      k.type = ParseEnum(j.at("type").get<std::string>(), ConfigTypeName, ConfigType::kBoolean,
                         ConfigType::kPassword);
      k.has_default = !j.value("required", false);
      if (k.has_default && j.contains("default_value") && !j["default_value"].is_null()) {
        k.default_value = j["default_value"].get<std::string>();
      }
      k.importance = ParseEnum(j.value("importance", "MEDIUM"), ImportanceName, Importance::kHigh,
                               Importance::kLow);
      k.documentation = j.value("documentation", "");
      if (j.contains("group") && !j["group"].is_null()) k.group = j["group"].get<std::string>();
      k.order = j.value("order", -1);
      k.width = ParseEnum(j.value("width", "NONE"), WidthName, Width::kNone, Width::kLong);
      k.display_name = j.value("display_name", "");
      if (j.contains("validator")) {
        const auto& v = j["validator"];
        std::string kind = v.value("kind", "none");
        for (auto candidate :
             {ConfigValidator::Kind::kNone, ConfigValidator::Kind::kRange,
              ConfigValidator::Kind::kOneOf, ConfigValidator::Kind::kNonEmptyString,
              ConfigValidator::Kind::kNonEmptyNoControlChars, ConfigValidator::Kind::kListOneOf}) {
          if (kind == ValidatorKindName(candidate)) k.validator.kind = candidate;
        }
        if (v.contains("min")) k.validator.min = v["min"].get<double>();
        if (v.contains("max")) k.validator.max = v["max"].get<double>();
        if (v.contains("values")) k.validator.values = v["values"].get<std::vector<std::string>>();
        k.validator.case_insensitive = v.value("case_insensitive", false);
      }
      def.Add(std::move(k));
    }
    return def;
  }

 private:
  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out;
  }
  static const char* ValidatorKindName(ConfigValidator::Kind k) {
    switch (k) {
      case ConfigValidator::Kind::kNone: return "none";
      case ConfigValidator::Kind::kRange: return "range";
      case ConfigValidator::Kind::kOneOf: return "one_of";
      case ConfigValidator::Kind::kNonEmptyString: return "non_empty_string";
      case ConfigValidator::Kind::kNonEmptyNoControlChars: return "non_empty_no_control_chars";
      case ConfigValidator::Kind::kListOneOf: return "list_one_of";
    }
    return "none";
  }
  template <typename E, typename NameFn>
  static E ParseEnum(const std::string& name, NameFn fn, E first, E last) {
    for (int i = static_cast<int>(first); i <= static_cast<int>(last); ++i) {
      if (name == fn(static_cast<E>(i))) return static_cast<E>(i);
    }
    throw std::invalid_argument("unknown enum value " + name);
  }

  std::vector<ConfigKey> keys_;
};

// Typed access to a validated config (defaults applied). Getters throw std::invalid_argument on
// a key that is missing or of the wrong type, which the SDK turns into SLUICE_INVALID_CONFIG.
class Config {
 public:
  Config() = default;
  Config(const ConfigDef& def, std::map<std::string, std::string> props)
      : props_(std::move(props)) {
    for (const auto& k : def.keys()) {
      if (!props_.count(k.name) && k.has_default && k.default_value) {
        props_[k.name] = *k.default_value;
      }
    }
  }

  const std::map<std::string, std::string>& originals() const { return props_; }
  bool has(const std::string& key) const { return props_.count(key) != 0; }

  std::string GetString(const std::string& key, const std::string& fallback = "") const {
    auto it = props_.find(key);
    return it == props_.end() ? fallback : it->second;
  }
  int64_t GetLong(const std::string& key, int64_t fallback = 0) const {
    auto it = props_.find(key);
    if (it == props_.end()) return fallback;
    int64_t out = 0;
    if (!config_detail::ParseInteger(it->second, INT64_MIN, INT64_MAX, out)) {
      throw std::invalid_argument("Invalid value " + it->second + " for configuration " + key +
                                  ": Not a number of type LONG");
    }
    return out;
  }
  int32_t GetInt(const std::string& key, int32_t fallback = 0) const {
    return static_cast<int32_t>(GetLong(key, fallback));
  }
  double GetDouble(const std::string& key, double fallback = 0) const {
    auto it = props_.find(key);
    if (it == props_.end()) return fallback;
    double out = 0;
    if (!config_detail::ParseDouble(it->second, out)) {
      throw std::invalid_argument("Invalid value " + it->second + " for configuration " + key +
                                  ": Not a number of type DOUBLE");
    }
    return out;
  }
  bool GetBool(const std::string& key, bool fallback = false) const {
    auto it = props_.find(key);
    if (it == props_.end()) return fallback;
    return config_detail::Lower(config_detail::Trim(it->second)) == "true";
  }
  std::vector<std::string> GetList(const std::string& key) const {
    auto it = props_.find(key);
    return it == props_.end() ? std::vector<std::string>{} : SplitList(it->second);
  }

 private:
  std::map<std::string, std::string> props_;
};

}  // namespace sluice
