// directory_reader.cpp — batched searches of the managed subtrees.
#include "daemon/sync/directory_reader.hpp"

#include "core/ldap_names.hpp"

namespace umind::sync {
namespace {

constexpr std::size_t alternatives_per_search = 250;

}  // namespace

const std::vector<std::string>& compared_attributes() {
  static const std::vector<std::string> attrs{
      "objectClass", "uid", "cn", "sn", "displayName", "mail", "o", "uminKind", "uminService", "uminAccountKey",
      "userPassword", "uminAliasOf", "uminForwardUntil", "uminForwardEnabled", "uminAliasReason", "uminDeliverTo",
      "uminProtectMembers", "member"};
  return attrs;
}

void DirectoryReader::search_any(const std::string& where,
                                 const std::vector<std::pair<std::string, std::string>>& alternatives,
                                 const std::function<void(LdapEntry&&)>& each) {
  for (std::size_t i = 0; i < alternatives.size(); i += alternatives_per_search) {
    std::string filter = "(|";
    for (std::size_t j = i; j < alternatives.size() && j < i + alternatives_per_search; ++j)
      filter += "(" + alternatives[j].first + "=" + ldap_names::escape_filter_value(alternatives[j].second) + ")";
    filter += ")";
    conn_.search(where, ldap::Scope::one, filter, compared_attributes(), each);
  }
}

std::map<std::int64_t, std::vector<LdapEntry>> DirectoryReader::by_account_keys(const std::string& subtree_base,
                                                                              const std::vector<std::int64_t>& keys) {
  std::vector<std::pair<std::string, std::string>> alts;
  alts.reserve(keys.size());
  for (auto k : keys) alts.emplace_back("uminAccountKey", std::to_string(k));
  std::map<std::int64_t, std::vector<LdapEntry>> out;
  search_any(subtree_base, alts, [&](LdapEntry&& e) {
    if (auto key = parse_account_key(first_value(e, "uminAccountKey")))  // else not one of ours to match by key
      out[*key].push_back(std::move(e));
  });
  return out;
}

std::map<std::string, LdapEntry> DirectoryReader::aliases(const std::set<std::string>& old_ids) {
  std::vector<std::pair<std::string, std::string>> alts;
  for (const auto& id : old_ids) alts.emplace_back("uid", id);
  std::map<std::string, LdapEntry> out;
  search_any(ldap_names::aliases_base(base_), alts, [&](LdapEntry&& e) {
    std::string uid = first_value(e, "uid");
    out.emplace(uid, std::move(e));
  });
  return out;
}

std::map<std::string, LdapEntry> DirectoryReader::lists(const std::set<std::string>& names,
                                                        const std::set<std::string>& member_dns) {
  std::vector<std::pair<std::string, std::string>> alts;
  for (const auto& n : names) alts.emplace_back("cn", n);
  for (const auto& dn : member_dns) alts.emplace_back("member", dn);
  std::map<std::string, LdapEntry> out;
  search_any(ldap_names::lists_base(base_), alts, [&](LdapEntry&& e) {
    std::string cn = first_value(e, "cn");
    out.emplace(cn, std::move(e));
  });
  return out;
}

}  // namespace umind::sync
