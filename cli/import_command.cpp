// import_command.cpp — `uminctl import FILE [--dry-run] [--allow-legacy-ids]`:
// the format from FILE's extension, the file streamed to POST /v1/import with
// a progress bar on a terminal, then the counts or every FILE:LINE error.
// Exit 0 imported (or valid, with --dry-run), 1 invalid data (nothing was
// imported), 2 usage, 4 umind unavailable. Never prints a hash.
#include "cli/import_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "cli/api_call.hpp"
#include "cli/exit_codes.hpp"
#include "core/import/import.hpp"
#include "daemon/http/api_client.hpp"

namespace umind::cli {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct ImportArgs {
  std::string file;
  bool dry_run = false, allow_legacy = false;
};

// "\ruploading FILE  42%  126.3/300.0 MB  85.2 MB/s", at most ten times a second.
class ProgressBar {
 public:
  ProgressBar(std::string file, std::uint64_t total) : file_(std::move(file)), total_(total) {}
  void update(std::uint64_t sent) {
    auto now = Clock::now();
    if (sent < total_ && now - drawn_ < std::chrono::milliseconds(100)) return;
    drawn_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double mb = static_cast<double>(sent) / 1e6;
    char line[160];
    std::snprintf(line, sizeof line, "\ruploading %s %4.0f%%  %.1f/%.1f MB  %.1f MB/s ", file_.c_str(),
                  total_ == 0 ? 100.0 : 100.0 * static_cast<double>(sent) / static_cast<double>(total_), mb,
                  static_cast<double>(total_) / 1e6, seconds > 0 ? mb / seconds : 0.0);
    std::cerr << line << std::flush;
    open_ = true;
    if (sent == total_) {  // the answer comes once every line is checked and written
      std::cerr << "\nuploaded; umind is checking every line and writing them in one transaction\n" << std::flush;
      open_ = false;
    }
  }
  void finish() {
    if (!open_) return;
    std::cerr << "\n" << std::flush;
    open_ = false;
  }
  ~ProgressBar() { finish(); }

 private:
  std::string file_;
  std::uint64_t total_;
  Clock::time_point start_ = Clock::now(), drawn_{};
  bool open_ = false;
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

int run_import(const ApiTarget& target, const Output& out, const ImportArgs& a) {
  auto format = import_format_for(a.file);
  if (!format) {
    std::cerr << "uminctl: " << a.file << ": unknown format; the extension says it: .csv or .jsonl\n";
    return exit_usage;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(a.file, ec)) {
    std::cerr << "uminctl: " << a.file << ": " << (ec ? ec.message() : "not a regular file") << "\n";
    return exit_usage;
  }
  std::uint64_t size = std::filesystem::file_size(a.file, ec);
  std::ifstream data(a.file, std::ios::binary);
  if (ec || !data) {
    std::cerr << "uminctl: " << a.file << ": cannot be read\n";
    return exit_usage;
  }

  auto api = resolve_api(target);
  if (!api) return exit_usage;
  const ListenAddress& where = api->where;

  const std::string path =
      with_query("/v1/import", {{"format", std::string(to_string(*format))},
                                {"dry_run", a.dry_run ? "true" : "false"},
                                {"allow_legacy_ids", a.allow_legacy ? "true" : "false"},
                                {"file", a.file}});
  const char* content_type = *format == ImportFormat::csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
  ApiClient::Result result;
  try {
    // The answer comes when every record is checked and written: allow for
    // a million of them on a slow disk.
    ApiClient client(where, api->token, std::chrono::seconds{3600});
    std::optional<ProgressBar> bar;
    if (isatty(STDERR_FILENO) == 1) bar.emplace(a.file, size);
    result = client.upload(path, content_type, data, size, [&](std::uint64_t sent) {
      if (bar) bar->update(sent);
    });
  } catch (const ApiUnavailable& e) {
    out.emit({{"error", "unavailable"}, {"message", e.what()}},
             "uminctl: umind is not reachable at " + where.to_string() + ": " + e.what(), true);
    return exit_unavailable;
  } catch (const std::exception& e) {  // the file changed while it was sent
    std::cerr << "uminctl: " << a.file << ": " << e.what() << "\n";
    return exit_usage;
  }

  int code = exit_code_for_status(result.status);
  const json& body = result.body;
  if (out.json) {
    out.emit(body, "");
    return code;
  }
  if (code == exit_ok) {
    auto n = body.value("imported", std::size_t{0});
    auto legacy = body.value("legacy", std::size_t{0});
    std::string legacy_note = legacy > 0 ? " (" + plural(legacy, "legacy ID", "legacy IDs") + ")" : "";
    if (a.dry_run)
      std::cout << a.file << " is valid: " << plural(n, "account", "accounts") << " would be imported (dry run)"
                << legacy_note << "\n";
    else
      std::cout << "imported " << plural(n, "account", "accounts") << " from " << a.file << legacy_note << "\n";
    return code;
  }
  if (body.is_object() && body.contains("errors") && body["errors"].is_array()) {
    for (const auto& e : body["errors"]) std::cerr << (e.is_string() ? e.get<std::string>() : e.dump()) << "\n";
    auto count = body.value("error_count", body["errors"].size());
    if (count > body["errors"].size())
      std::cerr << "… and " << count - body["errors"].size() << " more (only the first "
                << body["errors"].size() << " are listed)\n";
    std::cerr << count << " error(s); nothing was imported\n";
    return exit_refused;
  }
  std::string error = body.is_object() ? body.value("error", "error") : "error";
  std::string message = body.is_object() ? body.value("message", "") : body.dump();
  std::cerr << "uminctl: " << message << " [" << error << "]\n";
  return code;
}

}  // namespace

void add_import_command(CLI::App& app, const ApiTarget& target, const Output& out, Action& action) {
  static ImportArgs args;  // CLI11 writes into it; lives as long as the program
  auto* cmd = app.add_subcommand("import", "import accounts from the old system (.csv or .jsonl), all or nothing");
  cmd->add_option("FILE", args.file, "the export; its extension (.csv or .jsonl) gives the format")->required();
  cmd->add_flag("--dry-run", args.dry_run, "check everything, import nothing");
  cmd->add_flag("--allow-legacy-ids", args.allow_legacy, "accept IDs that break today's syntax (kept as legacy)");
  cmd->callback([&target, &out, &action] { action = [&target, &out] { return run_import(target, out, args); }; });
}

}  // namespace umind::cli
