// account_store.hpp — the durable account store (DESIGN §2–§4): every
// operation of the account lifecycle, each one SQLite transaction with one
// journal row per change. Takes password *hashes* only (hashing happens
// before, off the writer thread); never returns a hash. Not thread-safe: the
// daemon calls it from one writer thread.
#pragma once
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/account.hpp"
#include "core/duration.hpp"
#include "core/id_policy.hpp"
#include "core/password_schedule.hpp"
#include "core/routing.hpp"
#include "daemon/store/sqlite.hpp"

namespace umind::store {

// Why an operation did not happen; the API maps kinds to HTTP statuses and
// uminctl to exit codes (refused 1, invalid 2, not_found 3).
enum class ErrorKind { refused, invalid, not_found };
struct OperationError : std::runtime_error {
  ErrorKind kind;
  std::string rule;
  OperationError(ErrorKind k, std::string r, const std::string& message)
      : std::runtime_error(message), kind(k), rule(std::move(r)) {}
};

// The parts of the config the store obeys; replaced on reload.
struct StorePolicy {
  IdPatterns patterns;
  Duration rename_lock = Duration::of_years(1);
  Duration forward_period = Duration::of_years(1);
  PasswordApply apply = ApplyHourly{};
};

// Who asked and when: every write records both in the journal.
struct Request {
  std::string actor;
  TimePoint now;
};

struct NewAccount {
  std::string id;
  Kind kind = Kind::personal;
  std::string name, contact, affiliation, person_key;
  std::optional<std::string> general_hash;  // applies at once (initial password)
};

struct AccountChanges {
  std::optional<std::string> name, contact, affiliation;
};

struct StoreStatus {
  int schema_version = 0;
  std::int64_t journal_head = 0;
  std::int64_t active = 0, merged = 0, deleted = 0, aliases = 0, lists = 0;
  std::int64_t pending_passwords = 0;
  std::optional<TimePoint> next_password_due;
};

struct ImportBatch;    // account_import.hpp
struct ImportOutcome;  // account_import.hpp

struct JournalRow {
  std::int64_t seq = 0;
  TimePoint at{};
  std::string actor, op;
  std::optional<std::int64_t> account_key;
  nlohmann::json data;
};

class AccountStore {
 public:
  AccountStore(const std::string& path, StorePolicy policy);
  ~AccountStore();
  void set_policy(StorePolicy policy);
  const StorePolicy& policy() const { return policy_; }

  Account create(const NewAccount& a, const Request& r);
  Account update(const std::string& id, const AccountChanges& c, const Request& r);
  // By current ID (any status), or by an old ID (then the live account).
  Account show(const std::string& id);
  std::vector<Account> find(const std::string& text, int limit = 100);
  std::vector<Account> list(std::optional<Kind> kind, std::optional<AccountStatus> status, int limit = 1000);

  Account rename(const std::string& old_id, const std::string& new_id, const Request& r);
  Account merge(const std::string& duplicate_id, const std::string& keep_id, const Request& r);
  // New contact and new passwords (effective at once; FAQ §3.3).
  Account handover(const std::string& id, const std::string& contact, const std::string& general_hash,
                   const std::string& indice_hash, const Request& r);
  Account remove(const std::string& id, const std::string& reason, bool third_party, bool override_protection,
                 const Request& r);

  // A new password hash for one of the two passwords. `immediately` (initial
  // passwords, passwd --now) skips passwords.apply. Returns when it applies.
  TimePoint change_password(const std::string& id, PasswordKind which, const std::string& hash, bool immediately,
                            const Request& r);
  // Applies every pending change with effective_at <= r.now; returns how many.
  int apply_due_passwords(const Request& r);
  std::optional<TimePoint> next_password_due();

  // ID = the live ID (all its old addresses) or one old ID. Returns aliases changed.
  int set_forwarding(const std::string& id, bool enabled, const Request& r);
  std::vector<Alias> aliases_of(const std::string& id);

  bool grant(const std::string& id, const std::string& service, const Request& r);   // false: already granted
  bool revoke(const std::string& id, const std::string& service, const Request& r);  // false: was not granted

  MailingList create_list(const std::string& name, const std::string& deliver_to, bool protect_members,
                          const Request& r);
  MailingList add_member(const std::string& list, const std::string& id, const Request& r);
  MailingList remove_member(const std::string& list, const std::string& id, const Request& r);
  MailingList show_list(const std::string& name);

  // The routing directory over the store (for `uminctl route`).
  std::unique_ptr<Directory> directory();

  // uminctl import: every record of the batch, all or nothing, in one transaction.
  ImportOutcome import_accounts(const ImportBatch& batch, const Request& r);

  StoreStatus status();
  std::vector<JournalRow> journal_since(std::int64_t after_seq, int limit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  StorePolicy policy_;
};

}  // namespace umind::store
