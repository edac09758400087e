// /admin/loggers: this worker's log levels, read and changed at run time.
#include <algorithm>
#include <cctype>

#include "common/log.h"
#include "rest/json_entities.h"
#include "rest/request_bodies.h"
#include "rest/resources.h"

namespace sluice::rest {
namespace {

constexpr const char* kWorkerScope = "worker";
constexpr const char* kClusterScope = "cluster";

// Dotted names such as "root", "worker" or "connector.local-file-source": no empty segment, no
// whitespace or control characters.
bool IsLoggerName(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  if (name.find("..") != std::string::npos) return false;
  return std::none_of(name.begin(), name.end(),
                      [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Every logger exists in the sense that lines logged under its name use a level: its own if it
// was set, otherwise its nearest dotted parent's. A logger without a level of its own reports
// the inherited level and no modification time.
RestResponse GetLogger(const RestRequest& request) {
  const std::string& name = request.PathParam("logger");
  if (!IsLoggerName(name)) return RestResponse::Error(404, "Logger " + name + " not found.");
  const auto levels = log::Levels();
  auto own = levels.find(name);
  if (own != levels.end()) return RestResponse::Json(200, ToJson(own->second));
  return RestResponse::Json(200, ToJson(log::LoggerLevel{log::EffectiveLevel(name).level, {}}));
}

RestResponse SetLogger(const RestRequest& request) {
  const std::string& name = request.PathParam("logger");
  if (!IsLoggerName(name)) {
    return RestResponse::Error(400, "Invalid logger name " + Quoted(name) +
                                        ": expected a dotted name such as connector.my-source");
  }
  auto level_field = request.body.find("level");
  if (level_field == request.body.end() || level_field->is_null()) {
    return RestResponse::Error(400, "Desired 'level' parameter was not specified in request.");
  }
  if (!level_field->is_string()) {
    return RestResponse::Error(
        400, std::string("Field \"level\" must be a string, not ") + level_field->type_name());
  }
  const std::string& level_text = level_field->get_ref<const std::string&>();
  std::optional<log::Level> level = log::ParseLevel(level_text);
  // 404 for an unknown level is Kafka Connect's choice, kept for compatibility.
  if (!level) return RestResponse::Error(404, "invalid log level '" + level_text + "'.");

  std::string scope = Lower(request.Query("scope").value_or(kWorkerScope));
  if (scope != kWorkerScope && scope != kClusterScope) {
    SLUICE_LOG_WARN("rest", "Received invalid scope " << Quoted(scope)
                                                      << " in request to adjust logging level; "
                                                         "will default to worker");
    scope = kWorkerScope;
  }
  // Both scopes change this worker's level. Carrying a cluster-scope change to the other workers of
  // a distributed cluster is the Herder's part, through the config topic, as Kafka Connect does.
  std::vector<std::string> changed = log::SetLevel(name, *level);
  SLUICE_LOG_INFO("rest", "set the level of logger " << name << " to " << log::LevelName(*level)
                                                     << " (" << changed.size()
                                                     << " logger(s) changed)");
  if (scope == kClusterScope) return RestResponse::NoBody(204);
  return RestResponse::Json(200, changed);
}

}  // namespace

void AddLoggerRoutes(Router& router) {
  router.Add("GET", "/admin/loggers", Body::kNone, [](const RestRequest&) {
    return RestResponse::Json(200, LoggerLevelsToJson(log::Levels()));
  });
  router.Add("GET", "/admin/loggers/{logger}", Body::kNone, GetLogger);
  router.Add("PUT", "/admin/loggers/{logger}", Body::kJsonObject, SetLogger);
}

}  // namespace sluice::rest
