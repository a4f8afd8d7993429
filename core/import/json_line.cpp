// json_line.cpp — reads one JSONL line into a RawRecord as SAX events (no
// DOM): a small strict reader for plain lines, nlohmann for everything else
// and for every syntax error. Checks keys and JSON types; the rules on values
// live in import.cpp. Never echoes a value or nlohmann's "last read" text.
#include <nlohmann/json.hpp>

#include "core/import/import_internal.hpp"
#include "core/text.hpp"

namespace umind::import_detail {
namespace {

enum class Json : std::uint8_t { null, boolean, number, string, object, array };

std::string_view type_name(Json t) {
  switch (t) {
    case Json::null: return "null";
    case Json::boolean: return "true/false";
    case Json::number: return "a number";
    case Json::string: return "a string";
    case Json::object: return "an object";
    case Json::array: return "an array";
  }
  return "something else";
}

constexpr std::string_view entry_shape = "{\"id\": ..., \"at\": ..., \"forward\": ...}";

// nlohmann's message without the offending token, which may be a secret.
std::string clean_parse_message(int id, const char* what, const std::string& last_token) {
  if (id == 406) return "a number is out of range";
  std::string_view w = what;
  auto start = w.find("syntax error");
  if (start == std::string_view::npos) return "the line cannot be parsed";
  std::string msg(w.substr(start));
  std::string needle = "; last read: '" + last_token + "'";
  if (auto at = msg.find(needle); at != std::string::npos) msg.erase(at, needle.size());
  if (last_token.size() >= 3 && msg.find(last_token) != std::string::npos) return "syntax error";
  for (char& c : msg)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return msg;
}

class Sax {
 public:
  using json = nlohmann::json;
  Sax(RawRecord& raw, LineErrors& errors, std::size_t line_size)
      : raw_(raw), errors_(errors), line_size_(line_size) {}

  std::optional<std::string> syntax_error;

