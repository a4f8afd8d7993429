// ldap_entry.hpp — one LDAP entry as plain data: its DN and attributes with
// their values, attribute names compared without case (as LDAP does). The
// sync engine builds the entries the store says should exist, reconcile
// compares them with what slapd holds, export-ldif prints them. Pure data.
#pragma once
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace umind {

struct AttributeNameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      auto lx = static_cast<unsigned char>(x >= 'A' && x <= 'Z' ? x + 32 : x);
      auto ly = static_cast<unsigned char>(y >= 'A' && y <= 'Z' ? y + 32 : y);
      return lx < ly;
    });
  }
};

using LdapAttributes = std::map<std::string, std::vector<std::string>, AttributeNameLess>;

struct LdapEntry {
  std::string dn;
  LdapAttributes attrs;
};

// Whether `e` has object class `cls` (compared without case, as LDAP does).
inline bool has_class(const LdapEntry& e, std::string_view cls) {
  auto it = e.attrs.find("objectClass");
  if (it == e.attrs.end()) return false;
  AttributeNameLess less;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const std::string& v) { return !less(v, cls) && !less(cls, v); });
}

// The first value of `attr`, or "".
inline std::string first_value(const LdapEntry& e, std::string_view attr) {
  auto it = e.attrs.find(attr);
  return it == e.attrs.end() || it->second.empty() ? std::string{} : it->second.front();
}

// One modification of a modify operation.
struct LdapMod {
  enum class Op { add, replace, remove };
  Op op = Op::replace;
  std::string attr;
  std::vector<std::string> values;  // replace with none = delete the attribute
  bool operator==(const LdapMod&) const = default;
};

}  // namespace umind
