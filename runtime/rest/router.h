// Matches a request to an endpoint and applies the request hygiene every endpoint shares:
// percent-decoding of path segments, 404 for unknown paths, 405 (with Allow) for a known path and a
// method it does not serve, and, for endpoints that take a body, the Content-Type check (415) and
// the JSON parse (400). Its interface does not depend on the HTTP library: the server feeds it the
// raw request parts and writes out the RestResponse.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace sluice::rest {

struct RestRequest {
  std::string method;
  std::string path;                                // as received, still percent-encoded
  std::map<std::string, std::string> path_params;  // decoded, by the {name} in the pattern
  std::multimap<std::string, std::string> query;   // decoded
  nlohmann::json body;  // parsed JSON for endpoints that take a body, else null

  const std::string& PathParam(const std::string& name) const { return path_params.at(name); }
  // The first value of a query parameter, if present.
  std::optional<std::string> Query(const std::string& name) const;
  std::vector<std::string> QueryAll(const std::string& name) const;
};

struct RestResponse {
  int status = 200;
  std::optional<nlohmann::json> body;  // none: an empty body (204, 202 ...)
  std::vector<std::pair<std::string, std::string>> headers;

  static RestResponse Json(int status, nlohmann::json body);
  static RestResponse NoBody(int status);
  // Kafka's ErrorMessage: {"error_code": <status>, "message": "..."}.
  static RestResponse Error(int status, std::string message);
};

using RouteHandler = std::function<RestResponse(const RestRequest&)>;

// What an endpoint takes in its body. Every Kafka Connect body is a JSON object.
enum class Body { kNone, kJsonObject };

class Router {
 public:
  // `pattern` is a path such as "/connectors/{connector}/tasks/{task}/status"; a {name} segment
  // matches one non-empty path segment.
  void Add(std::string method, const std::string& pattern, Body body, RouteHandler handler);

  // `target_path` is the request path without the query string, still percent-encoded, so that an
  // encoded '/' (%2F) inside a name stays inside its segment.
  RestResponse Dispatch(const std::string& method, const std::string& target_path,
                        std::multimap<std::string, std::string> query,
                        const std::optional<std::string>& content_type,
                        const std::string& body) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // literal, or "{name}"
    Body body;
    RouteHandler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>& params);

  std::vector<Route> routes_;
};

// Parses a request body as JSON (kInvalidArgument naming what is wrong). Objects and arrays nested
// deeper than kMaxJsonDepth are refused, which keeps every later walk of the value (and its
// rendering) shallow.
inline constexpr int kMaxJsonDepth = 64;
Result<nlohmann::json> ParseJsonBody(const std::string& body);

// True for "application/json", with or without parameters such as "; charset=utf-8".
bool IsJsonMediaType(const std::string& content_type);

// Serialises a response body; text that is not valid UTF-8 is replaced rather than refused.
std::string DumpJson(const nlohmann::json& value);

}  // namespace sluice::rest
