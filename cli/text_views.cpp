// text_views.cpp — formatting API answers for people. Free text goes through
// terminal_safe: a value stored before the text rule cannot hide or reorder
// what an operator's terminal shows.
#include "cli/text_views.hpp"

#include "core/text.hpp"

namespace umind::cli {
namespace {

std::string joined(const nlohmann::json& array) {
  std::string out;
  for (const auto& v : array) out += (out.empty() ? "" : ", ") + v.get<std::string>();
  return out.empty() ? "-" : out;
}

std::string text_or_dash(const nlohmann::json& v) {
  return v.is_string() && !v.get<std::string>().empty() ? terminal_safe(v.get<std::string>()) : "-";
}

}  // namespace

std::string account_text(const nlohmann::json& body) {
  const auto& a = body.at("account");
  std::string out = a.at("id").get<std::string>() + " (" + a.at("kind").get<std::string>() + ", " +
                    a.at("status").get<std::string>() + ")";
  if (body.contains("looked_up_as")) out += "  [looked up by old ID " + body["looked_up_as"].get<std::string>() + "]";
  out += "\n  name: " + text_or_dash(a.at("name")) + "\n  contact: " + text_or_dash(a.at("contact")) +
         "\n  affiliation: " + text_or_dash(a.at("affiliation")) + "\n  person key: " + text_or_dash(a.at("person_key")) +
         "\n  services: " + joined(a.at("services")) + "\n  lists: " + joined(a.at("lists")) +
         "\n  general password: " + (a.at("general_password").is_null() ? "none" : "set") +
         "\n  INDICE password: " + (a.at("indice_password").is_null() ? "none" : "set");
  for (const auto& p : a.at("pending_passwords"))
    out += "\n  pending: new " + p.at("password").get<std::string>() + " password takes effect at " +
           p.at("effective_at").get<std::string>() + " (the old one works until then)";
  if (a.contains("merged_into")) out += "\n  merged into: " + a["merged_into"].get<std::string>();
  if (a.contains("delete_reason")) out += "\n  deleted: " + text_or_dash(a["delete_reason"]);
  if (body.contains("aliases"))
    for (const auto& al : body["aliases"])
      out += "\n  old address " + al.at("old_id").get<std::string>() + " (" + al.at("reason").get<std::string>() +
             "): forwarding " + (al.at("forward_enabled").get<bool>() ? "on" : "off") + " until " +
             al.at("forward_until").get<std::string>();
  if (body.contains("password"))
    out += "\n  password (shown once, note it now): " + body["password"].get<std::string>();
  if (body.contains("indice_password"))
    out += "\n  INDICE password (shown once, note it now): " + body["indice_password"].get<std::string>();
  return out;
}

std::string list_text(const nlohmann::json& body) {
  const auto& l = body.at("list");
  return l.at("name").get<std::string>() + " -> " + l.at("deliver_to").get<std::string>() +
         (l.at("protect_members").get<bool>() ? " (members protected)" : "") + "\n  members: " + joined(l.at("members"));
}

std::string accounts_text(const nlohmann::json& body) {
  std::string out;
  for (const auto& a : body.at("accounts"))
    out += a.at("id").get<std::string>() + "\t" + a.at("kind").get<std::string>() + "\t" +
           a.at("status").get<std::string>() + "\t" + terminal_safe(a.at("name").get<std::string>()) + "\n";
  if (body.value("truncated", false))
    out += "(more accounts exist than shown: raise --limit, or narrow with --kind/--status)\n";
  if (!out.empty()) out.pop_back();
  return out.empty() ? "(no accounts)" : out;
}

std::string password_text(const nlohmann::json& body) {
  std::string out = "new " + body.at("password_kind").get<std::string>() + " password of " +
                    body.at("id").get<std::string>() + " takes effect at " + body.at("effective_at").get<std::string>();
  if (body.contains("password"))
    out += "\n  password (shown once, note it now): " + body["password"].get<std::string>();
  return out;
}

std::string sync_text(const nlohmann::json& b) {
  std::string s = std::string(b.at("connected").get<bool>() ? "connected" : "NOT connected") + "; LDAP holds journal row " +
                  std::to_string(b.at("applied_seq").get<long long>()) + " of " +
                  std::to_string(b.at("journal_head").get<long long>()) + " (" +
                  std::to_string(b.at("lag").get<long long>()) + " behind); " +
                  std::to_string(b.at("ops").get<long long>()) + " LDAP writes, " +
                  std::to_string(b.at("failed_ops").get<long long>()) + " refused";
  if (b.contains("last_batch_at")) s += "; last batch " + b.at("last_batch_at").get<std::string>();
  if (b.contains("heartbeat_at")) s += "; heartbeat written " + b.at("heartbeat_at").get<std::string>();
  if (!b.at("last_error").get<std::string>().empty()) s += "\n  last error: " + b.at("last_error").get<std::string>();
  for (const auto& f : b.at("recent_failures"))
    s += "\n  refused: " + f.at("operation").get<std::string>() + " " + f.at("dn").get<std::string>() + ": " +
         f.at("message").get<std::string>();
  return s;
}

std::string replica_text(const nlohmann::json& m) {
  const auto& e = m.at("entries");
  if (!m.at("loaded").get<bool>()) return "NOT loaded yet (mail is answered 451 4.3.0)";
  std::string fresh = m.at("live").get<bool>() ? "following the directory live"
                      : "NOT following the directory, current " +
                            std::to_string(m.at("staleness_seconds").is_null() ? -1 : m.at("staleness_seconds").get<long long>()) +
                            " s ago";
  if (m.contains("heartbeat_age_seconds"))
    fresh += m.at("heartbeat_age_seconds").is_null()
                 ? "; holds no heartbeat"
                 : "; heartbeat " + std::to_string(m.at("heartbeat_age_seconds").get<long long>()) + " s old";
  return "loaded, " + fresh + "; " + std::to_string(e.at("live").get<long long>()) + " live IDs, " +
         std::to_string(e.at("alias").get<long long>()) + " old addresses, " +
         std::to_string(e.at("list").get<long long>()) + " lists";
}

std::string status_text(const nlohmann::json& body) {
  const auto& s = body.at("store");
  const auto& a = s.at("accounts");
  return "umind " + body.at("version").get<std::string>() + ", roles: " + joined(body.at("roles")) +
         "\n  store: " + std::to_string(a.at("active").get<long long>()) + " active, " +
         std::to_string(a.at("merged").get<long long>()) + " merged, " +
         std::to_string(a.at("deleted").get<long long>()) + " deleted accounts; " +
         std::to_string(s.at("aliases").get<long long>()) + " old addresses; " +
         std::to_string(s.at("lists").get<long long>()) + " lists; journal at " +
         std::to_string(s.at("journal_head").get<long long>()) +
         "\n  passwords: " + body.at("passwords_apply").get<std::string>() + ", " +
         std::to_string(s.at("pending_passwords").get<long long>()) + " pending" +
         (s.at("next_password_due").is_null() ? std::string{}
                                               : ", next at " + s["next_password_due"].get<std::string>()) +
         (body.contains("sync") ? "\n  LDAP: " + sync_text(body["sync"]) : std::string{}) +
         (body.contains("milter") ? "\n  milter replica: " + replica_text(body["milter"]) : std::string{});
}

}  // namespace umind::cli