  bool null() { return scalar(Json::null, nullptr, false); }
  bool boolean(bool b) { return scalar(Json::boolean, nullptr, b); }
  bool number_integer(json::number_integer_t) { return scalar(Json::number, nullptr, false); }
  bool number_unsigned(json::number_unsigned_t) { return scalar(Json::number, nullptr, false); }
  bool number_float(json::number_float_t, const std::string&) { return scalar(Json::number, nullptr, false); }
  bool string(std::string& s) { return scalar(Json::string, &s, false); }
  bool binary(json::binary_t&) { return scalar(Json::number, nullptr, false); }  // not produced by JSON text
  bool start_object(std::size_t) { return open(Json::object); }
  bool start_array(std::size_t) { return open(Json::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& k) {
    if (skip_ != 0) return true;
    if (ctx_ == Ctx::top) {
      auto f = field_by_name(k);
      unknown_ = !f;
      if (!f) {
        error("", "unknown field " + quote_value(k) + "; the fields are " + import_field_names());
        return true;
      }
      auto bit = static_cast<std::uint16_t>(1u << static_cast<unsigned>(*f));
      if ((seen_ & bit) != 0) {
        error(field_name(*f), "given twice in one object");
        unknown_ = true;  // keep the first value, skip this one
        return true;
      }
      seen_ = static_cast<std::uint16_t>(seen_ | bit);
      field_ = *f;
    } else if (ctx_ == Ctx::entry) {
      ekey_ = k == "id"        ? EntryKey::id
              : k == "at"      ? EntryKey::at
              : k == "forward" ? EntryKey::forward
                               : EntryKey::unknown;
      if (ekey_ == EntryKey::unknown) {
        rename_error("unknown field " + quote_value(k) + "; an entry has id, at and forward");
        return true;
      }
      auto bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(ekey_));
      if ((eseen_ & bit) != 0) {
        rename_error(quote_value(k) + " given twice");
        ekey_ = EntryKey::unknown;
        return true;
      }
      eseen_ = static_cast<std::uint8_t>(eseen_ | bit);
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    // nlohmann counts 1-based; one past the last character means "ran out".
    syntax_error = (position > line_size_ ? std::string("invalid JSON at the end of the line: ")
                                          : "invalid JSON at character " + std::to_string(position) + ": ") +
                   clean_parse_message(ex.id, ex.what(), last_token);
    return false;
  }

 private:
  enum class Ctx : std::uint8_t { start, top, services, renames, entry, done };
  enum class EntryKey : std::uint8_t { id, at, forward, unknown };

  void error(std::string_view field, std::string message) { errors_.push_back({field, std::move(message)}); }
  void rename_error(const std::string& message) {
    error(field_name(Field::renamed_from), "entry " + std::to_string(entry_) + ": " + message);
    raw_.renames[raw_.n_renames - 1].bad = true;
  }
  bool not_an_object(Json t) {
    syntax_error = "expected a JSON object (one account per line), got " + std::string(type_name(t));
    return false;  // nothing more to read on this line
  }

  bool scalar(Json t, std::string* s, bool b) {
    if (skip_ != 0) return true;
    switch (ctx_) {
      case Ctx::start: return not_an_object(t);
      case Ctx::top: top_value(t, s); break;
      case Ctx::services:
      case Ctx::renames:
        ++entry_;
        if (ctx_ == Ctx::services && t == Json::string)
          raw_.add_service() = *s;
        else
          wrong_entry_type(t);
        break;
      case Ctx::entry: entry_value(t, s, b); break;
      case Ctx::done: break;  // nlohmann reports trailing values as a syntax error
    }
    return true;
  }

  void top_value(Json t, std::string* s) {
    if (unknown_) return;
    if (static_cast<std::size_t>(field_) < text_field_count) {
      RawText& text = raw_[field_];
      if (t == Json::string) {
        text.set(*s);
      } else if (t == Json::null && field_ != Field::id && field_ != Field::kind) {
        text.state = RawText::State::absent;
      } else {
        error(field_name(field_), "expected a string, got " + std::string(type_name(t)));
        text.state = RawText::State::bad;
      }
      return;
    }
    if (t == Json::null) return;
    if (field_ == Field::services) {
      error(field_name(field_),
            "expected an array of strings like [\"epoc\", \"ctr\"], got " + std::string(type_name(t)));
      raw_.services_bad = true;
    } else {
      error(field_name(field_), "expected an array of " + std::string(entry_shape) + " objects, got " +
                                    std::string(type_name(t)));
      raw_.renames_bad = true;
    }
  }

  void entry_value(Json t, std::string* s, bool b) {
    RawRename& r = raw_.renames[raw_.n_renames - 1];
    switch (ekey_) {
      case EntryKey::id:
      case EntryKey::at: {
        RawText& text = ekey_ == EntryKey::id ? r.id : r.at;
        if (t == Json::string) {
          text.set(*s);
        } else {
          rename_error(std::string(ekey_ == EntryKey::id ? "id" : "at") + ": expected a string, got " +
                       std::string(type_name(t)));
          text.state = RawText::State::bad;
        }
        break;
      }
      case EntryKey::forward:
        if (t == Json::boolean)
          r.forward = b;
        else if (t != Json::null)
          rename_error("forward: expected true or false, got " + std::string(type_name(t)));
        break;
      case EntryKey::unknown: break;
    }
  }

  bool open(Json t) {
    if (skip_ != 0) {
      ++skip_;
      return true;
    }
    switch (ctx_) {
      case Ctx::start:
        if (t != Json::object) return not_an_object(t);
        ctx_ = Ctx::top;
        return true;
      case Ctx::top:
        if (!unknown_ && t == Json::array && field_ == Field::services) {
          ctx_ = Ctx::services;
          entry_ = 0;
          return true;
        }
        if (!unknown_ && t == Json::array && field_ == Field::renamed_from) {
          ctx_ = Ctx::renames;
          entry_ = 0;
          return true;
        }
        top_value(t, nullptr);
        break;
      case Ctx::services:
      case Ctx::renames:
        ++entry_;
        if (ctx_ == Ctx::renames && t == Json::object) {
          raw_.add_rename();
          ctx_ = Ctx::entry;
          eseen_ = 0;
          return true;
        }
        wrong_entry_type(t);
        break;
      case Ctx::entry: entry_value(t, nullptr, false); break;
      case Ctx::done: break;
    }
    skip_ = 1;  // skip the contents of a value already reported (or unknown)
    return true;
  }

  void wrong_entry_type(Json t) {
    if (ctx_ == Ctx::services) {
      error(field_name(Field::services),
            "entry " + std::to_string(entry_) + ": expected a string, got " + std::string(type_name(t)));
      raw_.services_bad = true;
    } else {
      error(field_name(Field::renamed_from), "entry " + std::to_string(entry_) + ": expected an object " +
                                                 std::string(entry_shape) + ", got " +
                                                 std::string(type_name(t)));
      raw_.renames_bad = true;
    }
  }

  bool close() {
    if (skip_ != 0) {
      --skip_;
      return true;
    }
    switch (ctx_) {
      case Ctx::top: ctx_ = Ctx::done; break;
      case Ctx::services:
      case Ctx::renames: ctx_ = Ctx::top; break;
      case Ctx::entry: ctx_ = Ctx::renames; break;
      case Ctx::start:
      case Ctx::done: break;
    }
    return true;
  }

  RawRecord& raw_;
  LineErrors& errors_;
  std::size_t line_size_;
  Ctx ctx_ = Ctx::start;
  std::size_t skip_ = 0;
  Field field_ = Field::id;
  bool unknown_ = false;
  std::uint16_t seen_ = 0;
  EntryKey ekey_ = EntryKey::unknown;
  std::uint8_t eseen_ = 0;
  std::size_t entry_ = 0;
};

// The fast path: a strict reader for the plain JSON an export is made of —
// objects, arrays, strings without escapes, true/false/null — feeding the
// same Sax. Whatever it does not know (an escape, a number, a BOM, deep
// nesting, any syntax error) makes it give up, and the line is read again by
// nlohmann, the reference; tests check the two agree. It halves the time
// of a JSONL import (nlohmann's lexer copies and tracks every byte).
class FastReader {
 public:
  enum class Outcome { done, give_up };
  FastReader(std::string_view line, Sax& sax, std::string& scratch) : s_(line), sax_(sax), text_(scratch) {}

