// config.hpp — the whole umind.yaml of DESIGN §7 as typed structs. Every
// member's initializer is its default, so an empty file is a valid
// single-host config; this header is the one table of defaults.
// load_config parses text (no file access): the daemon reads the file.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/duration.hpp"
#include "core/id_policy.hpp"
#include "core/listen_address.hpp"
#include "core/password_schedule.hpp"
#include "core/routing.hpp"

namespace umind {

enum class Role { store, sync, milter, api };
enum class PasswordScheme { sha512crypt, argon2id, ssha512 };
enum class LogLevel { debug, info, notice, warning, error };
enum class LogTarget { journal, stderr_stream, syslog };

std::string_view to_string(Role r);
// "[store, api]": a role list as the YAML writes it, for messages.
std::string to_string(const std::vector<Role>& roles);
std::string_view to_string(PasswordScheme s);

struct StoreConfig {
  std::string path = "/var/lib/umind/umind.db";
};

struct LdapConfig {
  std::string uri = "ldapi:///";
  std::string base_dn = "dc=umin,dc=ac,dc=jp";
  std::string bind_dn;             // empty: SASL EXTERNAL over ldapi
  std::string bind_password_file;  // for simple binds
  std::chrono::seconds timeout{5};
  bool starttls = false;
};

// The URIs of ldap.uri (libldap's list: separated by spaces or commas).
std::vector<std::string_view> ldap_uri_list(std::string_view uris);

struct SyncConfig {
  int batch_size = 1000;
  Duration reconcile_interval = Duration::of_seconds(std::chrono::hours{24});  // 0: never
  double max_delete_fraction = 0.05;
  std::chrono::seconds heartbeat_interval{10};  // uminHeartbeat; 0: none
};

struct PasswordsConfig {
  PasswordScheme scheme = PasswordScheme::sha512crypt;
  PasswordApply apply = ApplyHourly{};
};

struct IdPolicyConfig {
  Duration rename_lock = Duration::of_years(1);
  Duration forward_period = Duration::of_years(1);
  IdPatterns patterns{{"gakkai", "endai", "kaigi", "jimukyoku", "soc(iety)?$", "meet(ing)?$"}, {}};
};

struct MailConfig {
  std::vector<std::string> domains{"umin.ac.jp"};
  std::string recipient_delimiter = "+";
  std::vector<std::string> passthrough{"postmaster", "abuse"};
  ExpiredAliasReply expired_alias_reply = ExpiredAliasReply::unknown;
};

struct MilterConfig {
  // In Postfix's queue directory: a chrooted smtpd reaches it as unix:/umind/milter.sock (DESIGN §7).
  ListenAddress listen{ListenAddress::Kind::unix_socket, "/var/spool/postfix/umind/milter.sock", "", 0};
  std::chrono::seconds max_staleness{600};
  DirectoryUnavailable on_directory_unavailable = DirectoryUnavailable::tempfail;
  // DESIGN §6a: Postfix's socketmap protocol on a unix socket or loopback
  // TCP; none ('') is off.
  std::optional<ListenAddress> socketmap_listen;
};

struct ApiConfig {
  ListenAddress listen{ListenAddress::Kind::unix_socket, "/run/umind/api.sock", "", 0};
  std::string token_file;  // required for inet listeners
  // A unix-socket listener's file: who may administer umind. No bits for
  // "other" (anyone who can connect is an administrator); "" keeps the
  // process's own group.
  unsigned socket_mode = 0660;
  std::string socket_group;
};

struct MetricsConfig {
  std::string listen = "127.0.0.1:9466";  // empty: no metrics listener
};

struct LogConfig {
  LogLevel level = LogLevel::info;
  LogTarget target = LogTarget::journal;
};

struct Config {
  std::vector<Role> roles{Role::store, Role::sync, Role::milter, Role::api};
  std::string domain = "umin.ac.jp";
  StoreConfig store;
  LdapConfig ldap;
  SyncConfig sync;
  PasswordsConfig passwords;
  IdPolicyConfig id_policy;
  MailConfig mail;
  MilterConfig milter;
  ApiConfig api;
  MetricsConfig metrics;
  LogConfig log;

  bool has_role(Role r) const;
  // The files holding secrets this config names (for --check-config).
  std::vector<std::pair<std::string, std::string>> secret_files() const;  // {key, path}
};

// One problem found in a config file, located like a compiler error.
struct ConfigError {
  std::string file;
  int line = 0;  // 1-based
  int column = 0;
  std::string key;  // dotted path, e.g. "sync.batch_size"
  std::string message;
  // "umind.yaml:14:3: sync.batch_size: expected a positive integer, got \"many\""
  std::string to_string() const;
};

// Either the config or every error found (all of them, in file order).
using ConfigResult = std::variant<Config, std::vector<ConfigError>>;

// Checks of the host a config will run on, for --check-config. Each says what
// is wrong ("" when fine). The core never touches the system; the daemon
// passes real checks, tests pass fakes, and an empty one is not run.
struct HostChecks {
  // missing, unreadable, empty, open to others; `key` is the *_file key
  std::function<std::string(std::string_view key, const std::string& path)> secret_file;
  std::function<std::string(const std::string& name)> group;        // no such group
};

// Parses YAML text; `file_name` is only used in error messages. Every
// non-empty *_file key goes to `host.secret_file`, every group name to
// `host.group`, when they are given.
ConfigResult load_config(std::string_view yaml_text, std::string_view file_name, const HostChecks& host = {});

// Why umind cannot run this set of roles ("" when it can): any set with
// store, or [milter] alone (an MX host next to a slapd replica).
std::string role_set_problem(const std::vector<Role>& roles);

// The routing rules of the milter and `uminctl route`, from the config.
RoutingRules routing_rules(const Config& c);

}  // namespace umind
