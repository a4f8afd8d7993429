// socketmap.cpp — request parsing and the §6a answer table.
#include "core/socketmap.hpp"

#include <algorithm>

namespace umind {
namespace {

constexpr std::string_view not_found = "NOTFOUND ";

// Postfix never sends control characters; anything else (a quoted local
// part with spaces, UTF-8) is for route_recipient to judge.
bool has_control_characters(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

std::string ok(std::string_view data) { return "OK " + std::string(data); }

std::string access_answer(const RouteDecision& d) {
  switch (d.action) {
    case RouteAction::pass:
    case RouteAction::accept:
    case RouteAction::rewrite: return std::string(not_found);
    case RouteAction::reject:
    case RouteAction::tempfail: break;
  }
  return ok(std::string(d.smtp_code) + " " + std::string(d.enhanced) + " " + d.reply_text);
}

std::string route_answer(const RouteDecision& d) {
  if (d.action == RouteAction::rewrite) return ok(d.new_address);
  // Not loaded (or a list without destination): a directory problem. The
  // access map has tempfailed the RCPT already; a lone route lookup must not
  // let the mail through untouched either.
  if (d.route_case == RouteCase::unavailable) return "TEMP " + d.reply_text;
  return std::string(not_found);
}

}  // namespace

SocketmapParse parse_socketmap_request(std::string_view payload) {
  if (payload.size() > socketmap_max_request) return {std::nullopt, "request too long"};
  auto space = payload.find(' ');
  if (space == std::string_view::npos) return {std::nullopt, "expected 'MAPNAME KEY'"};
  std::string_view name = payload.substr(0, space), key = payload.substr(space + 1);
  if (key.empty()) return {std::nullopt, "empty key"};
  if (has_control_characters(key)) return {std::nullopt, "control characters in the key"};
  if (name == "access") return {SocketmapRequest{SocketmapMap::access, key}, {}};
  if (name == "route") return {SocketmapRequest{SocketmapMap::route, key}, {}};
  return {std::nullopt, "unknown map name (umind serves access and route)"};
}

std::string socketmap_answer(SocketmapMap map, const RouteDecision& d) {
  return map == SocketmapMap::access ? access_answer(d) : route_answer(d);
}

std::string socketmap_refusal(std::string_view why) { return "PERM " + std::string(why); }

bool is_partial_key(std::string_view key) {
  const auto at = key.find('@');
  return at == std::string_view::npos || at == 0 || at == key.size() - 1;
}

}  // namespace umind
