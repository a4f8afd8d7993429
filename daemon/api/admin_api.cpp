// admin_api.cpp — route table and handlers of the admin API. Each handler
// is: read fields, call one store operation, shape the JSON. Store refusals
// become 422 (policy), 400 (invalid) or 404 (not found) with the rule.
#include "daemon/api/admin_api.hpp"

#include <tuple>

#include "core/version.hpp"
#include "daemon/api/import_api.hpp"
#include "daemon/api/json_views.hpp"
#include "daemon/api/request_fields.hpp"
#include "daemon/passwords/password_hash.hpp"
#include "daemon/passwords/password_policy.hpp"

namespace umind::api {
namespace {

using nlohmann::json;

// Runs a store operation, translating its refusals into API errors.
template <class F>
auto guarded(F&& op) -> decltype(op()) {
  try {
    return op();
  } catch (const store::OperationError& e) {
    switch (e.kind) {
      case store::ErrorKind::refused: throw ApiError(422, e.rule, e.what());
      case store::ErrorKind::invalid: throw ApiError(400, e.rule, e.what());
      case store::ErrorKind::not_found: throw ApiError(404, "not_found", e.what());
    }
    throw;
  }
}

PasswordKind which_password(const json& body) {
  auto which = optional_string(body, "which").value_or("general");
  if (which == "general") return PasswordKind::general;
  if (which == "indice") return PasswordKind::indice;
  throw ApiError(400, "bad_request", "field 'which': expected general or indice");
}

class Handlers {
 public:
  explicit Handlers(ApiContext& ctx) : ctx_(ctx) {}

  store::Request request(const HttpRequest& r) const { return {r.actor, ctx_.clock.now()}; }
  PasswordScheme scheme() const { return ctx_.config()->passwords.scheme; }

  // A password from the body (checked against the policy) or a random one.
  // Returns {hash, plaintext-if-random}.
  std::pair<std::string, std::optional<std::string>> new_password(const json& body, const std::string& id) const {
    bool random = optional_bool(body, "random", false);
    auto given = optional_string(body, "password");
    if (given && random) throw ApiError(400, "bad_request", "give either 'password' or 'random', not both");
    if (!given) {
      std::string pw = random_password();
      return {hash_password(pw, scheme()), pw};
    }
    if (auto refusal = check_new_password(*given, id)) throw ApiError(422, refusal->rule, refusal->message);
    return {hash_password(*given, scheme()), std::nullopt};
  }

  HttpResponse create(const HttpRequest& r) {
    store::NewAccount a;
    a.id = required_string(r.body, "id");
    auto kind_text = required_string(r.body, "kind");
    auto kind = parse_kind(kind_text);
    if (!kind) throw ApiError(400, "bad_request", "field 'kind': expected one of " + kind_names());
    a.kind = *kind;
    a.name = optional_string(r.body, "name").value_or("");
    a.contact = optional_string(r.body, "contact").value_or("");
    a.affiliation = optional_string(r.body, "affiliation").value_or("");
    a.person_key = optional_string(r.body, "person_key").value_or("");
    auto [hash, plain] = new_password(r.body, a.id);
    a.general_hash = hash;
    Account created = guarded([&] { return ctx_.store.create(a, request(r)); });
    json out = {{"account", to_json(created)}};
    if (plain) out["password"] = *plain;
    return {201, out};
  }

  HttpResponse show(const HttpRequest& r) {
    const auto& id = r.path_params.at("id");
    return guarded([&] {
      Account a = ctx_.store.show(id);
      json aliases = json::array();
      for (const auto& al : ctx_.store.aliases_of(a.id)) aliases.push_back(to_json(al));
      json out = {{"account", to_json(a)}, {"aliases", aliases}};
      if (a.id != id) out["looked_up_as"] = id;
      return HttpResponse{200, out};
    });
  }

  HttpResponse list(const HttpRequest& r) {
    std::optional<Kind> kind;
    std::optional<AccountStatus> status;
    if (auto k = r.query.find("kind"); k != r.query.end() && !(kind = parse_kind(k->second)))
      throw ApiError(400, "bad_request", "query 'kind': expected one of " + kind_names());
    if (auto s = r.query.find("status"); s != r.query.end() && !(status = parse_account_status(s->second)))
      throw ApiError(400, "bad_request", "query 'status': expected active, merged or deleted");
    int limit = 1000;
    if (auto l = r.query.find("limit"); l != r.query.end()) {
      char* end = nullptr;
      long v = std::strtol(l->second.c_str(), &end, 10);
      if (l->second.empty() || *end != '\0' || v < 1 || v > 1'000'000)
        throw ApiError(400, "bad_request", "query 'limit': expected a number from 1 to 1000000");
      limit = static_cast<int>(v);
    }
    // One more than asked tells whether the list was cut: never silently.
    auto accounts = ctx_.store.list(kind, status, limit + 1);
    const bool truncated = accounts.size() > static_cast<std::size_t>(limit);
    if (truncated) accounts.pop_back();
    json out = json::array();
    for (const auto& a : accounts) out.push_back(to_json(a));
    return {200, {{"accounts", out}, {"truncated", truncated}}};
  }

