// socketmap_lookup.cpp — request → decision → answer, and its log line.
#include "milter/socketmap_lookup.hpp"

#include "base/log.hpp"
#include "core/socketmap.hpp"
#include "milter/route_decider.hpp"

namespace umind::milter {

std::string answer_socketmap_request(MilterContext& c, std::string_view request) {
  SocketmapParse parsed = parse_socketmap_request(request);
  if (!parsed.request) return socketmap_refusal(parsed.error);
  const SocketmapRequest& r = *parsed.request;
  RouteDecision d = decide_recipient(c, r.key);
  // One line per RCPT decision: access, for the whole address (route is
  // asked again by smtpd and cleanup for the same recipient).
  const bool refused = d.action == RouteAction::reject || d.action == RouteAction::tempfail;
  if (r.map == SocketmapMap::access && (refused || !is_partial_key(r.key)))
    log_info("milter socketmap: " + explain(d, r.key));
  if (r.map == SocketmapMap::route && d.action == RouteAction::rewrite) {
    if (log_enabled(LogLevel::debug)) log_debug("milter socketmap: " + explain(d, r.key));
    c.metrics.count_rewrites(1);
  }
  return socketmap_answer(r.map, d);
}

}  // namespace umind::milter
