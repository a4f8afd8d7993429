// import.hpp — reads the old system's account export (DESIGN §2 "Import
// formats": JSONL or CSV) one physical line at a time, so `uminctl import`
// streams a 1M-line file. Pure: it parses text handed to it (no files, no
// clock, no store) and reports every problem as FILE:LINE: field: message.
// It must never put a password_hash or indice_hash value into an error.
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id_policy.hpp"
#include "core/time.hpp"

namespace umind {

enum class ImportFormat { csv, jsonl };
std::string_view to_string(ImportFormat format);
// By the extension of the file name's last component, case-insensitive:
// ".csv" or ".jsonl"; nullopt for anything else.
std::optional<ImportFormat> import_format_for(std::string_view file_name);

// The JSONL keys and the CSV header columns (the same names), in this order.
inline constexpr std::array<std::string_view, 11> import_fields{
    "id",         "kind",          "status",      "name",     "contact",     "affiliation",
    "person_key", "password_hash", "indice_hash", "services", "renamed_from"};
// "id, kind, status, ..., renamed_from" — for messages.
std::string import_field_names();

// A legacy ID (--allow-legacy-ids) may break §1.4 but must still work as the
// local part of ID@domain, as an LDAP RDN value and as a command-line
// argument: 1 to 64 of a-z 0-9 '.' '_' '-', starting with a letter or digit,
// no ".." and no '.' at the end.
inline constexpr std::size_t legacy_id_max_length = 64;
inline constexpr std::size_t service_name_max_length = 64;

struct ImportedRename {
  std::string id;  // the old ID, which forwards to (or is reserved for) this record
  TimePoint at{};  // when the rename happened (UTC)
  bool forward = true;
  bool legacy = false;  // this old ID breaks §1.4 (accepted with --allow-legacy-ids)
};

struct ImportRecord {
  std::size_t line = 0;  // 1-based line in the file
  std::string id;
  Kind kind = Kind::personal;
  std::string status = "active";  // "active" or "deleted" (deleted IDs stay reserved, DESIGN §3)
  std::string name, contact, affiliation, person_key;     // "" = not given
  std::optional<std::string> password_hash, indice_hash;  // as they are; never shown
  std::vector<std::string> services;                      // deduplicated, file order
  std::vector<ImportedRename> renamed_from;
  bool legacy = false;  // the ID breaks today's §1.4 syntax and --allow-legacy-ids was given
};

struct ImportError {
  std::size_t line = 0;  // 1-based
  std::string field;     // "id", "services", "header", ... or "" for the line as a whole
  std::string message;
  // "users.csv:12: contact: 'x' is not a mail address: it has no '@'"
  // (without the "field: " part when field is empty).
  std::string to_string(std::string_view file) const;
};

struct ImportOptions {
  bool allow_legacy_ids = false;
  // How many errors errors() keeps; error_count() counts all of them. A file in
  // the wrong format must not fill memory with a million copies of one mistake.
  std::size_t max_errors = 1000;
};

// Feed the lines of one file in order, without their newline (a trailing \r
// and a UTF-8 byte order mark on line 1 are stripped). Blank lines and lines
// starting with '#' are skipped. In CSV the first other line is the header
// (the field names, any order; id and kind required); an empty cell is an
// absent field, services is "a;b", renamed_from "ID@TIMESTAMP@on|off;..."
// ("@on|off" may be left out: on). In JSONL null and "" are absent too.
// An ID may appear once per file, as a record's id or in renamed_from; a
// repeat is an error on the later line naming the earlier one.
// Deliberately not applied: the -com contractor rule (the old system was the
// truth for existing IDs). Left to the daemon, which has config, clock and
// store: society and reserved patterns, renames dated in the future, IDs
// already in the store, the hash formats beyond their {SCHEME} tag.
class ImportParser {
 public:
  explicit ImportParser(ImportFormat format, ImportOptions options = {});
  ~ImportParser();
  ImportParser(ImportParser&&) noexcept;
  ImportParser& operator=(ImportParser&&) noexcept;
  ImportParser(const ImportParser&) = delete;
  ImportParser& operator=(const ImportParser&) = delete;

  // One physical line. The record, or nullopt when the line is a header, blank,
  // a comment or had errors (appended to errors()). Never throws on bad input.
  std::optional<ImportRecord> parse_line(std::string_view line);

  const std::vector<ImportError>& errors() const;
  std::size_t error_count() const;   // all errors, also those past max_errors
  std::size_t lines_read() const;    // lines fed so far
  std::size_t record_count() const;  // records returned so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace umind
