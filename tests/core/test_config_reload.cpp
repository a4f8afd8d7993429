// test_config_reload.cpp — which changed settings a reload names as needing a restart.
#include <catch2/catch.hpp>

#include "core/config_reload.hpp"

using namespace umind;

TEST_CASE("config reload: nothing changed, nothing to restart", "[config]") {
  Config c;
  CHECK(restart_only_changes(c, c).empty());
}

TEST_CASE("config reload: the reloadable sections are not named", "[config]") {
  Config a, b;
  b.mail.expired_alias_reply = ExpiredAliasReply::moved_to;
  b.milter.max_staleness = std::chrono::seconds(60);
  b.passwords.apply = ApplyImmediately{};
  b.log.level = LogLevel::debug;
  CHECK(restart_only_changes(a, b).empty());
}

TEST_CASE("config reload: settings read at start are named by their keys", "[config]") {
  Config a, b;
  b.ldap.uri = "ldap://other/";
  b.sync.batch_size = 10;
  b.milter.listen = ListenAddress{ListenAddress::Kind::inet, "", "127.0.0.1", 9999};
  b.metrics.listen = "";
  b.milter.socketmap_listen = ListenAddress{ListenAddress::Kind::unix_socket, "/run/umind/socketmap.sock", "", 0};
  b.sync.reconcile_interval = Duration::of_seconds(std::chrono::hours{1});
  CHECK(restart_only_changes(a, b) ==
        std::vector<std::string>{"ldap.uri", "sync.batch_size", "sync.reconcile_interval", "milter.listen",
                                 "milter.socketmap_listen", "metrics.listen"});
}
