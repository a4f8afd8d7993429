// wire.cpp — Beast message ↔ HttpRequest/HttpResponse. No I/O here.
#include "daemon/http/wire.hpp"

#include "daemon/http/json_text.hpp"
#include "daemon/http/url.hpp"

namespace umind::http_detail {

namespace http = boost::beast::http;

std::optional<TargetParts> parse_target(std::string_view target) {
  auto split = split_target(target);
  auto segments = split_path(split.path);
  if (!segments) return std::nullopt;
  auto query = parse_query(split.query);
  if (!query) return std::nullopt;
  return TargetParts{std::string(split.path), std::move(*segments), std::move(*query)};
}

std::string sanitize_actor(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 128)) out += (c >= 0x20 && c <= 0x7e) ? c : '?';
  return out;
}

std::string actor_of(const std::string& verified, std::string_view claimed) {
  if (claimed.empty()) return verified;
  return verified + " (claimed: " + sanitize_actor(claimed) + ")";
}

std::variant<HttpRequest, HttpResponse> build_request(const RequestHeader& header, TargetParts target,
                                                      std::map<std::string, std::string> params,
                                                      const RouteOptions& options, std::string body,
                                                      const PeerIdentity& peer) {
  HttpRequest req;
  req.method = std::string(sv(header.method_string()));
  req.target = std::move(target.path);
  req.query = std::move(target.query);
  req.path_params = std::move(params);
  req.content_type = std::string(sv(header[http::field::content_type]));
  req.peer = peer.name;
  auto claimed = header.find("X-Umind-Actor");
  req.actor = actor_of(peer.verified, claimed == header.end() ? std::string_view{} : sv(claimed->value()));
  if (!body.empty()) {
    bool json = req.content_type.empty() || is_json_media_type(req.content_type);
    if (json) {
      std::string error;
      auto parsed = parse_json(body, error);
      if (!parsed) return error_response(400, "bad_json", "request body is " + error);
      req.body = std::move(*parsed);
    } else if (!options.raw_body) {
      return error_response(400, "bad_json", "expected a JSON body (Content-Type: application/json), got " +
                                                 sanitize_actor(req.content_type));
    }
  }
  req.raw_body = std::move(body);
  return req;
}

http::response<http::string_body> to_wire(const HttpResponse& response, unsigned version, bool keep_alive,
                                          const ReplyExtras& extras) {
  unsigned status = response.status >= 100 && response.status <= 599 ? response.status : 500;
  http::response<http::string_body> res;
  res.version(version);
  res.result(status);
  res.set(http::field::server, "umind");
  bool text = !response.text_type.empty() && status == response.status;
  res.set(http::field::content_type, text ? response.text_type : std::string("application/json"));
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  if (!extras.allow.empty()) {
    std::string allow;
    for (const auto& m : extras.allow) allow += (allow.empty() ? "" : ", ") + m;
    res.set(http::field::allow, allow);
  }
  if (extras.authenticate) res.set(http::field::www_authenticate, "Bearer realm=\"umind\"");
  if (status != 204 && status != 304) {
    if (status != response.status)
      res.body() = dump_json({{"error", "internal"}, {"message", "internal error"}});
    else if (text)
      res.body() = response.text;
    else
      res.body() = response.body.is_null() ? std::string("{}") : dump_json(response.body);
  }
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace umind::http_detail
