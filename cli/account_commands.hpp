// account_commands.hpp — the uminctl commands that go through the admin API
// (account, passwd, forward, grant/revoke, list, route, status, reload).
// Each subcommand, when chosen, leaves a runnable action behind.
#pragma once
#include <functional>

#include <CLI/CLI.hpp>

#include "cli/api_call.hpp"

namespace umind::cli {

using Action = std::function<int()>;

// Adds the commands to `app`; the chosen one stores its action in `action`.
// `target` and `out` are read when the action runs (after parsing).
void add_api_commands(CLI::App& app, const ApiTarget& target, const Output& out, Action& action);

}  // namespace umind::cli
