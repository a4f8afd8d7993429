// ldap_entries.hpp — what the store's truth looks like in LDAP (DESIGN §5):
// the people, indice, alias, list and sync-state entries umind writes, built
// from plain state records. Pure; the sync engine, reconcile and export-ldif
// all build their entries here, so they can never disagree.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/account.hpp"
#include "core/ldap_entry.hpp"

namespace umind {

// One account as the tree needs it (hashes included: LDAP verifies binds).
struct AccountState {
  std::int64_t key = 0;
  std::string id;
  Kind kind = Kind::personal;
  AccountStatus status = AccountStatus::active;
  std::string name, affiliation;
  std::optional<std::string> general_hash, indice_hash;
  std::vector<std::string> services;  // sorted
};

struct AliasState {
  std::string old_id;
  std::string target_id;  // the ID of the account it belongs to (live or not)
  std::string reason;     // rename | merge
  TimePoint forward_until{};
  bool forward_enabled = true;
};

struct ListState {
  std::string name, deliver_to;
  bool protect_members = false;
  std::vector<std::string> member_ids;  // live IDs, sorted
};

struct TreeNames {
  std::string base;    // ldap.base_dn
  std::string domain;  // mail: ID@domain
};

// uid=ID,ou=people: only for active accounts.
LdapEntry people_entry(const TreeNames& t, const AccountState& a);
// uid=ID,ou=indice: only for active accounts with an INDICE hash.
std::optional<LdapEntry> indice_entry(const TreeNames& t, const AccountState& a);
LdapEntry alias_entry(const TreeNames& t, const AliasState& a);
LdapEntry list_entry(const TreeNames& t, const ListState& l);
LdapEntry sync_state_entry(const TreeNames& t, std::int64_t seq);

// The account key an entry's uminAccountKey holds, read as slapd matches it
// (caseIgnoreMatch: spaces around it and a '+' do not count); nullopt when it
// is not a number (not an entry of ours to match by key).
std::optional<std::int64_t> parse_account_key(std::string_view value);

// The attributes umind owns on an entry of the same kind as `e` (by its
// object classes); anything else on an entry is left alone. Never the RDN
// attribute (a rename moves it) nor objectClass (only ever added to).
const std::vector<std::string>& managed_attributes(const LdapEntry& e);

}  // namespace umind
