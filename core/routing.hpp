// routing.hpp — the per-recipient decision of DESIGN §6 as a pure function
// over a read-only directory: pass, accept, rewrite (list or renamed ID),
// reject with the exact SMTP code, or tempfail. The milter and
// `uminctl route` both call this, so they can never disagree. No I/O, no
// locks; a decision allocates only when it rewrites or explains.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.hpp"
#include "core/time.hpp"

namespace umind {

// What the directory knows about one lowercased local part.
struct DirectoryEntry {
  enum class Type { live, alias, list };
  Type type = Type::live;
  std::string_view target;  // alias: the ID it points to; list: its deliver-to address
  TimePoint forward_until{};
  bool forward_enabled = false;
};

// The replica (or the store) behind the decision. `find` gets the local part
// already lowercased, without +detail; views stay valid during the decision.
class Directory {
 public:
  virtual ~Directory() = default;
  virtual std::optional<DirectoryEntry> find(std::string_view local) const = 0;
};

enum class ExpiredAliasReply { unknown, moved, moved_to };
enum class DirectoryUnavailable { tempfail, accept };

struct RoutingRules {
  std::vector<std::string> domains{"umin.ac.jp"};  // lowercase
  std::string recipient_delimiter = "+";
  std::vector<std::string> passthrough{"postmaster", "abuse"};
  ExpiredAliasReply expired_alias_reply = ExpiredAliasReply::unknown;
  DirectoryUnavailable on_directory_unavailable = DirectoryUnavailable::tempfail;
  std::chrono::seconds max_staleness{600};
};

inline constexpr int max_alias_hops = 8;

enum class RouteAction { pass, accept, rewrite, reject, tempfail };

// Which row of the §6 table applied; also the metric label.
enum class RouteCase {
  foreign_domain,       // not one of mail.domains: untouched
  passthrough,          // postmaster, abuse, ...: untouched
  unavailable,          // replica not loaded (or a list without destination): 451 4.3.0
  live,                 // live ID: accept
  list,                 // list: rewrite to deliver-to
  forward,              // alias in its window: rewrite to the live ID
  loop,                 // chain > 8 or a loop: 554 5.4.6
  alias_expired,        // forward window over: 550
  forward_off,          // user opted out: 550
  alias_target_gone,    // alias of a deleted ID: 550 5.1.1
  unknown,              // valid syntax, not in the directory: 550 5.1.1
  bad_syntax,           // not in the directory, not an ID: 550 5.1.3
  unparsable,           // no address at all, but aimed at one of mail.domains: 550 5.1.3
  stale,                // a refusal a newer directory could overturn, replica too stale: 451 4.3.0
  unavailable_accepted  // directory unavailable (or stale) but configured to accept
};
std::string_view to_string(RouteCase c);

struct RouteDecision {
  RouteAction action = RouteAction::pass;
  RouteCase route_case = RouteCase::foreign_domain;
  std::string_view smtp_code;   // "550" for reject/tempfail, empty otherwise
  std::string_view enhanced;    // "5.1.1"
  std::string reply_text;       // for smfi_setreply; no CR/LF, < 980 chars
  std::string new_address;      // rewrite target, without angle brackets
  std::string resolved_id;      // live ID or list name the address resolved to
  int alias_hops = 0;
  // stale / unavailable_accepted for a stale directory: the refusal it held back.
  std::optional<RouteCase> held_back;
};

// How old the directory is, in physical time (end to end: now minus the older
// of the heartbeat it holds and the moment its own link was last known
// good); nullopt before the first full load. Older than max_staleness: stale
// (DESIGN §6 degrade row). The store, read directly, is always current.
struct DirectoryFreshness {
  std::optional<std::chrono::seconds> age;
  static DirectoryFreshness current() { return {std::chrono::seconds{0}}; }
};

RouteDecision route_recipient(const RoutingRules& rules, const Directory& dir,
                              DirectoryFreshness freshness, std::string_view recipient,
                              TimePoint now);

// One sentence saying what the decision is and why, for `uminctl route` and
// the log line of a rewrite or reject.
std::string explain(const RouteDecision& d, std::string_view recipient);

// Whether `text` may go into smfi_setreply: printable ASCII, no CR/LF, no
// '%', at most 980 characters.
bool is_valid_reply_text(std::string_view text) noexcept;

}  // namespace umind
