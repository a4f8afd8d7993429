// id_policy.hpp — which strings may become UMIN IDs (DESIGN §3, FAQ §1.2,
// §1.4): the syntax, the kinds and the -com contractor rule, society-looking
// contractor names and reserved patterns. Pure: the store adds the rules that
// need data (one personal ID per person, never reissue a used ID).
#pragma once
#include <array>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/refusal.hpp"

namespace umind {

enum class Kind { personal, ctr, group, contractor, role };
inline constexpr std::array all_kinds{Kind::personal, Kind::ctr, Kind::group, Kind::contractor,
                                      Kind::role};
std::optional<Kind> parse_kind(std::string_view text);
std::string_view to_string(Kind kind);
// "personal, ctr, group, contractor, role" — for usage messages.
std::string kind_names();

inline constexpr std::size_t id_min_length = 3;
inline constexpr std::size_t id_max_length = 20;
inline constexpr std::string_view contractor_suffix = "-com";

// FAQ §1.4: first char a-z; only a-z 0-9 and exactly one '-', not last;
// 3 to 20 characters. No allocation: the milter calls it per recipient.
bool is_valid_id_syntax(std::string_view id) noexcept;
// The same rule with the reason when it fails.
Check check_id_syntax(std::string_view id);

// The configurable part of the policy (id_policy.society_patterns, .reserved).
struct IdPatterns {
  std::vector<std::string> society_patterns;  // searched in NAME of NAME-com
  std::vector<std::string> reserved;          // must match the whole ID
};

class IdPolicy {
 public:
  // Patterns are ECMAScript regexes already validated by the config loader;
  // an invalid one throws std::regex_error here.
  explicit IdPolicy(const IdPatterns& patterns);

  // Every rule a brand-new ID of `kind` must pass (syntax, kind, reserved).
  Check check_new_id(std::string_view id, Kind kind) const;
  // A new mailing-list name: ID syntax, no -com, not reserved.
  Check check_new_list_name(std::string_view name) const;

 private:
  struct Pattern {
    std::string text;
    std::regex regex;
  };
  Check check_reserved(std::string_view id) const;
  std::vector<Pattern> society_;
  std::vector<Pattern> reserved_;
};

}  // namespace umind
