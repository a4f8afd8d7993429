// json_views.cpp — JSON forms of the domain records.
#include "daemon/api/json_views.hpp"

namespace umind::api {
namespace {
nlohmann::json optional_time(const std::optional<TimePoint>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json to_json(const Account& a) {
  nlohmann::json pending = nlohmann::json::array();
  for (const auto& p : a.pending)
    pending.push_back({{"password", to_string(p.which)},
                       {"requested_at", format_iso8601(p.requested_at)},
                       {"effective_at", format_iso8601(p.effective_at)}});
  nlohmann::json j = {
      {"key", a.key},
      {"id", a.id},
      {"kind", to_string(a.kind)},
      {"status", to_string(a.status)},
      {"name", a.name},
      {"contact", a.contact},
      {"affiliation", a.affiliation},
      {"person_key", a.person_key},
      {"legacy", a.legacy},
      {"services", a.services},
      {"lists", a.lists},
      {"created_at", format_iso8601(a.created_at)},
      {"renamed_at", optional_time(a.renamed_at)},
      {"general_password", a.general_scheme.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.general_scheme)},
      {"indice_password", a.indice_scheme.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.indice_scheme)},
      {"pending_passwords", pending},
  };
  if (a.status == AccountStatus::merged) j["merged_into"] = a.merged_into;
  if (a.status == AccountStatus::deleted) {
    j["delete_reason"] = a.delete_reason;
    j["deleted_by_third_party"] = a.deleted_by_third_party;
  }
  return j;
}

nlohmann::json to_json(const Alias& a) {
  return {{"old_id", a.old_id},
          {"live_id", a.live_id},
          {"reason", a.reason},
          {"created_at", format_iso8601(a.created_at)},
          {"forward_until", format_iso8601(a.forward_until)},
          {"forward_enabled", a.forward_enabled}};
}

nlohmann::json to_json(const MailingList& l) {
  return {{"name", l.name}, {"deliver_to", l.deliver_to}, {"protect_members", l.protect_members},
          {"members", l.members}};
}

nlohmann::json to_json(const store::StoreStatus& s) {
  return {{"schema_version", s.schema_version},
          {"journal_head", s.journal_head},
          {"accounts", {{"active", s.active}, {"merged", s.merged}, {"deleted", s.deleted}}},
          {"aliases", s.aliases},
          {"lists", s.lists},
          {"pending_passwords", s.pending_passwords},
          {"next_password_due", optional_time(s.next_password_due)}};
}

nlohmann::json route_json(const RouteDecision& d, const std::string& address) {
  static constexpr const char* actions[] = {"pass", "accept", "rewrite", "reject", "tempfail"};
  nlohmann::json j = {{"address", address},
                      {"action", actions[static_cast<int>(d.action)]},
                      {"case", to_string(d.route_case)},
                      {"explanation", explain(d, address)}};
  if (!d.smtp_code.empty())
    j["reply"] = std::string(d.smtp_code) + " " + std::string(d.enhanced) + " " + d.reply_text;
  if (!d.new_address.empty()) j["new_address"] = d.new_address;
  if (!d.resolved_id.empty()) j["resolved_id"] = d.resolved_id;
  return j;
}

}  // namespace umind::api
