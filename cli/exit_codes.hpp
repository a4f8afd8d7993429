// exit_codes.hpp — uminctl's exit codes (DESIGN §2), one place for all commands.
#pragma once

namespace umind::cli {
enum ExitCode : int {
  exit_ok = 0,
  exit_refused = 1,      // refused by policy
  exit_usage = 2,        // usage or config error
  exit_not_found = 3,
  exit_unavailable = 4,  // daemon or directory unavailable
};
}  // namespace umind::cli
