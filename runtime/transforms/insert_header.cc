// InsertHeader: adds a header with a fixed value to every record. The literal is typed as Kafka's
// Values.parseString types it ("42" is an int8, "true" a boolean, anything else a string).
#include "data/values.h"
#include "transforms/catalog.h"

namespace sluice::transforms {
namespace {

constexpr const char* kHeader = "header";
constexpr const char* kValueLiteral = "value.literal";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kHeader, ConfigType::kString, {}, Importance::kHigh,
                     "The name of the header.");
    d.DefineRequired(kValueLiteral, ConfigType::kString, {}, Importance::kHigh,
                     "The literal value that is to be set as the header value on all records.");
    return d;
  }();
  return def;
}

class InsertHeader final : public BuiltinTransformation {
 public:
  InsertHeader() : BuiltinTransformation(Definition()) {}

  void ReadConfig(ConfigReader& config) override {
    header_ = config.String(kHeader).value_or("");
    literal_ = data::ParseString(config.String(kValueLiteral).value_or(""));
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    record.headers.push_back({header_, literal_});
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  std::string header_;
  SchemaAndValue literal_;
};

}  // namespace

TransformationKind InsertHeaderKind() {
  return {"InsertHeader", false, &Definition,
          [](RecordPart) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<InsertHeader>();
          }};
}

}  // namespace sluice::transforms
