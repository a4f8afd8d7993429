// lifecycle.cpp — lifecycle rules with their refusals.
#include "core/lifecycle.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace umind {
namespace {
Refusal refuse(std::string rule, std::string message) { return {std::move(rule), std::move(message)}; }
std::string day(TimePoint t) { return format_iso8601(t); }
}  // namespace

Check check_active(const Account& a) {
  switch (a.status) {
    case AccountStatus::active: return std::nullopt;
    case AccountStatus::merged:
      return refuse("account.merged", quote_value(a.id) + " was merged into " + quote_value(a.merged_into) +
                                          " and can no longer be used");
    case AccountStatus::deleted: return refuse("account.deleted", quote_value(a.id) + " has been deleted");
  }
  return std::nullopt;
}

Check check_rename_lock(const Account& a, TimePoint now, const Duration& rename_lock) {
  if (!a.renamed_at) return std::nullopt;
  TimePoint unlock = rename_lock.after(*a.renamed_at);
  if (now >= unlock) return std::nullopt;
  return refuse("rename.lock", quote_value(a.id) + " was renamed at " + day(*a.renamed_at) +
                                   "; an ID can be renamed again only after " + rename_lock.to_string() +
                                   ", i.e. from " + day(unlock) + " (FAQ 2.6)");
}

Check check_merge(const Account& duplicate, const Account& keep) {
  if (duplicate.key == keep.key)
    return refuse("merge.same", "an ID cannot be merged into itself (" + quote_value(keep.id) + ")");
  if (auto r = check_active(duplicate)) return r;
  if (auto r = check_active(keep)) return r;
  for (const Account* a : {&duplicate, &keep})
    if (a->kind != Kind::personal)
      return refuse("merge.kind", quote_value(a->id) + " is a " + std::string(to_string(a->kind)) +
                                      " ID; only personal IDs are merged (FAQ 3.1)");
  return std::nullopt;
}

Check check_handover(const Account& a) {
  if (auto r = check_active(a)) return r;
  if (a.kind == Kind::personal)
    return refuse("handover.personal", quote_value(a.id) +
                                           " is a personal ID; personal IDs are never handed over (FAQ 3.3)");
  return std::nullopt;
}

Check check_delete(const Account& a, std::string_view reason, const std::vector<std::string>& protected_lists,
                   bool override_protection) {
  if (auto r = check_active(a)) return r;
  if (reason.find_first_not_of(" \t") == std::string_view::npos)
    return refuse("delete.reason", "deleting " + quote_value(a.id) + " needs a reason (FAQ 3.2)");
  if (auto r = check_free_text("reason", reason)) return r;
  if (!protected_lists.empty() && !override_protection) {
    std::string names;
    for (const auto& n : protected_lists) names += (names.empty() ? "" : ", ") + quote_value(n);
    return refuse("delete.protected-list", quote_value(a.id) + " is a member of protected list(s) " + names +
                                               "; use --override-protection to delete anyway (FAQ 3.2)");
  }
  return std::nullopt;
}

Check check_contact(std::string_view c) {
  auto at = c.find('@');
  bool ok = !c.empty() && c.size() <= 254 && at != std::string_view::npos && at > 0 && at + 1 < c.size() &&
            c.find('@', at + 1) == std::string_view::npos &&
            std::all_of(c.begin(), c.end(), [](char ch) {
              auto u = static_cast<unsigned char>(ch);
              return u > 0x20 && u < 0x7f && ch != '<' && ch != '>' && ch != ',' && ch != ';';
            });
  if (ok) return std::nullopt;
  return refuse("contact.address", quote_value(c) + " is not a mail address like name@example.org");
}

Check check_service_name(std::string_view s) {
  bool ok = !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return is_lower_alpha(c) || is_digit(c) || c == '-' || c == '_';
  });
  if (ok) return std::nullopt;
  return refuse("service.name", quote_value(s) + " is not a service name (a-z, 0-9, '-', '_'; 1 to 64 characters)");
}

Check check_free_text(std::string_view field, std::string_view text) {
  std::string rule = "text." + std::string(field);
  if (text.size() > 256)
    return refuse(rule, std::string(field) + " " + quote_value(text) + " is too long (" +
                            std::to_string(text.size()) + " bytes; 256 at most)");
  if (auto fault = text_fault(text))
    return refuse(rule, std::string(field) + " " + describe(*fault, text) + "; " + std::string(text_rule));
  return std::nullopt;
}

}  // namespace umind
