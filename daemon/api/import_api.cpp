// import_api.cpp — POST /v1/import?format=csv|jsonl&dry_run=…&allow_legacy_ids=…&file=NAME:
// streams the raw body line by line through ImportParser into one
// AccountStore::import_accounts transaction and answers 200 with the counts
// or 422 with every FILE:LINE: field: message error (the first 1000). It
// must never put a line of the file, let alone a hash, into the log.
#include "daemon/api/import_api.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>


#include "core/text.hpp"
#include "base/log.hpp"
#include "daemon/store/account_import.hpp"

namespace umind::api {
namespace {

using nlohmann::json;

constexpr std::size_t max_listed_errors = 1000;

bool query_flag(const HttpRequest& r, const char* name) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second == "false" || it->second == "0") return false;
  if (it->second == "true" || it->second == "1" || it->second.empty()) return true;
  throw ApiError(400, "bad_request", std::string("query '") + name + "': expected true or false");
}

// The file's name as it appears in FILE:LINE errors (as the operator typed
// it): printable ASCII only, bounded ("import" when not given).
std::string file_label(const HttpRequest& r) {
  auto it = r.query.find("file");
  std::string_view name = it == r.query.end() ? std::string_view{} : std::string_view{it->second};
  std::string out;
  for (char c : name.substr(0, 512)) out += (c > 0x20 && c < 0x7f) ? c : '_';
  return out.empty() ? "import" : out;
}

// The records of the body, parsed on a thread of their own a few thousand
// records ahead of the store, which takes them on the writer thread: parsing
// is a tenth of an import, and this takes it off the critical path.
class ParsedRecords {
 public:
  ParsedRecords(std::string_view body, ImportFormat format, ImportOptions options)
      : parser_(format, options), rest_(body), thread_([this] { produce(); }) {}
  ~ParsedRecords() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ParsedRecords(const ParsedRecords&) = delete;
  ParsedRecords& operator=(const ParsedRecords&) = delete;

  // The next record, nullopt at the end. Rethrows what the parsing thread threw.
  std::optional<ImportRecord> next() {
    if (pos_ == chunk_.size()) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
      if (ready_.empty()) {
        if (failure_) std::rethrow_exception(failure_);
        return std::nullopt;
      }
      chunk_ = std::move(ready_.front());
      ready_.pop_front();
      pos_ = 0;
      lock.unlock();
      changed_.notify_all();
    }
    return std::move(chunk_[pos_++]);
  }

  // Only after next() returned nullopt: the parser is done with the body.
  const ImportParser& parser() const { return parser_; }

 private:
  static constexpr std::size_t chunk_records = 1024, chunks_ahead = 8;

  void produce() {
    try {
      std::vector<ImportRecord> chunk;
      bool done = rest_.empty();
      while (!done) {
        auto nl = rest_.find('\n');
        std::string_view line = rest_.substr(0, nl);
        if (nl == std::string_view::npos) {
          done = true;
        } else {
          rest_.remove_prefix(nl + 1);
          done = rest_.empty();  // a final newline does not start another line
        }
        if (auto rec = parser_.parse_line(line)) chunk.push_back(std::move(*rec));
        if (chunk.size() == chunk_records || (done && !chunk.empty())) {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return ready_.size() < chunks_ahead || stop_; });
          if (stop_) break;
          ready_.push_back(std::move(chunk));
          chunk.clear();
          lock.unlock();
          changed_.notify_all();
        }
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    changed_.notify_all();
  }

  ImportParser parser_;
  std::string_view rest_;
  std::vector<ImportRecord> chunk_;  // the consumer's current chunk
  std::size_t pos_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<ImportRecord>> ready_;
  bool finished_ = false, stop_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts when everything above exists
};

HttpResponse import_accounts(ApiContext& ctx, const HttpRequest& r) {
  auto f = r.query.find("format");
  std::optional<ImportFormat> format;
  if (f != r.query.end()) format = f->second == "csv" ? std::optional{ImportFormat::csv}
                                   : f->second == "jsonl" ? std::optional{ImportFormat::jsonl}
                                                          : std::nullopt;
  if (!format) throw ApiError(400, "bad_request", "query 'format': expected csv or jsonl");
  const bool dry_run = query_flag(r, "dry_run");
  const bool allow_legacy = query_flag(r, "allow_legacy_ids");
  const std::string file = file_label(r);
  const std::string what = "import " + quote_value(file) + (dry_run ? " (dry run)" : "");
  log_info(what + ": " + std::to_string(r.raw_body.size()) + " bytes of " + std::string(to_string(*format)) +
           " received; checking and writing in one transaction");

  auto started = std::chrono::steady_clock::now();
  ParsedRecords records(r.raw_body, *format, ImportOptions{allow_legacy, max_listed_errors});
  std::size_t taken = 0;
  store::ImportBatch batch;
  batch.dry_run = dry_run;
  batch.max_errors = max_listed_errors;
  batch.source_errors = [&] { return records.parser().error_count(); };
  batch.next = [&] {
    // The import holds the writer for up to tens of seconds: while it makes
    // progress, the writer's heartbeat (the watchdog's probe) says so.
    if (++taken % 4096 == 0 && ctx.writer_heartbeat != nullptr) ctx.writer_heartbeat->beat();
    return records.next();
  };
  store::ImportOutcome outcome = ctx.store.import_accounts(batch, {r.actor, ctx.clock.now()});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const ImportParser& parser = records.parser();
  const std::size_t error_count = parser.error_count() + outcome.error_count;
  const std::size_t lines = parser.lines_read();

  if (error_count == 0) {
    log_info(what + ": " + std::to_string(outcome.records) + " accounts " +
             (outcome.committed ? "imported" : "valid, nothing written") + " from " + std::to_string(lines) +
             " lines in " + std::to_string(ms.count()) + " ms");
    return {200,
            {{"imported", outcome.records},
             {"dry_run", dry_run},
             {"lines", lines},
             {"legacy", outcome.legacy},
             {"file", file}}};
  }
  // Both lists are in line order and each holds its first errors, so the
  // first of the merged list are the first of the file.
  std::vector<ImportError> merged;
  merged.reserve(parser.errors().size() + outcome.errors.size());
  std::merge(parser.errors().begin(), parser.errors().end(), outcome.errors.begin(), outcome.errors.end(),
             std::back_inserter(merged), [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  json errors = json::array();
  for (std::size_t i = 0; i < merged.size() && i < max_listed_errors; ++i) errors.push_back(merged[i].to_string(file));
  std::string message = std::to_string(error_count) + " error(s) in " + file + "; nothing was imported";
  log_warning(what + " refused: " + std::to_string(error_count) + " error(s) in " + std::to_string(lines) +
              " lines; nothing written");
  return {422,
          {{"error", "import.invalid"},
           {"message", message},
           {"errors", errors},
           {"error_count", error_count},
           {"dry_run", dry_run},
           {"lines", lines}}};
}

}  // namespace

void add_import_route(Router& router, ApiContext& ctx, const boost::asio::any_io_executor& store_executor) {
  RouteOptions options;
  options.executor = store_executor;
  options.raw_body = true;
  router.add("POST", "/v1/import", [&ctx](const HttpRequest& r) { return import_accounts(ctx, r); }, options);
}

HttpServerLimits admin_http_limits() {
  HttpServerLimits limits;
  limits.body_limit_overrides["POST /v1/import"] = import_body_limit;
  return limits;
}

}  // namespace umind::api
