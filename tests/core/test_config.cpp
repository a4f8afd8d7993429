// test_config.cpp — umind.yaml loading: defaults, every value form, and
// error cases that each assert the exact file:line:col and key.
#include <catch2/catch.hpp>

#include "core/config.hpp"

using namespace umind;
using namespace std::chrono;

namespace {

Config load_ok(const std::string& yaml) {
  auto r = load_config(yaml, "umind.yaml");
  if (auto* errors = std::get_if<std::vector<ConfigError>>(&r)) {
    for (const auto& e : *errors) UNSCOPED_INFO(e.to_string());
    FAIL("config was refused");
  }
  return std::get<Config>(r);
}

std::vector<std::string> load_errors(const std::string& yaml, const HostChecks& host = {}) {
  auto r = load_config(yaml, "umind.yaml", host);
  std::vector<std::string> out;
  if (auto* errors = std::get_if<std::vector<ConfigError>>(&r))
    for (const auto& e : *errors) out.push_back(e.to_string());
  return out;
}

struct ErrorCase {
  const char* yaml;
  const char* error;  // the whole first line, exactly
};

const ErrorCase error_cases[] = {
    {"sync:\n  batch_size: many\n",
     "umind.yaml:2:3: sync.batch_size: expected a positive integer (at most 1000000), got \"many\""},
    {"sync:\n  batch_size: 0\n",
     "umind.yaml:2:3: sync.batch_size: expected a positive integer (at most 1000000), got \"0\""},
    {"sync:\n  batchsize: 10\n", "umind.yaml:2:3: sync.batchsize: unknown key (did you mean 'batch_size'?)"},
    {"colour: blue\n", "umind.yaml:1:1: colour: unknown key"},
    {"sync:\n  max_delete_fraction: 1.5\n",
     "umind.yaml:2:3: sync.max_delete_fraction: expected a number from 0 to 1, got \"1.5\""},
    {"sync:\n  reconcile_interval: 1x\n",
     "umind.yaml:2:3: sync.reconcile_interval: expected a duration like 30s, 10m, 1h, 365d or 1y, got \"1x\""},
    {"ldap:\n  timeout: 1y\n",
     "umind.yaml:2:3: ldap.timeout: expected a positive duration like 30s, 10m or 1h, got \"1y\""},
    {"ldap:\n  bind_password: hunter2\n",
     "umind.yaml:2:3: ldap.bind_password: secrets are not accepted in the YAML file; write the secret to a "
     "file and name it in the matching *_file key"},
    {"ldap:\n  uri: http://x\n",
     "umind.yaml:2:3: ldap.uri: expected ldap://, ldaps:// or ldapi:// URIs, got \"http://x\""},
    {"ldap:\n  base_dn: umin\n", "umind.yaml:2:3: ldap.base_dn: expected a DN like dc=umin,dc=ac,dc=jp, got \"umin\""},
    {"ldap:\n  starttls: yes\n", "umind.yaml:2:3: ldap.starttls: expected true or false, got \"yes\""},
    {"ldap:\n  bind_dn: cn=umind,dc=x\n",
     "umind.yaml:2:3: ldap.bind_password_file: a simple bind as ldap.bind_dn needs ldap.bind_password_file"},
    {"ldap:\n  bind_password_file: relative.secret\n",
     "umind.yaml:2:3: ldap.bind_password_file: expected an absolute path (starting with /), got \"relative.secret\""},
    {"passwords:\n  scheme: md5\n",
     "umind.yaml:2:3: passwords.scheme: expected one of sha512crypt, argon2id, ssha512, got \"md5\""},
    {"passwords:\n  apply: weekly\n",
     "umind.yaml:2:3: passwords.apply: expected one of hourly, immediate, got \"weekly\""},
    {"passwords:\n  apply: {delay: 0s}\n",
     "umind.yaml:2:11: passwords.apply.delay: expected a positive duration like 30s, 10m, 1h, 365d or 1y, got \"0s\""},
    {"passwords:\n  apply: {wait: 1h}\n", "umind.yaml:2:11: passwords.apply.wait: unknown key"},
    {"roles: [store, milter, store]\n", "umind.yaml:1:24: roles[2]: role 'store' is listed twice"},
    {"roles: [store, mta]\n", "umind.yaml:1:16: roles[1]: expected one of store, sync, milter, api, got \"mta\""},
    {"roles: []\n", "umind.yaml:1:1: roles: expected a non-empty list, got an empty list"},
    {"domain: umin..ac.jp\n", "umind.yaml:1:1: domain: expected a domain name like umin.ac.jp, got 'umin..ac.jp'"},
    {"id_policy:\n  reserved: ['a{1001}']\n",
     "umind.yaml:2:14: id_policy.reserved[0]: invalid regular expression 'a{1001}': a repetition count over 1000"},
    {"id_policy:\n  reserved: ['a{2,99999999999999}']\n",
     "umind.yaml:2:14: id_policy.reserved[0]: invalid regular expression 'a{2,99999999999999}': a repetition count over 1000"},
    {"id_policy:\n  society_patterns:\n    - gakkai\n    - '(soc'\n",
     "umind.yaml:4:7: id_policy.society_patterns[1]: invalid regular expression '(soc': Mismatched '(' and ')' "
     "in regular expression"},
    {"mail:\n  domains: [umin.ac.jp, 'bad domain']\n",
     "umind.yaml:2:25: mail.domains[1]: expected a domain name like umin.ac.jp, got 'bad domain'"},
    {"mail:\n  recipient_delimiter: '-'\n",
     "umind.yaml:2:3: mail.recipient_delimiter: expected delimiter characters that cannot occur in an ID (like + "
     "or =), or '', got \"-\""},
    {"mail:\n  expired_alias_reply: moved_too\n",
     "umind.yaml:2:3: mail.expired_alias_reply: expected one of unknown, moved, moved_to, got \"moved_too\""},
    {"milter:\n  listen: inet:99999@127.0.0.1\n",
     "umind.yaml:2:3: milter.listen: expected unix:/absolute/path, inet:PORT@HOST or inet:HOST:PORT, got "
     "\"inet:99999@127.0.0.1\""},
    {"milter:\n  socketmap_listen: inet:10.0.0.1:8892\n",
     "umind.yaml:2:3: milter.socketmap_listen: expected '' (off), unix:/absolute/path or a loopback inet:PORT@HOST / "
     "inet:HOST:PORT, got \"inet:10.0.0.1:8892\""},
    {"milter:\n  socketmap_listen: unix:relative.sock\n",
     "umind.yaml:2:3: milter.socketmap_listen: expected '' (off), unix:/absolute/path or a loopback inet:PORT@HOST / "
     "inet:HOST:PORT, got \"unix:relative.sock\""},
    {"milter:\n  max_staleness: 0s\n",
     "umind.yaml:2:3: milter.max_staleness: expected a positive duration like 30s, 10m or 1h, got \"0s\""},
    {"milter:\n  on_directory_unavailable: guess\n",
     "umind.yaml:2:3: milter.on_directory_unavailable: expected one of tempfail, accept, got \"guess\""},
    {"api:\n  listen: inet:127.0.0.1:8080\n",
     "umind.yaml:2:3: api.token_file: an inet: API listener needs api.token_file (the bearer token clients must "
     "send)"},
    {"api:\n  listen: inet:0.0.0.0:8080\n  token_file: /etc/umind/token\n",
     "umind.yaml:2:3: api.listen: the TCP API listens on loopback only (got 0.0.0.0:8080); put a "
     "TLS-terminating proxy in front for remote clients"},
    {"metrics:\n  listen: 9466\n",
     "umind.yaml:2:3: metrics.listen: expected HOST:PORT (or '' to turn metrics off), got \"9466\""},
    {"log:\n  level: verbose\n",
     "umind.yaml:2:3: log.level: expected one of debug, info, notice, warning, error, got \"verbose\""},
    {"log: stderr\n", "umind.yaml:1:1: log: expected a mapping of keys, got \"stderr\""},
    {"- a\n- b\n", "umind.yaml:1:1: (top level): expected a mapping of keys, got a list"},
    {"sync:\n  batch_size: 5\n  batch_size: 6\n",
     "umind.yaml:3:3: sync.batch_size: duplicate key (each key may appear once)"},
    {"sync: {batch_size: [1, 2]}\n",
     "umind.yaml:1:8: sync.batch_size: expected a positive integer (at most 1000000), got a list"},
    {"sync:\n  batch_size: 5\n   oops: [\n", "umind.yaml:3:8: (yaml): YAML syntax error: illegal map value"},
};

}  // namespace

