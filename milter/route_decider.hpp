// route_decider.hpp — one recipient decided from the milter's context, the
// way every hook-up does it (DESIGN §6, §6a): the replica's snapshot (an
// empty directory before the first load), its end-to-end freshness, the
// current rules, core route_recipient, and the decision counted in the
// milter's metrics (case and latency).
#pragma once
#include <string_view>

#include "core/routing.hpp"
#include "milter/milter_session.hpp"

namespace umind::milter {

RouteDecision decide_recipient(MilterContext& c, std::string_view recipient);

}  // namespace umind::milter
