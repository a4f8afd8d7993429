// schema.hpp — the store's SQLite schema as numbered migrations; the
// database's PRAGMA user_version says how many have run. Migrations only
// ever append: a released migration is never edited.
#pragma once
#include "daemon/store/sqlite.hpp"

namespace umind::store {

// Brings the database to the newest schema, one transaction per step.
// Refuses a database written by a newer umind.
void migrate(sql::Database& db);
int schema_version();

}  // namespace umind::store
