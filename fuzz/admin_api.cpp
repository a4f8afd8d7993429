// admin_api.cpp — fuzzes the admin API end to end in memory: the input is
// the byte stream of one unix-socket connection (fuzz/http_exchange.hpp:
// the real HttpSession, parser, limits, router) to the REAL routes of
// daemon/api (add_admin_routes, the import route included) over a real
// AccountStore on a SQLite file in tmpfs, a fixed clock, passwords hashed
// as ssha512 (the fast scheme passwords.scheme allows) and the store's
// executor = the session's io_context. Every input starts from an empty
// store: one that an input wrote to (its journal is not empty) is replaced
// by a new file at the end of that input; most inputs write nothing and
// cost no store (a new store is ~4/5 of a short input's time). Checks, besides
// http_exchange's (HTTP only, never a 500, the connection ends): no handler
// throws anything but ApiError; no password or hash of a request ever comes
// back, in a response or in the journal; a password comes back only where
// the API generated it (create and password without one, handover), and
// that once.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "base/log.hpp"
#include "core/import/import.hpp"
#include "daemon/api/admin_api.hpp"
#include "daemon/api/import_api.hpp"
#include "daemon/passwords/password_policy.hpp"
#include "daemon/roles/store_role.hpp"
#include "daemon/store/sqlite.hpp"
#include "fuzz/http_exchange.hpp"

using namespace umind;
using nlohmann::json;

namespace {

class FixedClock final : public Clock {
 public:
  TimePoint now() const override { return fuzz::fuzz_now; }
};

// Every string of a JSON value, keys included.
void strings_of(const json& j, std::vector<std::string>& out) {
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_object())
    for (const auto& [k, v] : j.items()) {
      out.push_back(k);
      strings_of(v, out);
    }
  if (j.is_array())
    for (const auto& v : j) strings_of(v, out);
}

