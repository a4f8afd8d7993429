// sync_client.cpp — the ldap_sync callbacks and the reconnect loop.
#include "milter/replica/sync_client.hpp"

#include <sys/socket.h>

#include <chrono>

#include <ldap.h>

#include "core/text.hpp"
#include "base/log.hpp"
#include "core/route_entry.hpp"
#include "daemon/ldap/connection.hpp"

namespace umind::replica {
namespace {

using steady = std::chrono::steady_clock;
constexpr int max_logged_problems = 5;

// What the callbacks share with the session loop (ls_private).
struct SyncSession {
  SyncClient& client;
  ReplicaBuilder& builder;
  SyncStats& stats;
  std::uint64_t messages = 0;  // anything processed, to tell a poll that found nothing
  bool refresh_done = false;
  bool search_ended = false;
  int end_code = LDAP_SUCCESS;
  int problems = 0;
};

SyncSession& session_of(ldap_sync_t* ls) { return *static_cast<SyncSession*>(ls->ls_private); }

Rdn first_rdn(const std::string& dn) {
  Rdn rdn;
  LDAPDN parsed = nullptr;
  if (ldap_str2dn(dn.c_str(), &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS || parsed == nullptr) return rdn;
  if (parsed[0] != nullptr && parsed[0][0] != nullptr) {
    const LDAPAVA* ava = parsed[0][0];
    rdn.attr.assign(ava->la_attr.bv_val, ava->la_attr.bv_len);
    rdn.value.assign(ava->la_value.bv_val, ava->la_value.bv_len);
  }
  ldap_dnfree(parsed);
  return rdn;
}

void note_problem(SyncSession& s, const std::string& what) {
  ++s.stats.rejected_entries;
  if (++s.problems <= max_logged_problems) log_warning("replica: entry ignored: " + what);
}

void apply_entry(ldap_sync_t* ls, LDAPMessage* msg, const EntryUuid& uuid) {
  SyncSession& s = session_of(ls);
  LdapEntry e = ldap::to_entry(ls->ls_ld, msg);
  auto fact = read_directory_entry(e, first_rdn(e.dn), uuid);
  if (auto* rec = std::get_if<RouteRecord>(&fact)) {
    if (!s.builder.upsert(*rec)) note_problem(s, quote_value(e.dn, 200) + ": name or target too long");
    return;
  }
  if (auto* state = std::get_if<SyncStateRecord>(&fact)) {
    s.client.note_heartbeat(state->heartbeat);
    return;
  }
  s.builder.remove(uuid);
  note_problem(s, std::get<std::string>(fact));
}

int on_entry(ldap_sync_t* ls, LDAPMessage* msg, berval* uuid_bv, ldap_sync_refresh_t phase) {
  SyncSession& s = session_of(ls);
  ++s.messages;
  s.client.beat();
  try {
    auto uuid = entry_uuid_from_bytes({uuid_bv->bv_val, uuid_bv->bv_len});
    if (!uuid) return LDAP_SUCCESS;
    switch (phase) {
      case LDAP_SYNC_CAPI_PRESENT: s.builder.present(*uuid); break;
      case LDAP_SYNC_CAPI_DELETE:
        ++s.stats.changes;
        s.builder.remove(*uuid);
        break;
      case LDAP_SYNC_CAPI_ADD:
      case LDAP_SYNC_CAPI_MODIFY:
        ++s.stats.changes;
        apply_entry(ls, msg, *uuid);
        break;
      default: break;
    }
  } catch (const std::exception& e) {
    log_error(std::string("replica: cannot apply a sync entry: ") + e.what());
  }
  return LDAP_SUCCESS;
}

// Whether a refreshDone sync info message closes a present phase.
bool closes_present_phase(LDAP* ld, LDAPMessage* msg) {
  char* oid = nullptr;
  berval* data = nullptr;
  bool present = false;
  if (ldap_parse_intermediate(ld, msg, &oid, &data, nullptr, 0) == LDAP_SUCCESS && data != nullptr) {
    BerElement* ber = ber_init(data);
    ber_len_t len = 0;
    if (ber != nullptr) {
      present = ber_peek_tag(ber, &len) == LDAP_TAG_SYNC_REFRESH_PRESENT;
      ber_free(ber, 1);
    }
  }
  if (oid != nullptr) ldap_memfree(oid);
  if (data != nullptr) ber_bvfree(data);
  return present;
}

int on_intermediate(ldap_sync_t* ls, LDAPMessage* msg, BerVarray uuids, ldap_sync_refresh_t phase) {
  SyncSession& s = session_of(ls);
  ++s.messages;
  auto each_uuid = [&](auto&& fn) {
    for (int i = 0; uuids != nullptr && uuids[i].bv_val != nullptr; ++i)
      if (auto u = entry_uuid_from_bytes({uuids[i].bv_val, uuids[i].bv_len})) fn(*u);
  };
  switch (phase) {
    case LDAP_SYNC_CAPI_PRESENTS_IDSET: each_uuid([&](const EntryUuid& u) { s.builder.present(u); }); break;
    case LDAP_SYNC_CAPI_DELETES_IDSET:
      each_uuid([&](const EntryUuid& u) {
        ++s.stats.changes;
        s.builder.remove(u);
      });
      break;
    case LDAP_SYNC_CAPI_PRESENTS: s.builder.end_present_phase(); break;
    case LDAP_SYNC_CAPI_DONE:
      if (closes_present_phase(ls->ls_ld, msg)) s.builder.end_present_phase();
      s.builder.end_refresh();
      s.refresh_done = true;
      break;
    default: break;
  }
  return LDAP_SUCCESS;
}

int on_result(ldap_sync_t* ls, LDAPMessage* msg, int /*refresh_deletes*/) {
  SyncSession& s = session_of(ls);
  s.search_ended = true;
  s.end_code = ldap::parse_result(ls->ls_ld, msg).code;
  return LDAP_SUCCESS;
}

// An ldap_sync_t that never unbinds the Connection it borrows.
struct SyncSearch {
  ldap_sync_t ls{};
  SyncSearch() { ldap_sync_initialize(&ls); }
  ~SyncSearch() {
    ls.ls_ld = nullptr;
    ldap_sync_destroy(&ls, 0);
  }
  SyncSearch(const SyncSearch&) = delete;
  SyncSearch& operator=(const SyncSearch&) = delete;
};

char** attribute_list() {
  constexpr std::size_t n = std::size(route_attributes);
  auto** attrs = static_cast<char**>(ber_memcalloc(n + 1, sizeof(char*)));
  for (std::size_t i = 0; i < n; ++i) attrs[i] = ber_strdup(route_attributes[i]);
  return attrs;
}

long long ms_since(steady::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - t0).count();
}

}  // namespace

SyncClient::SyncClient(LdapConfig ldap, ReplicaView& view) : ldap_(std::move(ldap)), view_(view) {}

SyncClient::~SyncClient() { stop(); }

void SyncClient::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void SyncClient::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true, std::memory_order_release);
    if (socket_ >= 0) ::shutdown(socket_, SHUT_RDWR);  // wakes a blocking refresh
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncClient::set_socket(int fd) {
  std::lock_guard lock(mutex_);
  socket_ = fd;
  if (fd >= 0 && stopping()) ::shutdown(fd, SHUT_RDWR);
}

