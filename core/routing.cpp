// routing.cpp — the §6 decision table, row by row.
#include "core/routing.hpp"

#include <algorithm>
#include <array>

#include "core/address.hpp"
#include "core/id_policy.hpp"
#include "core/text.hpp"

namespace umind {
namespace {

// Longest local part we look up; longer ones are neither IDs (<= 20) nor
// any legacy ID we know of, and keeping it bounded keeps lookups allocation-free.
constexpr std::size_t max_lookup_length = 64;

RouteDecision make(RouteAction a, RouteCase c) {
  RouteDecision d;
  d.action = a;
  d.route_case = c;
  return d;
}

RouteDecision reject(RouteCase c, std::string_view code, std::string_view enhanced, std::string text) {
  bool temporary = c == RouteCase::unavailable || c == RouteCase::stale;
  RouteDecision d = make(temporary ? RouteAction::tempfail : RouteAction::reject, c);
  d.smtp_code = code;
  d.enhanced = enhanced;
  d.reply_text = std::move(text);
  return d;
}

bool contains_ci(const std::vector<std::string>& set, std::string_view v) {
  return std::any_of(set.begin(), set.end(), [&](const std::string& s) { return iequals(s, v); });
}

struct ChainEnd {
  enum class Kind { live, list, gone, loop } kind;
  std::string_view id;      // last name reached
  std::string_view target;  // list deliver-to
  int hops;
};

// Follows alias targets from `first` until a live ID or a list. Only the
// first hop's forwarding window counts (checked by the caller): later hops
// just say where the account went.
ChainEnd resolve_chain(const Directory& dir, std::string_view first) {
  std::array<std::string_view, max_alias_hops + 1> seen{};
  std::size_t seen_count = 0;
  std::string_view name = first;
  for (int hops = 1;; ++hops) {
    if (std::find(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(seen_count), name) !=
        seen.begin() + static_cast<std::ptrdiff_t>(seen_count))
      return {ChainEnd::Kind::loop, name, {}, hops};
    auto entry = dir.find(name);
    if (!entry) return {ChainEnd::Kind::gone, name, {}, hops};
    switch (entry->type) {
      case DirectoryEntry::Type::live: return {ChainEnd::Kind::live, name, {}, hops};
      case DirectoryEntry::Type::list: return {ChainEnd::Kind::list, name, entry->target, hops};
      case DirectoryEntry::Type::alias: break;
    }
    if (hops >= max_alias_hops) return {ChainEnd::Kind::loop, name, {}, hops + 1};
    seen[seen_count++] = name;
    name = entry->target;
  }
}

std::string join_address(std::string_view local, std::string_view detail, std::string_view domain) {
  std::string out;
  out.reserve(local.size() + detail.size() + domain.size() + 1);
  out.append(local).append(detail).append("@").append(domain);
  return out;
}

RouteDecision not_forwarded(const RoutingRules& rules, RouteCase c, const ChainEnd& end,
                            std::string_view domain) {
  switch (rules.expired_alias_reply) {
    case ExpiredAliasReply::unknown:
      return reject(c, "550", "5.1.1", "User unknown");
    case ExpiredAliasReply::moved:
      return reject(c, "550", "5.1.6", "User has moved; the old address is no longer forwarded");
    case ExpiredAliasReply::moved_to:
      if (end.kind == ChainEnd::Kind::live) {
        std::string text = "User has moved to <" + join_address(end.id, {}, domain) + ">";
        if (is_valid_reply_text(text)) return reject(c, "550", "5.1.6", std::move(text));
      }
      return reject(c, "550", "5.1.6", "User has moved; the old address is no longer forwarded");
  }
  return reject(c, "550", "5.1.1", "User unknown");
}

// Refusals that a newer directory could turn into a delivery: a new ID, a
// forwarding turned back on, an extended window.
bool could_be_overturned(RouteCase c) {
  return c == RouteCase::unknown || c == RouteCase::alias_expired || c == RouteCase::forward_off ||
         c == RouteCase::alias_target_gone;
}

// The §6 rows below the availability checks, for a directory in hand.
RouteDecision route_in_directory(const RoutingRules& rules, const Directory& dir, const MailAddress& addr,
                                 const LocalPart& part, TimePoint now) {
  std::array<char, max_lookup_length> buf{};
  if (part.base.empty() || part.base.size() > buf.size())
    return reject(RouteCase::bad_syntax, "550", "5.1.3", "Bad recipient address syntax");
  std::transform(part.base.begin(), part.base.end(), buf.begin(),
                 [](char c) { return to_lower_ascii(c); });
  std::string_view local{buf.data(), part.base.size()};

  auto entry = dir.find(local);
  if (!entry) {
    if (!is_valid_id_syntax(local))
      return reject(RouteCase::bad_syntax, "550", "5.1.3", "Bad recipient address syntax");
    return reject(RouteCase::unknown, "550", "5.1.1", "User unknown");
  }

  switch (entry->type) {
    case DirectoryEntry::Type::live: {
      RouteDecision d = make(RouteAction::accept, RouteCase::live);
      d.resolved_id = local;
      return d;
    }
    case DirectoryEntry::Type::list: {
      if (entry->target.empty())  // a list without a destination is a directory fault
        return reject(RouteCase::unavailable, "451", "4.3.0", "Directory unavailable, try again later");
      RouteDecision d = make(RouteAction::rewrite, RouteCase::list);
      d.resolved_id = local;
      d.new_address = entry->target;
      return d;
    }
    case DirectoryEntry::Type::alias: break;
  }

  std::string domain = to_lower_ascii(addr.domain);
  ChainEnd end = resolve_chain(dir, entry->target);
  if (end.kind == ChainEnd::Kind::loop) {
    RouteDecision d = reject(RouteCase::loop, "554", "5.4.6", "Routing loop detected");
    d.alias_hops = end.hops;
    return d;
  }
  bool in_window = now < entry->forward_until;
  if (!entry->forward_enabled || !in_window || end.kind == ChainEnd::Kind::gone) {
    RouteCase c = end.kind == ChainEnd::Kind::gone ? RouteCase::alias_target_gone
                  : !entry->forward_enabled        ? RouteCase::forward_off
                                                   : RouteCase::alias_expired;
    RouteDecision d = c == RouteCase::alias_target_gone
                          ? reject(c, "550", "5.1.1", "User unknown")
                          : not_forwarded(rules, c, end, domain);
    d.alias_hops = end.hops;
    if (end.kind == ChainEnd::Kind::live) d.resolved_id = end.id;
    return d;
  }
  RouteDecision d = make(RouteAction::rewrite, RouteCase::forward);
  d.alias_hops = end.hops;
  d.resolved_id = end.id;
  d.new_address = end.kind == ChainEnd::Kind::list ? std::string(end.target)
                                                   : join_address(end.id, part.detail, domain);
  return d;
}

}  // namespace

RouteDecision route_recipient(const RoutingRules& rules, const Directory& dir,
                              DirectoryFreshness freshness, std::string_view recipient,
                              TimePoint now) {
  auto addr = parse_mail_address(recipient);
  // Fail closed: text aimed at our domains that is no address at all is
  // refused, never passed untouched (another MTA may still deliver it).
  if (!addr && contains_ci(rules.domains, apparent_domain(recipient)))
    return reject(RouteCase::unparsable, "550", "5.1.3", "Bad recipient address syntax");
  if (!addr || !contains_ci(rules.domains, addr->domain))
    return make(RouteAction::pass, RouteCase::foreign_domain);

  LocalPart part = split_detail(addr->local, rules.recipient_delimiter);
  if (contains_ci(rules.passthrough, part.base)) return make(RouteAction::pass, RouteCase::passthrough);

  const bool accept_unchecked = rules.on_directory_unavailable == DirectoryUnavailable::accept;
  if (!freshness.age) {
    if (accept_unchecked) return make(RouteAction::accept, RouteCase::unavailable_accepted);
    return reject(RouteCase::unavailable, "451", "4.3.0", "Directory unavailable, try again later");
  }
  RouteDecision d = route_in_directory(rules, dir, *addr, part, now);
  // Stale: what the replica holds is still routed, but no permanent refusal
  // that a newer directory could overturn (a new ID must never get a 550).
  if (*freshness.age <= rules.max_staleness || !could_be_overturned(d.route_case)) return d;
  RouteDecision held = accept_unchecked ? make(RouteAction::accept, RouteCase::unavailable_accepted)
                                        : reject(RouteCase::stale, "451", "4.3.0",
                                                 "Directory may be out of date, try again later");
  held.held_back = d.route_case;
  held.resolved_id = std::move(d.resolved_id);
  held.alias_hops = d.alias_hops;
  return held;
}

std::string_view to_string(RouteCase c) {
  switch (c) {
    case RouteCase::foreign_domain: return "foreign_domain";
    case RouteCase::passthrough: return "passthrough";
    case RouteCase::unavailable: return "unavailable";
    case RouteCase::live: return "live";
    case RouteCase::list: return "list";
    case RouteCase::forward: return "forward";
    case RouteCase::loop: return "loop";
    case RouteCase::alias_expired: return "alias_expired";
    case RouteCase::forward_off: return "forward_off";
    case RouteCase::alias_target_gone: return "alias_target_gone";
    case RouteCase::unknown: return "unknown";
    case RouteCase::bad_syntax: return "bad_syntax";
    case RouteCase::unparsable: return "unparsable";
    case RouteCase::stale: return "stale";
    case RouteCase::unavailable_accepted: return "unavailable_accepted";
  }
  return "?";
}

std::string explain(const RouteDecision& d, std::string_view recipient) {
  std::string r = quote_value(recipient, 256);
  std::string code = d.smtp_code.empty() ? std::string{}
                                         : std::string(d.smtp_code) + " " + std::string(d.enhanced) +
                                               " " + d.reply_text;
  switch (d.route_case) {
    case RouteCase::foreign_domain: return r + ": pass untouched (not one of mail.domains)";
    case RouteCase::passthrough: return r + ": pass untouched (mail.passthrough)";
    case RouteCase::unavailable:
      return r + ": tempfail " + code + " (directory not loaded, too stale, or inconsistent)";
    case RouteCase::unavailable_accepted:
      if (d.held_back)
        return r + ": accept unchecked (the directory is older than milter.max_staleness and says " +
               std::string(to_string(*d.held_back)) + "; milter.on_directory_unavailable: accept)";
      return r + ": accept unchecked (directory unavailable; milter.on_directory_unavailable: accept)";
    case RouteCase::stale:
      return r + ": tempfail " + code + " (the directory is older than milter.max_staleness and says " +
             std::string(to_string(d.held_back.value_or(RouteCase::unknown))) +
             ", which a newer directory could overturn)";
    case RouteCase::live: return r + ": accept (live ID " + quote_value(d.resolved_id) + ")";
    case RouteCase::list:
      return r + ": rewrite to <" + d.new_address + "> (mailing list " + quote_value(d.resolved_id) + ")";
    case RouteCase::forward:
      return r + ": rewrite to <" + d.new_address + "> (old address of " + quote_value(d.resolved_id) +
             ", forwarding on and within its window, " + std::to_string(d.alias_hops) + " hop(s))";
    case RouteCase::loop:
      return r + ": reject " + code + " (alias chain loops or is longer than " +
             std::to_string(max_alias_hops) + ")";
    case RouteCase::alias_expired:
      return r + ": reject " + code + " (old address; its forwarding period has ended)";
    case RouteCase::forward_off:
      return r + ": reject " + code + " (old address; the holder turned forwarding off)";
    case RouteCase::alias_target_gone:
      return r + ": reject " + code + " (old address of an ID that no longer exists)";
    case RouteCase::unknown: return r + ": reject " + code + " (no such ID, alias or list)";
    case RouteCase::bad_syntax:
      return r + ": reject " + code + " (not in the directory and not valid ID syntax)";
    case RouteCase::unparsable:
      return r + ": reject " + code + " (not a valid address, but aimed at one of mail.domains)";
  }
  return r;
}

bool is_valid_reply_text(std::string_view text) noexcept {
  if (text.empty() || text.size() > 980) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f && c != '%';
  });
}

}  // namespace umind
