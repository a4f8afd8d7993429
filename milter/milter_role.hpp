// milter_role.hpp — the `milter` role of umind: the LDAP replica (ldap_sync)
// and the libmilter listener, with their metrics. Started and stopped by the
// daemon's runtime (with other roles) or by run_milter_alone (roles:
// [milter] on an MX host). Reads LDAP only; writes nothing anywhere.
#pragma once
#include <functional>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "daemon/clock.hpp"
#include "daemon/metrics/metrics.hpp"

namespace umind::milter {

class MilterRole {
 public:
  // `on_unplanned_exit`: libmilter stopped by itself (it caught a signal).
  MilterRole(const Config& c, const Clock& clock, Metrics& metrics, std::function<void()> on_unplanned_exit);
  MilterRole(const MilterRole&) = delete;
  MilterRole& operator=(const MilterRole&) = delete;
  ~MilterRole();

  // Starts the replica and the listener; throws when milter.listen cannot be
  // opened. Mail is answered 451 4.3.0 until the first load completes.
  void start();
  // Stops accepting MTA connections and the replica (bounded, a few seconds).
  void stop();
  // mail.* and milter.max_staleness / on_directory_unavailable from a
  // reloaded config (milter.listen and ldap.* need a restart).
  void reconfigure(const Config& c);
  // The replica for `uminctl status`: loaded, live (following the provider),
  // staleness_seconds (null before the first load), entries by kind.
  nlohmann::json status() const;
  // libmilter stopped without stop() (then on_unplanned_exit ran): the
  // process should exit 1 so that systemd restarts it.
  bool stopped_on_its_own() const noexcept;

  struct Parts;

 private:
  std::shared_ptr<Parts> parts_;
  bool stopped_ = false;
};

}  // namespace umind::milter