TEST_CASE("config: an empty file is the default single-host config") {
  for (const char* text : {"", "# only a comment\n", "sync:\nldap:\n"}) {
    CAPTURE(text);
    Config c = load_ok(text);
    CHECK(c.roles == std::vector<Role>{Role::store, Role::sync, Role::milter, Role::api});
    CHECK(c.domain == "umin.ac.jp");
    CHECK(c.store.path == "/var/lib/umind/umind.db");
    CHECK(c.ldap.uri == "ldapi:///");
    CHECK(c.ldap.timeout == seconds{5});
    CHECK(c.sync.batch_size == 1000);
    CHECK(c.sync.reconcile_interval == Duration::of_seconds(hours{24}));
    CHECK(c.sync.max_delete_fraction == Approx(0.05));
    CHECK(c.passwords.scheme == PasswordScheme::sha512crypt);
    CHECK(std::holds_alternative<ApplyHourly>(c.passwords.apply));
    CHECK(c.id_policy.rename_lock == Duration::of_years(1));
    CHECK(c.id_policy.forward_period == Duration::of_years(1));
    CHECK(c.id_policy.patterns.society_patterns.size() == 6);
    CHECK(c.mail.domains == std::vector<std::string>{"umin.ac.jp"});
    CHECK(c.mail.recipient_delimiter == "+");
    CHECK(c.mail.passthrough == std::vector<std::string>{"postmaster", "abuse"});
    CHECK(c.milter.listen.milter_form() == "unix:/var/spool/postfix/umind/milter.sock");
    CHECK(c.milter.max_staleness == minutes{10});
    CHECK_FALSE(c.milter.socketmap_listen);
    CHECK(c.api.listen.path == "/run/umind/api.sock");
    CHECK(c.metrics.listen == "127.0.0.1:9466");
    CHECK(c.log.level == LogLevel::info);
    CHECK(c.log.target == LogTarget::journal);
  }
}

