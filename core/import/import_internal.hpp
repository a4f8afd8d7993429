// import_internal.hpp — the pieces behind ImportParser shared by its .cpp
// files: a line's raw fields before validation, the two line readers (CSV
// cells, JSON via SAX) and the flat set of IDs seen in the file.
// Not installed, not for other components; never holds more than one line.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/import/import.hpp"

namespace umind::import_detail {

// The fields in import_fields order; the first nine hold one text each.
enum class Field : std::uint8_t {
  id,
  kind,
  status,
  name,
  contact,
  affiliation,
  person_key,
  password_hash,
  indice_hash,
  services,
  renamed_from
};
inline constexpr std::size_t field_count = import_fields.size();
inline constexpr std::size_t text_field_count = 9;
inline std::string_view field_name(Field f) { return import_fields[static_cast<std::size_t>(f)]; }
std::optional<Field> field_by_name(std::string_view name);

// One problem on the current line; `field` points at a static name.
struct LineError {
  std::string_view field;
  std::string message;
};
using LineErrors = std::vector<LineError>;

// A value as read, before the rules. `bad` = the reader already reported a
// problem with it (wrong JSON type), so "missing" is not said on top.
struct RawText {
  enum class State : std::uint8_t { absent, present, bad };
  State state = State::absent;
  std::string value;
  void set(std::string_view v) {
    state = State::present;
    value.assign(v);
  }
};

struct RawRename {
  RawText id, at;
  bool forward = true;
  bool bad = false;  // reported by the reader (not an object, bad "forward", ...)
};

// A reusable buffer for one line's fields: clear() keeps the capacity, so a
// million lines do not allocate a million times.
struct RawRecord {
  std::array<RawText, text_field_count> text;
  std::vector<std::string> services;  // first n_services are this line's
  std::size_t n_services = 0;
  bool services_bad = false;
  std::vector<RawRename> renames;  // first n_renames are this line's
  std::size_t n_renames = 0;
  bool renames_bad = false;

  RawText& operator[](Field f) { return text[static_cast<std::size_t>(f)]; }
  const RawText& operator[](Field f) const { return text[static_cast<std::size_t>(f)]; }
  std::string& add_service();
  RawRename& add_rename();
  void clear();
};

// ---- CSV (RFC 4180, one physical line) ----

// Splits `line` into cells (quoted cells unescaped) into cells[0..n). On a
// malformed line returns the 0-based cell index where it broke and a
// message that never echoes cell text (the cell may be a password hash).
struct CsvSplitError {
  std::size_t cell = 0;
  std::string message;
};
std::optional<CsvSplitError> split_csv_line(std::string_view line, std::vector<std::string>& cells,
                                            std::size_t& n);

// ---- JSONL ----

// Reads one JSON object into `raw` (cleared by the caller). Type and key
// problems go to `errors`; a syntax error returns its message (never echoing
// the input) and the caller drops the other errors of the line. `scratch` is
// a reusable buffer. The fast reader handles plain lines and hands anything
// else to nlohmann; fast_only and nlohmann_only let tests compare the two
// (fast_only returns json_fast_gave_up when it would hand over).
enum class JsonReader { fast_then_nlohmann, nlohmann_only, fast_only };
inline constexpr std::string_view json_fast_gave_up = "(the fast reader gave up)";
std::optional<std::string> read_json_line(std::string_view line, RawRecord& raw, LineErrors& errors,
                                          std::string& scratch,
                                          JsonReader reader = JsonReader::fast_then_nlohmann);

// ---- IDs seen in this file ----

// A flat open-addressing set of names with the line they appeared on: one
// 16-byte slot per entry plus the bytes of the names (DESIGN §10), instead of
// a node allocation per ID. About 40 MB for a million IDs.
class SeenIds {
 public:
  struct Seen {
    std::size_t line;
    bool as_old;  // it appeared in renamed_from (not as a record's id)
  };
  // Records `name` (1 to 255 bytes) unless it is there already; returns the
  // earlier sighting when it is (and then changes nothing).
  std::optional<Seen> insert(std::string_view name, std::size_t line, bool as_old);
  std::optional<Seen> find(std::string_view name) const;
  std::size_t size() const { return count_; }

 private:
  // where: offset of the name's bytes (40 bits) | length (8) | hash tag (16); 0 = empty.
  struct Slot {
    std::uint64_t where = 0;
    std::uint64_t line_old = 0;  // line << 1 | as_old
  };
  std::size_t locate(std::string_view name, std::uint64_t hash) const;
  void grow();
  std::vector<Slot> slots_;
  std::string bytes_;
  std::size_t count_ = 0;
};

}  // namespace umind::import_detail
