// config_load.cpp — umind.yaml (DESIGN §7) into the typed Config, with every
// error located (file:line:col) and named (dotted key). Unknown keys are
// errors; inline secrets are refused with a pointer to the *_file key.
#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include <yaml-cpp/yaml.h>

#include "core/config.hpp"
#include "core/text.hpp"

namespace umind {
namespace {

bool is_printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

struct Item {
  const YAML::Node& key;
  const YAML::Node& value;
  const std::string& path;
};

struct Field {
  std::string_view name;
  std::function<void(const Item&)> read;
};

std::string describe_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar: {
      std::string q = quote_value(n.Scalar(), 80);  // 'value' -> "value"
      q.front() = '"';
      q.back() = '"';
      return q;
    }
    case YAML::NodeType::Sequence: return n.size() == 0 ? "an empty list" : "a list";
    case YAML::NodeType::Map: return n.size() == 0 ? "an empty mapping" : "a mapping";
    default: return "nothing";
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.front() == '.' || d.back() == '.') return false;
  std::size_t label = 0;
  char prev = '.';
  for (char c : d) {
    if (c == '.') {
      if (label == 0 || prev == '-') return false;
      label = 0;
    } else {
      bool ok = is_lower_alpha(c) || is_digit(c) || (c == '-' && label > 0);
      if (!ok || ++label > 63) return false;
    }
    prev = c;
  }
  return prev != '-';
}

// A light shape check (attr=value[,attr=value]...); libldap's ldap_str2dn
// checks fully when the daemon connects.
bool looks_like_dn(std::string_view dn) {
  if (dn.empty()) return false;
  bool has_equals = false;
  std::size_t component = 0;
  for (std::size_t i = 0; i < dn.size(); ++i) {
    char c = dn[i];
    if (c == '\\') {
      ++i;
      ++component;
      continue;
    }
    if (c == ',') {
      if (!has_equals || component == 0) return false;
      has_equals = false;
      component = 0;
      continue;
    }
    if (c == '=' && component > 0) has_equals = true;
    ++component;
  }
  return has_equals;
}

