// config_reload.cpp — the settings that take effect only on restart.
#include "core/config_reload.hpp"

namespace umind {

std::vector<std::string> restart_only_changes(const Config& a, const Config& b) {
  std::vector<std::string> changed;
  auto check = [&changed](bool differs, const char* key) {
    if (differs) changed.emplace_back(key);
  };
  check(a.roles != b.roles, "roles");
  check(a.domain != b.domain, "domain");
  check(a.store.path != b.store.path, "store.path");
  check(a.ldap.uri != b.ldap.uri, "ldap.uri");
  check(a.ldap.base_dn != b.ldap.base_dn, "ldap.base_dn");
  check(a.ldap.bind_dn != b.ldap.bind_dn, "ldap.bind_dn");
  check(a.ldap.bind_password_file != b.ldap.bind_password_file, "ldap.bind_password_file");
  check(a.ldap.timeout != b.ldap.timeout, "ldap.timeout");
  check(a.ldap.starttls != b.ldap.starttls, "ldap.starttls");
  check(a.sync.batch_size != b.sync.batch_size, "sync.batch_size");
  check(!(a.sync.reconcile_interval == b.sync.reconcile_interval), "sync.reconcile_interval");
  check(a.sync.max_delete_fraction != b.sync.max_delete_fraction, "sync.max_delete_fraction");
  check(a.milter.listen.to_string() != b.milter.listen.to_string(), "milter.listen");
  auto socketmap = [](const Config& c) { return c.milter.socketmap_listen ? c.milter.socketmap_listen->to_string() : ""; };
  check(socketmap(a) != socketmap(b), "milter.socketmap_listen");
  check(a.api.listen.to_string() != b.api.listen.to_string(), "api.listen");
  check(a.api.token_file != b.api.token_file, "api.token_file");
  check(a.api.socket_mode != b.api.socket_mode, "api.socket_mode");
  check(a.api.socket_group != b.api.socket_group, "api.socket_group");
  check(a.metrics.listen != b.metrics.listen, "metrics.listen");
  return changed;
}

std::string restart_note(const Config& running, const Config& fresh) {
  auto keys = restart_only_changes(running, fresh);
  if (keys.empty()) return {};
  std::string note = " (";
  for (std::size_t i = 0; i < keys.size(); ++i) note += (i ? ", " : "") + keys[i];
  return note + (keys.size() == 1 ? " takes" : " take") + " effect only on restart)";
}

}  // namespace umind
