// What a transform chain builds: transformations and predicates that declare their configuration
// as a ConfigDef and read it through a ConfigReader, so that the chain and config/validate name
// each problem by its connector-level key. The built-ins and plugins' classes are both.
#pragma once

#include <map>
#include <string>

#include "sluice/config_def.h"
#include "transforms/config_reader.h"
#include "transforms/transformation.h"

namespace sluice::transforms {

// A Transformation or Predicate (`Interface`) configured through its declared definition.
template <typename Interface>
class Declared : public Interface {
 public:
  virtual const ConfigDef& definition() const = 0;

  // Reads the keys that `reader` validated against the definition; records every further
  // problem in `reader`.
  virtual void ReadConfig(ConfigReader& reader) = 0;

  Status Configure(const std::map<std::string, std::string>& config) final {
    ConfigReader reader(definition(), config);
    ReadConfig(reader);
    return reader.ToStatus();
  }
};

using DeclaredTransformation = Declared<Transformation>;
using DeclaredPredicate = Declared<Predicate>;

}  // namespace sluice::transforms