TEST_CASE("config: every key takes its documented forms") {
  Config c = load_ok(R"(
roles: [milter]
domain: UMIN.AC.JP
store: {path: /tmp/u.db}
ldap:
  uri: ldap://127.0.0.1:389 ldaps://replica.example
  base_dn: dc=example,dc=org
  bind_dn: cn=milter,ou=system,dc=example,dc=org
  bind_password_file: /etc/umind/ldap.secret
  timeout: 30s
  starttls: false
sync: {batch_size: 50, reconcile_interval: 0s, max_delete_fraction: 0}
passwords: {scheme: argon2id, apply: {delay: 2s}}
id_policy:
  rename_lock: 365d
  forward_period: 2y
  society_patterns: []
  reserved: ['admin-.*']
mail:
  domains: [umin.ac.jp, Umin.JP]
  recipient_delimiter: ''
  passthrough: [Postmaster, hostmaster]
  expired_alias_reply: moved_to
milter: {listen: 'unix:/run/umind/milter.sock', max_staleness: 1h, on_directory_unavailable: accept,
         socketmap_listen: 'inet:8892@127.0.0.1'}
api: {listen: 'inet:127.0.0.1:8080', token_file: /etc/umind/api.token}
metrics: {listen: ''}
log: {level: debug, target: stderr}
)");
  CHECK(c.roles == std::vector<Role>{Role::milter});
  CHECK(c.domain == "umin.ac.jp");
  CHECK(c.ldap.bind_password_file == "/etc/umind/ldap.secret");
  CHECK(c.ldap.timeout == seconds{30});
  CHECK(c.sync.batch_size == 50);
  CHECK(c.sync.reconcile_interval.is_zero());
  CHECK(c.passwords.scheme == PasswordScheme::argon2id);
  REQUIRE(std::holds_alternative<ApplyAfterDelay>(c.passwords.apply));
  CHECK(std::get<ApplyAfterDelay>(c.passwords.apply).delay == Duration::of_seconds(seconds{2}));
  CHECK(c.id_policy.rename_lock == Duration::of_seconds(days{365}));
  CHECK(c.id_policy.forward_period == Duration::of_years(2));
  CHECK(c.id_policy.patterns.society_patterns.empty());
  CHECK(c.mail.domains == std::vector<std::string>{"umin.ac.jp", "umin.jp"});
  CHECK(c.mail.passthrough == std::vector<std::string>{"postmaster", "hostmaster"});
  CHECK(c.milter.listen.path == "/run/umind/milter.sock");
  REQUIRE(c.milter.socketmap_listen);
  CHECK(c.milter.socketmap_listen->to_string() == "127.0.0.1:8892");
  CHECK(c.api.listen.port == 8080);
  CHECK(c.metrics.listen.empty());
  CHECK(c.has_role(Role::milter));
  CHECK_FALSE(c.has_role(Role::store));
  CHECK(c.secret_files().size() == 2);
  RoutingRules r = routing_rules(c);
  CHECK(r.domains == c.mail.domains);
  CHECK(r.recipient_delimiter.empty());
  CHECK(r.expired_alias_reply == ExpiredAliasReply::moved_to);
  CHECK(r.on_directory_unavailable == DirectoryUnavailable::accept);
  CHECK(r.max_staleness == hours{1});
}

