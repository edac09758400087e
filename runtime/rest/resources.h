// The endpoints of Kafka Connect's REST API, grouped as Kafka Connect groups its resources. Each
// function registers its endpoints on the router; the handlers hold references to their
// arguments, which must outlive the router.
#pragma once

#include "rest/rest_options.h"
#include "rest/router.h"
#include "worker/herder.h"

namespace sluice::rest {

// GET /, GET /health
void AddRootRoutes(Router& router, worker::Herder& herder);
// /connectors and everything below it.
void AddConnectorRoutes(Router& router, worker::Herder& herder, const RestOptions& options);
// /connector-plugins and everything below it.
void AddConnectorPluginRoutes(Router& router, worker::Herder& herder);
// /admin/loggers: log levels of this worker, changed at run time.
void AddLoggerRoutes(Router& router);

}  // namespace sluice::rest
