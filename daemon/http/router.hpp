// router.hpp — the admin API's route table: METHOD + path pattern with {name}
// segments → handler, and where that handler runs. Matching only: it never
// touches a socket and never calls a handler itself (HttpServer does).
// Fill it completely before HttpServer::listen; it is read-only afterwards.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "daemon/http/http_types.hpp"

namespace umind {

struct RouteOptions {
  // Where the handler runs. Empty: inline on the server's io_context thread
  // (keep such handlers quick: they hold up that thread). Give the store's
  // writer executor for writes; the response is carried back to the server.
  std::optional<boost::asio::any_io_executor> executor;
  // Accept non-JSON bodies (text/csv, application/x-ndjson, …): they reach the
  // handler in raw_body with body null. Without it, a non-empty body must be
  // JSON, else 400 bad_json. A JSON Content-Type (or none) is parsed either way.
  bool raw_body = false;
};

class Router {
 public:
  // Synchronous; throws ApiError for a client-visible error. Any other
  // exception becomes 500 "internal error" (its what() goes to stderr only).
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  struct Route {
    std::string method;                 // "POST"
    std::string pattern;                // "/v1/accounts/{id}/rename"
    std::vector<std::string> segments;  // {"v1", "accounts", "{id}", "rename"}
    Handler handler;
    RouteOptions options;
  };

  struct Match {
    const Route* route = nullptr;       // null: 404 (allowed empty) or 405
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;   // with route null: the path's methods, sorted
  };

  // Throws std::invalid_argument for a malformed method or pattern, or one
  // that duplicates an existing route ("/a/{x}" and "/a/{y}" are the same).
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void add(std::string method, std::string pattern, Handler handler, boost::asio::any_io_executor executor);

  // `segments` are decoded path segments (split_path). Literal segments beat
  // {params}, leftmost first: "/v1/accounts/find" wins over "/v1/accounts/{id}".
  Match match(std::string_view method, const std::vector<std::string>& segments) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace umind
