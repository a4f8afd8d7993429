// connection.cpp — connecting, binding and the synchronous operations of
// Connection; LDAPMod lists; result parsing.
#include "daemon/ldap/connection.hpp"

#include <fstream>
#include <sstream>

#include <ldap.h>
#include <sys/time.h>

namespace umind::ldap {
namespace {

std::string take_string(char* s) {
  std::string out = s != nullptr ? s : "";
  if (s != nullptr) ldap_memfree(s);
  return out;
}

timeval seconds(int s) { return timeval{s, 0}; }

int to_ldap_scope(Scope s) {
  switch (s) {
    case Scope::base: return LDAP_SCOPE_BASE;
    case Scope::one: return LDAP_SCOPE_ONELEVEL;
    case Scope::subtree: return LDAP_SCOPE_SUBTREE;
  }
  return LDAP_SCOPE_BASE;
}

// Waits for the one result of `msgid`; throws on transport errors.
Message wait_result(LDAP* ld, int msgid, int timeout_s, const std::string& what) {
  timeval tv = seconds(timeout_s);
  LDAPMessage* res = nullptr;
  int rc = ldap_result(ld, msgid, LDAP_MSG_ALL, &tv, &res);
  Message m(res);
  if (rc == 0) {
    ldap_abandon_ext(ld, msgid, nullptr, nullptr);
    throw Error(LDAP_TIMEOUT, what);
  }
  if (rc < 0) {
    int err = LDAP_SERVER_DOWN;
    ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &err);
    throw Error(err, what);
  }
  return m;
}

// What the views of one entry point into: its BER reader and libldap's value
// arrays. Reused entry after entry; freed by the next read or at the end.
class BerValues {
 public:
  BerValues() = default;
  BerValues(const BerValues&) = delete;
  BerValues& operator=(const BerValues&) = delete;
  ~BerValues() { reset(); }
  void reset() {
    for (auto* a : arrays_) ber_memfree(a);
    arrays_.clear();
    if (ber_ != nullptr) ber_free(ber_, 0);
    ber_ = nullptr;
  }

  // One pass over the entry's BER: names and values are seen where they lie
  // (ldap_get_values_len would rescan the entry for every attribute).
  void read(LDAP* ld, LDAPMessage* entry, EntryView& view) {
    reset();
    view.attributes.clear();
    view.values.clear();
    berval dn{};
    if (int rc = ldap_get_dn_ber(ld, entry, &ber_, &dn); rc != LDAP_SUCCESS)
      throw Error(rc, "search: an entry whose DN cannot be decoded");
    view.dn = {dn.bv_val, dn.bv_len};
    berval name{};
    BerVarray vals = nullptr;
    while (ldap_get_attribute_ber(ld, entry, ber_, &name, &vals) == LDAP_SUCCESS && name.bv_val != nullptr) {
      arrays_.push_back(vals);
      EntryView::Attribute a{{name.bv_val, name.bv_len}, view.values.size(), 0};
      for (BerVarray v = vals; v != nullptr && v->bv_val != nullptr; ++v, ++a.count)
        view.values.emplace_back(v->bv_val, v->bv_len);
      view.attributes.push_back(a);
      vals = nullptr;
    }
  }

 private:
  BerElement* ber_ = nullptr;
  std::vector<BerVarray> arrays_;
};

}  // namespace

Message& Message::operator=(Message&& o) noexcept {
  if (this != &o) {
    if (m_ != nullptr) ldap_msgfree(m_);
    m_ = o.release();
  }
  return *this;
}

Message::~Message() {
  if (m_ != nullptr) ldap_msgfree(m_);
}

