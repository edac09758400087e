// /connectors: creating, configuring, inspecting and controlling connectors and their tasks.

#include "common/log.h"
#include "rest/json_entities.h"
#include "rest/request_bodies.h"
#include "rest/resources.h"
#include "rest/status_mapping.h"
#include "rest/url_encoding.h"

namespace sluice::rest {
namespace {

// Offsets may only change while a connector is STOPPED: the Herder's kFailedPrecondition is a
// client mistake here.
constexpr int kOffsetsPreconditionStatus = 400;
// Disabled topic tracking (or reset) is Kafka Connect's 403.
constexpr int kTopicTrackingPreconditionStatus = 403;

// The {connector} path segment, decoded and checked.
Result<std::string> ConnectorName(const RestRequest& request) {
  const std::string& name = request.PathParam("connector");
  SLUICE_RETURN_IF_ERROR(ValidateConnectorName(name));
  return name;
}

std::string LocationOf(const RestOptions& options, const std::string& name) {
  std::string base = options.advertised_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/connectors/" + PercentEncode(name);
}

RestResponse Created(const RestOptions& options, const worker::ConnectorInfo& info) {
  RestResponse response = RestResponse::Json(201, ToJson(info));
  response.headers.emplace_back("Location", LocationOf(options, info.name));
  return response;
}

RestResponse ListConnectors(worker::Herder& herder, const RestRequest& request) {
  if (request.query.count("expand") == 0) {
    return RestResponse::Json(200, herder.ListConnectors());
  }
  const std::vector<std::string> expansions = request.QueryAll("expand");
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& name : herder.ListConnectors()) {
    nlohmann::json expanded = nlohmann::json::object();
    bool gone = false;
    for (const std::string& expansion : expansions) {
      if (expansion == "status") {
        auto status = herder.GetConnectorStatus(name);
        if (status.ok()) {
          expanded["status"] = ToJson(*status);
        } else if (status.status().code() == StatusCode::kNotFound) {
          gone = true;
        } else {
          return ErrorFromStatus(status.status());
        }
      } else if (expansion == "info") {
        auto info = herder.GetConnector(name);
        if (info.ok()) {
          expanded["info"] = ToJson(*info);
        } else if (info.status().code() == StatusCode::kNotFound) {
          gone = true;
        } else {
          return ErrorFromStatus(info.status());
        }
      } else {
        SLUICE_LOG_DEBUG("rest", "ignoring unknown expansion type " << Quoted(expansion));
      }
    }
    // A connector deleted while the list was being expanded is left out, as Kafka Connect does.
    if (!gone) out[name] = std::move(expanded);
  }
  return RestResponse::Json(200, std::move(out));
}

RestResponse CreateConnector(worker::Herder& herder, const RestOptions& options,
                             const RestRequest& request) {
  SLUICE_ASSIGN_OR_RESPOND(CreateConnectorRequest create,
                           ParseCreateConnectorRequest(request.body));
  SLUICE_RESPOND_IF_ERROR(CheckAndPutConnectorName(create.name, create.config));
  SLUICE_ASSIGN_OR_RESPOND(
      worker::PutResult result,
      herder.PutConnectorConfig(create.name, std::move(create.config), /*allow_replace=*/false,
                                create.initial_state));
  return Created(options, result.info);
}

RestResponse PutConnectorConfig(worker::Herder& herder, const RestOptions& options,
                                const RestRequest& request) {
  SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(request));
  SLUICE_ASSIGN_OR_RESPOND(worker::StringMap config, ConfigFromJson(request.body));
  SLUICE_RESPOND_IF_ERROR(CheckAndPutConnectorName(name, config));
  SLUICE_ASSIGN_OR_RESPOND(worker::PutResult result,
                           herder.PutConnectorConfig(name, std::move(config),
                                                     /*allow_replace=*/true, std::nullopt));
  if (result.created) return Created(options, result.info);
  return RestResponse::Json(200, ToJson(result.info));
}

RestResponse PatchConnectorConfig(worker::Herder& herder, const RestRequest& request) {
  SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(request));
  SLUICE_ASSIGN_OR_RESPOND(auto patch, ConfigPatchFromJson(request.body));
  auto patched_name = patch.find("name");
  if (patched_name != patch.end()) {
    if (!patched_name->second) {
      return RestResponse::Error(400,
                                 "The name config of connector " + name + " cannot be removed");
    }
    if (*patched_name->second != name) {
      return RestResponse::Error(400, "Connector name configuration (" + *patched_name->second +
                                          ") doesn't match connector name in the URL (" + name +
                                          ")");
    }
  }
  SLUICE_ASSIGN_OR_RESPOND(worker::ConnectorInfo info, herder.PatchConnectorConfig(name, patch));
  return RestResponse::Json(200, ToJson(info));
}

RestResponse RestartConnector(worker::Herder& herder, const RestRequest& request) {
  SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(request));
  SLUICE_ASSIGN_OR_RESPOND(bool include_tasks,
                           ParseBoolParam("includeTasks", request.Query("includeTasks"), false));
  SLUICE_ASSIGN_OR_RESPOND(bool only_failed,
                           ParseBoolParam("onlyFailed", request.Query("onlyFailed"), false));
  SLUICE_ASSIGN_OR_RESPOND(auto restarting,
                           herder.RestartConnector(name, include_tasks, only_failed));
  if (!restarting) return RestResponse::NoBody(204);
  return RestResponse::Json(202, ToJson(*restarting));
}

