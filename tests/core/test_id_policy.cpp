// test_id_policy.cpp — the ID rules of DESIGN §3 / FAQ §1.2, §1.4, one table
// row per case: every rule, the 3/20/21-character boundaries, every kind.
#include <catch2/catch.hpp>

#include "core/id_policy.hpp"

using namespace umind;

namespace {

struct IdCase {
  const char* id;
  Kind kind;
  const char* rule;  // "" = accepted
};

const IdPatterns default_patterns{{"gakkai", "endai", "kaigi", "jimukyoku", "soc(iety)?$", "meet(ing)?$"},
                                  {"admin-.*", "root-[0-9]+"}};

const IdCase id_cases[] = {
    // §1.4 syntax
    {"", Kind::personal, "id.empty"},
    {"a", Kind::personal, "id.length"},
    {"ab", Kind::personal, "id.length"},
    {"a-", Kind::personal, "id.length"},
    {"a-b", Kind::personal, ""},                      // 3: shortest
    {"ab-", Kind::personal, "id.hyphen-position"},    // 3, '-' last
    {"abcdefghi-klmnopqrs", Kind::personal, ""},      // 19
    {"abcdefghij-klmnopqrs", Kind::personal, ""},     // 20: longest
    {"abcdefghij-klmnopqrst", Kind::personal, "id.length"},  // 21
    {"abcdefghijklmnopqrstuvwxyz-abc", Kind::personal, "id.length"},
    {"-abc", Kind::personal, "id.first-char"},
    {"1abc-d", Kind::personal, "id.first-char"},
    {"9-abc", Kind::personal, "id.first-char"},
    {"abcdef", Kind::personal, "id.hyphen-count"},
    {"ab-cd-ef", Kind::personal, "id.hyphen-count"},
    {"a--b", Kind::personal, "id.hyphen-count"},
    {"a-b-", Kind::personal, "id.hyphen-count"},
    {"Kiuchi-tky", Kind::personal, "id.uppercase"},
    {"KIUCHI-TKY", Kind::personal, "id.uppercase"},
    {"kiuchi_tky", Kind::personal, "id.characters"},
    {"kiuchi.tky", Kind::personal, "id.characters"},
    {"kiuchi tky", Kind::personal, "id.characters"},
    {"kiuchi-tky ", Kind::personal, "id.characters"},
    {"kiuchi-tky\n", Kind::personal, "id.characters"},
    {"kiuchi-tky\xc3\xa9", Kind::personal, "id.characters"},            // UTF-8 e-acute
    {"\xef\xbd\x8b\xef\xbd\x89-tky", Kind::personal, "id.characters"},  // full-width letters
    {"kiuchi+tky", Kind::personal, "id.characters"},
    {"kiuchi@tky", Kind::personal, "id.characters"},
    {"kiu'chi-tky", Kind::personal, "id.characters"},
    {"a-1", Kind::personal, ""},
    {"z9-9", Kind::personal, ""},
    {"abc-123", Kind::personal, ""},
    {"a1b2-c3", Kind::personal, ""},
    {"kiuchi-tky", Kind::personal, ""},
    // every kind accepts an ordinary ID except contractor
    {"taro-tky", Kind::ctr, ""},
    {"taro-tky", Kind::group, ""},
    {"taro-tky", Kind::role, ""},
    {"taro-tky", Kind::contractor, "kind.contractor-suffix"},
    // the -com rule, both ways (§1.2 注意)
    {"abc-com", Kind::contractor, ""},
    {"a-com", Kind::contractor, ""},
    {"abcdefghijklmnop-com", Kind::contractor, ""},        // 20
    {"abcdefghijklmnopq-com", Kind::contractor, "id.length"},  // 21
    {"abc-com", Kind::personal, "kind.com-suffix"},
    {"abc-com", Kind::ctr, "kind.com-suffix"},
    {"abc-com", Kind::group, "kind.com-suffix"},
    {"abc-com", Kind::role, "kind.com-suffix"},
    {"abc-comm", Kind::contractor, "kind.contractor-suffix"},
    {"abc-co", Kind::contractor, "kind.contractor-suffix"},
    {"abc-comx", Kind::personal, ""},
    {"abccom-x", Kind::personal, ""},
    {"com-abc", Kind::personal, ""},
    {"ABC-com", Kind::contractor, "id.uppercase"},
    // society-looking contractor names (id_policy.society_patterns)
    {"xgakkai-com", Kind::contractor, "kind.society-name"},
    {"endaixyz-com", Kind::contractor, "kind.society-name"},
    {"kaigi-com", Kind::contractor, "kind.society-name"},
    {"jimukyoku-com", Kind::contractor, "kind.society-name"},
    {"jsmsoc-com", Kind::contractor, "kind.society-name"},
    {"jsmsociety-com", Kind::contractor, "kind.society-name"},
    {"socabc-com", Kind::contractor, ""},
    {"abcmeet-com", Kind::contractor, "kind.society-name"},
    {"abcmeeting-com", Kind::contractor, "kind.society-name"},
    {"meetabc-com", Kind::contractor, ""},
    {"gakkai-tky", Kind::group, ""},  // a society may have a group ID
    {"jsmsoc-tky", Kind::group, ""},
    // id_policy.reserved: anchored to the whole ID
    {"admin-x", Kind::personal, "id.reserved"},
    {"admin-ops", Kind::role, "id.reserved"},
    {"xadmin-x", Kind::personal, ""},
    {"root-12", Kind::personal, "id.reserved"},
    {"root-12a", Kind::personal, ""},
};

}  // namespace