  HttpResponse find(const HttpRequest& r) {
    auto q = r.query.find("q");
    if (q == r.query.end() || q->second.empty()) throw ApiError(400, "bad_request", "query 'q' is required");
    json out = json::array();
    for (const auto& a : guarded([&] { return ctx_.store.find(q->second); })) out.push_back(to_json(a));
    return {200, {{"accounts", out}}};
  }

  HttpResponse update(const HttpRequest& r) {
    store::AccountChanges c{optional_string(r.body, "name"), optional_string(r.body, "contact"),
                            optional_string(r.body, "affiliation")};
    return account_response(guarded([&] { return ctx_.store.update(r.path_params.at("id"), c, request(r)); }));
  }

  HttpResponse rename(const HttpRequest& r) {
    auto new_id = required_string(r.body, "new_id");
    return account_response(guarded([&] { return ctx_.store.rename(r.path_params.at("id"), new_id, request(r)); }));
  }

  HttpResponse merge(const HttpRequest& r) {
    auto into = required_string(r.body, "into");
    return account_response(guarded([&] { return ctx_.store.merge(r.path_params.at("id"), into, request(r)); }));
  }

  HttpResponse handover(const HttpRequest& r) {
    auto contact = required_string(r.body, "contact");
    std::string general = random_password(), indice = random_password();
    Account a = guarded([&] {
      return ctx_.store.handover(r.path_params.at("id"), contact, hash_password(general, scheme()),
                                 hash_password(indice, scheme()), request(r));
    });
    return {200, {{"account", to_json(a)}, {"password", general}, {"indice_password", indice}}};
  }

  HttpResponse remove(const HttpRequest& r) {
    auto reason = optional_string(r.body, "reason").value_or("");
    bool third = optional_bool(r.body, "third_party", false);
    bool override_protection = optional_bool(r.body, "override_protection", false);
    return account_response(guarded([&] {
      return ctx_.store.remove(r.path_params.at("id"), reason, third, override_protection, request(r));
    }));
  }

  HttpResponse password(const HttpRequest& r) {
    const auto& id = r.path_params.at("id");
    PasswordKind which = which_password(r.body);
    bool now = optional_bool(r.body, "now", false);
    std::string hash;  // not a structured binding: clang 14 (the fuzz build) cannot capture one
    std::optional<std::string> plain;
    std::tie(hash, plain) = new_password(r.body, id);
    TimePoint when = guarded([&] { return ctx_.store.change_password(id, which, hash, now, request(r)); });
    json out = {{"id", id}, {"password_kind", to_string(which)}, {"effective_at", format_iso8601(when)}};
    if (plain) out["password"] = *plain;
    return {200, out};
  }

  HttpResponse forward(const HttpRequest& r) {
    if (!r.body.is_object() || !r.body.contains("enabled") || !r.body["enabled"].is_boolean())
      throw ApiError(400, "bad_request", "field 'enabled': expected true or false");
    bool enabled = r.body["enabled"].get<bool>();
    int changed = guarded([&] { return ctx_.store.set_forwarding(r.path_params.at("id"), enabled, request(r)); });
    return {200, {{"id", r.path_params.at("id")}, {"forward_enabled", enabled}, {"aliases_changed", changed}}};
  }

  HttpResponse grant(const HttpRequest& r) {
    auto service = required_string(r.body, "service");
    bool changed = guarded([&] { return ctx_.store.grant(r.path_params.at("id"), service, request(r)); });
    return {200, {{"id", r.path_params.at("id")}, {"service", service}, {"changed", changed}}};
  }

  HttpResponse revoke(const HttpRequest& r) {
    const auto& service = r.path_params.at("service");
    bool changed = guarded([&] { return ctx_.store.revoke(r.path_params.at("id"), service, request(r)); });
    return {200, {{"id", r.path_params.at("id")}, {"service", service}, {"changed", changed}}};
  }

  HttpResponse create_list(const HttpRequest& r) {
    auto name = required_string(r.body, "name");
    auto deliver_to = required_string(r.body, "deliver_to");
    bool protect = optional_bool(r.body, "protect_members", false);
    return list_response(guarded([&] { return ctx_.store.create_list(name, deliver_to, protect, request(r)); }), 201);
  }

  HttpResponse show_list(const HttpRequest& r) {
    return list_response(guarded([&] { return ctx_.store.show_list(r.path_params.at("name")); }));
  }

  HttpResponse add_member(const HttpRequest& r) {
    auto id = required_string(r.body, "id");
    return list_response(guarded([&] { return ctx_.store.add_member(r.path_params.at("name"), id, request(r)); }));
  }