RestResponse AlterOffsets(worker::Herder& herder, const RestRequest& request) {
  SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(request));
  SLUICE_ASSIGN_OR_RESPOND(auto offsets, ParseAlterOffsetsRequest(request.body));
  SLUICE_ASSIGN_OR_RESPOND(std::string message, herder.AlterOffsets(name, offsets),
                           kOffsetsPreconditionStatus);
  return RestResponse::Json(200, MessageToJson(message));
}

}  // namespace

void AddConnectorRoutes(Router& router, worker::Herder& herder, const RestOptions& options) {
  router.Add("GET", "/connectors", Body::kNone,
             [&herder](const RestRequest& r) { return ListConnectors(herder, r); });
  router.Add("POST", "/connectors", Body::kJsonObject, [&herder, &options](const RestRequest& r) {
    return CreateConnector(herder, options, r);
  });

  router.Add("GET", "/connectors/{connector}", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_ASSIGN_OR_RESPOND(worker::ConnectorInfo info, herder.GetConnector(name));
    return RestResponse::Json(200, ToJson(info));
  });
  router.Add("DELETE", "/connectors/{connector}", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_RESPOND_IF_ERROR(herder.DeleteConnector(name));
    return RestResponse::NoBody(204);
  });

  router.Add("GET", "/connectors/{connector}/config", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_ASSIGN_OR_RESPOND(worker::StringMap config, herder.GetConnectorConfig(name));
    return RestResponse::Json(200, config);
  });
  router.Add(
      "PUT", "/connectors/{connector}/config", Body::kJsonObject,
      [&herder, &options](const RestRequest& r) { return PutConnectorConfig(herder, options, r); });
  router.Add("PATCH", "/connectors/{connector}/config", Body::kJsonObject,
             [&herder](const RestRequest& r) { return PatchConnectorConfig(herder, r); });

  router.Add("GET", "/connectors/{connector}/status", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_ASSIGN_OR_RESPOND(worker::ConnectorStatus status, herder.GetConnectorStatus(name));
    return RestResponse::Json(200, ToJson(status));
  });
  router.Add("GET", "/connectors/{connector}/tasks", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_ASSIGN_OR_RESPOND(auto tasks, herder.GetTaskConfigs(name));
    return RestResponse::Json(200, TaskInfosToJson(name, tasks));
  });
  router.Add("GET", "/connectors/{connector}/tasks-config", Body::kNone,
             [&herder](const RestRequest& r) {
               SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
               SLUICE_ASSIGN_OR_RESPOND(auto tasks, herder.GetTaskConfigs(name));
               return RestResponse::Json(200, TasksConfigToJson(name, tasks));
             });
  router.Add("GET", "/connectors/{connector}/tasks/{task}/status", Body::kNone,
             [&herder](const RestRequest& r) {
               SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
               SLUICE_ASSIGN_OR_RESPOND(int task, ParseTaskId(r.PathParam("task")));
               SLUICE_ASSIGN_OR_RESPOND(worker::TaskStateInfo status,
                                        herder.GetTaskStatus(name, task));
               return RestResponse::Json(200, ToJson(status));
             });
  router.Add("POST", "/connectors/{connector}/tasks/{task}/restart", Body::kNone,
             [&herder](const RestRequest& r) {
               SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
               SLUICE_ASSIGN_OR_RESPOND(int task, ParseTaskId(r.PathParam("task")));
               SLUICE_RESPOND_IF_ERROR(herder.RestartTask(name, task));
               return RestResponse::NoBody(204);
             });

  router.Add("POST", "/connectors/{connector}/restart", Body::kNone,
             [&herder](const RestRequest& r) { return RestartConnector(herder, r); });
  router.Add("PUT", "/connectors/{connector}/pause", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_RESPOND_IF_ERROR(herder.PauseConnector(name));
    return RestResponse::NoBody(202);
  });
  router.Add("PUT", "/connectors/{connector}/resume", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_RESPOND_IF_ERROR(herder.ResumeConnector(name));
    return RestResponse::NoBody(202);
  });
  router.Add("PUT", "/connectors/{connector}/stop", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_RESPOND_IF_ERROR(herder.StopConnector(name));
    return RestResponse::NoBody(204);
  });

  router.Add("GET", "/connectors/{connector}/offsets", Body::kNone,
             [&herder](const RestRequest& r) {
               SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
               SLUICE_ASSIGN_OR_RESPOND(auto offsets, herder.GetOffsets(name));
               return RestResponse::Json(200, OffsetsToJson(offsets));
             });
  router.Add("PATCH", "/connectors/{connector}/offsets", Body::kJsonObject,
             [&herder](const RestRequest& r) { return AlterOffsets(herder, r); });
  router.Add("DELETE", "/connectors/{connector}/offsets", Body::kNone,
             [&herder](const RestRequest& r) {
               SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
               SLUICE_ASSIGN_OR_RESPOND(std::string message, herder.ResetOffsets(name),
                                        kOffsetsPreconditionStatus);
               return RestResponse::Json(200, MessageToJson(message));
             });

  router.Add("GET", "/connectors/{connector}/topics", Body::kNone, [&herder](const RestRequest& r) {
    SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
    SLUICE_ASSIGN_OR_RESPOND(auto topics, herder.GetActiveTopics(name),
                             kTopicTrackingPreconditionStatus);
    return RestResponse::Json(200, ActiveTopicsToJson(name, topics));
  });
  router.Add(
      "PUT", "/connectors/{connector}/topics/reset", Body::kNone, [&herder](const RestRequest& r) {
        SLUICE_ASSIGN_OR_RESPOND(std::string name, ConnectorName(r));
        SLUICE_RESPOND_IF_ERROR(herder.ResetActiveTopics(name), kTopicTrackingPreconditionStatus);
        return RestResponse::NoBody(202);
      });
}

}  // namespace sluice::rest