bool any_contains(const std::vector<std::string>& texts, std::string_view needle) {
  for (const auto& t : texts)
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

// What one input has handed over and been given.
struct Ledger {
  std::string_view input;           // the whole input
  std::vector<std::string> given;   // secrets of requests
  std::vector<std::string> issued;  // random passwords the API returned
};

// A password that is a piece of its own refusal's fixed wording ("...control
// characters and spaces are not allowed") is "found" in the answer without
// being echoed: not a secret to look for (the fuzzer learns the wording from
// the check's own comparisons; import_jsonl tripped on the same thing). Hash
// candidates likewise must look like a hash: 12+ characters, no space.
bool part_of_own_refusal(const std::string& password) {
  auto refusal = check_new_password(password);
  return refusal && refusal->message.find(password) != std::string::npos;
}

// The secrets a request hands over: the password of its body, the hashes of
// an import's records. Only those that occur once in the input and nowhere
// else in the request (so no response may contain them) and are long enough
// not to occur by chance.
std::vector<std::string> secrets_of(const std::string& route, const HttpRequest& r, std::string_view input) {
  std::vector<std::string> elsewhere{r.target, r.actor};
  for (const auto& [k, v] : r.query) elsewhere.insert(elsewhere.end(), {k, v});
  for (const auto& [k, v] : r.path_params) elsewhere.push_back(v);
  std::vector<std::string> candidates;
  if (r.body.is_object()) {
    for (const auto& [k, v] : r.body.items()) {
      if (k == "password" && v.is_string()) {
        auto password = v.get<std::string>();
        if (!part_of_own_refusal(password)) candidates.push_back(std::move(password));
        continue;
      }
      elsewhere.push_back(k);
      strings_of(v, elsewhere);
    }
  }
  if (route == "POST /v1/import") {
    auto f = r.query.find("format");
    ImportParser parser(f != r.query.end() && f->second == "csv" ? ImportFormat::csv : ImportFormat::jsonl,
                        ImportOptions{true, 10});
    std::string_view rest = r.raw_body;
    while (!rest.empty()) {
      auto nl = rest.find('\n');
      auto record = parser.parse_line(rest.substr(0, nl));
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      if (!record) continue;
      for (const auto& h : {record->password_hash, record->indice_hash})
        if (h && h->size() >= 12 && h->find(' ') == std::string::npos) candidates.push_back(*h);
    }
  }
  std::vector<std::string> out;
  for (auto& s : candidates)
    if (s.size() >= 8 && fuzz::count_in(input, s) <= 1 && !any_contains(elsewhere, s)) out.push_back(std::move(s));
  return out;
}

// The generated passwords a response may carry, by route: create and
// password when none was given, handover always (both).
void take_issued(const std::string& route, const HttpRequest& r, const HttpResponse& res, Ledger& ledger) {
  if (!res.body.is_object()) return;
  const bool general = res.body.contains("password"), indice = res.body.contains("indice_password");
  if (!general && !indice) return;
  const bool gave = r.body.is_object() && r.body.contains("password") && !r.body["password"].is_null();
  if (route == "POST /v1/accounts/{id}/handover") {
    FUZZ_CHECK(general && indice, "handover returns both new passwords");
  } else {
    FUZZ_CHECK(route == "POST /v1/accounts" || route == "POST /v1/accounts/{id}/password",
               "a password comes back only from create, password and handover");
    FUZZ_CHECK(!indice && !gave, "a password comes back only when the API generated it");
  }
  for (const char* key : {"password", "indice_password"})
    if (res.body.contains(key)) {
      FUZZ_CHECK(res.body[key].is_string() && res.body[key].get<std::string>().size() >= 8, "a real password");
      ledger.issued.push_back(res.body[key].get<std::string>());
    }
}

// No secret of this input and no password generated before in `texts`.
void check_no_secret(const std::vector<std::string>& texts, const Ledger& ledger) {
  for (const auto& s : ledger.given) FUZZ_CHECK(!any_contains(texts, s), "a request's password or hash never comes back");
  for (const auto& s : ledger.issued) FUZZ_CHECK(!any_contains(texts, s), "a generated password comes back only once");
}

// Wraps a real route: records the request's secrets, checks the response
// (or the ApiError's message) before it is sent, and turns any other
// exception (a 500) into a finding with its message.
Router::Handler checked(std::string route, Router::Handler real, Ledger& ledger) {
  return [route = std::move(route), real = std::move(real), &ledger](const HttpRequest& r) {
    auto secrets = secrets_of(route, r, ledger.input);
    ledger.given.insert(ledger.given.end(), secrets.begin(), secrets.end());
    try {
      HttpResponse res = real(r);
      std::vector<std::string> texts{res.text};
      strings_of(res.body, texts);
      check_no_secret(texts, ledger);
      const std::size_t known = ledger.issued.size();
      take_issued(route, r, res, ledger);
      for (std::size_t i = known; i < ledger.issued.size(); ++i)
        FUZZ_CHECK(std::count(texts.begin(), texts.end(), ledger.issued[i]) == 1, "a generated password appears once");
      return res;
    } catch (const ApiError& e) {
      check_no_secret({e.what(), e.code}, ledger);
      throw;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s threw: %s\n", route.c_str(), e.what());
      FUZZ_CHECK(false, "a handler throws only ApiError (anything else is a 500)");
    }
    return HttpResponse{};
  };
}

// The daemon's api and store roles in one thread over a store in tmpfs.
struct World {
  World() {
    Router real;
    api::add_admin_routes(real, ctx, io.get_executor());
    for (const auto& route : real.routes())
      router.add(route.method, route.pattern, checked(route.method + " " + route.pattern, route.handler, ledger),
                 route.options);
    HttpServerLimits limits = api::admin_http_limits();
    limits.max_body_bytes = 2048;  // both limits reachable with -max_len=4096
    limits.body_limit_overrides["POST /v1/import"] = 3072;
    limits.request_timeout = std::chrono::seconds(2);
    state = std::make_shared<http_detail::ServerState>(io, router, limits);
  }
  ~World() { std::filesystem::remove_all(dir); }

  // A new empty store, always at the same address (ctx refers to it).
  void replace_store() {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    store.emplace(path, store_policy(*config));
  }

  // Every hash the store holds, and the journal's text.
  std::pair<std::vector<std::string>, std::string> stored() const {
    sql::Database db(path, sql::Database::Mode::read_only);
    std::vector<std::string> hashes;
    auto s = db.prepare(
        "SELECT general_hash FROM accounts UNION ALL SELECT indice_hash FROM accounts "
        "UNION ALL SELECT hash FROM pending_passwords");
    while (s.step())
      if (!s.text(0).empty()) hashes.push_back(s.text(0));
    std::string journal;
    auto j = db.prepare("SELECT data FROM journal");
    while (j.step()) journal += j.text(0) + "\n";
    return {hashes, journal};
  }

  static std::string make_dir() {
    configure_log({LogLevel::error, LogTarget::stderr_stream});
    std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
    std::string tmpl = base + "/umind-fuzz-XXXXXX";
    FUZZ_CHECK(::mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
    return tmpl;
  }
  static std::shared_ptr<Config> make_config() {
    auto c = std::make_shared<Config>();
    c->roles = {Role::store, Role::api};
    c->passwords.scheme = PasswordScheme::ssha512;
    return c;
  }

  std::string dir = make_dir(), path = dir + "/umind.db";
  std::shared_ptr<Config> config = make_config();
  FixedClock clock;
  Metrics metrics;
  std::optional<store::AccountStore> store{std::in_place, path, store_policy(*config)};
  boost::asio::io_context io;
  api::ApiContext ctx{*store, clock, [this] { return std::shared_ptr<const Config>(config); },
                      [] { return std::pair<bool, std::string>{false, "reload is not available here"}; }, metrics};
  Ledger ledger;
  Router router;
  std::shared_ptr<http_detail::ServerState> state;
};

// The part of a hash that is the digest (after {SCHEME} and the last '$').
std::string_view digest_of(std::string_view hash) {
  auto cut = hash.find_last_of("}$");
  return cut == std::string_view::npos ? hash : hash.substr(cut + 1);
}

// The hashes an input left in the store never come back nor go to the
// journal, nor does any password of the input.
void check_stored(const World& world, const std::string& stream) {
  auto [hashes, journal] = world.stored();
  for (const auto& h : hashes) {
    if (world.ledger.input.find(h) != std::string_view::npos) continue;  // imported: a request's secret
    for (std::string_view part : {std::string_view(h), digest_of(h)})
      if (part.size() >= 16) {
        FUZZ_CHECK(stream.find(part) == std::string::npos, "a stored hash never comes back");
        FUZZ_CHECK(journal.find(part) == std::string::npos, "the journal holds no hash");
      }
  }
  for (const auto& secrets : {world.ledger.given, world.ledger.issued})
    for (const auto& s : secrets) FUZZ_CHECK(journal.find(s) == std::string::npos, "the journal holds no password");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  world.ledger.input = std::string_view(reinterpret_cast<const char*>(data), size);
  const std::string stream = fuzz::exchange(world.io, world.state, data, size);
  fuzz::split_responses(stream);
  for (const auto& pw : world.ledger.issued)
    FUZZ_CHECK(fuzz::count_in(stream, pw) == 1, "a generated password is sent once");
  if (world.store->status().journal_head != 0) {  // written to: check what it holds, start the next input empty
    check_stored(world, stream);
    world.replace_store();
  }
  world.ledger = {};
  return 0;
}
