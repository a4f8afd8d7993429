// directory_status.cpp — reads cn=umind,ou=system and says how old it is.
#include "cli/directory_status.hpp"

#include "base/clock.hpp"
#include "cli/exit_codes.hpp"
#include "core/ldap_names.hpp"
#include "core/time.hpp"
#include "daemon/ldap/connection.hpp"

namespace umind::cli {
int run_directory_status(const Config& config, const Output& out) {
  std::optional<LdapEntry> state;
  try {
    auto conn = ldap::Connection::open(config.ldap, ldap::read_bind_password(config.ldap));
    state = conn.read(ldap_names::sync_state_dn(config.ldap.base_dn),
                      {std::string(ldap_attr::heartbeat), std::string(ldap_attr::sync_seq)});
  } catch (const std::exception& e) {
    std::string why = std::string("cannot read the directory at ") + config.ldap.uri + ": " + e.what();
    out.emit({{"error", "unavailable"}, {"message", why}}, "uminctl: status: " + why, true);
    return exit_unavailable;
  }
  nlohmann::json dir = {{"uri", config.ldap.uri}, {"heartbeat_at", nullptr}, {"heartbeat_age_seconds", nullptr}};
  std::string text = "umind on this host: roles " + to_string(config.roles) + " (no admin API here)\n  directory " +
                     config.ldap.uri + ": ";
  auto beat = state ? parse_generalized_time(first_value(*state, ldap_attr::heartbeat)) : std::nullopt;
  if (beat) {
    auto age = (wall_clock_now() - *beat).count();
    dir["heartbeat_at"] = format_iso8601(*beat);
    dir["heartbeat_age_seconds"] = age;
    text += "heartbeat " + std::to_string(age) + " s old (" + format_iso8601(*beat) + ")";
    if (config.has_role(Role::milter) && age > config.milter.max_staleness.count())
      text += "; older than milter.max_staleness: the milter answers 451 4.3.0 where it would refuse";
  } else {
    text += "no heartbeat (the central host writes none: sync.heartbeat_interval 0s, an older schema, or no sync "
            "yet); the milter judges staleness by its own link only";
  }
  if (state && !first_value(*state, ldap_attr::sync_seq).empty()) {
    dir["applied_seq"] = std::stoll(first_value(*state, ldap_attr::sync_seq));
    text += "; journal row " + first_value(*state, ldap_attr::sync_seq) + " applied";
  }
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : config.roles) roles.push_back(std::string(to_string(r)));
  out.emit({{"roles", roles}, {"directory", dir}}, text, false);
  return exit_ok;
}

}  // namespace umind::cli
