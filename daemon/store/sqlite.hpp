// sqlite.hpp — a thin RAII layer over SQLite: one class per handle
// (Database, Statement, Transaction), parameters always bound, never
// concatenated into SQL. Errors become StoreError with SQLite's message.
// Nothing here knows about accounts.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace umind::sql {

struct StoreError : std::runtime_error {
  int code;
  StoreError(int c, const std::string& what) : std::runtime_error(what), code(c) {}
};

class Statement;

class Database {
 public:
  enum class Mode { read_write, read_only };
  // Opens (creating if read_write) with WAL, synchronous=FULL, foreign keys on.
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const char* sql);  // statements without parameters (DDL, pragmas)
  Statement prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Binds by 1-based index; a nullopt binds NULL.
  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, bool v) { return bind(index, static_cast<std::int64_t>(v)); }
  Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind_null(index);
  }
  // Binds every argument in order, starting at 1.
  template <class... A>
  Statement& bind_all(const A&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  bool step();   // true while a row is available
  void run();    // steps a statement that returns no rows
  void reset();  // ready to bind and run again

  std::int64_t int64(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction; COMMIT on commit(); ROLLBACK if destroyed
// uncommitted (an exception unwinding). Not nestable. A read transaction
// (BEGIN DEFERRED) is a snapshot: every read inside it sees one state of the
// database; it writes nothing, so ending it by ROLLBACK loses nothing.
class Transaction {
 public:
  enum class Kind { write, read };
  explicit Transaction(Database& db, Kind kind = Kind::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace umind::sql
