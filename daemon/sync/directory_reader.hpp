// directory_reader.hpp — what the directory holds now for a batch's targets,
// read with a few searches of many alternatives each (one round trip per
// few hundred targets, not one per entry): people and indice entries by
// uminAccountKey, aliases by uid, lists by name or by a member DN.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/ldap_entries.hpp"
#include "daemon/ldap/connection.hpp"

namespace umind::sync {

// The attributes sync compares (userPassword comes back only where the
// bound DN may read it: the rootdn in tests, never umind's own DN).
const std::vector<std::string>& compared_attributes();

class DirectoryReader {
 public:
  DirectoryReader(ldap::Connection& conn, std::string base) : conn_(conn), base_(std::move(base)) {}

  // key -> every entry in `subtree_base` carrying that uminAccountKey
  std::map<std::int64_t, std::vector<LdapEntry>> by_account_keys(const std::string& subtree_base,
                                                                 const std::vector<std::int64_t>& keys);
  // old ID -> its alias entry
  std::map<std::string, LdapEntry> aliases(const std::set<std::string>& old_ids);
  // list name -> entry, for lists named in `names` or having one of `member_dns`
  std::map<std::string, LdapEntry> lists(const std::set<std::string>& names, const std::set<std::string>& member_dns);

 private:
  // Searches one level under `where` with (|(attr=v1)(attr=v2)…) in chunks.
  void search_any(const std::string& where, const std::vector<std::pair<std::string, std::string>>& alternatives,
                  const std::function<void(LdapEntry&&)>& each);
  ldap::Connection& conn_;
  std::string base_;
};

}  // namespace umind::sync
