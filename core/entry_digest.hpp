// entry_digest.hpp — a 64-bit digest of an LDAP entry, for reconcile: equal
// when the DN (without case), the object classes (without case) and the
// values of the given attributes are equal, in whatever order slapd returns
// attributes and values. Computed without copying the entry, so a million
// directory entries and a million store states can be compared in seconds.
// Not cryptographic: a collision only hides a difference from one reconcile.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/ldap_entry.hpp"

namespace umind {

std::uint64_t entry_digest(const LdapEntry& e, const std::vector<std::string>& attributes);

}  // namespace umind
