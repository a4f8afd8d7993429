// http_request.cpp — fuzzes the admin API's transport fast: the input is the
// byte stream of one unix-socket connection (fuzz/http_exchange.hpp: the
// real session, Beast parser, header and body limits, 100-continue, router,
// target and query decoding, JSON body parsing, error mapping) to light
// stand-in handlers on the admin API's route patterns, which read their
// fields with the real daemon/api/request_fields and answer from an
// in-memory map. About three times the executions of fuzz/admin_api (the
// real handlers over the store) for the same time, spent on the parsing of
// hostile bytes. Checks: no crash or sanitizer report, only well-formed HTTP
// responses come back, no 500, and the connection always ends.
#include <map>

#include "core/id_policy.hpp"
#include "daemon/api/request_fields.hpp"
#include "fuzz/http_exchange.hpp"

using namespace umind;
namespace net = boost::asio;
using nlohmann::json;

namespace {

// The admin API's shapes over a map of ID -> name; ApiError for bad input as
// the real handlers do.
struct Handlers {
  std::map<std::string, std::string> accounts;

  static const std::string& valid_id(const std::string& id) {
    if (auto refusal = check_id_syntax(id)) throw ApiError(400, "bad_id", refusal->message);
    return id;
  }
  const std::string& existing(const std::string& id) {
    if (accounts.count(valid_id(id)) == 0) throw ApiError(404, "not_found", "no account");
    return id;
  }
  void add_to(Router& router) {
    router.add("GET", "/v1/status", [this](const HttpRequest&) { return HttpResponse{200, {{"accounts", accounts.size()}}}; });
    router.add("POST", "/v1/accounts", [this](const HttpRequest& r) {
      auto id = api::required_string(r.body, "id");
      (void)api::required_string(r.body, "kind");
      auto name = api::optional_string(r.body, "name").value_or("");
      (void)api::optional_string(r.body, "password");
      if (!accounts.emplace(valid_id(id), name).second) throw ApiError(409, "exists", "exists");
      if (accounts.size() > 1000) accounts.clear();
      return HttpResponse{201, {{"account", {{"id", id}, {"name", name}}}}};
    });
    router.add("GET", "/v1/accounts", [this](const HttpRequest& r) {
      json out = json::array();
      for (const auto& [id, name] : accounts) out.push_back({{"id", id}, {"name", name}});
      return HttpResponse{200, {{"accounts", out}, {"query", r.query}}};
    });
    router.add("GET", "/v1/accounts/{id}", [this](const HttpRequest& r) {
      const auto& id = existing(r.path_params.at("id"));
      return HttpResponse{200, {{"account", {{"id", id}, {"name", accounts[id]}}}, {"actor", r.actor}}};
    });
    router.add("PATCH", "/v1/accounts/{id}", [this](const HttpRequest& r) {
      const auto& id = existing(r.path_params.at("id"));
      if (auto n = api::optional_string(r.body, "name")) accounts[id] = *n;
      return HttpResponse{200, {{"id", id}}};
    });
    router.add("POST", "/v1/accounts/{id}/rename", [this](const HttpRequest& r) {
      const auto& id = existing(r.path_params.at("id"));
      auto new_id = api::required_string(r.body, "new_id");
      auto name = accounts[id];
      accounts.erase(id);
      accounts[valid_id(new_id)] = name;
      return HttpResponse{200, {{"id", new_id}}};
    });
    router.add("POST", "/v1/accounts/{id}/delete", [this](const HttpRequest& r) {
      (void)api::optional_bool(r.body, "third_party", false);
      (void)api::optional_string(r.body, "reason");
      accounts.erase(existing(r.path_params.at("id")));
      return HttpResponse{204};
    });
    router.add("DELETE", "/v1/accounts/{id}/grants/{service}", [this](const HttpRequest& r) {
      existing(r.path_params.at("id"));
      return HttpResponse{200, {{"service", r.path_params.at("service")}}};
    });
    router.add("GET", "/v1/find", [this](const HttpRequest& r) {
      auto q = r.query.find("q");
      if (q == r.query.end() || q->second.empty()) throw ApiError(400, "bad_request", "query 'q' is required");
      json out = json::array();
      for (const auto& [id, name] : accounts)
        if (id.find(q->second) != std::string::npos || name.find(q->second) != std::string::npos) out.push_back(id);
      return HttpResponse{200, {{"accounts", out}}};
    });
    RouteOptions raw;
    raw.raw_body = true;
    router.add("POST", "/v1/import", [](const HttpRequest& r) {
      std::size_t lines = 0;
      for (char c : r.raw_body) lines += c == '\n';
      return HttpResponse{200, {{"lines", lines}, {"content_type", r.content_type}, {"json", !r.body.is_null()}}};
    }, raw);
    router.add("GET", "/v1/export.ldif", [](const HttpRequest&) {
      HttpResponse res{200};
      res.text = "dn: dc=umin,dc=ac,dc=jp\n";
      res.text_type = "text/x-ldif";
      return res;
    });
  }
};

struct World {
  World() {
    handlers.add_to(router);
    HttpServerLimits limits;
    limits.max_body_bytes = 2048;  // both limits reachable with -max_len=4096
    limits.request_timeout = std::chrono::seconds(2);
    limits.body_limit_overrides["/v1/import"] = 3072;
    state = std::make_shared<http_detail::ServerState>(io, router, limits);
  }
  Handlers handlers;
  Router router;
  net::io_context io;
  std::shared_ptr<http_detail::ServerState> state;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  world.handlers.accounts.clear();  // each input starts from the same state
  fuzz::split_responses(fuzz::exchange(world.io, world.state, data, size));
  return 0;
}
