#include "rest/router.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <set>

#include "common/log.h"
#include "rest/url_encoding.h"

namespace sluice::rest {
namespace {

constexpr const char* kLogger = "rest";

// Thrown from the parser callback to stop at the first level that is too deep.
struct TooDeep {};

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  // "/connectors/" is "/connectors", as in Kafka Connect.
  if (!segments.empty() && segments.back().empty()) segments.pop_back();
  return segments;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string JoinMethods(const std::set<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace

std::optional<std::string> RestRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> RestRequest::QueryAll(const std::string& name) const {
  std::vector<std::string> values;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

RestResponse RestResponse::Json(int status, nlohmann::json body) {
  RestResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

RestResponse RestResponse::NoBody(int status) {
  RestResponse r;
  r.status = status;
  return r;
}

RestResponse RestResponse::Error(int status, std::string message) {
  return Json(status, {{"error_code", status}, {"message", std::move(message)}});
}

void Router::Add(std::string method, const std::string& pattern, Body body, RouteHandler handler) {
  routes_.push_back({std::move(method), SplitPath(pattern), body, std::move(handler)});
}

bool Router::Match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (IsParam(want)) {
      if (segments[i].empty()) return false;
      found[want.substr(1, want.size() - 2)] = PercentDecode(segments[i]);
    } else if (want != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

RestResponse Router::Dispatch(const std::string& method, const std::string& target_path,
                              std::multimap<std::string, std::string> query,
                              const std::optional<std::string>& content_type,
                              const std::string& body) const {
  if (target_path.empty() || target_path.front() != '/') {
    return RestResponse::Error(404, "HTTP 404 Not Found: no endpoint at " + target_path);
  }
  const std::vector<std::string> segments = SplitPath(target_path);
  // HEAD is served by the GET endpoint; the HTTP layer drops the body.
  const std::string wanted = method == "HEAD" ? "GET" : method;

  std::set<std::string> allowed;
  const Route* chosen = nullptr;
  RestRequest request;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route, segments, params)) continue;
    allowed.insert(route.method);
    if (route.method == "GET") allowed.insert("HEAD");
    if (chosen == nullptr && route.method == wanted) {
      chosen = &route;
      request.path_params = std::move(params);
    }
  }
  if (allowed.empty()) {
    return RestResponse::Error(404, "HTTP 404 Not Found: no endpoint at " + target_path);
  }
  allowed.insert("OPTIONS");
  if (method == "OPTIONS") {
    RestResponse r = RestResponse::NoBody(204);
    r.headers.emplace_back("Allow", JoinMethods(allowed));
    return r;
  }
  if (chosen == nullptr) {
    RestResponse r = RestResponse::Error(405, "HTTP 405 Method Not Allowed: " + method +
                                                  " is not supported on " + target_path +
                                                  " (allowed: " + JoinMethods(allowed) + ")");
    r.headers.emplace_back("Allow", JoinMethods(allowed));
    return r;
  }

  if (chosen->body == Body::kJsonObject) {
    // Strict on an explicit media type other than JSON, as Kafka Connect is (so `curl -d` without
    // -H 'Content-Type: application/json' gets a 415 naming the type it sent); tolerant of a
    // missing header, which minimal clients omit.
    if (content_type && !content_type->empty() && !IsJsonMediaType(*content_type)) {
      return RestResponse::Error(415,
                                 "HTTP 415 Unsupported Media Type: the request body must be "
                                 "application/json, not " +
                                     *content_type);
    }
    auto parsed = ParseJsonBody(body);
    if (!parsed.ok()) return RestResponse::Error(400, parsed.status().message());
    if (!parsed->is_object()) {
      return RestResponse::Error(
          400, std::string("The request body must be a JSON object, not ") + parsed->type_name());
    }
    request.body = std::move(parsed).value();
  }

  request.method = method;
  request.path = target_path;
  request.query = std::move(query);
  try {
    return chosen->handler(request);
  } catch (const std::exception& e) {
    // Details go to the log only: responses never carry internals.
    SLUICE_LOG_ERROR(kLogger, method << " " << target_path << " failed: " << e.what());
    return RestResponse::Error(500, "Internal server error: the request could not be completed");
  }
}

Result<nlohmann::json> ParseJsonBody(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(
        "The request body is empty; this endpoint expects a JSON object");
  }
  auto depth_guard = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if ((event == nlohmann::json::parse_event_t::object_start ||
         event == nlohmann::json::parse_event_t::array_start) &&
        depth >= kMaxJsonDepth) {
      throw TooDeep{};
    }
    return true;
  };
  try {
    return nlohmann::json::parse(body, depth_guard);
  } catch (const TooDeep&) {
    return Status::InvalidArgument("The request body nests JSON objects or arrays deeper than " +
                                   std::to_string(kMaxJsonDepth) + " levels");
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string what = e.what();
    size_t bracket = what.find("] ");
    return Status::InvalidArgument(
        "The request body is not valid JSON: " +
        (bracket == std::string::npos ? what : what.substr(bracket + 2)));
  }
}

bool IsJsonMediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  size_t b = type.find_first_not_of(" \t");
  size_t e = type.find_last_not_of(" \t");
  type = b == std::string::npos ? "" : type.substr(b, e - b + 1);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "application/json";
}

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sluice::rest
