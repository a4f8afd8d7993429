// import_command.hpp — `uminctl import FILE [--dry-run] [--allow-legacy-ids]`
// (DESIGN §2): uploads an old-system export (.csv or .jsonl) to umind, which
// writes all of it or nothing. Never prints a line of the file or a hash.
#pragma once
#include <CLI/CLI.hpp>

#include "cli/account_commands.hpp"

namespace umind::cli {

// Adds the command to `app`; when chosen it stores its action in `action`.
void add_import_command(CLI::App& app, const ApiTarget& target, const Output& out, Action& action);

}  // namespace umind::cli
