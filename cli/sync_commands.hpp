// sync_commands.hpp — `uminctl sync status | now | reconcile` (DESIGN §2):
// the sync role's progress, a wait until LDAP holds every change made so
// far, and the full compare of the managed subtrees with the store.
#pragma once
#include "cli/account_commands.hpp"

namespace umind::cli {

void add_sync_commands(CLI::App& app, Commands& c);

}  // namespace umind::cli