TEST_CASE("ID policy: every rule, boundary and kind") {
  IdPolicy policy(default_patterns);
  for (const auto& c : id_cases) {
    CAPTURE(c.id, to_string(c.kind), c.rule);
    auto refusal = policy.check_new_id(c.id, c.kind);
    if (std::string(c.rule).empty()) {
      CHECK_FALSE(refusal.has_value());
    } else {
      REQUIRE(refusal.has_value());
      CHECK(refusal->rule == c.rule);
      CHECK_FALSE(refusal->message.empty());
    }
  }
  CHECK(std::size(id_cases) >= 60);
}

TEST_CASE("ID policy: the fast syntax check agrees with the explained one") {
  for (const auto& c : id_cases) {
    CAPTURE(c.id);
    CHECK(is_valid_id_syntax(c.id) == !check_id_syntax(c.id).has_value());
  }
}

TEST_CASE("ID policy: refusals name the value in words a user understands") {
  IdPolicy policy(default_patterns);
  CHECK(check_id_syntax("ab")->message == "'ab' has 2 characters; an ID has 3 to 20 characters");
  CHECK(check_id_syntax("Kiuchi-tky")->message ==
        "'Kiuchi-tky' contains uppercase letters; IDs are lowercase: use 'kiuchi-tky'");
  CHECK(check_id_syntax("kiuchi_tky")->message ==
        "'kiuchi_tky' contains '_'; an ID uses only a-z, 0-9 and one '-'");
  CHECK(check_id_syntax("kiuchi-tky\n")->message ==
        "'kiuchi-tky\\x0a' contains '\\x0a'; an ID uses only a-z, 0-9 and one '-'");
  auto society = policy.check_new_id("xgakkai-com", Kind::contractor);
  REQUIRE(society);
  CHECK(society->message.find("'xgakkai'") != std::string::npos);
  CHECK(society->message.find("'gakkai'") != std::string::npos);
  auto reserved = policy.check_new_id("admin-x", Kind::personal);
  REQUIRE(reserved);
  CHECK(reserved->message == "'admin-x' is reserved by id_policy.reserved (pattern 'admin-.*')");
}

TEST_CASE("ID policy: list names share the ID syntax and reservations") {
  IdPolicy policy(default_patterns);
  CHECK_FALSE(policy.check_new_list_name("tetsumon-ml"));
  CHECK(policy.check_new_list_name("ml-com")->rule == "list.com-suffix");
  CHECK(policy.check_new_list_name("Ml-x")->rule == "id.uppercase");
  CHECK(policy.check_new_list_name("admin-ml")->rule == "id.reserved");
  CHECK(policy.check_new_list_name("mlonly")->rule == "id.hyphen-count");
}

TEST_CASE("ID policy: kinds round-trip through their names") {
  for (Kind k : all_kinds) CHECK(parse_kind(to_string(k)) == k);
  CHECK_FALSE(parse_kind("Personal"));
  CHECK_FALSE(parse_kind(""));
  CHECK(kind_names() == "personal, ctr, group, contractor, role");
}

TEST_CASE("ID policy: an invalid pattern is refused when the policy is built") {
  CHECK_THROWS_AS(IdPolicy(IdPatterns{{"(unclosed"}, {}}), std::regex_error);
}
