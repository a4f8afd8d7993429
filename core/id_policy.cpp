// id_policy.cpp — the ID rules of DESIGN §3 with refusals in plain words.
#include "core/id_policy.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace umind {
namespace {

constexpr std::array kind_texts{"personal", "ctr", "group", "contractor", "role"};

bool is_id_char(char c) { return is_lower_alpha(c) || is_digit(c) || c == '-'; }

Refusal refuse(std::string rule, std::string message) {
  return Refusal{std::move(rule), std::move(message)};
}

}  // namespace

std::optional<Kind> parse_kind(std::string_view text) {
  for (Kind k : all_kinds)
    if (to_string(k) == text) return k;
  return std::nullopt;
}

std::string_view to_string(Kind kind) { return kind_texts[static_cast<std::size_t>(kind)]; }

std::string kind_names() {
  std::string out;
  for (Kind k : all_kinds) {
    if (!out.empty()) out += ", ";
    out += to_string(k);
  }
  return out;
}

bool is_valid_id_syntax(std::string_view id) noexcept {
  if (id.size() < id_min_length || id.size() > id_max_length) return false;
  if (!is_lower_alpha(id.front()) || id.back() == '-') return false;
  int hyphens = 0;
  for (char c : id) {
    if (!is_id_char(c)) return false;
    hyphens += c == '-';
  }
  return hyphens == 1;
}

Check check_id_syntax(std::string_view id) {
  if (id.empty()) return refuse("id.empty", "the ID is empty; an ID has 3 to 20 characters");
  auto bad = std::find_if(id.begin(), id.end(), [](char c) { return !is_id_char(c); });
  if (bad != id.end()) {
    bool only_case = std::all_of(id.begin(), id.end(), [](char c) {
      return is_id_char(to_lower_ascii(c));
    });
    if (only_case)
      return refuse("id.uppercase", quote_value(id) + " contains uppercase letters; IDs are lowercase: use " +
                                        quote_value(to_lower_ascii(id)));
    return refuse("id.characters", quote_value(id) + " contains " + quote_value(std::string_view(&*bad, 1)) +
                                       "; an ID uses only a-z, 0-9 and one '-'");
  }
  if (id.size() < id_min_length || id.size() > id_max_length)
    return refuse("id.length", quote_value(id) + " has " + std::to_string(id.size()) +
                                   " characters; an ID has 3 to 20 characters");
  if (!is_lower_alpha(id.front()))
    return refuse("id.first-char", quote_value(id) + " starts with " + quote_value(id.substr(0, 1)) +
                                       "; an ID starts with a letter a-z");
  auto hyphens = std::count(id.begin(), id.end(), '-');
  if (hyphens != 1)
    return refuse("id.hyphen-count", quote_value(id) + " has " +
                                         (hyphens == 0 ? std::string("no") : std::to_string(hyphens)) +
                                         " '-'; an ID has exactly one '-' (e.g. 'taro-tky')");
  if (id.back() == '-')
    return refuse("id.hyphen-position",
                  quote_value(id) + " ends with '-'; the '-' must stand between other characters");
  return std::nullopt;
}

IdPolicy::IdPolicy(const IdPatterns& patterns) {
  for (const auto& p : patterns.society_patterns)
    society_.push_back({p, std::regex(p, std::regex::ECMAScript | std::regex::icase)});
  for (const auto& p : patterns.reserved)
    reserved_.push_back({p, std::regex(p, std::regex::ECMAScript | std::regex::icase)});
}

Check IdPolicy::check_reserved(std::string_view id) const {
  for (const auto& p : reserved_)
    if (std::regex_match(id.begin(), id.end(), p.regex))
      return refuse("id.reserved", quote_value(id) + " is reserved by id_policy.reserved (pattern " +
                                       quote_value(p.text) + ")");
  return std::nullopt;
}

Check IdPolicy::check_new_id(std::string_view id, Kind kind) const {
  if (auto r = check_id_syntax(id)) return r;
  bool ends_com = id.ends_with(contractor_suffix);
  if (kind == Kind::contractor && !ends_com)
    return refuse("kind.contractor-suffix",
                  quote_value(id) + " is not a contractor ID: contractor IDs have the form NAME-com");
  if (kind != Kind::contractor && ends_com)
    return refuse("kind.com-suffix", quote_value(id) + " ends in -com, which only contractor IDs may use; " +
                                         "a " + std::string(to_string(kind)) + " ID needs another ending");
  if (kind == Kind::contractor) {
    std::string_view name = id.substr(0, id.size() - contractor_suffix.size());
    for (const auto& p : society_)
      if (std::regex_search(name.begin(), name.end(), p.regex))
        return refuse("kind.society-name",
                      "contractor name " + quote_value(name) +
                          " looks like a society or conference name (pattern " + quote_value(p.text) +
                          "); a contractor gets NAME-com and then a separate group ID for each society");
  }
  return check_reserved(id);
}

Check IdPolicy::check_new_list_name(std::string_view name) const {
  if (auto r = check_id_syntax(name)) return r;
  if (name.ends_with(contractor_suffix))
    return refuse("list.com-suffix",
                  quote_value(name) + " ends in -com, which only contractor IDs may use; choose another list name");
  return check_reserved(name);
}

}  // namespace umind
