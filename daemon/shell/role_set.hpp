// role_set.hpp — the composition of umind: which role components a config
// asks for, built in their start order (store, sync, milter, api) and wired
// to each other (the API works on the store and reaches the sync role).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "base/role.hpp"
#include "daemon/roles/api_role.hpp"

namespace umind {

struct RoleSetOptions {
  std::string stall_file;  // tests only: see StoreRole
};

// Throws std::invalid_argument for a set core/config refuses (role_set_problem).
std::vector<std::unique_ptr<RoleComponent>> make_roles(const Config& c, RoleServices& services, ShellControl control,
                                                       const RoleSetOptions& options);

}  // namespace umind