  HttpResponse remove_member(const HttpRequest& r) {
    return list_response(guarded([&] {
      return ctx_.store.remove_member(r.path_params.at("name"), r.path_params.at("id"), request(r));
    }));
  }

  HttpResponse route(const HttpRequest& r) {
    auto a = r.query.find("address");
    if (a == r.query.end() || a->second.empty()) throw ApiError(400, "bad_request", "query 'address' is required");
    auto config = ctx_.config();
    auto directory = ctx_.store.directory();
    TimePoint now = ctx_.clock.now();
    RouteDecision d = route_recipient(routing_rules(*config), *directory, DirectoryFreshness::current(), a->second, now);
    return {200, route_json(d, a->second)};
  }

  HttpResponse status(const HttpRequest&) {
    auto config = ctx_.config();
    json roles = json::array();
    for (Role role : config->roles) roles.push_back(to_string(role));
    json body = {{"version", version},
                 {"roles", roles},
                 {"now", format_iso8601(ctx_.clock.now())},
                 {"passwords_apply", describe(config->passwords.apply)},
                 {"store", to_json(ctx_.store.status())}};
    ctx_.add_role_status(body);
    return {200, body};
  }

  HttpResponse reload(const HttpRequest&) {
    auto [ok, message] = ctx_.reload();
    if (!ok) throw ApiError(422, "config.invalid", message);
    return {200, {{"reloaded", true}, {"message", message}}};
  }

 private:
  static HttpResponse account_response(const Account& a) { return {200, {{"account", to_json(a)}}}; }
  static HttpResponse list_response(const MailingList& l, unsigned status = 200) {
    return {status, {{"list", to_json(l)}}};
  }
  ApiContext& ctx_;
};

}  // namespace

void add_admin_routes(Router& router, ApiContext& ctx, const boost::asio::any_io_executor& store_executor) {
  auto h = std::make_shared<Handlers>(ctx);
  ctx.metrics.describe("umind_api_requests_total", "counter",
                       "admin API requests by route and outcome (ok, refused, invalid, not_found, error)");
  struct OnStore {
    Router& router;
    std::shared_ptr<Handlers> h;
    const boost::asio::any_io_executor& executor;
    Metrics& metrics;
    void add(const char* method, const char* pattern, HttpResponse (Handlers::*fn)(const HttpRequest&)) {
      std::string route = std::string(method) + " " + pattern;
      router.add(
          method, pattern,
          [h = h, fn, route, &m = metrics](const HttpRequest& r) {
            const char* outcome = "error";
            try {
              HttpResponse res = ((*h).*fn)(r);
              outcome = "ok";
              m.add("umind_api_requests_total", {{"route", route}, {"outcome", outcome}});
              return res;
            } catch (const ApiError& e) {
              outcome = e.status == 422 ? "refused" : e.status == 404 ? "not_found" : "invalid";
              m.add("umind_api_requests_total", {{"route", route}, {"outcome", outcome}});
              throw;
            } catch (...) {
              m.add("umind_api_requests_total", {{"route", route}, {"outcome", outcome}});
              throw;
            }
          },
          executor);
    }
  } routes{router, h, store_executor, ctx.metrics};
  routes.add("GET", "/v1/status", &Handlers::status);
  routes.add("POST", "/v1/reload", &Handlers::reload);
  routes.add("GET", "/v1/route", &Handlers::route);
  routes.add("GET", "/v1/find", &Handlers::find);
  routes.add("GET", "/v1/accounts", &Handlers::list);
  routes.add("POST", "/v1/accounts", &Handlers::create);
  routes.add("GET", "/v1/accounts/{id}", &Handlers::show);
  routes.add("PATCH", "/v1/accounts/{id}", &Handlers::update);
  routes.add("POST", "/v1/accounts/{id}/rename", &Handlers::rename);
  routes.add("POST", "/v1/accounts/{id}/merge", &Handlers::merge);
  routes.add("POST", "/v1/accounts/{id}/handover", &Handlers::handover);
  routes.add("POST", "/v1/accounts/{id}/delete", &Handlers::remove);
  routes.add("POST", "/v1/accounts/{id}/password", &Handlers::password);
  routes.add("POST", "/v1/accounts/{id}/forward", &Handlers::forward);
  routes.add("POST", "/v1/accounts/{id}/grants", &Handlers::grant);
  routes.add("DELETE", "/v1/accounts/{id}/grants/{service}", &Handlers::revoke);
  routes.add("POST", "/v1/lists", &Handlers::create_list);
  routes.add("GET", "/v1/lists/{name}", &Handlers::show_list);
  routes.add("POST", "/v1/lists/{name}/members", &Handlers::add_member);
  routes.add("DELETE", "/v1/lists/{name}/members/{id}", &Handlers::remove_member);
  add_import_route(router, ctx, store_executor);
}

}  // namespace umind::api
