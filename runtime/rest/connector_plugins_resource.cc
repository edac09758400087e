// /connector-plugins: the installed plugins, their config definitions, config validation.
#include "rest/json_entities.h"
#include "rest/request_bodies.h"
#include "rest/resources.h"
#include "rest/status_mapping.h"

namespace sluice::rest {
namespace {

// Kafka Connect accepts "FileStreamSource", "FileStreamSourceConnector" and the full class name
// for the same plugin: compare without the "Connector" suffix, the shorter one as a suffix of the
// longer.
std::string WithoutConnectorSuffix(const std::string& plugin) {
  static const std::string kSuffix = "Connector";
  bool has_suffix = plugin.size() > kSuffix.size() &&
                    plugin.compare(plugin.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
  return has_suffix ? plugin.substr(0, plugin.size() - kSuffix.size()) : plugin;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

RestResponse ValidateConfig(worker::Herder& herder, const RestRequest& request) {
  const std::string& plugin = request.PathParam("plugin");
  SLUICE_ASSIGN_OR_RESPOND(worker::StringMap config, ConfigFromJson(request.body));
  auto included = config.find("connector.class");
  if (included == config.end()) {
    // The URL names the plugin; validating the config as given would only add the error that
    // connector.class is missing.
    config["connector.class"] = plugin;
  } else if (!EndsWith(WithoutConnectorSuffix(included->second), WithoutConnectorSuffix(plugin))) {
    return RestResponse::Error(400, "Included connector type " + included->second +
                                        " does not match request type " + plugin);
  }
  SLUICE_ASSIGN_OR_RESPOND(worker::ConfigInfos infos, herder.ValidateConfig(plugin, config));
  return RestResponse::Json(200, ToJson(infos));
}

}  // namespace

void AddConnectorPluginRoutes(Router& router, worker::Herder& herder) {
  router.Add("GET", "/connector-plugins", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(bool connectors_only,
                             ParseBoolParam("connectorsOnly", r.Query("connectorsOnly"), true));
    nlohmann::json plugins = nlohmann::json::array();
    for (const auto& plugin : herder.ListPlugins(connectors_only))
      plugins.push_back(ToJson(plugin));
    return RestResponse::Json(200, std::move(plugins));
  });
  router.Add("GET", "/connector-plugins/{plugin}/config", Body::kNone,
             [&herder](const RestRequest& r) {
               SLUICE_ASSIGN_OR_RESPOND(auto keys, herder.GetPluginConfig(r.PathParam("plugin")));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& key : keys) out.push_back(ToJson(key));
               return RestResponse::Json(200, std::move(out));
             });
  router.Add("PUT", "/connector-plugins/{plugin}/config/validate", Body::kJsonObject,
             [&herder](const RestRequest& r) { return ValidateConfig(herder, r); });
}

}  // namespace sluice::rest
