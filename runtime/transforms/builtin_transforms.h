// The catalog of transforms and predicates: Sluice's built-ins, named as Kafka names them (the
// full class name "org.apache.kafka.connect.transforms.InsertField$Value" or its simple name
// "InsertField$Value" as an alias), and the classes plugins provide, registered at start-up.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"
#include "transforms/declared.h"

namespace sluice::transforms {

struct TransformInfo {
  std::string class_name;
  std::vector<std::string> aliases;
  std::string type;  // "transformation" | "predicate"
  ConfigDef definition;
  std::string version;  // a plugin's class version; empty for the built-ins (the worker's)
};

// Every built-in transformation, then every predicate, each in class-name order: what
// GET /connector-plugins?connectorsOnly=false lists and config/validate checks against.
const std::vector<TransformInfo>& BuiltinTransforms();

// A transformation or predicate from outside this library (a plugin's).
struct RegisteredTransform {
  TransformInfo info;
  std::function<std::unique_ptr<DeclaredTransformation>()> make_transformation;  // transformations
  std::function<std::unique_ptr<DeclaredPredicate>()> make_predicate;            // predicates
};

// Adds a class to the catalog. AlreadyExists when its class name or an alias is taken (a
// built-in, or a class registered before): the first one keeps the name.
Status RegisterTransform(RegisteredTransform entry);

// The built-ins (as BuiltinTransforms lists them), then the registered classes in the order
// they were registered.
std::vector<TransformInfo> AvailableTransforms();

// The class name of a transformation or predicate named by class name or alias; the name itself
// when it names none.
std::string TransformClassName(const std::string& class_or_alias);

// A new, unconfigured instance, by class name or alias. InvalidArgument with Kafka's reason when
// there is none: "Class Foo could not be found.", "Not a Transformation", or, for a class that
// has $Key and $Value variants, "Transformation is abstract and cannot be created. Did you mean
// ...$Key, ...$Value?".
Result<std::unique_ptr<Transformation>> NewTransformation(const std::string& class_or_alias);
Result<std::unique_ptr<Predicate>> NewPredicate(const std::string& class_or_alias);

}  // namespace sluice::transforms