TEST_CASE("config: passwords.apply forms") {
  CHECK(std::holds_alternative<ApplyImmediately>(load_ok("passwords: {apply: immediate}").passwords.apply));
  CHECK(std::holds_alternative<ApplyHourly>(load_ok("passwords: {apply: hourly}").passwords.apply));
  auto c = load_ok("passwords:\n  apply:\n    delay: 1h\n");
  CHECK(std::get<ApplyAfterDelay>(c.passwords.apply).delay == Duration::of_seconds(hours{1}));
}

TEST_CASE("config: each error names file, line, column and key") {
  for (const auto& c : error_cases) {
    CAPTURE(c.yaml);
    auto errors = load_errors(c.yaml);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors.front() == c.error);
  }
  CHECK(std::size(error_cases) >= 15);
}

TEST_CASE("config: all errors are reported, in file order") {
  auto errors = load_errors("sync:\n  batch_size: x\nlog:\n  level: loud\nroles: [nope]\n");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].starts_with("umind.yaml:2:3: sync.batch_size:"));
  CHECK(errors[1].starts_with("umind.yaml:4:3: log.level:"));
  CHECK(errors[2].starts_with("umind.yaml:5:9: roles[0]:"));
}

TEST_CASE("config: secret files are checked through the caller's check") {
  std::vector<std::string> asked;
  auto check = [&](std::string_view key, const std::string& path) -> std::string {
    asked.push_back(std::string(key) + "=" + path);
    return path == "/missing" ? "No such file or directory" : "";
  };
  auto errors = load_errors("ldap:\n  bind_dn: cn=a,dc=b\n  bind_password_file: /missing\n", {check, {}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "umind.yaml:3:3: ldap.bind_password_file: cannot use secret file '/missing': No such file or directory");
  CHECK(load_errors("api: {listen: 'inet:127.0.0.1:1', token_file: /ok}\n", {check, {}}).empty());
  CHECK(asked == std::vector<std::string>{"ldap.bind_password_file=/missing", "api.token_file=/ok"});
}

TEST_CASE("config: the API socket's mode and group") {
  Config d = load_ok("");
  CHECK(d.api.socket_mode == 0660);
  CHECK(d.api.socket_group.empty());
  Config c = load_ok("api:\n  socket_mode: 0600\n  socket_group: umind-admin\n");
  CHECK(c.api.socket_mode == 0600);
  CHECK(c.api.socket_group == "umind-admin");
  CHECK(load_ok("api: {socket_mode: '0770'}\n").api.socket_mode == 0770);
  CHECK(load_ok("api: {socket_mode: 660}\n").api.socket_mode == 0660);

  std::vector<std::string> asked;
  auto group = [&](const std::string& name) -> std::string {
    asked.push_back(name);
    return name == "nogroup-here" ? "no such group" : "";
  };
  auto errors = load_errors("api:\n  socket_group: nogroup-here\n", {{}, group});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "umind.yaml:2:3: api.socket_group: cannot use group 'nogroup-here': no such group");
  CHECK(load_errors("api: {socket_group: umind}\n", {{}, group}).empty());
  CHECK(asked == std::vector<std::string>{"nogroup-here", "umind"});
}

