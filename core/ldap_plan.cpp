// ldap_plan.cpp — planning add/modify/rename/delete from wanted and found entries.
#include "core/ldap_plan.hpp"

#include <algorithm>

#include "core/ldap_entries.hpp"

namespace umind {
namespace {

const std::vector<std::string> no_values;

const std::vector<std::string>& values_of(const LdapEntry& e, std::string_view attr) {
  auto it = e.attrs.find(attr);
  return it == e.attrs.end() ? no_values : it->second;
}

bool same_values(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool equal_nocase(std::string_view a, std::string_view b) {
  AttributeNameLess less;
  return !less(a, b) && !less(b, a);
}

LdapOp modify_op(const std::string& dn, std::vector<LdapMod> mods) {
  LdapOp op;
  op.kind = LdapOp::Kind::modify;
  op.dn = dn;
  op.mods = std::move(mods);
  return op;
}

LdapOp remove_op(const std::string& dn) {
  LdapOp op;
  op.kind = LdapOp::Kind::remove;
  op.dn = dn;
  return op;
}

LdapOp add_op(const LdapEntry& e) {
  LdapOp op;
  op.kind = LdapOp::Kind::add;
  op.dn = e.dn;
  op.entry = e;
  return op;
}

void modify_if_needed(OpChain& chain, const LdapEntry& want, const LdapEntry& have, bool write_password) {
  auto mods = diff_entry(want, have, write_password);
  if (!mods.empty()) chain.push_back(modify_op(want.dn, std::move(mods)));
}

}  // namespace

std::vector<LdapMod> diff_entry(const LdapEntry& want, const LdapEntry& have, bool write_password) {
  std::vector<LdapMod> mods;
  std::vector<std::string> missing_classes;
  const auto& have_classes = values_of(have, "objectClass");
  for (const auto& cls : values_of(want, "objectClass"))
    if (std::none_of(have_classes.begin(), have_classes.end(), [&](const std::string& h) { return equal_nocase(h, cls); }))
      missing_classes.push_back(cls);
  if (!missing_classes.empty()) mods.push_back({LdapMod::Op::add, "objectClass", missing_classes});
  for (const auto& attr : managed_attributes(want)) {
    const auto& w = values_of(want, attr);
    bool readable = have.attrs.count(attr) > 0;
    if (attr == "userPassword" && !readable) {
      if (write_password) mods.push_back({LdapMod::Op::replace, attr, w});
      continue;
    }
    if (!same_values(w, values_of(have, attr))) mods.push_back({LdapMod::Op::replace, attr, w});
  }
  return mods;
}

OpChain plan_keyed(const std::optional<LdapEntry>& want, const std::vector<LdapEntry>& have, bool write_password) {
  OpChain chain;
  if (!want) {
    for (const auto& h : have) chain.push_back(remove_op(h.dn));
    return chain;
  }
  auto at_place = std::find_if(have.begin(), have.end(), [&](const LdapEntry& h) { return same_dn(h.dn, want->dn); });
  const LdapEntry* kept = nullptr;
  if (at_place != have.end()) {
    kept = &*at_place;
  } else if (!have.empty()) {
    // The account was renamed: move its entry (keeps entryUUID, binds switch
    // to the new DN at once), then bring the attributes up to date.
    kept = &have.front();
    LdapOp op;
    op.kind = LdapOp::Kind::rename;
    op.dn = kept->dn;
    op.new_rdn = std::string(first_rdn(want->dn));
    chain.push_back(std::move(op));
  }
  for (const auto& h : have)
    if (&h != kept) chain.push_back(remove_op(h.dn));  // strays (e.g. a half-done manual fix)
  if (kept != nullptr)
    modify_if_needed(chain, *want, *kept, write_password);
  else
    chain.push_back(add_op(*want));
  return chain;
}

OpChain plan_fixed(const std::optional<LdapEntry>& want, const std::optional<LdapEntry>& have, bool write_password) {
  OpChain chain;
  if (!want) {
    if (have) chain.push_back(remove_op(have->dn));
  } else if (!have) {
    chain.push_back(add_op(*want));
  } else {
    modify_if_needed(chain, *want, *have, write_password);
  }
  return chain;
}

std::string_view first_rdn(std::string_view dn) {
  for (std::size_t i = 0; i < dn.size(); ++i) {
    if (dn[i] == '\\') {
      ++i;
    } else if (dn[i] == ',') {
      return dn.substr(0, i);
    }
  }
  return dn;
}

bool same_dn(std::string_view a, std::string_view b) { return a.size() == b.size() && equal_nocase(a, b); }

}  // namespace umind
