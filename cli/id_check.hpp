// id_check.hpp — `uminctl id check ID [--kind KIND]`: the ID policy of
// DESIGN §3 without a daemon (syntax, kind rules, configured patterns).
#pragma once
#include <optional>
#include <string>

#include "cli/output.hpp"
#include "core/config.hpp"

namespace umind::cli {

// Returns the exit code: 0 acceptable, 1 refused (reason printed).
int run_id_check(const Config& config, const std::string& id, const std::optional<Kind>& kind,
                 const Output& out);

}  // namespace umind::cli
