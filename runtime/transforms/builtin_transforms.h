// The catalog of Sluice's built-in transforms and predicates, named as Kafka names them: the full
// class name ("org.apache.kafka.connect.transforms.InsertField$Value") or its simple name
// ("InsertField$Value") as an alias.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"
#include "transforms/transformation.h"

namespace sluice::transforms {

struct TransformInfo {
  std::string class_name;
  std::vector<std::string> aliases;
  std::string type;  // "transformation" | "predicate"
  ConfigDef definition;
};

// Every built-in transformation, then every predicate, each in class-name order: what
// GET /connector-plugins?connectorsOnly=false lists and config/validate checks against.
const std::vector<TransformInfo>& BuiltinTransforms();

// A new, unconfigured instance, by class name or alias. InvalidArgument with Kafka's reason when
// there is none: "Class Foo could not be found.", "Not a Transformation", or, for a class that
// has $Key and $Value variants, "Transformation is abstract and cannot be created. Did you mean
// ...$Key, ...$Value?".
Result<std::unique_ptr<Transformation>> NewTransformation(const std::string& class_or_alias);
Result<std::unique_ptr<Predicate>> NewPredicate(const std::string& class_or_alias);

}  // namespace sluice::transforms
