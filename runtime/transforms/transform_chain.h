// A connector's transforms, built from its config as Kafka Connect reads it:
//
//   transforms=a,b
//   transforms.a.type=<class or alias>     transforms.a.<key>=...   (the transform's own keys)
//   transforms.a.predicate=<alias>         transforms.a.negate=true|false
//   predicates=p
//   predicates.p.type=<class or alias>     predicates.p.<key>=...
//
// A record goes through the transforms in order; a transform with a predicate applies only to the
// records it selects (with negate, to the others); a transform that drops the record ends the
// chain.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"
#include "transforms/transformation.h"

namespace sluice::transforms {

class TransformChain {
 public:
  // InvalidArgument listing every problem at once ("; "-separated), each naming its key:
  //   Invalid value Foo for configuration transforms.a.type: Class Foo could not be found.
  //   Missing required configuration "transforms.a.spec" which has no default value.
  //   Invalid value IsBar for configuration transforms.a.predicate: ...
  static Result<std::unique_ptr<TransformChain>> Create(
      const std::map<std::string, std::string>& connector_config);

  // The record after every transform, or nullopt when one drops it. An error names the transform
  // ("transforms.a (org.apache.kafka.connect.transforms.Cast$Value): ..."), and `failed_class`,
  // when given, is set to the class that failed; the record is consumed either way, so a caller
  // that reports failed records keeps its own copy.
  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record,
                                             std::string* failed_class = nullptr);

  bool empty() const;
  size_t size() const;  // the number of transforms

  struct Stage;
  ~TransformChain();

 private:
  TransformChain() = default;
  std::vector<Stage> stages_;
};

// The problems of the transforms.* and predicates.* keys of a connector config, as (key, message)
// pairs for config/validate: every key that Create would complain about, with the same message.
std::vector<std::pair<std::string, std::string>> ValidateTransformConfig(
    const std::map<std::string, std::string>& connector_config);

// The definitions of the transforms.* and predicates.* keys that `connector_config` uses, as
// Kafka's ConnectorConfig.enrich makes them: for each alias its `type` key, for a transform its
// implicit `predicate` and `negate` keys, and the keys of the class it names, all prefixed, in the
// group "Transforms: <alias>" or "Predicates: <alias>". An alias whose class is unknown has only
// its `type` key. For config/validate to show these keys with their documentation.
ConfigDef TransformConfigDefinition(const std::map<std::string, std::string>& connector_config);

}  // namespace sluice::transforms
