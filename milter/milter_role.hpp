// milter_role.hpp — the `milter` role of umind: the LDAP replica (ldap_sync),
// the libmilter listener and, with milter.socketmap_listen, the socketmap
// server (DESIGN §6a) answering from the same replica, with their metrics. A role component of the
// daemon shell, alone on an MX host (roles: [milter]) or beside the others.
// Reads LDAP only; writes nothing anywhere.
#pragma once
#include <functional>
#include <memory>

#include "base/role.hpp"

namespace umind::milter {

class MilterRole final : public RoleComponent {
 public:
  // libmilter stopping by itself (it caught a signal) is reported through
  // services.fail: umind then exits 1 for a restart.
  MilterRole(const Config& c, RoleServices& services);
  MilterRole(const MilterRole&) = delete;
  MilterRole& operator=(const MilterRole&) = delete;
  ~MilterRole() override;

  std::string_view name() const noexcept override { return "milter"; }
  // Starts the replica, the listener and the socketmap server; throws when
  // milter.listen or milter.socketmap_listen cannot be opened. Mail is answered 451 4.3.0 until the first load completes.
  void start() override;
  // Stops accepting MTA connections and the replica (bounded, a few seconds).
  void stop() override;
  // mail.* and milter.max_staleness / on_directory_unavailable from a
  // reloaded config (milter.listen, milter.socketmap_listen and ldap.* need a
  // restart).
  void reconfigure(const Config& c) override;
  // "milter" in `uminctl status`: loaded, live (following slapd),
  // staleness_seconds (end to end; null before the first load),
  // heartbeat_age_seconds (null when the replica holds none), entries by kind.
  void add_status(nlohmann::json& body) const override;
  // The listener thread still serves, the replica thread beats and the
  // socketmap thread runs the probe posted to it.
  std::string check_alive(std::chrono::steady_clock::duration period) override;

  struct Parts;

 private:
  std::shared_ptr<Parts> parts_;
  std::chrono::steady_clock::duration replica_allowance_;
  bool stopped_ = false;
};

}  // namespace umind::milter
