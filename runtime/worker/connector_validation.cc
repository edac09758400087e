#include "worker/connector_validation.h"

#include <regex>

#include "config/worker_config.h"
#include "data/converter.h"
#include "transforms/transform_chain.h"

namespace sluice::worker {
namespace {

void DefineCommon(ConfigDef& d) {
  const std::string common = "Common";
  d.Define("name", ConfigType::kString, std::nullopt, ConfigValidator::NonEmptyNoControlChars(),
           Importance::kHigh, "Globally unique name to use for this connector.", common, 1,
           Width::kMedium, "Connector name");
  d.DefineRequired("connector.class", ConfigType::kString, {}, Importance::kHigh,
                   "Name or alias of the class for this connector.", common, 2, Width::kLong,
                   "Connector class");
  d.Define("tasks.max", ConfigType::kInt, "1", ConfigValidator::AtLeast(1), Importance::kHigh,
           "Maximum number of tasks to use for this connector.", common, 3, Width::kShort,
           "Tasks max");
  d.Define("key.converter", ConfigType::kClass, std::nullopt, {}, Importance::kLow,
           "Converter class used for record keys; the worker's when unset.", common, 4,
           Width::kShort, "Key converter class");
  d.Define("value.converter", ConfigType::kClass, std::nullopt, {}, Importance::kLow,
           "Converter class used for record values; the worker's when unset.", common, 5,
           Width::kShort, "Value converter class");
  d.Define("header.converter", ConfigType::kClass, std::nullopt, {}, Importance::kLow,
           "Converter class used for header values; the worker's when unset.", common, 6,
           Width::kShort, "Header converter class");
  d.Define("config.action.reload", ConfigType::kString, "restart",
           ConfigValidator::OneOf({"none", "restart"}, true), Importance::kLow,
           "What to do when a config provider's value changes.", common, 7, Width::kMedium,
           "Reload Action");
  d.Define("transforms", ConfigType::kList, "", {}, Importance::kLow,
           "Aliases for the transformations to apply to records.", "Transforms", 1, Width::kLong,
           "Transforms");
  d.Define("predicates", ConfigType::kList, "", {}, Importance::kLow,
           "Aliases for the predicates used by transformations.", "Predicates", 1, Width::kLong,
           "Predicates");
  const std::string errors = "Error Handling";
  d.Define("errors.retry.timeout", ConfigType::kLong, "0", {}, Importance::kMedium,
           "The maximum duration in milliseconds that a failed operation will be reattempted; "
           "0 disables retries, -1 retries forever.",
           errors, 1, Width::kMedium, "Retry Timeout for Errors");
  d.Define("errors.retry.delay.max.ms", ConfigType::kLong, "60000", {}, Importance::kMedium,
           "The maximum duration in milliseconds between consecutive retry attempts.", errors, 2,
           Width::kMedium, "Maximum Delay Between Retries for Errors");
  d.Define("errors.tolerance", ConfigType::kString, "none",
           ConfigValidator::OneOf({"none", "all"}, true), Importance::kMedium,
           "Behavior for tolerating errors during connector operation: 'none' fails the task, "
           "'all' skips problematic records.",
           errors, 3, Width::kShort, "Error Tolerance");
  d.Define("errors.log.enable", ConfigType::kBoolean, "false", {}, Importance::kMedium,
           "Log each error and the details of the failed operation.", errors, 4, Width::kShort,
           "Log Errors");
  d.Define("errors.log.include.messages", ConfigType::kBoolean, "false", {}, Importance::kMedium,
           "Include the failed record in the error log.", errors, 5, Width::kShort,
           "Log Error Details");
  // Kafka Connect has a dead-letter topic for sinks only; Sluice's sources may name one too, for
  // records that fail conversion or a transform.
  d.Define("errors.deadletterqueue.topic.name", ConfigType::kString, "", {}, Importance::kMedium,
           "The name of the topic to be used as the dead letter queue (DLQ).", errors, 6,
           Width::kMedium, "Dead Letter Queue Topic Name");
  d.Define("errors.deadletterqueue.topic.replication.factor", ConfigType::kShort, "3", {},
           Importance::kMedium, "Replication factor used to create the dead letter queue topic.",
           errors, 7, Width::kMedium, "Dead Letter Queue Topic Replication Factor");
  d.Define("errors.deadletterqueue.context.headers.enable", ConfigType::kBoolean, "false", {},
           Importance::kMedium, "Add headers containing error context to the DLQ messages.", errors,
           8, Width::kMedium, "Enable Error Context Headers");
  config::DefineSelfHealingKeys(d, false, "Self-healing tasks");
}

ConfigDef BuildDefinition(ConnectorType type) {
  ConfigDef d;
  DefineCommon(d);
  if (type == ConnectorType::kSink) {
    d.Define("topics", ConfigType::kList, "", {}, Importance::kHigh,
             "List of topics to consume, separated by commas.", "Common", 4, Width::kLong,
             "Topics");
    d.Define("topics.regex", ConfigType::kString, "", {}, Importance::kHigh,
             "Regular expression giving topics to consume.", "Common", 4, Width::kLong,
             "Topics regex");
  } else if (type == ConnectorType::kSource) {
    d.Define("topic.creation.groups", ConfigType::kList, "", {}, Importance::kLow,
             "Groups of configurations for topics created by source connectors.", "Topic Creation",
             1, Width::kLong, "Topic Creation Groups");
    d.Define("topic.creation.default.partitions", ConfigType::kInt, "1",
             ConfigValidator::AtLeast(-1), Importance::kLow,
             "Partitions of topics this connector creates.", "Topic Creation", 2, Width::kShort,
             "Default partitions");
    d.Define("topic.creation.default.replication.factor", ConfigType::kShort, "-1", {},
             Importance::kLow, "Replication factor of topics this connector creates.",
             "Topic Creation", 3, Width::kShort, "Default replication factor");
    d.Define("exactly.once.support", ConfigType::kString, "requested",
             ConfigValidator::OneOf({"requested", "required"}, true), Importance::kMedium,
             "Whether exactly-once delivery is required for this connector.",
             "Exactly Once Support", 1, Width::kShort, "Exactly once support");
    d.Define("offsets.storage.topic", ConfigType::kString, std::nullopt, {}, Importance::kLow,
             "The name of a separate offsets topic for this connector.", "offsets.topic", 1,
             Width::kLong, "Offsets topic");
  }
  return d;
}

void AddError(ConfigInfos& infos, const std::string& key, const std::string& error) {
  for (auto& entry : infos.configs) {
    if (entry.value.name == key) {
      entry.value.errors.push_back(error);
      return;
    }
  }
}

bool ConverterExists(const std::string& class_name) {
  for (const auto& info : data::AvailableConverters()) {
    if (info.class_name == class_name) return true;
    for (const auto& alias : info.aliases) {
      if (alias == class_name) return true;
    }
  }
  return false;
}

}  // namespace

const ConfigDef& FrameworkDefinition(ConnectorType type) {
  static const ConfigDef source = BuildDefinition(ConnectorType::kSource);
  static const ConfigDef sink = BuildDefinition(ConnectorType::kSink);
  static const ConfigDef unknown = BuildDefinition(ConnectorType::kUnknown);
  return type == ConnectorType::kSource ? source : type == ConnectorType::kSink ? sink : unknown;
}

std::vector<std::string> FrameworkGroups(ConnectorType type) {
  if (type == ConnectorType::kSource) {
    return {"Common",         "Transforms",           "Predicates",    "Error Handling",
            "Topic Creation", "Exactly Once Support", "offsets.topic", "Self-healing tasks"};
  }
  return {"Common", "Transforms", "Predicates", "Error Handling", "Self-healing tasks"};
}

ConnectorType TypeOf(const plugin_host::ConnectorClassInfo& cls) {
  return cls.type == SLUICE_PLUGIN_SOURCE ? ConnectorType::kSource : ConnectorType::kSink;
}

ConfigInfos ValidateConnectorConfig(
    const std::shared_ptr<const plugin_host::ConnectorClassInfo>& cls, const StringMap& config,
    const plugin_host::PluginRegistry& registry) {
  ConnectorType type = cls ? TypeOf(*cls) : ConnectorType::kUnknown;
  const ConfigDef& framework = FrameworkDefinition(type);
  ConfigInfos infos;
  auto class_it = config.find("connector.class");
  infos.name = cls ? cls->class_name : (class_it != config.end() ? class_it->second : "");
  infos.groups = FrameworkGroups(type);

  auto add_all = [&](const ConfigDef& def) {
    auto results = def.Validate(config);
    for (size_t i = 0; i < results.size(); ++i) {
      bool seen = false;
      for (const auto& e : infos.configs) seen |= e.value.name == results[i].name;
      if (!seen) infos.configs.push_back({def.keys()[i], std::move(results[i])});
    }
  };
  add_all(framework);
  if (cls) {
    add_all(cls->definition);
    for (const auto& key : cls->definition.keys()) {
      if (key.group &&
          std::find(infos.groups.begin(), infos.groups.end(), *key.group) == infos.groups.end()) {
        infos.groups.push_back(*key.group);
      }
    }
  } else if (class_it != config.end()) {
    AddError(infos, "connector.class", UnknownClassMessage(class_it->second, registry));
  }

  // transforms.* and predicates.*: their definitions as Kafka's enrich() makes them, then errors.
  ConfigDef transform_keys = transforms::TransformConfigDefinition(config);
  add_all(transform_keys);
  for (const auto& key : transform_keys.keys()) {
    if (key.group &&
        std::find(infos.groups.begin(), infos.groups.end(), *key.group) == infos.groups.end()) {
      infos.groups.push_back(*key.group);
    }
  }
  for (const auto& [key, message] : transforms::ValidateTransformConfig(config)) {
    bool known = false;
    for (const auto& e : infos.configs) known |= e.value.name == key;
    if (!known) {
      ConfigValueResult v;
      v.name = key;
      auto it = config.find(key);
      if (it != config.end()) v.value = it->second;
      infos.configs.push_back({std::nullopt, std::move(v)});
    }
    auto& errors =
        std::find_if(infos.configs.begin(), infos.configs.end(), [&](const ConfigInfoEntry& e) {
          return e.value.name == key;
        })->value.errors;
    if (std::find(errors.begin(), errors.end(), message) == errors.end()) errors.push_back(message);
  }

  for (const char* key : {"key.converter", "value.converter", "header.converter"}) {
    auto it = config.find(key);
    if (it != config.end() && !it->second.empty() && !ConverterExists(it->second)) {
      AddError(infos, key,
               "Invalid value " + it->second + " for configuration " + key + ": Class " +
                   it->second + " could not be found.");
    }
  }

  if (type == ConnectorType::kSink) {
    auto topics = config.find("topics");
    auto regex = config.find("topics.regex");
    bool has_topics = topics != config.end() && !SplitList(topics->second).empty();
    bool has_regex = regex != config.end() && !regex->second.empty();
    if (has_topics && has_regex) {
      std::string msg = "topics and topics.regex are mutually exclusive options, but both are set.";
      AddError(infos, "topics", msg);
      AddError(infos, "topics.regex", msg);
    } else if (!has_topics && !has_regex) {
      std::string msg = "Must configure one of topics or topics.regex";
      AddError(infos, "topics", msg);
      AddError(infos, "topics.regex", msg);
    }
    if (has_regex) {
      try {
        std::regex re(regex->second, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        AddError(infos, "topics.regex",
                 "Invalid value " + regex->second + " for configuration topics.regex: " + e.what());
      }
    }
    // A dead-letter topic the sink also consumes would feed its failures back to itself.
    auto dlq = config.find("errors.deadletterqueue.topic.name");
    const std::string dlq_topic = dlq == config.end() ? "" : config_detail::Trim(dlq->second);
    if (!dlq_topic.empty() && has_topics) {
      for (const auto& t : SplitList(topics->second)) {
        if (t == dlq_topic) {
          AddError(infos, "errors.deadletterqueue.topic.name",
                   "The DLQ topic '" + t + "' may not be included in the list of topics ('topics=" +
                       topics->second + "') consumed by the connector");
        }
      }
    }
    if (!dlq_topic.empty() && has_regex) {
      try {
        if (std::regex_match(dlq_topic, std::regex(regex->second, std::regex::ECMAScript))) {
          AddError(infos, "errors.deadletterqueue.topic.name",
                   "The DLQ topic '" + dlq_topic +
                       "' may not be included in the regex matching topics to consume from "
                       "('topics.regex=" +
                       regex->second + "')");
        }
      } catch (const std::regex_error&) {
        // reported against topics.regex above
      }
    }
  }

  // Keys nobody declared are kept (and passed to the plugin) but listed without a definition,
  // as Kafka lists them.
  for (const auto& [key, value] : config) {
    bool seen = false;
    for (const auto& e : infos.configs) seen |= e.value.name == key;
    if (!seen) {
      ConfigValueResult v;
      v.name = key;
      v.value = value;
      infos.configs.push_back({std::nullopt, std::move(v)});
    }
  }

  for (const auto& e : infos.configs) infos.error_count += static_cast<int>(e.value.errors.size());
  return infos;
}

std::string InvalidConfigMessage(const ConfigInfos& infos) {
  std::string message = "Connector configuration is invalid and contains the following " +
                        std::to_string(infos.error_count) + " error(s):";
  for (const auto& e : infos.configs) {
    for (const auto& err : e.value.errors) message += "\n" + err;
  }
  message +=
      "\nYou can also find the above list of errors at the endpoint "
      "`/connector-plugins/{connectorType}/config/validate`";
  return message;
}

std::string UnknownClassMessage(const std::string& class_name,
                                const plugin_host::PluginRegistry& registry) {
  std::string available;
  for (const auto& cls : registry.Connectors()) {
    available += (available.empty() ? "" : ", ") + cls->class_name;
  }
  return "Failed to find any class that implements Connector and which name matches " + class_name +
         ", available connectors are: " + (available.empty() ? "(none)" : available);
}

}  // namespace sluice::worker