void SyncClient::run() {
  while (!stopping()) {
    beat();
    try {
      if (session()) backoff_.reset();
    } catch (const std::exception& e) {
      if (!stopping())
        log_warning(std::string("replica: ") + e.what() + (builder_.loaded() ? "; routing continues from the replica" : "") +
                    "; retrying");
    }
    set_socket(-1);
    view_.mark_lost(wall_clock_now());
    wait_before_retry(backoff_.next());
  }
}

// Waits in steps of at most a second, beating between them.
void SyncClient::wait_before_retry(std::chrono::milliseconds d) {
  auto until = steady::now() + d;
  std::unique_lock lock(mutex_);
  while (!stopping() && steady::now() < until) {
    beat();
    wake_.wait_for(lock, std::min<steady::duration>(until - steady::now(), std::chrono::seconds(1)),
                   [this] { return stopping(); });
  }
}

void SyncClient::publish() {
  view_.publish(builder_.publish());
  view_.set_heartbeat(heartbeat_);
}

bool SyncClient::session() {
  ldap::Connection conn = ldap::Connection::open(ldap_, ldap::read_bind_password(ldap_));
  int fd = -1;
  ldap_get_option(conn.native(), LDAP_OPT_DESC, &fd);
  set_socket(fd);
  if (stopping()) return false;

  SyncSession s{*this, builder_, stats_};
  SyncSearch search;
  ldap_sync_t& ls = search.ls;
  ls.ls_base = ber_strdup(ldap_.base_dn.c_str());
  ls.ls_scope = LDAP_SCOPE_SUBTREE;
  ls.ls_filter = ber_strdup(route_filter);
  ls.ls_attrs = attribute_list();
  ls.ls_search_entry = on_entry;
  ls.ls_intermediate = on_intermediate;
  ls.ls_search_result = on_result;
  ls.ls_private = &s;
  ls.ls_ld = conn.native();
  const bool full = cookie_.empty();
  if (!full) ber_str2bv(cookie_.data(), cookie_.size(), 1, &ls.ls_cookie);

  ++stats_.connects;
  auto t0 = steady::now();
  builder_.begin_refresh(full);
  int rc = ldap_sync_init(&ls, LDAP_SYNC_REFRESH_AND_PERSIST);
  if (!s.refresh_done) {
    builder_.abort_refresh();
    heartbeat_ = view_.heartbeat();  // what the published snapshot holds
    if (s.end_code == LDAP_SYNC_REFRESH_REQUIRED) {  // the cookie is too old: load everything again
      cookie_.clear();
      throw ldap::Error(s.end_code, "sync of " + ldap_.base_dn + " (the server asks for a full reload)");
    }
    if (full) cookie_.clear();
    throw ldap::Error(rc == LDAP_SUCCESS ? s.end_code : rc, "sync refresh of " + ldap_.base_dn);
  }
  cookie_.assign(ls.ls_cookie.bv_val != nullptr ? ls.ls_cookie.bv_val : "", ls.ls_cookie.bv_len);
  publish();
  auto snap = view_.snapshot();
  view_.mark_live(wall_clock_now());
  ++(full ? stats_.full_refreshes : stats_.delta_refreshes);
  const auto& c = snap->counts();
  log_info(std::string("replica ") + (full ? "loaded" : "resumed") + " from " + ldap_.uri + " in " +
           std::to_string(ms_since(t0)) + " ms: " + std::to_string(c.live) + " live IDs, " +
           std::to_string(c.aliases) + " old addresses, " + std::to_string(c.lists) + " lists");

  // Persist: wait up to 1 s for changes while clean; while changes are
  // pending, drain what has arrived and publish as soon as nothing more is
  // waiting (or every 20 ms during a burst).
  auto published_at = steady::now();
  while (!stopping()) {
    beat();
    ls.ls_timeout = builder_.dirty() ? 0 : 1;
    std::uint64_t before = s.messages;
    rc = ldap_sync_poll(&ls);
    bool heartbeat_moved = heartbeat_ != view_.heartbeat();
    if ((builder_.dirty() || heartbeat_moved) && (s.messages == before || ms_since(published_at) >= 20)) {
      publish();
      published_at = steady::now();
    }
    if (ls.ls_cookie.bv_len != cookie_.size() || cookie_.compare(0, cookie_.size(), ls.ls_cookie.bv_val, ls.ls_cookie.bv_len) != 0)
      cookie_.assign(ls.ls_cookie.bv_val, ls.ls_cookie.bv_len);
    if (rc < 0 || s.search_ended) {
      if (builder_.dirty()) publish();
      if (stopping()) return true;
      throw ldap::Error(s.search_ended ? s.end_code : LDAP_SERVER_DOWN, "sync of " + ldap_.base_dn + " from " + ldap_.uri + " ended");
    }
  }
  return true;
}

}  // namespace umind::replica
