// recipient_plan.hpp — the envelope changes a message needs at end of message
// (libmilter allows them only in xxfi_eom): delete each rewritten recipient,
// add its new address unless that address is already a recipient. Pure.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace umind {

struct RecipientOutcome {
  std::string original;     // exactly as the MTA gave it (for smfi_delrcpt)
  std::string new_address;  // empty: keep as it is
};

struct RecipientPlan {
  std::vector<std::string> remove;  // as given, for smfi_delrcpt
  std::vector<std::string> add;     // "<new@domain>", for smfi_addrcpt
};

// Addresses compare case-insensitively (our domains lowercase local parts;
// foreign addresses differing only in case are the same mailbox in practice).
RecipientPlan plan_recipient_changes(const std::vector<RecipientOutcome>& recipients);

}  // namespace umind