bool valid_ldap_uris(std::string_view uris) {
  auto list = ldap_uri_list(uris);
  return !list.empty() && std::all_of(list.begin(), list.end(), [](std::string_view u) {
    return u.starts_with("ldap://") || u.starts_with("ldaps://") || u.starts_with("ldapi://");
  });
}

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  std::vector<ConfigError> errors;

  void fail(const YAML::Mark& m, const std::string& key, std::string message) {
    int line = m.line >= 0 ? m.line + 1 : 1;
    int col = m.column >= 0 ? m.column + 1 : 1;
    errors.push_back({file_, line, col, key, std::move(message)});
  }

  void fail_at(const std::string& path, const std::string& key, std::string message) {
    auto it = marks_.find(path);
    fail(it == marks_.end() ? YAML::Mark{} : it->second, key, std::move(message));
  }

  void expected(const Item& it, std::string_view what) {
    fail(it.key.Mark(), it.path,
         "expected " + std::string(what) + ", got " + describe_node(it.value));
  }

  // Reads a mapping: each known key goes to its field; unknown and duplicate
  // keys are errors. A null section (a key with nothing under it) is empty.
  void read_map(const YAML::Node& node, const YAML::Mark& where, const std::string& prefix,
                const std::vector<Field>& fields) {
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      fail(where, prefix.empty() ? "(top level)" : prefix,
           "expected a mapping of keys, got " + describe_node(node));
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : node) {
      const YAML::Node& k = kv.first;
      if (!k.IsScalar()) {
        fail(k.Mark(), prefix.empty() ? "(top level)" : prefix, "keys must be plain names");
        continue;
      }
      std::string name = k.Scalar();
      // An error line shows a key as written only if it is printable ASCII: a
      // quoted YAML key may hold a newline or control bytes (found by
      // fuzz/config_load; tests/core/test_config.cpp).
      std::string shown = is_printable_ascii(name) ? name : quote_value(name);
      std::string path = prefix.empty() ? shown : prefix + "." + shown;
      if (!seen.insert(name).second) {
        fail(k.Mark(), path, "duplicate key (each key may appear once)");
        continue;
      }
      auto f = std::find_if(fields.begin(), fields.end(), [&](const Field& x) { return x.name == name; });
      if (f == fields.end()) {
        unknown_key(k, path, name, fields);
        continue;
      }
      marks_[path] = k.Mark();
      f->read(Item{k, kv.second, path});
    }
  }

  std::optional<std::string> string(const Item& it, bool allow_empty) {
    if (it.value.IsNull() && allow_empty) return std::string{};
    if (!it.value.IsScalar()) {
      expected(it, "a string");
      return std::nullopt;
    }
    const std::string& s = it.value.Scalar();
    if (s.empty() && !allow_empty) {
      expected(it, "a non-empty string");
      return std::nullopt;
    }
    if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
      expected(it, "a string without control characters");
      return std::nullopt;
    }
    return s;
  }

  std::optional<std::string> absolute_path(const Item& it, bool allow_empty) {
    auto s = string(it, allow_empty);
    if (s && !s->empty() && s->front() != '/') {
      expected(it, "an absolute path (starting with /)");
      return std::nullopt;
    }
    return s;
  }

  std::optional<long long> integer(const Item& it, long long lo, long long hi, std::string_view what) {
    if (it.value.IsScalar()) {
      const std::string& s = it.value.Scalar();
      long long v = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (!s.empty() && ec == std::errc{} && end == s.data() + s.size() && v >= lo && v <= hi) return v;
    }
    expected(it, what);
    return std::nullopt;
  }

  std::optional<double> fraction(const Item& it) {
    if (it.value.IsScalar()) {
      const std::string& s = it.value.Scalar();
      double v = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (!s.empty() && ec == std::errc{} && end == s.data() + s.size() && v >= 0.0 && v <= 1.0) return v;
    }
    expected(it, "a number from 0 to 1");
    return std::nullopt;
  }

  std::optional<bool> boolean(const Item& it) {
    if (it.value.IsScalar()) {
      if (it.value.Scalar() == "true") return true;
      if (it.value.Scalar() == "false") return false;
    }
    expected(it, "true or false");
    return std::nullopt;
  }

  enum class Years { allowed, refused };
  enum class Zero { allowed, refused };

  std::optional<Duration> duration(const Item& it, Years years, Zero zero) {
    std::string want = std::string(duration_syntax_hint);
    if (years == Years::refused) want = "a duration like 30s, 10m or 1h";
    if (zero == Zero::refused) want = "a positive " + want.substr(2);
    if (it.value.IsScalar()) {
      auto d = Duration::parse(it.value.Scalar());
      if (d && (years == Years::allowed || !d->has_years()) && (zero == Zero::allowed || !d->is_zero()))
        return d;
    }
    expected(it, want);
    return std::nullopt;
  }

  template <class T>
  std::optional<T> choice(const Item& it, std::initializer_list<std::pair<std::string_view, T>> options) {
    if (it.value.IsScalar())
      for (const auto& [name, value] : options)
        if (it.value.Scalar() == name) return value;
    std::string want = "one of ";
    for (const auto& o : options) want += std::string(want.size() > 7 ? ", " : "") + std::string(o.first);
    expected(it, want);
    return std::nullopt;
  }

  // A list whose elements each pass `element` (which reports its own error
  // against the element's position and returns nullopt on failure).
  template <class T>
  std::optional<std::vector<T>> list(
      const Item& it, bool allow_empty,
      const std::function<std::optional<T>(const YAML::Node&, const std::string&)>& element) {
    if (!it.value.IsSequence()) {
      expected(it, "a list");
      return std::nullopt;
    }
    if (it.value.size() == 0 && !allow_empty) {
      expected(it, "a non-empty list");
      return std::nullopt;
    }
    std::vector<T> out;
    bool ok = true;
    std::size_t i = 0;
    for (const auto& el : it.value) {
      auto v = element(el, it.path + "[" + std::to_string(i++) + "]");
      if (v) out.push_back(std::move(*v));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // An element of a list of strings; `check` says what is wrong, or "".
  std::optional<std::string> list_string(const YAML::Node& el, const std::string& path,
                                         std::string_view what,
                                         const std::function<std::string(std::string&)>& check) {
    if (!el.IsScalar() || el.Scalar().empty()) {
      fail(el.Mark(), path, "expected " + std::string(what) + ", got " + describe_node(el));
      return std::nullopt;
    }
    std::string s = el.Scalar();
    std::string problem = check(s);
    if (!problem.empty()) {
      fail(el.Mark(), path, problem);
      return std::nullopt;
    }
    return s;
  }

 private:
  void unknown_key(const YAML::Node& k, const std::string& path, const std::string& name,
                   const std::vector<Field>& fields) {
    if (name.find("password") != std::string::npos || name == "token" || name == "secret") {
      fail(k.Mark(), path,
           "secrets are not accepted in the YAML file; write the secret to a file and name it in the "
           "matching *_file key");
      return;
    }
    std::string message = "unknown key";
    std::string_view best;
    std::size_t best_distance = 3;
    for (const auto& f : fields) {
      std::size_t d = edit_distance(name, f.name);
      if (d < best_distance) best = f.name, best_distance = d;
    }
    if (!best.empty()) message += " (did you mean '" + std::string(best) + "'?)";
    fail(k.Mark(), path, message);
  }

  std::string file_;
  std::map<std::string, YAML::Mark> marks_;
};

// A repetition count over 1000 ({n}, {n,}, {n,m}) is refused before the
// regex is compiled: libstdc++ overflows an int on long counts (undefined
// behaviour, found by fuzz/config_load) and builds one state per repetition
// (a{99999} takes hundreds of MB and seconds).
constexpr std::size_t max_repetition = 1000;

// The numbers of a {n}, {n,} or {n,m} starting at `open`, each capped at
// max_repetition + 1.
std::vector<std::size_t> repetition_counts(const std::string& pattern, std::size_t open) {
  std::vector<std::size_t> counts;
  std::size_t j = open + 1;
  for (int part = 0; part < 2; ++part) {
    std::size_t start = j, value = 0;
    while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9') {
      value = std::min<std::size_t>(value * 10 + static_cast<std::size_t>(pattern[j] - '0'), max_repetition + 1);
      ++j;
    }
    if (j > start) counts.push_back(value);
    if (part == 0 && (j >= pattern.size() || pattern[j] != ',')) break;
    ++j;
  }
  return counts;
}

