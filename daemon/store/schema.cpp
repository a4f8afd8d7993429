// schema.cpp — the migrations. Times are UTC seconds since the epoch.
#include "daemon/store/schema.hpp"

#include <array>
#include <string>

namespace umind::store {
namespace {

constexpr std::array migrations = {
    // 1: accounts, names ever used, aliases, grants, lists, pending passwords, journal
    R"sql(
CREATE TABLE accounts (
  key            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL CHECK (kind IN ('personal','ctr','group','contractor','role')),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','merged','deleted')),
  name           TEXT NOT NULL DEFAULT '',
  contact        TEXT NOT NULL DEFAULT '',
  affiliation    TEXT NOT NULL DEFAULT '',
  person_key     TEXT,
  legacy         INTEGER NOT NULL DEFAULT 0,
  general_hash   TEXT,
  indice_hash    TEXT,
  created_at     INTEGER NOT NULL,
  renamed_at     INTEGER,
  merged_into    INTEGER REFERENCES accounts(key),
  delete_reason  TEXT,
  deleted_by_third_party INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX one_personal_id_per_person ON accounts(person_key)
  WHERE kind = 'personal' AND status = 'active' AND person_key IS NOT NULL;
CREATE INDEX accounts_by_kind_status ON accounts(kind, status);

-- Every name ever used as an ID, old ID or list name: never issued again.
CREATE TABLE used_names (
  name    TEXT PRIMARY KEY,
  use     TEXT NOT NULL CHECK (use IN ('id','list')),
  since   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE aliases (
  old_id          TEXT PRIMARY KEY,
  account_key     INTEGER NOT NULL REFERENCES accounts(key),
  reason          TEXT NOT NULL CHECK (reason IN ('rename','merge')),
  created_at      INTEGER NOT NULL,
  forward_until   INTEGER NOT NULL,
  forward_enabled INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX aliases_by_account ON aliases(account_key);

CREATE TABLE grants (
  account_key INTEGER NOT NULL REFERENCES accounts(key),
  service     TEXT NOT NULL,
  PRIMARY KEY (account_key, service)
) WITHOUT ROWID;

CREATE TABLE lists (
  name            TEXT PRIMARY KEY,
  deliver_to      TEXT NOT NULL,
  protect_members INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE list_members (
  list_name   TEXT NOT NULL REFERENCES lists(name),
  account_key INTEGER NOT NULL REFERENCES accounts(key),
  PRIMARY KEY (list_name, account_key)
) WITHOUT ROWID;
CREATE INDEX list_members_by_account ON list_members(account_key);

CREATE TABLE pending_passwords (
  account_key  INTEGER NOT NULL REFERENCES accounts(key),
  which        TEXT NOT NULL CHECK (which IN ('general','indice')),
  hash         TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  effective_at INTEGER NOT NULL,
  PRIMARY KEY (account_key, which)
) WITHOUT ROWID;
CREATE INDEX pending_by_time ON pending_passwords(effective_at);

-- Append-only: one row per write; sync replays it. Never holds a secret.
CREATE TABLE journal (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  op          TEXT NOT NULL,
  account_key INTEGER,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
)sql",
};

}  // namespace

int schema_version() { return static_cast<int>(migrations.size()); }

void migrate(sql::Database& db) {
  auto current = db.prepare("PRAGMA user_version");
  current.step();
  auto version = static_cast<int>(current.int64(0));
  if (version > schema_version())
    throw sql::StoreError(0, "the store has schema version " + std::to_string(version) +
                                 ", newer than this umind understands (" + std::to_string(schema_version()) +
                                 "); refusing to touch it");
  for (int v = version; v < schema_version(); ++v) {
    sql::Transaction tx(db);
    db.exec(migrations[static_cast<std::size_t>(v)]);
    db.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
    tx.commit();
  }
}

}  // namespace umind::store
