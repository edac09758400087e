// DropHeaders: removes every header with one of the listed names.
#include <algorithm>
#include <set>

#include "transforms/catalog.h"

namespace sluice::transforms {
namespace {

constexpr const char* kHeaders = "headers";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kHeaders, ConfigType::kList, {}, Importance::kHigh,
                     "The name of the headers to be removed.");
    return d;
  }();
  return def;
}

class DropHeaders final : public BuiltinTransformation {
 public:
  DropHeaders() : BuiltinTransformation(Definition()) {}

  void ReadConfig(ConfigReader& config) override {
    config.CheckNonEmptyList(kHeaders);
    auto list = config.List(kHeaders);
    headers_ = std::set<std::string>(list.begin(), list.end());
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    auto dropped = [&](const Header& h) { return headers_.count(h.key) != 0; };
    record.headers.erase(std::remove_if(record.headers.begin(), record.headers.end(), dropped),
                         record.headers.end());
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  std::set<std::string> headers_;
};

}  // namespace

TransformationKind DropHeadersKind() {
  return {"DropHeaders", false, &Definition,
          [](RecordPart) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<DropHeaders>();
          }};
}

}  // namespace sluice::transforms
