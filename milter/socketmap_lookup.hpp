// socketmap_lookup.hpp — one socketmap request answered from the milter's
// context (DESIGN §6a): parsed (malformed → PERM), decided by the same
// route_recipient as the milter's RCPT, answered per map, and logged like
// the milter logs (every decision of `access`, one per RCPT; rewrites of
// `route` at debug level, since smtpd and cleanup both ask for them).
#pragma once
#include <string>
#include <string_view>

#include "milter/milter_session.hpp"

namespace umind::milter {

// The reply payload (before netstring framing) to one request payload.
std::string answer_socketmap_request(MilterContext& c, std::string_view request);

}  // namespace umind::milter
