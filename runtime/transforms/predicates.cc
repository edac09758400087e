// The built-in predicates (org.apache.kafka.connect.transforms.predicates): TopicNameMatches,
// HasHeaderKey and RecordIsTombstone.
#include "transforms/catalog.h"
#include "transforms/java_regex.h"

namespace sluice::transforms {
namespace {

constexpr const char* kPattern = "pattern";
constexpr const char* kName = "name";

const ConfigDef& TopicNameMatchesDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kPattern, ConfigType::kString, ConfigValidator::NonEmptyString(),
                     Importance::kMedium,
                     "A Java regular expression for matching against the name of a record's "
                     "topic.");
    return d;
  }();
  return def;
}

// True when the whole topic name matches `pattern`.
class TopicNameMatches final : public BuiltinPredicate {
 public:
  TopicNameMatches() : BuiltinPredicate(TopicNameMatchesDefinition()) {}

  void ReadConfig(ConfigReader& config) override {
    if (!config.Valid(kPattern)) return;
    auto regex = JavaRegex::Compile(*config.String(kPattern));
    if (!regex.ok()) {
      config.Invalid(kPattern, regex.status().message());
      return;
    }
    pattern_ = std::move(*regex);
  }

  bool Test(const ConnectRecord& record) const override {
    return pattern_ && pattern_->Matches(record.topic);
  }

 private:
  std::optional<JavaRegex> pattern_;
};

const ConfigDef& HasHeaderKeyDefinition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kName, ConfigType::kString, ConfigValidator::NonEmptyString(),
                     Importance::kMedium, "The header name.");
    return d;
  }();
  return def;
}

// True when the record has at least one header with the name.
class HasHeaderKey final : public BuiltinPredicate {
 public:
  HasHeaderKey() : BuiltinPredicate(HasHeaderKeyDefinition()) {}

  void ReadConfig(ConfigReader& config) override { name_ = config.String(kName).value_or(""); }

  bool Test(const ConnectRecord& record) const override {
    for (const Header& header : record.headers) {
      if (header.key == name_) return true;
    }
    return false;
  }

 private:
  std::string name_;
};

const ConfigDef& RecordIsTombstoneDefinition() {
  static const ConfigDef def;
  return def;
}

// True when the record's value is null.
class RecordIsTombstone final : public BuiltinPredicate {
 public:
  RecordIsTombstone() : BuiltinPredicate(RecordIsTombstoneDefinition()) {}

  void ReadConfig(ConfigReader&) override {}

  bool Test(const ConnectRecord& record) const override { return record.value.value.is_null(); }
};

}  // namespace

PredicateKind TopicNameMatchesKind() {
  return {
      "TopicNameMatches", &TopicNameMatchesDefinition,
      []() -> std::unique_ptr<BuiltinPredicate> { return std::make_unique<TopicNameMatches>(); }};
}

PredicateKind HasHeaderKeyKind() {
  return {"HasHeaderKey", &HasHeaderKeyDefinition,
          []() -> std::unique_ptr<BuiltinPredicate> { return std::make_unique<HasHeaderKey>(); }};
}

PredicateKind RecordIsTombstoneKind() {
  return {
      "RecordIsTombstone", &RecordIsTombstoneDefinition,
      []() -> std::unique_ptr<BuiltinPredicate> { return std::make_unique<RecordIsTombstone>(); }};
}

}  // namespace sluice::transforms
