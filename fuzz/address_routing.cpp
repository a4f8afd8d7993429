// address_routing.cpp — fuzzes parse_mail_address, split_detail and the §6
// routing decision (core/address, core/routing). Input: one byte of rules,
// one of freshness, then the recipient exactly as an MTA would pass it.
// Checks: views stay inside the input, the detail split loses no byte, and
// every decision keeps the RouteDecision contract (fuzz_common.hpp).
#include "core/address.hpp"
#include "fuzz/fuzz_common.hpp"

using namespace umind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  RoutingRules rules = fuzz::rules_from(in.byte());
  DirectoryFreshness fresh = fuzz::freshness_from(in.byte());
  const std::string recipient(in.rest());

  if (auto a = parse_mail_address(recipient)) {
    FUZZ_CHECK(!a->local.empty(), "non-empty local part");
    FUZZ_CHECK(fuzz::inside(a->local, recipient) && fuzz::inside(a->domain, recipient), "views inside input");
    auto p = split_detail(a->local, rules.recipient_delimiter);
    FUZZ_CHECK(p.base.size() + p.detail.size() == a->local.size(), "detail split keeps every byte");
  }
  static const fuzz::FixedDirectory dir(fuzz::fuzz_now);
  RouteDecision d = route_recipient(rules, dir, fresh, recipient, fuzz::fuzz_now);
  fuzz::check_decision(d, recipient, rules);
  return 0;
}
