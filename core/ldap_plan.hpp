// ldap_plan.hpp — the LDAP writes that turn what a directory holds into what
// the store says it should hold: add, modify (only the attributes that
// differ), rename (modrdn, so an entry keeps its entryUUID across an ID
// change), delete. Pure: the sync engine and reconcile read the entries,
// plan here, and send the plan. Replaying a plan against its own result
// plans nothing, which is what makes sync idempotent.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ldap_entry.hpp"

namespace umind {

struct LdapOp {
  enum class Kind { add, modify, rename, remove };
  Kind kind = Kind::modify;
  std::string dn;              // the entry acted on
  LdapEntry entry;             // add
  std::vector<LdapMod> mods;   // modify
  std::string new_rdn;         // rename: same parent, old RDN value removed
};

// Operations on one target, in order; different chains are independent.
using OpChain = std::vector<LdapOp>;

// Entries found by their account key (people, indice): `want` the entry the
// store wants (nullopt: there must be none), `have` every entry carrying the
// account's uminAccountKey in that subtree.
// userPassword cannot be read back (the ACL lets umind only write it), so a
// password missing from what the directory returned is written only when
// `write_password` (the store changed it); a readable one is compared like
// the rest. An added entry always gets its password.
OpChain plan_keyed(const std::optional<LdapEntry>& want, const std::vector<LdapEntry>& have, bool write_password);

// Entries with a fixed DN (aliases, lists, the sync state).
OpChain plan_fixed(const std::optional<LdapEntry>& want, const std::optional<LdapEntry>& have, bool write_password);

// The modifications that make `have` hold `want`'s managed attributes and
// object classes; empty when nothing differs.
std::vector<LdapMod> diff_entry(const LdapEntry& want, const LdapEntry& have, bool write_password);

// "uid=a\,b" of "uid=a\,b,ou=people,…" (up to the first unescaped comma).
std::string_view first_rdn(std::string_view dn);
// DNs as umind writes them, compared without case.
bool same_dn(std::string_view a, std::string_view b);

}  // namespace umind
