// RegexRouter: when the whole topic matches `regex`, the topic becomes `replacement` with the
// groups filled in ("$1"); other records keep their topic.
#include "common/log.h"
#include "transforms/catalog.h"
#include "transforms/java_regex.h"

namespace sluice::transforms {
namespace {

constexpr const char* kRegex = "regex";
constexpr const char* kReplacement = "replacement";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kRegex, ConfigType::kString, {}, Importance::kHigh,
                     "Regular expression to use for matching.");
    d.DefineRequired(kReplacement, ConfigType::kString, {}, Importance::kHigh,
                     "Replacement string.");
    return d;
  }();
  return def;
}

class RegexRouter final : public BuiltinTransformation {
 public:
  RegexRouter() : BuiltinTransformation(Definition()) {}

  void ReadConfig(ConfigReader& config) override {
    if (!config.Valid(kRegex)) return;
    auto regex = JavaRegex::Compile(*config.String(kRegex));
    if (!regex.ok()) {
      config.Invalid(kRegex, regex.status().message());
      return;
    }
    if (config.Valid(kReplacement)) {
      auto replacement = JavaReplacement::Parse(*config.String(kReplacement), regex->group_count());
      if (!replacement.ok()) {
        config.Invalid(kReplacement, replacement.status().message());
        return;
      }
      replacement_ = std::move(*replacement);
    }
    regex_ = std::move(*regex);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    std::smatch match;
    if (regex_->Matches(record.topic, match)) {
      std::string topic = replacement_->Expand(match);
      SLUICE_LOG_TRACE("transforms", "Rerouting from topic '" << record.topic << "' to new topic '"
                                                              << topic << "'");
      record.topic = std::move(topic);
    }
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  std::optional<JavaRegex> regex_;
  std::optional<JavaReplacement> replacement_;
};

}  // namespace

TransformationKind RegexRouterKind() {
  return {"RegexRouter", false, &Definition,
          [](RecordPart) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<RegexRouter>();
          }};
}

}  // namespace sluice::transforms
