// milter_rcpt.cpp — fuzzes the pure part of the milter's per-message work
// (milter/milter_callbacks.cpp before the MilterSession refactor lands):
// a message's RCPT arguments, each decided by route_recipient as envrcpt
// does, rewrites collected, then plan_recipient_changes as eom does.
// Input: rules byte, freshness byte, then recipients separated by NUL (the
// argv of each xxfi_envrcpt). Checks: each reply is fit for smfi_setreply,
// the plan removes exactly the rewritten recipients, adds only bracketed
// addresses, never adds one twice nor one that is already a recipient.
#include <set>

#include "core/recipient_plan.hpp"
#include "core/text.hpp"
#include "fuzz/fuzz_common.hpp"

using namespace umind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  RoutingRules rules = fuzz::rules_from(in.byte());
  DirectoryFreshness fresh = fuzz::freshness_from(in.byte());
  static const fuzz::FixedDirectory dir(fuzz::fuzz_now);
  std::vector<RecipientOutcome> kept;
  std::size_t rewrites = 0;
  for (int n = 0; n < 64 && !in.empty(); ++n) {
    const std::string recipient(in.until('\0'));  // argv[0] is a C string
    RouteDecision d = route_recipient(rules, dir, fresh, recipient, fuzz::fuzz_now);
    fuzz::check_decision(d, recipient);
    if (d.action == RouteAction::pass || d.action == RouteAction::accept) kept.push_back({recipient, {}});
    if (d.action == RouteAction::rewrite) {
      kept.push_back({recipient, d.new_address});
      ++rewrites;
    }
  }
  RecipientPlan plan = plan_recipient_changes(kept);
  std::multiset<std::string> rewritten;
  for (const auto& k : kept)
    if (!k.new_address.empty()) rewritten.insert(k.original);
  FUZZ_CHECK(plan.remove.size() <= rewrites, "removes only rewritten recipients");
  for (const auto& r : plan.remove) FUZZ_CHECK(rewritten.count(r) > 0, "removes a rewritten recipient");
  std::set<std::string> present;  // recipients kept as they are, as the plan compares them
  for (const auto& k : kept)
    if (k.new_address.empty()) {
      std::string_view o = k.original;
      if (o.size() >= 2 && o.front() == '<' && o.back() == '>') o = o.substr(1, o.size() - 2);
      present.insert(to_lower_ascii(o));
    }
  std::set<std::string> added;
  for (const auto& a : plan.add) {
    FUZZ_CHECK(a.size() >= 3 && a.front() == '<' && a.back() == '>', "adds a bracketed address");
    std::string key = to_lower_ascii(std::string_view(a).substr(1, a.size() - 2));
    FUZZ_CHECK(added.insert(key).second, "adds an address once");
    FUZZ_CHECK(present.count(key) == 0, "never adds a recipient the message already has");
  }
  return 0;
}