std::string repetition_problem(const std::string& pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] != '{') continue;
    for (std::size_t n : repetition_counts(pattern, i))
      if (n > max_repetition)
        return "invalid regular expression " + quote_value(pattern) + ": a repetition count over " +
               std::to_string(max_repetition);
  }
  return {};
}

std::string regex_problem(const std::string& pattern) {
  if (std::string problem = repetition_problem(pattern); !problem.empty()) return problem;
  try {
    std::regex r(pattern, std::regex::ECMAScript | std::regex::icase);
    return {};
  } catch (const std::regex_error& e) {
    return "invalid regular expression " + quote_value(pattern) + ": " + e.what();
  }
}

std::string domain_problem(std::string& d) {
  d = to_lower_ascii(d);
  return valid_domain(d) ? std::string{} : "expected a domain name like umin.ac.jp, got " + quote_value(d);
}

class ConfigLoader {
 public:
  ConfigLoader(std::string_view file, const HostChecks& host)
      : r_(file), host_(host) {}

  ConfigResult load(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      // yaml-cpp's message may quote a byte of the file raw ("unknown escape
      // character: " + a newline): shown escaped (found by fuzz/config_load).
      std::string msg = is_printable_ascii(e.msg) ? e.msg : quote_value(e.msg, 200);
      r_.fail(e.mark, "(yaml)", "YAML syntax error: " + msg);
      return r_.errors;
    }
    r_.read_map(root, root.Mark(), "", top_fields());
    if (r_.errors.empty()) cross_check();
    if (!r_.errors.empty()) {
      std::stable_sort(r_.errors.begin(), r_.errors.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
      });
      return r_.errors;
    }
    return c_;
  }

 private:
  using Years = Reader::Years;
  using Zero = Reader::Zero;

  template <class T>
  static void set(T& target, std::optional<T> v) {
    if (v) target = std::move(*v);
  }

  Field section(std::string_view name, std::vector<Field> fields) {
    return {name, [this, fields = std::move(fields)](const Item& it) {
              r_.read_map(it.value, it.key.Mark(), it.path, fields);
            }};
  }

  std::vector<Field> top_fields() {
    return {
        {"roles",
         [this](const Item& it) {
           auto list = roles(it);
           if (!list) return;
           std::string problem = role_set_problem(*list);
           if (!problem.empty()) r_.fail(it.value.Mark(), it.path, problem);
           else c_.roles = std::move(*list);
         }},
        {"domain",
         [this](const Item& it) {
           auto s = r_.string(it, false);
           if (!s) return;
           std::string problem = domain_problem(*s);
           if (!problem.empty()) r_.fail(it.key.Mark(), it.path, problem);
           else c_.domain = *s;
         }},
        section("store", {{"path", [this](const Item& it) { set(c_.store.path, r_.absolute_path(it, false)); }}}),
        section("ldap", ldap_fields()),
        section("sync", sync_fields()),
        section("passwords", password_fields()),
        section("id_policy", id_policy_fields()),
        section("mail", mail_fields()),
        section("milter", milter_fields()),
        section("api", api_fields()),
        section("metrics", {{"listen",
                             [this](const Item& it) {
                               auto s = r_.string(it, true);
                               if (!s) return;
                               if (!s->empty() && !parse_host_port(*s))
                                 r_.expected(it, "HOST:PORT (or '' to turn metrics off)");
                               else c_.metrics.listen = *s;
                             }}}),
        section("log", {{"level",
                         [this](const Item& it) {
                           set(c_.log.level, r_.choice<LogLevel>(it, {{"debug", LogLevel::debug},
                                                                      {"info", LogLevel::info},
                                                                      {"notice", LogLevel::notice},
                                                                      {"warning", LogLevel::warning},
                                                                      {"error", LogLevel::error}}));
                         }},
                        {"target", [this](const Item& it) {
                           set(c_.log.target, r_.choice<LogTarget>(it, {{"journal", LogTarget::journal},
                                                                        {"stderr", LogTarget::stderr_stream},
                                                                        {"syslog", LogTarget::syslog}}));
                         }}}),
    };
  }

  std::optional<std::vector<Role>> roles(const Item& it) {
    std::set<std::string> seen;
    return r_.list<Role>(it, false, [&](const YAML::Node& el, const std::string& path) -> std::optional<Role> {
      static const std::pair<std::string_view, Role> names[] = {
          {"store", Role::store}, {"sync", Role::sync}, {"milter", Role::milter}, {"api", Role::api}};
      if (el.IsScalar()) {
        for (const auto& [n, role] : names) {
          if (el.Scalar() != n) continue;
          if (!seen.insert(el.Scalar()).second) {
            r_.fail(el.Mark(), path, "role " + quote_value(n) + " is listed twice");
            return std::nullopt;
          }
          return role;
        }
      }
      r_.fail(el.Mark(), path, "expected one of store, sync, milter, api, got " + describe_node(el));
      return std::nullopt;
    });
  }

  std::vector<Field> ldap_fields() {
    return {
        {"uri",
         [this](const Item& it) {
           auto s = r_.string(it, false);
           if (s && !valid_ldap_uris(*s)) r_.expected(it, "ldap://, ldaps:// or ldapi:// URIs");
           else if (s) c_.ldap.uri = *s;
         }},
        {"base_dn",
         [this](const Item& it) {
           auto s = r_.string(it, false);
           if (s && !looks_like_dn(*s)) r_.expected(it, "a DN like dc=umin,dc=ac,dc=jp");
           else if (s) c_.ldap.base_dn = *s;
         }},
        {"bind_dn",
         [this](const Item& it) {
           auto s = r_.string(it, true);
           if (s && !s->empty() && !looks_like_dn(*s)) r_.expected(it, "a DN or '' for SASL EXTERNAL");
           else if (s) c_.ldap.bind_dn = *s;
         }},
        {"bind_password_file", [this](const Item& it) { set(c_.ldap.bind_password_file, secret_file(it)); }},
        {"timeout",
         [this](const Item& it) {
           if (auto d = r_.duration(it, Years::refused, Zero::refused)) c_.ldap.timeout = d->fixed();
         }},
        {"starttls", [this](const Item& it) { set(c_.ldap.starttls, r_.boolean(it)); }},
    };
  }

  std::vector<Field> sync_fields() {
    return {
        {"batch_size",
         [this](const Item& it) {
           if (auto v = r_.integer(it, 1, 1'000'000, "a positive integer (at most 1000000)"))
             c_.sync.batch_size = static_cast<int>(*v);
         }},
        {"reconcile_interval",
         [this](const Item& it) { set(c_.sync.reconcile_interval, r_.duration(it, Years::allowed, Zero::allowed)); }},
        {"max_delete_fraction", [this](const Item& it) { set(c_.sync.max_delete_fraction, r_.fraction(it)); }},
        {"heartbeat_interval",
         [this](const Item& it) {
           if (auto d = r_.duration(it, Years::refused, Zero::allowed)) c_.sync.heartbeat_interval = d->fixed();
         }},
    };
  }

  std::vector<Field> password_fields() {
    return {
        {"scheme",
         [this](const Item& it) {
           set(c_.passwords.scheme, r_.choice<PasswordScheme>(it, {{"sha512crypt", PasswordScheme::sha512crypt},
                                                                   {"argon2id", PasswordScheme::argon2id},
                                                                   {"ssha512", PasswordScheme::ssha512}}));
         }},
        {"apply", [this](const Item& it) { apply(it); }},
    };
  }

  void apply(const Item& it) {
    if (it.value.IsScalar()) {
      set(c_.passwords.apply, r_.choice<PasswordApply>(it, {{"hourly", ApplyHourly{}},
                                                            {"immediate", ApplyImmediately{}}}));
      return;
    }
    if (!it.value.IsMap()) {
      r_.expected(it, "hourly, immediate or {delay: DURATION}");
      return;
    }
    bool has_delay = false;
    std::size_t errors_before = r_.errors.size();
    r_.read_map(it.value, it.key.Mark(), it.path,
                {{"delay", [&](const Item& d) {
                    has_delay = true;
                    if (auto v = r_.duration(d, Years::allowed, Zero::refused))
                      c_.passwords.apply = ApplyAfterDelay{*v};
                  }}});
    if (!has_delay && r_.errors.size() == errors_before)
      r_.expected(it, "hourly, immediate or {delay: DURATION}");
  }

  std::vector<Field> id_policy_fields() {
    auto patterns = [this](const Item& it, std::vector<std::string>& target) {
      set(target, r_.list<std::string>(it, true, [this](const YAML::Node& el, const std::string& path) {
        return r_.list_string(el, path, "a regular expression", [](std::string& s) { return regex_problem(s); });
      }));
    };
    return {
        {"rename_lock", [this](const Item& it) { set(c_.id_policy.rename_lock, r_.duration(it, Years::allowed, Zero::allowed)); }},
        {"forward_period",
         [this](const Item& it) { set(c_.id_policy.forward_period, r_.duration(it, Years::allowed, Zero::allowed)); }},
        {"society_patterns", [this, patterns](const Item& it) { patterns(it, c_.id_policy.patterns.society_patterns); }},
        {"reserved", [this, patterns](const Item& it) { patterns(it, c_.id_policy.patterns.reserved); }},
    };
  }

  std::vector<Field> mail_fields() {
    return {
        {"domains",
         [this](const Item& it) {
           set(c_.mail.domains, r_.list<std::string>(it, false, [this](const YAML::Node& el, const std::string& path) {
             return r_.list_string(el, path, "a domain name", domain_problem);
           }));
         }},
        {"recipient_delimiter",
         [this](const Item& it) {
           auto s = r_.string(it, true);
           if (!s) return;
           for (char c : *s) {
             auto u = static_cast<unsigned char>(c);
             if (is_lower_alpha(to_lower_ascii(c)) || is_digit(c) || c == '-' || c == '@' || c == '.' ||
                 c == '<' || c == '>' || c == '"' || u <= 0x20 || u >= 0x7f) {
               r_.expected(it, "delimiter characters that cannot occur in an ID (like + or =), or ''");
               return;
             }
           }
           c_.mail.recipient_delimiter = *s;
         }},
        {"passthrough",
         [this](const Item& it) {
           set(c_.mail.passthrough, r_.list<std::string>(it, true, [this](const YAML::Node& el, const std::string& path) {
             return r_.list_string(el, path, "a local part like postmaster", [](std::string& s) -> std::string {
               s = to_lower_ascii(s);
               bool ok = std::all_of(s.begin(), s.end(), [](char c) {
                 auto u = static_cast<unsigned char>(c);
                 return u > 0x20 && u < 0x7f && c != '@' && c != '<' && c != '>';
               });
               return ok ? std::string{} : "expected a local part without '@', spaces or brackets, got " + quote_value(s);
             });
           }));
         }},
        {"expired_alias_reply",
         [this](const Item& it) {
           set(c_.mail.expired_alias_reply,
               r_.choice<ExpiredAliasReply>(it, {{"unknown", ExpiredAliasReply::unknown},
                                                 {"moved", ExpiredAliasReply::moved},
                                                 {"moved_to", ExpiredAliasReply::moved_to}}));
         }},
    };
  }

  std::optional<ListenAddress> listen(const Item& it) {
    auto s = r_.string(it, false);
    if (!s) return std::nullopt;
    auto a = parse_listen_address(*s);
    if (!a) r_.expected(it, "unix:/absolute/path, inet:PORT@HOST or inet:HOST:PORT");
    return a;
  }

  // '' (off), a unix socket or loopback TCP: the socketmap has no
  // authentication, so it is never reachable from another host.
  void socketmap_listen(const Item& it) {
    auto s = r_.string(it, true);
    if (!s) return;
    if (s->empty()) {
      c_.milter.socketmap_listen.reset();
      return;
    }
    auto a = parse_listen_address(*s);
    if (a && a->is_loopback()) c_.milter.socketmap_listen = std::move(a);
    else r_.expected(it, "'' (off), unix:/absolute/path or a loopback inet:PORT@HOST / inet:HOST:PORT");
  }

  std::vector<Field> milter_fields() {
    return {
        {"listen", [this](const Item& it) { set(c_.milter.listen, listen(it)); }},
        {"socketmap_listen", [this](const Item& it) { socketmap_listen(it); }},
        {"max_staleness",
         [this](const Item& it) {
           if (auto d = r_.duration(it, Years::refused, Zero::refused)) c_.milter.max_staleness = d->fixed();
         }},
        {"on_directory_unavailable",
         [this](const Item& it) {
           set(c_.milter.on_directory_unavailable,
               r_.choice<DirectoryUnavailable>(it, {{"tempfail", DirectoryUnavailable::tempfail},
                                                    {"accept", DirectoryUnavailable::accept}}));
         }},
    };
  }

  std::vector<Field> api_fields() {
    return {
        {"listen", [this](const Item& it) { set(c_.api.listen, listen(it)); }},
        {"token_file", [this](const Item& it) { set(c_.api.token_file, secret_file(it)); }},
        {"socket_mode", [this](const Item& it) { set(c_.api.socket_mode, socket_mode(it)); }},
        {"socket_group", [this](const Item& it) { set(c_.api.socket_group, group(it)); }},
    };
  }

  // An octal file mode such as 0660 (quoted or not: YAML 1.2 reads 0660 as
  // text either way) without bits for "other".
  std::optional<unsigned> socket_mode(const Item& it) {
    if (it.value.IsScalar()) {
      const std::string& s = it.value.Scalar();
      unsigned v = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 8);
      if (s.size() >= 3 && s.size() <= 4 && ec == std::errc{} && end == s.data() + s.size() && v <= 0777) {
        if ((v & 0007) == 0 && (v & 0600) == 0600) return v;
        r_.fail(it.key.Mark(), it.path,
                "the mode must give the owner rw and \"other\" nothing (anyone who can connect administers "
                "umind; use socket_group), got " + describe_node(it.value));
        return std::nullopt;
      }
    }
    r_.expected(it, "an octal file mode such as 0660");
    return std::nullopt;
  }

  // A group name as in /etc/group, known to the host when a check is given.
  std::optional<std::string> group(const Item& it) {
    auto name = r_.string(it, true);
    if (!name || name->empty()) return name;
    static const std::regex portable("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");
    if (!std::regex_match(*name, portable)) {
      r_.expected(it, "a group name (letters, digits, _ . -)");
      return std::nullopt;
    }
    if (!host_.group) return name;
    std::string problem = host_.group(*name);
    if (problem.empty()) return name;
    r_.fail(it.key.Mark(), it.path, "cannot use group " + quote_value(*name, 40) + ": " + problem);
    return std::nullopt;
  }

  // Rules between keys, reported at the key that has to change.
  void cross_check() {
    if (c_.api.listen.kind == ListenAddress::Kind::inet) {
      if (c_.api.token_file.empty())
        r_.fail_at("api.listen", "api.token_file",
                   "an inet: API listener needs api.token_file (the bearer token clients must send)");
      if (!c_.api.listen.is_loopback())
        r_.fail_at("api.listen", "api.listen",
                   "the TCP API listens on loopback only (got " + c_.api.listen.to_string() +
                       "); put a TLS-terminating proxy in front for remote clients");
    }
    if (!c_.ldap.bind_dn.empty() && c_.ldap.bind_password_file.empty())
      r_.fail_at("ldap.bind_dn", "ldap.bind_password_file",
                 "a simple bind as ldap.bind_dn needs ldap.bind_password_file");
    if (c_.ldap.starttls && c_.ldap.uri.find("ldaps://") != std::string::npos)
      r_.fail_at("ldap.starttls", "ldap.starttls", "StartTLS cannot be used on an ldaps:// connection");
  }

  // A *_file key: an absolute path, and usable when a check is given.
  std::optional<std::string> secret_file(const Item& it) {
    auto path = r_.absolute_path(it, true);
    if (!path || path->empty() || !host_.secret_file) return path;
    std::string problem = host_.secret_file(it.path, *path);
    if (problem.empty()) return path;
    r_.fail(it.key.Mark(), it.path, "cannot use secret file " + quote_value(*path, 200) + ": " + problem);
    return std::nullopt;
  }

  Reader r_;
  const HostChecks& host_;
  Config c_;
};

}  // namespace

