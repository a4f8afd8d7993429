// import.cpp — ImportParser: turns each line of an old-system export into an
// ImportRecord after the rules of DESIGN §2/§3, or into errors that name the
// line and the field. Values are echoed only through quote_value, and
// password_hash / indice_hash values never appear in any message.
#include "core/import/import.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/address.hpp"
#include "core/import/import_internal.hpp"
#include "core/text.hpp"

namespace umind {

using namespace import_detail;

// ---------------------------------------------------------------- names

std::string_view to_string(ImportFormat format) { return format == ImportFormat::csv ? "csv" : "jsonl"; }

std::optional<ImportFormat> import_format_for(std::string_view file_name) {
  if (auto slash = file_name.find_last_of('/'); slash != std::string_view::npos)
    file_name.remove_prefix(slash + 1);
  auto dot = file_name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0)
    return std::nullopt;  // ".csv" is a hidden file, not an extension
  std::string ext = to_lower_ascii(file_name.substr(dot + 1));
  if (ext == "csv") return ImportFormat::csv;
  if (ext == "jsonl") return ImportFormat::jsonl;
  return std::nullopt;
}

std::string import_field_names() {
  std::string out;
  for (auto name : import_fields) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string ImportError::to_string(std::string_view file) const {
  std::string out(file);
  out += ':';
  out += std::to_string(line);
  out += ": ";
  if (!field.empty()) {
    out += field;
    out += ": ";
  }
  out += message;
  return out;
}

namespace import_detail {

std::optional<Field> field_by_name(std::string_view name) {
  for (std::size_t i = 0; i < import_fields.size(); ++i)
    if (import_fields[i] == name) return static_cast<Field>(i);
  return std::nullopt;
}

std::string& RawRecord::add_service() {
  if (n_services == services.size()) services.emplace_back();
  std::string& s = services[n_services++];
  s.clear();
  return s;
}

RawRename& RawRecord::add_rename() {
  if (n_renames == renames.size()) renames.emplace_back();
  RawRename& r = renames[n_renames++];
  r.id.state = r.at.state = RawText::State::absent;
  r.id.value.clear();
  r.at.value.clear();
  r.forward = true;
  r.bad = false;
  return r;
}

void RawRecord::clear() {
  for (auto& t : text) {
    t.state = RawText::State::absent;
    t.value.clear();
  }
  n_services = n_renames = 0;
  services_bad = renames_bad = false;
}

}  // namespace import_detail

// ---------------------------------------------------------------- value rules

namespace {

constexpr std::string_view utf8_bom = "\xef\xbb\xbf";
constexpr std::string_view hidden = " (the value is not shown)";
constexpr std::array<std::string_view, 5> hash_schemes{"CRYPT", "ARGON2", "SSHA", "SSHA512", "SHA"};
constexpr std::string_view hash_scheme_list = "{CRYPT}, {ARGON2}, {SSHA}, {SSHA512} or {SHA}";
constexpr std::string_view time_example = "2026-03-01T09:00:00Z";

bool is_control(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// The text rule of core/text; broken UTF-8 gets a hint for Shift_JIS exports.
std::optional<std::string> text_problem(std::string_view v) {
  auto fault = text_fault(v);
  if (!fault) return std::nullopt;
  std::string message = describe(*fault, v);
  if (fault->kind == TextFault::Kind::not_utf8)
    message += "; the file must be UTF-8: convert a Shift_JIS export first, e.g. iconv -f CP932 -t UTF-8";
  return message;
}

std::optional<std::string> contact_problem(std::string_view v) {
  constexpr std::string_view shape = "; a contact is one plain address like t@example.org";
  auto say = [&](const std::string& what) { return quote_value(v) + what; };
  for (char c : v) {
    if (is_control(c)) return say(" contains a control character" + std::string(shape));
    if (c == ' ') return say(" contains a space" + std::string(shape));
    if (c == ',' || c == ';' || c == '<' || c == '>')
      return say(" contains " + quote_value(std::string_view(&c, 1)) + std::string(shape) +
                 " (no display name, no list)");
  }
  auto ats = std::count(v.begin(), v.end(), '@');
  if (ats == 0) return say(" is not a mail address: it has no '@'");
  if (ats > 1) return say(" has " + std::to_string(ats) + " '@'" + std::string(shape));
  auto at = v.find('@');
  if (at == 0) return say(" has nothing before '@'" + std::string(shape));
  if (at + 1 == v.size()) return say(" has nothing after '@'" + std::string(shape));
  return text_problem(v);
}

// Never shows any part of the value.
std::optional<std::string> hash_problem(std::string_view v) {
  auto close = v.find('}');
  if (v.empty() || v[0] != '{' || close == std::string_view::npos)
    return "does not start with a {SCHEME} tag; an imported hash starts with " +
           std::string(hash_scheme_list) + std::string(hidden);
  std::string_view scheme = v.substr(1, close - 1);
  bool known = std::any_of(hash_schemes.begin(), hash_schemes.end(),
                           [&](std::string_view s) { return iequals(s, scheme); });
  if (!known)
    return "has a {SCHEME} tag that is not supported; an imported hash starts with " +
           std::string(hash_scheme_list) + std::string(hidden);
  if (close + 1 == v.size()) return "has nothing after its {SCHEME} tag" + std::string(hidden);
  // Only what would break a log line or an LDIF value; the daemon checks the
  // scheme's own format when it stores the hash.
  for (char c : v)
    if (c == ' ' || is_control(c)) return "contains a space or a control character" + std::string(hidden);
  return std::nullopt;
}

std::optional<std::string> service_problem(std::string_view v) {
  if (v.empty()) return std::string("is empty");
  if (v.size() > service_name_max_length)
    return quote_value(v) + " has " + std::to_string(v.size()) + " characters; a service name has at most " +
           std::to_string(service_name_max_length);
  for (char c : v)
    if (!is_lower_alpha(c) && !is_digit(c) && c != '_' && c != '-')
      return quote_value(v) + " contains " + quote_value(std::string_view(&c, 1)) +
             "; a service name uses only a-z, 0-9, '_' and '-'";
  return std::nullopt;
}

// Why `id` cannot be even a legacy ID, or nullopt. See legacy_id_max_length.
std::optional<std::string> legacy_id_problem(std::string_view id) {
  const std::string q = quote_value(id);
  const std::string why =
      " (a legacy ID must still work as a mail local part, in an LDAP DN and on a command line)";
  if (id.empty()) return std::string("the ID is empty");
  for (char c : id) {
    if (is_control(c)) return q + " contains a control character" + why;
    if (c == ' ') return q + " contains a space" + why;
    if (c == '@') return q + " contains '@'; the ID is the part before '@' in ID@domain";
  }
  if (std::any_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return q + " contains uppercase letters; IDs are lowercase, legacy ones too: use " +
           quote_value(to_lower_ascii(id));
  if (id.size() > legacy_id_max_length)
    return q + " has " + std::to_string(id.size()) + " characters; even a legacy ID has at most " +
           std::to_string(legacy_id_max_length);
  for (char c : id)
    if (!is_lower_alpha(c) && !is_digit(c) && c != '.' && c != '_' && c != '-')
      return q + " contains " + quote_value(std::string_view(&c, 1)) +
             "; even a legacy ID uses only a-z, 0-9, '.', '_' and '-'" + why;
  if (!is_lower_alpha(id.front()) && !is_digit(id.front()))
    return q + " starts with " + quote_value(id.substr(0, 1)) + "; even a legacy ID starts with a-z or 0-9" +
           why;
  if (id.back() == '.' || id.find("..") != std::string_view::npos)
    return q + " has '..' or ends with '.'" + why;
  return std::nullopt;
}

struct IdVerdict {
  bool ok = false;
  bool legacy = false;
  std::string message;
};

IdVerdict check_import_id(std::string_view id, bool allow_legacy) {
  Check today = check_id_syntax(id);
  if (!today) return {true, false, {}};
  auto legacy = legacy_id_problem(id);
  if (allow_legacy) {
    if (!legacy) return {true, true, {}};
    return {false, false, std::move(*legacy)};
  }
  // Only suggest the flag when it would help.
  if (!legacy)
    return {false, false, today->message + "; use --allow-legacy-ids to keep IDs that break today's syntax"};
  return {false, false, std::move(today->message)};
}

std::string nth(std::size_t i) { return "entry " + std::to_string(i); }

// Lists longer than this find their repeats through a hash index.
constexpr std::size_t short_list_max = 32;

std::optional<std::string> status_problem(std::string_view v) {
  if (v == "active" || v == "deleted") return std::nullopt;
  return quote_value(v) + " is not a status; a status is active or deleted";
}

// `id` was seen on an earlier line (or earlier on this one).
std::string already_in_file(std::string_view id, const SeenIds::Seen& prior) {
  return quote_value(id) + " already appears on line " + std::to_string(prior.line) +
         (prior.as_old ? " (in renamed_from)" : " (as id)") + "; an ID may appear only once in a file";
}

}  // namespace

// ---------------------------------------------------------------- the parser

struct ImportParser::Impl {
  ImportFormat format;
  ImportOptions options;
  std::vector<ImportError> errors;
  std::size_t error_total = 0;
  std::size_t line = 0;
  std::size_t records = 0;

  RawRecord raw;
  LineErrors line_errors;
  SeenIds seen;
  std::unordered_map<std::string_view, std::size_t> scratch_index;  // only for long lists
  std::vector<std::size_t> renames_checked;                         // entries past the checks

  // CSV
  bool header_done = false;
  bool header_ok = false;
  std::vector<Field> columns;
  std::vector<std::string> cells;
  // JSONL
  std::string json_scratch;

  Impl(ImportFormat f, ImportOptions o) : format(f), options(o) {}

  void error(std::string_view field, std::string message) {
    line_errors.push_back({field, std::move(message)});
  }
  void error(Field field, std::string message) { error(field_name(field), std::move(message)); }

  std::optional<ImportRecord> parse(std::string_view text);
  void read_csv_header(std::string_view text);
  bool read_csv_row(std::string_view text);
  void read_csv_renames(std::string_view cell);
  void flush_errors();

  // build() checks the raw fields one after the other (that order is the
  // order of a line's errors): each check_* reports what is wrong with
  // error() and moves what is valid into `rec`.
  std::optional<ImportRecord> build();
  bool check_id(ImportRecord& rec);
  void check_kind(ImportRecord& rec);
  template <class Out>
  void check_optional(Field f, Out& out, std::optional<std::string> (*problem)(std::string_view));
  void check_optional_fields(ImportRecord& rec);
  void check_services(ImportRecord& rec);
  void check_renames(ImportRecord& rec, bool id_ok);
  std::optional<ImportedRename> check_rename_entry(const RawRename& r, const std::string& which);
  bool check_rename_id(const RawText& id, const std::string& which, ImportedRename& out);
  bool check_rename_time(const RawText& at, const std::string& which, ImportedRename& out);
  bool claim_old_id(std::size_t i, const ImportRecord& rec, bool id_ok);
  std::size_t earlier_rename_with_same_id(std::size_t i);
  void claim_id(const std::string& id);
};

std::optional<ImportRecord> ImportParser::Impl::parse(std::string_view text) {
  ++line;
  line_errors.clear();
  if (line == 1 && text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.find_first_not_of(" \t") == std::string_view::npos || text.front() == '#') return std::nullopt;

  raw.clear();
  std::optional<ImportRecord> record;
  if (format == ImportFormat::csv) {
    if (!header_done)
      read_csv_header(text);
    else if (header_ok && read_csv_row(text))
      record = build();
  } else {
    if (auto fatal = read_json_line(text, raw, line_errors, json_scratch)) {
      line_errors.clear();
      error("", std::move(*fatal));
    } else {
      record = build();
    }
  }
  if (!line_errors.empty()) {
    flush_errors();
    return std::nullopt;
  }
  if (record) ++records;
  return record;
}

void ImportParser::Impl::flush_errors() {
  for (auto& e : line_errors) {
    ++error_total;
    if (errors.size() < options.max_errors)
      errors.push_back(ImportError{line, std::string(e.field), std::move(e.message)});
  }
  line_errors.clear();
}

void ImportParser::Impl::read_csv_header(std::string_view text) {
  header_done = true;
  std::size_t n = 0;
  if (auto bad = split_csv_line(text, cells, n)) {
    error("header", std::move(bad->message));
  } else {
    std::array<std::size_t, field_count> column_of{};  // 1-based; 0 = absent
    std::size_t known = 0;
    columns.clear();
    for (std::size_t c = 0; c < n; ++c) {
      const std::string& name = cells[c];
      auto f = field_by_name(name);
      columns.push_back(f.value_or(Field::id));
      const std::string col = "column " + std::to_string(c + 1);
      if (name.empty()) {
        error("header", col + " has no name");
      } else if (!f) {
        error("header",
              col + ": unknown column " + quote_value(name) + "; the columns are " + import_field_names());
      } else if (auto& where = column_of[static_cast<std::size_t>(*f)]; where != 0) {
        error("header", col + ": " + quote_value(name) + " is already column " + std::to_string(where));
      } else {
        where = c + 1;
        ++known;
      }
    }
    if (known == 0) {
      line_errors.clear();
      error("header",
            "this line names no known column; the first line of a CSV import is a header naming its "
            "columns (" +
                import_field_names() + ")");
    } else {
      for (Field f : {Field::id, Field::kind})
        if (column_of[static_cast<std::size_t>(f)] == 0)
          error("header", "no " + quote_value(field_name(f)) + " column; id and kind are required");
    }
  }
  header_ok = line_errors.empty();
  if (!header_ok) error("header", "no row of this file is read until the header is fixed");
}

bool ImportParser::Impl::read_csv_row(std::string_view text) {
  std::size_t n = 0;
  if (auto bad = split_csv_line(text, cells, n)) {
    std::string_view field = bad->cell < columns.size() ? field_name(columns[bad->cell]) : "";
    error(field, "cell " + std::to_string(bad->cell + 1) + ": " + bad->message);
    return false;
  }
  if (n != columns.size()) {
    error("", "the row has " + std::to_string(n) + " cells but the header has " +
                  std::to_string(columns.size()) + " columns");
    return false;
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::string& cell = cells[c];
    if (cell.empty()) continue;  // empty cell = absent
    Field f = columns[c];
    if (static_cast<std::size_t>(f) < text_field_count) {
      RawText& t = raw[f];
      t.state = RawText::State::present;
      t.value.swap(cell);  // no copy; both buffers keep being reused
    } else if (f == Field::services) {
      std::string_view rest = cell;
      for (;;) {
        auto semi = rest.find(';');
        raw.add_service().assign(rest.substr(0, semi));
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
      }
    } else {
      read_csv_renames(cell);
    }
  }
  return true;
}

// "ID@TIMESTAMP@on|off;..." (the "@on|off" part may be left out: forwarding is on).
void ImportParser::Impl::read_csv_renames(std::string_view cell) {
  for (;;) {
    auto semi = cell.find(';');
    std::string_view item = cell.substr(0, semi);
    RawRename& r = raw.add_rename();
    const std::string which = nth(raw.n_renames);
    std::array<std::string_view, 4> parts{};
    std::size_t count = 0;
    for (std::string_view rest = item; count < parts.size();) {
      auto at = rest.find('@');
      parts[count++] = rest.substr(0, at);
      if (at == std::string_view::npos) break;
      rest.remove_prefix(at + 1);
    }
    if (item.empty()) {
      error(Field::renamed_from, which + " is empty; write ID@TIMESTAMP@on|off;ID@TIMESTAMP@on|off");
      r.bad = true;
    } else if (count < 2 || count > 3) {
      error(Field::renamed_from, which + " " + quote_value(item) +
                                     " is not ID@TIMESTAMP@on|off (e.g. kiuchi-old@" +
                                     std::string(time_example) + "@on)");
      r.bad = true;
    } else {
      r.id.set(parts[0]);
      if (!parts[1].empty()) r.at.set(parts[1]);
      if (count == 3) {
        if (parts[2] == "on" || parts[2] == "off") {
          r.forward = parts[2] == "on";
        } else {
          error(Field::renamed_from,
                which + ": forwarding " + quote_value(parts[2]) + " is neither on nor off");
          r.bad = true;
        }
      }
    }
    if (semi == std::string_view::npos) break;
    cell.remove_prefix(semi + 1);
  }
}

std::optional<ImportRecord> ImportParser::Impl::build() {
  ImportRecord rec;
  rec.line = line;
  const bool id_ok = check_id(rec);
  check_kind(rec);
  check_optional_fields(rec);
  check_services(rec);
  check_renames(rec, id_ok);
  if (id_ok) claim_id(rec.id);
  if (!line_errors.empty()) return std::nullopt;
  return rec;
}

// Required. True when rec.id holds a valid (maybe legacy) ID.
bool ImportParser::Impl::check_id(ImportRecord& rec) {
  RawText& id = raw[Field::id];
  if (id.state == RawText::State::absent) {
    error(Field::id, "missing; every record needs an id");
    return false;
  }
  if (id.state != RawText::State::present) return false;  // reported by the reader
  IdVerdict v = check_import_id(id.value, options.allow_legacy_ids);
  if (!v.ok) {
    error(Field::id, std::move(v.message));
    return false;
  }
  rec.legacy = v.legacy;
  rec.id = std::move(id.value);
  return true;
}

// Required. The contractor "-com" rule (DESIGN §3) is deliberately not
// applied: the old system was the truth for existing IDs, and refusing them
// would lose accounts (and their reserved addresses). It binds new IDs only.
void ImportParser::Impl::check_kind(ImportRecord& rec) {
  RawText& kind = raw[Field::kind];
  if (kind.state == RawText::State::absent) {
    error(Field::kind, "missing; the kinds are " + kind_names());
  } else if (kind.state == RawText::State::present) {
    if (auto k = parse_kind(kind.value))
      rec.kind = *k;
    else
      error(Field::kind, quote_value(kind.value) + " is not a kind; the kinds are " + kind_names());
  }
}

// A field that may be left out ("" = not given): `problem` says what is
// wrong with the value, else it is moved to `out`.
template <class Out>
void ImportParser::Impl::check_optional(Field f, Out& out,
                                        std::optional<std::string> (*problem)(std::string_view)) {
  RawText& t = raw[f];
  if (t.state != RawText::State::present || t.value.empty()) return;
  if (auto bad = problem(t.value))
    error(f, std::move(*bad));
  else
    out = std::move(t.value);
}

void ImportParser::Impl::check_optional_fields(ImportRecord& rec) {
  // Deleted accounts are imported so their IDs stay reserved (DESIGN §3).
  check_optional(Field::status, rec.status, status_problem);
  check_optional(Field::name, rec.name, text_problem);
  check_optional(Field::affiliation, rec.affiliation, text_problem);
  check_optional(Field::person_key, rec.person_key, text_problem);
  check_optional(Field::contact, rec.contact, contact_problem);
  // No password: the account cannot bind until one is set.
  check_optional(Field::password_hash, rec.password_hash, hash_problem);
  check_optional(Field::indice_hash, rec.indice_hash, hash_problem);
}

// Checked, deduplicated, file order kept.
void ImportParser::Impl::check_services(ImportRecord& rec) {
  const bool long_list = raw.n_services > short_list_max;
  if (long_list) scratch_index.clear();
  for (std::size_t i = 0; i < raw.n_services; ++i) {
    std::string& s = raw.services[i];
    if (auto bad = service_problem(s)) {
      error(Field::services, nth(i + 1) + (s.empty() ? " " : ": ") + *bad);
      continue;
    }
    bool repeat = long_list ? !scratch_index.emplace(s, i).second
                            : std::find(rec.services.begin(), rec.services.end(), s) != rec.services.end();
    if (!repeat) rec.services.push_back(s);
  }
}

// Each entry an ID once used by this account, with the time of the rename.
void ImportParser::Impl::check_renames(ImportRecord& rec, bool id_ok) {
  if (raw.n_renames > short_list_max) scratch_index.clear();
  renames_checked.clear();
  for (std::size_t i = 0; i < raw.n_renames; ++i) {
    const RawRename& r = raw.renames[i];
    if (r.bad) continue;  // already reported
    auto out = check_rename_entry(r, nth(i + 1));
    if (!out || !claim_old_id(i, rec, id_ok)) continue;
    out->id = r.id.value;
    rec.renamed_from.push_back(std::move(*out));
  }
}

// The entry's own values (both checked, so both are reported); its id is
// left to claim_old_id.
std::optional<ImportedRename> ImportParser::Impl::check_rename_entry(const RawRename& r,
                                                                     const std::string& which) {
  ImportedRename out;
  out.forward = r.forward;
  const bool id_ok = check_rename_id(r.id, which, out);
  const bool at_ok = check_rename_time(r.at, which, out);
  if (!id_ok || !at_ok) return std::nullopt;
  return out;
}

bool ImportParser::Impl::check_rename_id(const RawText& id, const std::string& which, ImportedRename& out) {
  if (id.state == RawText::State::absent) {
    error(Field::renamed_from, which + " has no id");
    return false;
  }
  if (id.state != RawText::State::present) return false;  // reported by the reader
  IdVerdict v = check_import_id(id.value, options.allow_legacy_ids);
  if (!v.ok) {
    error(Field::renamed_from, which + ": " + v.message);
    return false;
  }
  out.legacy = v.legacy;
  return true;
}

bool ImportParser::Impl::check_rename_time(const RawText& at, const std::string& which, ImportedRename& out) {
  if (at.state == RawText::State::bad) return false;  // reported by the reader
  if (at.state == RawText::State::absent || at.value.empty()) {
    error(Field::renamed_from,
          which + " has no time; 'at' is when the ID was renamed, like " + std::string(time_example));
    return false;
  }
  auto t = parse_iso8601(at.value);
  if (!t) {
    error(Field::renamed_from, which + ": " + quote_value(at.value) + " is not a time like " +
                                   std::string(time_example) + " (ISO 8601, Z or +HH:MM)");
    return false;
  }
  out.at = *t;
  return true;
}

// The old ID of entry i (0-based) must differ from this record's id, from
// the entries before it and from every ID of the lines before; true when it
// does, and then it is registered for the lines after.
bool ImportParser::Impl::claim_old_id(std::size_t i, const ImportRecord& rec, bool id_ok) {
  const std::string& old = raw.renames[i].id.value;
  const std::string which = nth(i + 1);
  if (id_ok && old == rec.id) {
    error(Field::renamed_from, which + ": " + quote_value(old) + " is this record's own id");
    return false;
  }
  if (std::size_t earlier = earlier_rename_with_same_id(i); earlier != 0) {
    error(Field::renamed_from, which + ": " + quote_value(old) + " repeats " + nth(earlier));
    return false;
  }
  // Registered at once, even when another field of this line is wrong, so a
  // later repeat is still caught (and named).
  if (auto prior = seen.insert(old, line, true)) {
    error(Field::renamed_from, which + ": " + already_in_file(old, *prior));
    return false;
  }
  return true;
}

// The 1-based entry before entry i (0-based) with the same old ID, or 0.
// Remembers entry i for the entries after it.
std::size_t ImportParser::Impl::earlier_rename_with_same_id(std::size_t i) {
  const std::string& old = raw.renames[i].id.value;
  if (raw.n_renames > short_list_max) {
    auto [it, fresh] = scratch_index.emplace(old, i);
    return fresh ? 0 : it->second + 1;
  }
  std::size_t earlier = 0;
  for (std::size_t k : renames_checked)
    if (raw.renames[k].id.value == old) {
      earlier = k + 1;
      break;
    }
  renames_checked.push_back(i);
  return earlier;
}

// Registers the record's id; an error when the file had it before.
void ImportParser::Impl::claim_id(const std::string& id) {
  if (auto prior = seen.insert(id, line, false)) error(Field::id, already_in_file(id, *prior));
}

// ---------------------------------------------------------------- public face

ImportParser::ImportParser(ImportFormat format, ImportOptions options)
    : impl_(std::make_unique<Impl>(format, options)) {}
ImportParser::~ImportParser() = default;
ImportParser::ImportParser(ImportParser&&) noexcept = default;
ImportParser& ImportParser::operator=(ImportParser&&) noexcept = default;

std::optional<ImportRecord> ImportParser::parse_line(std::string_view line) { return impl_->parse(line); }
const std::vector<ImportError>& ImportParser::errors() const { return impl_->errors; }
std::size_t ImportParser::error_count() const { return impl_->error_total; }
std::size_t ImportParser::lines_read() const { return impl_->line; }
std::size_t ImportParser::record_count() const { return impl_->records; }

}  // namespace umind
