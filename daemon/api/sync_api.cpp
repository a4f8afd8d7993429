// sync_api.cpp — sync status, sync now, reconcile over HTTP/JSON.
#include "daemon/api/sync_api.hpp"

#include "core/time.hpp"
#include "daemon/api/request_fields.hpp"
#include "daemon/sync/ldif_export.hpp"

namespace umind::api {

using nlohmann::json;

namespace {

json to_json(const sync::ReconcileReport& r, bool dry_run) {
  json failures = json::array();
  for (const auto& f : r.outcome.failures)
    failures.push_back({{"dn", f.dn}, {"operation", f.operation}, {"code", f.code}, {"message", f.message}});
  return {{"dry_run", dry_run},
          {"applied", r.applied},
          {"entries_in_directory", r.entries_in_directory},
          {"entries_in_store", r.entries_in_store},
          {"changes", {{"add", r.adds}, {"modify", r.modifies}, {"rename", r.renames}, {"delete", r.removes}}},
          {"diff", r.lines},
          {"diff_truncated", r.truncated},
          {"failures", failures}};
}

sync::SyncRole& require(sync::SyncRole* s) {
  if (s == nullptr)
    throw ApiError(503, "no_sync_role", "the sync role is not running in this umind (see roles: in its config)");
  return *s;
}

}  // namespace

void add_sync_routes(Router& router, sync::SyncRole* sync, std::function<std::shared_ptr<const Config>()> config,
                     const boost::asio::any_io_executor& executor) {
  router.add(
      "GET", "/v1/export.ldif",
      [config](const HttpRequest&) {
        auto c = config();
        store::StoreReader reader(c->store.path);
        auto x = sync::export_ldif(reader, {c->ldap.base_dn, c->domain});
        HttpResponse out;
        out.text = std::move(x.text);
        out.text_type = "text/x-ldif";
        return out;
      },
      executor);
  router.add(
      "GET", "/v1/sync/status", [sync](const HttpRequest&) { return HttpResponse{200, sync::status_json(require(sync).status())}; },
      executor);
  router.add(
      "POST", "/v1/sync/now",
      [sync](const HttpRequest&) {
        auto [done, status] = require(sync).sync_now(std::chrono::seconds(30));
        if (!done)
          throw ApiError(503, "sync_unavailable",
                         "LDAP is not caught up after 30 s (applied " + std::to_string(status.applied_seq) + " of " +
                             std::to_string(status.journal_head) + ")" +
                             (status.last_error.empty() ? "" : ": " + status.last_error));
        return HttpResponse{200, sync::status_json(status)};
      },
      executor);
  router.add(
      "POST", "/v1/sync/reconcile",
      [sync](const HttpRequest& r) {
        bool dry_run = optional_bool(r.body, "dry_run", false);
        bool force = optional_bool(r.body, "force", false);
        sync::ReconcileReport report;
        try {
          report = require(sync).reconcile(dry_run, force);
        } catch (const ApiError&) {
          throw;
        } catch (const std::exception& e) {
          throw ApiError(503, "directory_unavailable", std::string("reconcile: ") + e.what());
        }
        json out = to_json(report, dry_run);
        if (report.refused)
          throw ApiError(422, "reconcile.max_delete",
                         "reconcile would delete " + std::to_string(report.removes) + " of " +
                             std::to_string(report.entries_in_directory) +
                             " entries, more than sync.max_delete_fraction allows; nothing was written. "
                             "Check with --dry-run, then use --force if that is right");
        return HttpResponse{200, out};
      },
      executor);
}

}  // namespace umind::api