std::string read_bind_password(const LdapConfig& cfg) {
  if (cfg.bind_dn.empty() || cfg.bind_password_file.empty()) return {};
  std::ifstream in(cfg.bind_password_file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read ldap.bind_password_file " + cfg.bind_password_file);
  std::ostringstream text;
  text << in.rdbuf();
  std::string pw = text.str();
  while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
  if (pw.empty()) throw std::runtime_error("ldap.bind_password_file " + cfg.bind_password_file + " is empty");
  return pw;
}

// libldap (GnuTLS) reports a refused certificate only as "Connect error";
// say where to look (with -d 1 it would print "peer cert untrusted").
constexpr std::string_view tls_hint =
    "if TLS failed: the server's certificate must be signed by the CA in TLS_CACERT of ldap.conf (or "
    "LDAPTLS_CACERT) and name the host in ldap.uri";

Connection Connection::open(const LdapConfig& cfg, const std::string& bind_password) {
  LDAP* raw = nullptr;
  int rc = ldap_initialize(&raw, cfg.uri.c_str());
  if (rc != LDAP_SUCCESS) throw Error(rc, "connect " + cfg.uri);
  auto timeout_s = static_cast<int>(cfg.timeout.count());
  Connection c(raw, timeout_s);
  int version = LDAP_VERSION3;
  ldap_set_option(raw, LDAP_OPT_PROTOCOL_VERSION, &version);
  timeval tv = seconds(timeout_s);
  ldap_set_option(raw, LDAP_OPT_NETWORK_TIMEOUT, &tv);
  ldap_set_option(raw, LDAP_OPT_TIMEOUT, &tv);
  ldap_set_option(raw, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  int keepalive_idle = 60;
  ldap_set_option(raw, LDAP_OPT_X_KEEPALIVE_IDLE, &keepalive_idle);
  if (cfg.starttls) c.check(ldap_start_tls_s(raw, nullptr, nullptr), "StartTLS " + cfg.uri, tls_hint);

  if (cfg.bind_dn.empty()) {
    // SASL EXTERNAL (ldapi://: the peer's uid is the identity). Through the
    // SASL library, which finishes slapd's second round; nothing to ask.
    auto no_prompts = [](LDAP*, unsigned, void*, void*) -> int { return LDAP_SUCCESS; };
    c.check(ldap_sasl_interactive_bind_s(raw, nullptr, "EXTERNAL", nullptr, nullptr, LDAP_SASL_QUIET, no_prompts,
                                         nullptr),
            "bind (SASL EXTERNAL) to " + cfg.uri);
    return c;
  }
  berval cred{bind_password.size(), const_cast<char*>(bind_password.data())};
  int msgid = 0;
  std::string what = "bind " + cfg.bind_dn + " to " + cfg.uri;
  c.check(ldap_sasl_bind(raw, cfg.bind_dn.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, &msgid), what,
          cfg.uri.rfind("ldaps://", 0) == 0 ? tls_hint : "");
  Message res = wait_result(raw, msgid, timeout_s, what);
  Result r = parse_result(raw, res.get());
  if (r.code != LDAP_SUCCESS) throw Error(r.code, what, r.matched_dn, r.diagnostic);
  return c;
}

Connection::Connection(Connection&& o) noexcept : ld_(o.ld_), timeout_s_(o.timeout_s_) { o.ld_ = nullptr; }

Connection& Connection::operator=(Connection&& o) noexcept {
  if (this != &o) {
    if (ld_ != nullptr) ldap_unbind_ext_s(ld_, nullptr, nullptr);
    ld_ = o.ld_;
    timeout_s_ = o.timeout_s_;
    o.ld_ = nullptr;
  }
  return *this;
}

Connection::~Connection() {
  if (ld_ != nullptr) ldap_unbind_ext_s(ld_, nullptr, nullptr);
}

void Connection::check(int rc, const std::string& what, std::string_view connect_hint) const {
  if (rc == LDAP_SUCCESS) return;
  char* diag = nullptr;
  if (ld_ != nullptr) ldap_get_option(ld_, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
  std::string diagnostic = take_string(diag);
  if (!connect_hint.empty() && (rc == LDAP_CONNECT_ERROR || rc == LDAP_SERVER_DOWN))
    diagnostic += (diagnostic.empty() ? "" : "; ") + std::string(connect_hint);
  throw Error(rc, what, {}, diagnostic);
}

Result parse_result(LDAP* ld, LDAPMessage* msg) {
  Result r;
  char* matched = nullptr;
  char* diag = nullptr;
  int rc = ldap_parse_result(ld, msg, &r.code, &matched, &diag, nullptr, nullptr, 0);
  r.matched_dn = take_string(matched);
  r.diagnostic = take_string(diag);
  if (rc != LDAP_SUCCESS) r.code = rc;
  return r;
}

LdapEntry to_entry(LDAP* ld, LDAPMessage* entry) {
  EntryView view;
  BerValues owned;
  owned.read(ld, entry, view);
  LdapEntry e;
  e.dn = view.dn;
  for (const auto& a : view.attributes) {
    auto& out = e.attrs[std::string(a.name)];
    for (auto v : view.values_of(a)) out.emplace_back(v);
  }
  return e;
}

void Connection::run_search(const std::string& base, Scope scope, const std::string& filter,
                            const std::vector<std::string>& attrs, const std::function<void(LDAPMessage*)>& entry) {
  std::vector<char*> names;
  for (const auto& a : attrs) names.push_back(const_cast<char*>(a.c_str()));
  names.push_back(nullptr);
  std::string what = "search " + base + " " + filter;
  int msgid = 0;
  check(ldap_search_ext(ld_, base.c_str(), to_ldap_scope(scope), filter.c_str(), attrs.empty() ? nullptr : names.data(),
                        0, nullptr, nullptr, nullptr, LDAP_NO_LIMIT, &msgid),
        what);
  for (;;) {
    timeval tv = seconds(timeout_s_);
    LDAPMessage* raw = nullptr;
    int type = ldap_result(ld_, msgid, LDAP_MSG_ONE, &tv, &raw);
    Message m(raw);
    if (type == 0) {
      ldap_abandon_ext(ld_, msgid, nullptr, nullptr);
      throw Error(LDAP_TIMEOUT, what);
    }
    if (type < 0) {
      int err = LDAP_SERVER_DOWN;
      ldap_get_option(ld_, LDAP_OPT_RESULT_CODE, &err);
      throw Error(err, what);
    }
    if (type == LDAP_RES_SEARCH_ENTRY) {
      entry(m.get());
    } else if (type == LDAP_RES_SEARCH_RESULT) {
      Result r = parse_result(ld_, m.get());
      if (r.code == LDAP_NO_SUCH_OBJECT && scope == Scope::base) return;
      if (r.code != LDAP_SUCCESS) throw Error(r.code, what, r.matched_dn, r.diagnostic);
      return;
    }  // references and intermediate messages: ignored
  }
}

void Connection::search(const std::string& base, Scope scope, const std::string& filter,
                        const std::vector<std::string>& attrs, const std::function<void(LdapEntry&&)>& each) {
  run_search(base, scope, filter, attrs, [&](LDAPMessage* m) { each(to_entry(ld_, m)); });
}

void Connection::search_views(const std::string& base, Scope scope, const std::string& filter,
                              const std::vector<std::string>& attrs,
                              const std::function<void(const EntryView&)>& each) {
  EntryView view;  // both reused: their vectors keep their capacity
  BerValues owned;
  run_search(base, scope, filter, attrs, [&](LDAPMessage* m) {
    owned.read(ld_, m, view);
    each(view);
  });
}

std::optional<LdapEntry> Connection::read(const std::string& dn, const std::vector<std::string>& attrs) {
  std::optional<LdapEntry> found;
  search(dn, Scope::base, "(objectClass=*)", attrs, [&](LdapEntry&& e) { found = std::move(e); });
  return found;
}

namespace {
// Runs one write synchronously and throws its result unless it succeeded.
void finish_write(LDAP* ld, int msgid, int timeout_s, const std::string& what) {
  Message res = wait_result(ld, msgid, timeout_s, what);
  Result r = parse_result(ld, res.get());
  if (r.code != LDAP_SUCCESS) throw Error(r.code, what, r.matched_dn, r.diagnostic);
}
}  // namespace

void Connection::add(const LdapEntry& e) {
  ModList mods(e);
  int msgid = 0;
  check(ldap_add_ext(ld_, e.dn.c_str(), mods.get(), nullptr, nullptr, &msgid), "add " + e.dn);
  finish_write(ld_, msgid, timeout_s_, "add " + e.dn);
}

void Connection::modify(const std::string& dn, const std::vector<Mod>& m) {
  ModList mods(m);
  int msgid = 0;
  check(ldap_modify_ext(ld_, dn.c_str(), mods.get(), nullptr, nullptr, &msgid), "modify " + dn);
  finish_write(ld_, msgid, timeout_s_, "modify " + dn);
}

void Connection::remove(const std::string& dn) {
  int msgid = 0;
  check(ldap_delete_ext(ld_, dn.c_str(), nullptr, nullptr, &msgid), "delete " + dn);
  finish_write(ld_, msgid, timeout_s_, "delete " + dn);
}

// --- ModList ---------------------------------------------------------------

struct ModList::Impl {
  std::vector<LDAPMod> mods;
  std::vector<std::vector<berval>> values;
  std::vector<std::vector<berval*>> value_ptrs;
  std::vector<std::string> names;
  std::vector<LDAPMod*> ptrs;

  void push(int op, const std::string& attr, const std::vector<std::string>& vals) {
    names.push_back(attr);
    auto& bv = values.emplace_back();
    for (const auto& v : vals) bv.push_back(berval{v.size(), const_cast<char*>(v.data())});
    mods.push_back(LDAPMod{});
    mods.back().mod_op = op | LDAP_MOD_BVALUES;
  }
  LDAPMod** finish() {
    // Pointers are taken only once every vector has its final size.
    value_ptrs.resize(values.size());
    for (std::size_t i = 0; i < mods.size(); ++i) {
      auto& vp = value_ptrs[i];
      vp.clear();
      for (auto& b : values[i]) vp.push_back(&b);
      vp.push_back(nullptr);
      mods[i].mod_type = names[i].data();
      mods[i].mod_vals.modv_bvals = vp.data();
    }
    ptrs.clear();
    for (auto& m : mods) ptrs.push_back(&m);
    ptrs.push_back(nullptr);
    return ptrs.data();
  }
};

ModList::ModList(const LdapEntry& e) : impl_(std::make_unique<Impl>()) {
  for (const auto& [name, vals] : e.attrs) impl_->push(LDAP_MOD_ADD, name, vals);
}

ModList::ModList(const std::vector<Mod>& m) : impl_(std::make_unique<Impl>()) {
  for (const auto& mod : m) {
    int op = mod.op == Mod::Op::add ? LDAP_MOD_ADD : mod.op == Mod::Op::remove ? LDAP_MOD_DELETE : LDAP_MOD_REPLACE;
    impl_->push(op, mod.attr, mod.values);
  }
}

ModList::~ModList() = default;

LDAPMod** ModList::get() noexcept { return impl_->finish(); }

}  // namespace umind::ldap