std::string_view to_string(Role r) {
  switch (r) {
    case Role::store: return "store";
    case Role::sync: return "sync";
    case Role::milter: return "milter";
    case Role::api: return "api";
  }
  return "?";
}

std::string to_string(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) out += (out.empty() ? "" : ", ") + std::string(to_string(r));
  return "[" + out + "]";
}

std::string_view to_string(PasswordScheme s) {
  switch (s) {
    case PasswordScheme::sha512crypt: return "sha512crypt";
    case PasswordScheme::argon2id: return "argon2id";
    case PasswordScheme::ssha512: return "ssha512";
  }
  return "?";
}

std::string role_set_problem(const std::vector<Role>& roles) {
  auto has = [&](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };
  const std::string listed = to_string(roles);
  if (roles.empty()) return "no roles: list at least one of store, sync, milter, api";
  if (has(Role::store) || roles == std::vector<Role>{Role::milter}) return {};
  for (Role r : {Role::api, Role::sync})
    if (has(r))
      return listed + " cannot run: the " + std::string(to_string(r)) +
             " role works on the local store, so store must be in the same process; without store only [milter] "
             "alone is possible (an MX host)";
  return listed + " cannot run: without store only [milter] alone is possible (an MX host)";
}

bool Config::has_role(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

std::vector<std::pair<std::string, std::string>> Config::secret_files() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (!ldap.bind_password_file.empty()) out.emplace_back("ldap.bind_password_file", ldap.bind_password_file);
  if (!api.token_file.empty()) out.emplace_back("api.token_file", api.token_file);
  return out;
}

std::string ConfigError::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + key + ": " + message;
}

ConfigResult load_config(std::string_view yaml_text, std::string_view file_name, const HostChecks& host) {
  return ConfigLoader(file_name, host).load(yaml_text);
}

RoutingRules routing_rules(const Config& c) {
  RoutingRules r;
  r.domains = c.mail.domains;
  r.recipient_delimiter = c.mail.recipient_delimiter;
  r.passthrough = c.mail.passthrough;
  r.expired_alias_reply = c.mail.expired_alias_reply;
  r.on_directory_unavailable = c.milter.on_directory_unavailable;
  r.max_staleness = c.milter.max_staleness;
  return r;
}

std::vector<std::string_view> ldap_uri_list(std::string_view uris) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < uris.size()) {
    while (i < uris.size() && (uris[i] == ' ' || uris[i] == ',')) ++i;
    std::size_t j = i;
    while (j < uris.size() && uris[j] != ' ' && uris[j] != ',') ++j;
    if (j > i) out.push_back(uris.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace umind
