// connection.hpp — one authenticated libldap connection (RAII over LDAP*)
// made from the `ldap:` config: the URIs in order, StartTLS when asked,
// network and operation timeouts, then a simple bind as ldap.bind_dn or SASL
// EXTERNAL (ldapi://, no secret) when bind_dn is empty. Synchronous helpers
// for the few round trips that need no pipelining; the sync engine's bulk
// writes go through Pipeline, the milter's replica through ldap_sync.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/ldap_entry.hpp"
#include "daemon/ldap/error.hpp"

typedef struct ldap LDAP;
typedef struct ldapmsg LDAPMessage;
struct ldapmod;

namespace umind::ldap {

// Owns one LDAPMessage chain.
class Message {
 public:
  Message() = default;
  explicit Message(LDAPMessage* m) noexcept : m_(m) {}
  Message(Message&& o) noexcept : m_(o.release()) {}
  Message& operator=(Message&& o) noexcept;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message();
  LDAPMessage* get() const noexcept { return m_; }
  LDAPMessage* release() noexcept {
    LDAPMessage* m = m_;
    m_ = nullptr;
    return m;
  }

 private:
  LDAPMessage* m_ = nullptr;
};

using Mod = LdapMod;

enum class Scope { base, one, subtree };

// The password of ldap.bind_password_file (trailing newline dropped), or ""
// when bind_dn is empty. Throws std::runtime_error naming the file, never the
// content.
std::string read_bind_password(const LdapConfig& cfg);

// A search entry read in place: its DN and values are views into the result
// message, valid only during the callback that receives it. For readers that
// only look at a million entries (reconcile's digests); the rest take
// LdapEntry.
struct EntryView {
  struct Attribute {
    std::string_view name;
    std::size_t first = 0, count = 0;  // its values: values[first, first + count)
  };
  std::string_view dn;
  std::vector<Attribute> attributes;
  std::vector<std::string_view> values;
  std::span<const std::string_view> values_of(const Attribute& a) const { return {values.data() + a.first, a.count}; }
};

class Connection {
 public:
  // Throws Error (unavailable() for a server that is down or silent).
  static Connection open(const LdapConfig& cfg, const std::string& bind_password);
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  LDAP* native() const noexcept { return ld_; }
  // The per-operation timeout from the config (ldap.timeout).
  int timeout_seconds() const noexcept { return timeout_s_; }

  // Calls `each` for every entry found (streamed, not collected). `attrs`
  // empty = all user attributes. Throws Error.
  void search(const std::string& base, Scope scope, const std::string& filter, const std::vector<std::string>& attrs,
              const std::function<void(LdapEntry&&)>& each);
  // The same, each entry seen in place (see EntryView).
  void search_views(const std::string& base, Scope scope, const std::string& filter,
                    const std::vector<std::string>& attrs, const std::function<void(const EntryView&)>& each);
  // The entry at `dn`, or nullopt when it does not exist.
  std::optional<LdapEntry> read(const std::string& dn, const std::vector<std::string>& attrs = {});

  void add(const LdapEntry& e);
  void modify(const std::string& dn, const std::vector<Mod>& mods);
  void remove(const std::string& dn);

 private:
  Connection(LDAP* ld, int timeout_s) : ld_(ld), timeout_s_(timeout_s) {}
  // Throws Error unless rc is LDAP_SUCCESS; `connect_hint` is added to the
  // diagnostic of a connect error (where a TLS failure shows up).
  void check(int rc, const std::string& what, std::string_view connect_hint = {}) const;
  // Sends the search and hands every entry message to `entry` until the result.
  void run_search(const std::string& base, Scope scope, const std::string& filter,
                  const std::vector<std::string>& attrs, const std::function<void(LDAPMessage*)>& entry);
  LDAP* ld_ = nullptr;
  int timeout_s_ = 5;
};

// Converts one search result entry into LdapEntry (binary-safe values).
LdapEntry to_entry(LDAP* ld, LDAPMessage* entry);

// The result code, matched DN and diagnostic of a result message; frees
// nothing (the Message owns it).
struct Result {
  int code = 0;
  std::string matched_dn, diagnostic;
};
Result parse_result(LDAP* ld, LDAPMessage* msg);

// An LDAPMod** for ldap_add_ext/ldap_modify_ext, owning its storage.
class ModList {
 public:
  explicit ModList(const LdapEntry& e);         // every attribute as an add
  explicit ModList(const std::vector<Mod>& m);  // as given
  ModList(const ModList&) = delete;
  ModList& operator=(const ModList&) = delete;
  ~ModList();
  ::ldapmod** get() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace umind::ldap
