// sync_commands.cpp — uminctl sync status / now / reconcile.
#include "cli/sync_commands.hpp"

namespace umind::cli {
namespace {

using nlohmann::json;

std::string sync_text(const json& b) {
  std::string s = std::string(b.at("connected").get<bool>() ? "connected" : "NOT connected") + "; LDAP holds journal row " +
                  std::to_string(b.at("applied_seq").get<long long>()) + " of " +
                  std::to_string(b.at("journal_head").get<long long>()) + " (" +
                  std::to_string(b.at("lag").get<long long>()) + " behind); " +
                  std::to_string(b.at("ops").get<long long>()) + " LDAP writes, " +
                  std::to_string(b.at("failed_ops").get<long long>()) + " refused";
  if (b.contains("last_batch_at")) s += "; last batch " + b.at("last_batch_at").get<std::string>();
  if (!b.at("last_error").get<std::string>().empty()) s += "\n  last error: " + b.at("last_error").get<std::string>();
  for (const auto& f : b.at("recent_failures"))
    s += "\n  refused: " + f.at("operation").get<std::string>() + " " + f.at("dn").get<std::string>() + ": " +
         f.at("message").get<std::string>();
  return s;
}

}  // namespace

void add_sync_commands(CLI::App& app, Commands& c) {
  auto* sync = app.add_subcommand("sync", "the store's changes into LDAP: status, now, reconcile")->require_subcommand(1);
  auto* status = sync->add_subcommand("status", "how far LDAP has caught up, and what it refused");
  c.on(status, [&c] { return c.call("GET", "/v1/sync/status", nullptr, sync_text); });
  auto* now = sync->add_subcommand("now", "wait until LDAP holds every change made so far (up to 60 s)");
  c.on(now, [&c] { return c.call("POST", "/v1/sync/now", json::object(), sync_text); });
}

}  // namespace umind::cli
