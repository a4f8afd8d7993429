// sync_commands.cpp — uminctl sync status / now / reconcile.
#include "cli/sync_commands.hpp"

#include "cli/text_views.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace umind::cli {
namespace {

using nlohmann::json;

std::string reconcile_text(const json& b) {
  const auto& c = b.at("changes");
  std::string s;
  for (const auto& line : b.at("diff")) s += line.get<std::string>() + "\n";
  if (b.at("diff_truncated").get<bool>()) s += "… (diff truncated)\n";
  s += std::to_string(b.at("entries_in_directory").get<long long>()) + " directory entries, " +
       std::to_string(b.at("entries_in_store").get<long long>()) + " in the store: " +
       std::to_string(c.at("add").get<long long>()) + " to add, " + std::to_string(c.at("modify").get<long long>()) +
       " to modify, " + std::to_string(c.at("rename").get<long long>()) + " to rename, " +
       std::to_string(c.at("delete").get<long long>()) + " to delete";
  s += b.at("dry_run").get<bool>() ? " (dry run: nothing written)" : b.at("applied").get<bool>() ? " (written)" : "";
  for (const auto& f : b.at("failures"))
    s += "\n  refused: " + f.at("operation").get<std::string>() + " " + f.at("dn").get<std::string>() + ": " +
         f.at("message").get<std::string>();
  return s;
}

// Creates FILE with mode 0600 (never readable by others, whatever the umask).
void write_private_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(e));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

void add_sync_commands(CLI::App& app, Commands& c) {
  auto* sync = app.add_subcommand("sync", "the store's changes into LDAP: status, now, reconcile")->require_subcommand(1);
  auto* status = sync->add_subcommand("status", "how far LDAP has caught up, and what it refused");
  c.on(status, [&c] { return c.call("GET", "/v1/sync/status", nullptr, sync_text); });
  auto* now = sync->add_subcommand("now", "wait until LDAP holds every change made so far (up to 30 s)");
  c.on(now, [&c] { return c.call("POST", "/v1/sync/now", json::object(), sync_text); });
  static std::string out_path;
  auto* ldif = app.add_subcommand("export-ldif", "the whole tree + sync state as LDIF, for slapadd -q on an empty directory");
  ldif->add_option("--out", out_path, "write to FILE (mode 0600: it holds password hashes) instead of stdout");
  c.on(ldif, [&c] {
    return c.call("GET", "/v1/export.ldif", nullptr, [](const json& b) -> std::string {
      const std::string& text = b.get_ref<const std::string&>();
      if (out_path.empty()) return text.empty() ? text : text.substr(0, text.size() - 1);  // printed with a newline
      write_private_file(out_path, text);
      return "wrote " + std::to_string(text.size()) + " bytes of LDIF to " + out_path;
    });
  });
  static bool dry_run = false, force = false;
  auto* rec = sync->add_subcommand("reconcile", "compare LDAP with the store and fix the differences");
  rec->add_flag("--dry-run", dry_run, "print the differences, write nothing");
  rec->add_flag("--force", force, "also when more than sync.max_delete_fraction of the entries would go");
  c.on(rec, [&c] {
    return c.call("POST", "/v1/sync/reconcile", {{"dry_run", dry_run}, {"force", force}}, reconcile_text);
  });
}

}  // namespace umind::cli
