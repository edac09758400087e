// The built-in transforms and predicates, each defined in its own file and listed here by the
// catalog that names them (builtin_transforms.cc).
#pragma once

#include <memory>
#include <string>

#include "sluice/config_def.h"
#include "transforms/builtin.h"

namespace sluice::transforms {

struct TransformationKind {
  // "InsertField": Kafka's class is org.apache.kafka.connect.transforms.<simple_name>.
  const char* simple_name;
  bool has_key_value_variants;
  const ConfigDef& (*definition)();
  std::unique_ptr<BuiltinTransformation> (*make)(RecordPart part);  // part unused without variants
};

struct PredicateKind {
  const char* simple_name;  // in org.apache.kafka.connect.transforms.predicates
  const ConfigDef& (*definition)();
  std::unique_ptr<BuiltinPredicate> (*make)();
};

TransformationKind InsertFieldKind();
TransformationKind ReplaceFieldKind();
TransformationKind MaskFieldKind();
TransformationKind ValueToKeyKind();
TransformationKind ExtractFieldKind();
TransformationKind HoistFieldKind();
TransformationKind CastKind();
TransformationKind TimestampConverterKind();
TransformationKind TimestampRouterKind();
TransformationKind RegexRouterKind();
TransformationKind FlattenKind();
TransformationKind SetSchemaMetadataKind();
TransformationKind FilterKind();
TransformationKind HeaderFromKind();
TransformationKind InsertHeaderKind();
TransformationKind DropHeadersKind();

PredicateKind TopicNameMatchesKind();
PredicateKind HasHeaderKeyKind();
PredicateKind RecordIsTombstoneKind();

// Lookups by class name or alias, among the built-ins and then the registered classes
// (RegisterTransform); on failure nullptr and `why_not` holds Kafka's reason.
std::unique_ptr<DeclaredTransformation> MakeTransformation(const std::string& class_or_alias,
                                                           std::string& why_not);
std::unique_ptr<DeclaredPredicate> MakePredicate(const std::string& class_or_alias,
                                                 std::string& why_not);

}  // namespace sluice::transforms
