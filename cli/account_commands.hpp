// account_commands.hpp — the uminctl commands that go through the admin API
// (account, passwd, forward, grant/revoke, list, route, status, reload).
// Each subcommand, when chosen, leaves a runnable action behind.
#pragma once
#include <functional>

#include <CLI/CLI.hpp>

#include "cli/api_call.hpp"

namespace umind::cli {

using Action = std::function<int()>;

// Sets `action` to a request built when the command runs.
struct Commands {
  const ApiTarget& target;
  const Output& out;
  Action& action;

  void on(CLI::App* cmd, std::function<int()> run) {
    cmd->callback([this, run = std::move(run)] { action = run; });
  }
  int call(const std::string& method, const std::string& path, const nlohmann::json& body,
           const TextFormatter& text) {
    return api_call(target, out, method, path, body, text);
  }
};

// Adds the commands to `app`; the chosen one stores its action in `action`.
// `target` and `out` are read when the action runs (after parsing).
void add_api_commands(CLI::App& app, const ApiTarget& target, const Output& out, Action& action);

}  // namespace umind::cli
