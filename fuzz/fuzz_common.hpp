// fuzz_common.hpp — what the fuzz targets share: FUZZ_CHECK (an invariant
// that must hold for every input; a violation aborts, so libFuzzer saves the
// input as a crash), a byte reader that splits an input into choices and
// strings, and a small fixed directory for the routing decision.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "core/address.hpp"
#include "core/routing.hpp"
#include "core/text.hpp"

#define FUZZ_CHECK(cond, what)                                                            \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s) at %s:%d\n", #cond, what, __FILE__, \
                   __LINE__);                                                             \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace umind::fuzz {

// Consumes an input from the front: a byte as a choice, a string up to a separator.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Up to the next `sep` (dropped), or all that is left.
  std::string_view until(char sep) {
    auto pos = rest_.find(sep);
    std::string_view out = rest_.substr(0, pos);
    rest_.remove_prefix(pos == std::string_view::npos ? rest_.size() : pos + 1);
    return out;
  }
  std::string_view rest() const { return rest_; }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

// How often `needle` (not empty) occurs in `hay`, overlaps counted.
inline std::size_t count_in(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string_view::npos; pos = hay.find(needle, pos + 1)) ++n;
  return n;
}

inline bool inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

// Every §6 row reachable: live IDs, a forwarding alias, an alias chain, a
// loop, an expired alias, one with forwarding off, one of a deleted ID, lists.
class FixedDirectory final : public Directory {
 public:
  explicit FixedDirectory(TimePoint now) {
    auto later = now + std::chrono::hours{24};
    auto earlier = now - std::chrono::hours{24};
    add("taro-tky", DirectoryEntry::Type::live, "");
    add("hanako-osk", DirectoryEntry::Type::live, "");
    add("taro-old", DirectoryEntry::Type::alias, "taro-tky", later, true);
    add("chain-1", DirectoryEntry::Type::alias, "taro-old", later, true);
    add("loop-a", DirectoryEntry::Type::alias, "loop-b", later, true);
    add("loop-b", DirectoryEntry::Type::alias, "loop-a", later, true);
    add("gone-old", DirectoryEntry::Type::alias, "gone-tky", later, true);
    add("expired", DirectoryEntry::Type::alias, "taro-tky", earlier, true);
    add("quiet", DirectoryEntry::Type::alias, "taro-tky", later, false);
    add("ml-x", DirectoryEntry::Type::list, "ml-x@lists.example.org");
    add("ml-nodest", DirectoryEntry::Type::list, "");
  }
  std::optional<DirectoryEntry> find(std::string_view local) const override {
    auto it = entries_.find(std::string(local));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

 private:
  void add(const char* name, DirectoryEntry::Type type, const char* target, TimePoint until = {},
           bool enabled = false) {
    entries_[name] = DirectoryEntry{type, target, until, enabled};
  }
  std::map<std::string, DirectoryEntry, std::less<>> entries_;
};

inline constexpr TimePoint fuzz_now{std::chrono::seconds{1'790'000'000}};

// Rules chosen by one byte: delimiters, expired-alias reply, degrade mode.
inline RoutingRules rules_from(std::uint8_t b) {
  RoutingRules r;
  r.domains = {"umin.ac.jp", "example.jp"};
  static const char* delimiters[] = {"+", "", "+-", "-+_"};
  r.recipient_delimiter = delimiters[b & 3];
  r.expired_alias_reply = static_cast<ExpiredAliasReply>((b >> 2) % 3);
  r.on_directory_unavailable = (b & 0x10) ? DirectoryUnavailable::accept : DirectoryUnavailable::tempfail;
  return r;
}

// Freshness chosen by one byte: current, unknown (never loaded), or stale.
inline DirectoryFreshness freshness_from(std::uint8_t b) {
  switch (b % 4) {
    case 1: return DirectoryFreshness{};
    case 2: return DirectoryFreshness{std::chrono::seconds{3600}};
    default: return DirectoryFreshness::current();
  }
}

// The contract of a RouteDecision (routing.hpp) for any recipient, under `rules`.
inline void check_decision(const RouteDecision& d, std::string_view recipient, const RoutingRules& rules) {
  const bool refuses = d.action == RouteAction::reject || d.action == RouteAction::tempfail;
  FUZZ_CHECK(refuses == !d.smtp_code.empty(), "a code exactly for reject/tempfail");
  if (refuses) {
    FUZZ_CHECK(is_valid_reply_text(d.reply_text), "reply text fit for smfi_setreply");
    FUZZ_CHECK(d.smtp_code.size() == 3 && d.enhanced.size() >= 5, "well-formed SMTP codes");
    FUZZ_CHECK(d.smtp_code[0] == (d.action == RouteAction::reject ? '5' : '4'), "5xx rejects, 4xx tempfails");
    FUZZ_CHECK(d.enhanced[0] == d.smtp_code[0], "enhanced code class matches");
  }
  FUZZ_CHECK((d.action == RouteAction::rewrite) == !d.new_address.empty(), "rewrite iff new address");
  FUZZ_CHECK(d.new_address.find_first_of("\r\n<>") == std::string::npos, "new address is a bare address");
  FUZZ_CHECK(d.alias_hops >= 0 && d.alias_hops <= max_alias_hops + 1, "alias hops bounded");
  std::string why = explain(d, recipient);
  FUZZ_CHECK(why.find_first_of("\r\n") == std::string::npos, "explain() is one line");
  // Fail closed (issue 12, finding 1): text aimed at one of our domains,
  // an address or not, is never passed untouched unless it is a
  // mail.passthrough name.
  const std::string aimed_at = to_lower_ascii(apparent_domain(recipient));
  bool ours = false;
  for (const auto& domain : rules.domains) ours = ours || to_lower_ascii(domain) == aimed_at;
  if (ours)
    FUZZ_CHECK(d.action != RouteAction::pass || d.route_case == RouteCase::passthrough,
               "nothing aimed at our domains passes, but a passthrough name");
}

}  // namespace umind::fuzz
