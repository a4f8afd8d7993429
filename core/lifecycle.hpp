// lifecycle.hpp — the pure rules of the account lifecycle (DESIGN §3, FAQ
// §2.6, §3.1–§3.3): when a rename, merge, handover or delete is allowed and
// how long an old address forwards. The store looks the facts up, these
// functions decide; every refusal names the rule and the values.
#pragma once
#include <string_view>
#include <vector>

#include "core/account.hpp"
#include "core/duration.hpp"
#include "core/refusal.hpp"

namespace umind {

// The account must be active (not merged away or deleted).
Check check_active(const Account& a);

// FAQ §2.6: once renamed, not again within `rename_lock` of that rename.
Check check_rename_lock(const Account& a, TimePoint now, const Duration& rename_lock);

// When forwarding of an address given up at `changed_at` ends.
inline TimePoint forward_until(TimePoint changed_at, const Duration& forward_period) {
  return forward_period.after(changed_at);
}

// FAQ §3.1: personal IDs only, both active, two different accounts.
Check check_merge(const Account& duplicate, const Account& keep);

// FAQ §3.3: ctr, group, contractor and role IDs only.
Check check_handover(const Account& a);

// FAQ §3.2: a reason is required; members of protected lists need the override.
Check check_delete(const Account& a, std::string_view reason,
                   const std::vector<std::string>& protected_lists, bool override_protection);

// A contact address: local@domain, printable ASCII, no spaces.
Check check_contact(std::string_view contact);
// A service name for grants: [a-z0-9_-], 1 to 64 characters.
Check check_service_name(std::string_view service);
// Free text (name, affiliation, person key, reason): at most 256 bytes, and
// the text rule of core/text (UTF-8; no control, bidi or zero-width characters).
Check check_free_text(std::string_view field, std::string_view text);

}  // namespace umind
