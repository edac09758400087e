// GET / and GET /health.
#include "rest/json_entities.h"
#include "rest/resources.h"

namespace sluice::rest {
namespace {

// Kafka Connect's /health: 200 healthy, 503 still starting, 500 anything else.
int HealthHttpStatus(const std::string& status) {
  if (status == "healthy") return 200;
  if (status == "starting") return 503;
  return 500;
}

}  // namespace

void AddRootRoutes(Router& router, worker::Herder& herder) {
  router.Add("GET", "/", Body::kNone, [&herder](const RestRequest&) {
    return RestResponse::Json(200, ToJson(herder.Info()));
  });
  router.Add("GET", "/health", Body::kNone, [&herder](const RestRequest&) {
    worker::HealthInfo health = herder.Health();
    return RestResponse::Json(HealthHttpStatus(health.status), ToJson(health));
  });
}

}  // namespace sluice::rest
