// Filter: drops every record. Used with a predicate, it drops the records the predicate selects
// (or, with negate=true, the ones it does not).
#include "transforms/catalog.h"

namespace sluice::transforms {
namespace {

const ConfigDef& Definition() {
  static const ConfigDef def;
  return def;
}

class Filter final : public BuiltinTransformation {
 public:
  Filter() : BuiltinTransformation(Definition()) {}

  void ReadConfig(ConfigReader&) override {}

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord) override {
    return std::optional<ConnectRecord>();
  }
};

}  // namespace

TransformationKind FilterKind() {
  return {"Filter", false, &Definition, [](RecordPart) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<Filter>();
          }};
}

}  // namespace sluice::transforms
