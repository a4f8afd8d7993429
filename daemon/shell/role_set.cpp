// role_set.cpp — building the role components of a config.
#include "daemon/shell/role_set.hpp"

#include <stdexcept>

#include "daemon/roles/store_role.hpp"
#include "daemon/sync/sync_role.hpp"
#include "milter/milter_role.hpp"

namespace umind {

std::vector<std::unique_ptr<RoleComponent>> make_roles(const Config& c, RoleServices& services, ShellControl control,
                                                       const RoleSetOptions& options) {
  if (std::string problem = role_set_problem(c.roles); !problem.empty()) throw std::invalid_argument("roles: " + problem);
  std::vector<std::unique_ptr<RoleComponent>> roles;
  StoreRole* store = nullptr;
  sync::SyncRole* sync = nullptr;
  if (c.has_role(Role::store)) {
    auto r = std::make_unique<StoreRole>(c, services, options.stall_file);
    store = r.get();
    roles.push_back(std::move(r));
  }
  if (c.has_role(Role::sync)) {
    auto r = std::make_unique<sync::SyncRole>(sync::sync_role_config(c), services);
    sync = r.get();
    roles.push_back(std::move(r));
  }
  if (c.has_role(Role::milter)) roles.push_back(std::make_unique<milter::MilterRole>(c, services));
  if (c.has_role(Role::api)) roles.push_back(std::make_unique<ApiRole>(c, services, *store, sync, std::move(control)));
  return roles;
}

}  // namespace umind