TEST_CASE("config: API socket modes and groups that are refused") {
  const ErrorCase cases[] = {
      {"api:\n  socket_mode: 0666\n",
       "umind.yaml:2:3: api.socket_mode: the mode must give the owner rw and \"other\" nothing (anyone who can "
       "connect administers umind; use socket_group), got \"0666\""},
      {"api:\n  socket_mode: 0460\n",
       "umind.yaml:2:3: api.socket_mode: the mode must give the owner rw and \"other\" nothing (anyone who can "
       "connect administers umind; use socket_group), got \"0460\""},
      {"api:\n  socket_mode: rw-rw----\n", "umind.yaml:2:3: api.socket_mode: expected an octal file mode such as "
                                           "0660, got \"rw-rw----\""},
      {"api:\n  socket_mode: 0680\n",
       "umind.yaml:2:3: api.socket_mode: expected an octal file mode such as 0660, got \"0680\""},
      {"api:\n  socket_mode: 10660\n",
       "umind.yaml:2:3: api.socket_mode: expected an octal file mode such as 0660, got \"10660\""},
      {"api:\n  socket_group: 'umind admins'\n",
       "umind.yaml:2:3: api.socket_group: expected a group name (letters, digits, _ . -), got \"umind admins\""},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    auto errors = load_errors(c.yaml);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == c.error);
  }
}

TEST_CASE("config: a secret value never appears in an error") {
  auto errors = load_errors("ldap:\n  bind_password: hunter2-secret\napi:\n  token: abc123-secret\n");
  REQUIRE(errors.size() == 2);
  for (const auto& e : errors) CHECK(e.find("secret'") == std::string::npos);
  for (const auto& e : errors) CHECK(e.find("hunter2") == std::string::npos);
  for (const auto& e : errors) CHECK(e.find("abc123") == std::string::npos);
}

// Found by fuzz/config_load: a quoted YAML key may hold a newline or control
// bytes, and the error line printed it raw (a forged second line in the log).
TEST_CASE("config: an unknown key with control characters is shown escaped") {
  auto errors = load_errors("api:\n  \"liste\\nn\": 1\n\"a\\x01b\": 2\n");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].rfind("umind.yaml:2:3: api.'liste\\x0an': unknown key", 0) == 0);
  CHECK(errors[1].rfind("umind.yaml:3:1: 'a\\x01b': unknown key", 0) == 0);
  for (const auto& e : errors) CHECK(e.find_first_of("\n\x01") == std::string::npos);
}

// Found by fuzz/config_load: yaml-cpp's syntax error quoted the offending
// byte raw, here a control character escaped in a double-quoted scalar.
TEST_CASE("config: a YAML syntax error never carries a raw control character") {
  auto errors = load_errors("roles: [\"a\\\x01\"]\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("YAML syntax error: 'unknown escape character: \\x01'") != std::string::npos);
  CHECK(errors[0].find('\x01') == std::string::npos);
}

TEST_CASE("ldap.uri is a list: split on spaces and commas") {
  using V = std::vector<std::string_view>;
  CHECK(ldap_uri_list("ldapi:///") == V{"ldapi:///"});
  CHECK(ldap_uri_list(" ldap://a:389 ,ldaps://b, ldap://c ") == V{"ldap://a:389", "ldaps://b", "ldap://c"});
  CHECK(ldap_uri_list(" , ").empty());
}