  Outcome read() {
    if (!value(0)) return stopped_ ? Outcome::done : Outcome::give_up;
    skip_space();
    return pos_ == s_.size() ? Outcome::done : Outcome::give_up;
  }

 private:
  static constexpr int max_depth = 16;

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool at(char c) {
    skip_space();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  // An event the Sax refused: the line is over (its error is recorded).
  bool emit(bool accepted) {
    if (!accepted) stopped_ = true;
    return accepted;
  }

  // A string without escapes or control characters, valid UTF-8; into text_.
  bool string() {
    ++pos_;  // the opening quote
    const std::size_t start = pos_;
    bool ascii = true;
    for (; pos_ < s_.size(); ++pos_) {
      auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') break;
      if (c == '\\' || c < 0x20) return false;
      if (c >= 0x80) ascii = false;
    }
    if (pos_ == s_.size()) return false;
    std::string_view body = s_.substr(start, pos_ - start);
    if (!ascii && utf8_error_at(body) != std::string_view::npos) return false;
    ++pos_;  // the closing quote
    text_.assign(body);
    return true;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool value(int depth) {
    skip_space();
    if (pos_ == s_.size()) return false;
    switch (s_[pos_]) {
      case '"': return string() && emit(sax_.string(text_));
      case 't': return literal("true") && emit(sax_.boolean(true));
      case 'f': return literal("false") && emit(sax_.boolean(false));
      case 'n': return literal("null") && emit(sax_.null());
      case '{': {
        if (depth == max_depth) return false;
        ++pos_;
        if (!emit(sax_.start_object(static_cast<std::size_t>(-1)))) return false;
        if (at('}')) {
          ++pos_;
          return emit(sax_.end_object());
        }
        for (;;) {
          if (!at('"') || !string() || !emit(sax_.key(text_)) || !at(':')) return false;
          ++pos_;
          if (!value(depth + 1)) return false;
          if (at(',')) {
            ++pos_;
            continue;
          }
          if (!at('}')) return false;
          ++pos_;
          return emit(sax_.end_object());
        }
      }
      case '[': {
        if (depth == max_depth) return false;
        ++pos_;
        if (!emit(sax_.start_array(static_cast<std::size_t>(-1)))) return false;
        if (at(']')) {
          ++pos_;
          return emit(sax_.end_array());
        }
        for (;;) {
          if (!value(depth + 1)) return false;
          if (at(',')) {
            ++pos_;
            continue;
          }
          if (!at(']')) return false;
          ++pos_;
          return emit(sax_.end_array());
        }
      }
      default: return false;  // numbers and anything else: nlohmann decides
    }
  }

  std::string_view s_;
  Sax& sax_;
  std::string& text_;
  std::size_t pos_ = 0;
  bool stopped_ = false;
};

}  // namespace

std::optional<std::string> read_json_line(std::string_view line, RawRecord& raw, LineErrors& errors,
                                          std::string& scratch, JsonReader reader) {
  const std::size_t errors_before = errors.size();
  if (reader != JsonReader::nlohmann_only) {
    Sax sax(raw, errors, line.size());
    if (FastReader(line, sax, scratch).read() == FastReader::Outcome::done)
      return std::move(sax.syntax_error);
    if (reader == JsonReader::fast_only) return std::string(json_fast_gave_up);
    raw.clear();  // start again from nothing
    errors.resize(errors_before);
  }
  Sax sax(raw, errors, line.size());
  try {
    nlohmann::json::sax_parse(line.begin(), line.end(), &sax);
  } catch (const std::exception&) {
    return std::string("invalid JSON: the line cannot be parsed");
  }
  return std::move(sax.syntax_error);
}

}  // namespace umind::import_detail
