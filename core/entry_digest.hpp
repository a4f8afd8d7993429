// entry_digest.hpp — a 64-bit digest of an LDAP entry, for reconcile: equal
// when the DN (without case), the object classes (without case) and the
// values of the compared attributes are equal, in whatever order slapd
// returns attributes and values. Fed attribute by attribute, so a reader can
// digest an entry where it lies (no copy) and a million directory entries
// and a million store states are compared in seconds. Not cryptographic: a
// collision only hides a difference from one reconcile.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ldap_entry.hpp"

namespace umind {

class EntryDigest {
 public:
  // `compared`: the attributes that count besides objectClass (names
  // without case); it must outlive the digest. Digests are comparable only
  // when made with the same list.
  EntryDigest(std::string_view dn, const std::vector<std::string>& compared);
  // One attribute with all its values; ignored unless it counts.
  void add(std::string_view attribute, std::span<const std::string_view> values);
  void add(std::string_view attribute, const std::vector<std::string>& values);
  std::uint64_t value() const noexcept { return digest_; }

 private:
  template <class Values>
  void add_values(std::string_view attribute, const Values& values);
  const std::vector<std::string>& compared_;
  std::uint64_t digest_;
};

std::uint64_t entry_digest(const LdapEntry& e, const std::vector<std::string>& compared);

}  // namespace umind
