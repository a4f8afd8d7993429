// recipient_plan.cpp — dedup of rewritten recipients.
#include "core/recipient_plan.hpp"

#include <algorithm>
#include <set>

#include "core/address.hpp"
#include "core/text.hpp"

namespace umind {
namespace {

std::string normalized(std::string_view address) {
  if (address.size() >= 2 && address.front() == '<' && address.back() == '>')
    address = address.substr(1, address.size() - 2);
  return to_lower_ascii(address);
}

}  // namespace

RecipientPlan plan_recipient_changes(const std::vector<RecipientOutcome>& recipients) {
  RecipientPlan plan;
  std::set<std::string> present;
  for (const auto& r : recipients)
    if (r.new_address.empty()) present.insert(normalized(r.original));
  std::set<std::string> removed;
  for (const auto& r : recipients) {
    if (r.new_address.empty()) continue;
    std::string old_key = normalized(r.original);
    if (present.count(old_key) == 0 && removed.insert(old_key).second) plan.remove.push_back(r.original);
    std::string key = normalized(r.new_address);
    if (present.insert(key).second) plan.add.push_back("<" + r.new_address + ">");
  }
  return plan;
}

}  // namespace umind
