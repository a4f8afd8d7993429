// test_import.cpp — the JSONL import (DESIGN §2) and the rules both formats
// share: one table row per rule, the exact FILE:LINE: field: message text
// of several errors, the DESIGN example record, and hashes that never show.
#include <catch2/catch.hpp>

#include "core/import/import.hpp"
#include "import_helpers.hpp"

using namespace umind;
using umind::test::check_case;
using umind::test::ImportCase;
using umind::test::run_import;

namespace {

// {"id":"kiuchi-tky","kind":"personal" + more + }
std::string obj(const std::string& more = "") {
  return R"({"id":"kiuchi-tky","kind":"personal")" + more + "}";
}
std::string with_id(const std::string& id, const std::string& more = "") {
  return R"({"id":")" + id + R"(","kind":"personal")" + more + "}";
}

const ImportCase jsonl_cases[] = {
    // structure
    {"minimal record", {obj()}, {}},
    {"blank and comment lines are skipped", {"", "   ", "# exported 2026-03-01", obj(), "\t"}, {}},
    {"broken JSON",
     {R"({"id":"kiuchi-tky",)"},
     {"f:1: invalid JSON at the end of the line: syntax error while parsing object key"}},
    {"broken JSON mid-line",
     {R"({"id":"kiuchi-tky",,"kind":"role"})"},
     {"f:1: invalid JSON at character 20: syntax error"}},
    {"text after the object", {obj() + " x"}, {"f:1: invalid JSON at character"}},
    {"two objects on one line", {obj() + obj()}, {"f:1: invalid JSON"}},
    {"an array, not an object",
     {R"(["kiuchi-tky"])"},
     {"f:1: expected a JSON object (one account per line), got an array"}},
    {"a bare string", {R"("kiuchi-tky")"}, {"f:1: expected a JSON object"}},
    {"unknown field",
     {obj(R"(,"mail":"t@example.org")")},
     {"f:1: unknown field 'mail'; the fields are id, kind,"}},
    {"unknown field with a nested value is skipped whole",
     {obj(R"(,"extra":{"a":[1,{"b":null}],"id":5})")},
     {"f:1: unknown field 'extra'"}},
    {"field given twice", {obj(R"(,"id":"other-id")")}, {"f:1: id: given twice in one object"}},
    // required fields and types
    {"id missing", {R"({"kind":"personal"})"}, {"f:1: id: missing; every record needs an id"}},
    {"kind missing",
     {R"({"id":"kiuchi-tky"})"},
     {"f:1: kind: missing; the kinds are personal, ctr, group, contractor, role"}},
    {"id is a number", {R"({"id":12,"kind":"personal"})"}, {"f:1: id: expected a string, got a number"}},
    {"id is null", {R"({"id":null,"kind":"personal"})"}, {"f:1: id: expected a string, got null"}},
    {"kind is an array",
     {R"({"id":"kiuchi-tky","kind":["personal"]})"},
     {"f:1: kind: expected a string, got an array"}},
    {"name is a number", {obj(R"(,"name":5)")}, {"f:1: name: expected a string, got a number"}},
    {"contact is true", {obj(R"(,"contact":true)")}, {"f:1: contact: expected a string, got true/false"}},
    {"nulls for every optional field",
     {obj(R"(,"status":null,"name":null,"contact":null,"affiliation":null,"person_key":null,)"
          R"("password_hash":null,"indice_hash":null,"services":null,"renamed_from":null)")},
     {}},
    {"empty strings for optional fields are absent",
     {obj(R"(,"status":"","name":"","password_hash":"")")},
     {}},
    {"several errors on one line, in field order",
     {R"({"kind":"boss","contact":"nobody","services":["A"]})"},
     {"f:1: id: missing", "f:1: kind: 'boss' is not a kind", "f:1: contact: 'nobody' is not a mail address",
      "f:1: services: entry 1: 'A' contains 'A'"}},
    // kind and status
    {"unknown field next to known ones", {with_id("a-b", R"(,"kind2":1)")}, {"unknown field 'kind2'"}},
    {"kind unknown",
     {R"({"id":"kiuchi-tky","kind":"company"})"},
     {"f:1: kind: 'company' is not a kind; the kinds are personal, ctr, group, contractor, role"}},
    {"kind is case-sensitive",
     {R"({"id":"kiuchi-tky","kind":"Personal"})"},
     {"kind: 'Personal' is not a kind"}},
    {"contractor without -com is kept (legacy data)", {R"({"id":"taro-tky","kind":"contractor"})"}, {}},
    {"-com on a personal ID is kept (legacy data)", {R"({"id":"taro-com","kind":"personal"})"}, {}},
    {"status deleted", {obj(R"(,"status":"deleted")")}, {}},
    {"status unknown",
     {obj(R"(,"status":"locked")")},
     {"f:1: status: 'locked' is not a status; a status is active or deleted"}},
    {"status is case-sensitive", {obj(R"(,"status":"Active")")}, {"status: 'Active' is not a status"}},
    // IDs
    {"ID with uppercase letters: the flag would not help",
     {with_id("Kiuchi-tky")},
     {"f:1: id: 'Kiuchi-tky' contains uppercase letters; IDs are lowercase: use 'kiuchi-tky'"}},
    {"legacy ID without the flag",
     {with_id("kiuchi")},
     {"f:1: id: 'kiuchi' has no '-'; an ID has exactly one '-' (e.g. 'taro-tky'); use --allow-legacy-ids to "
      "keep "
      "IDs that break today's syntax"}},
    {"legacy ID with the flag",
     {with_id("kiuchi"), with_id("t.yamada_2"), with_id("9abc"), with_id("ab")},
     {},
     true},
    {"too long for today, fine as legacy", {with_id("abcdefghijklmnopqrstu-vw")}, {}, true},
    {"legacy ID with '+' is refused even with the flag",
     {with_id("taro+news")},
     {"f:1: id: 'taro+news' contains '+'; even a legacy ID uses only a-z, 0-9, '.', '_' and '-'"},
     true},
    {"legacy ID with '+' without the flag: no hint",
     {with_id("taro+news")},
     {"f:1: id: 'taro+news' contains '+'; an ID uses only a-z, 0-9 and one '-'"}},
    {"legacy ID of 65 characters",
     {with_id(std::string(65, 'a'))},
     {"characters; even a legacy ID has at most 64"},
     true},
    {"legacy ID of 64 characters", {with_id(std::string(64, 'a'))}, {}, true},
    {"legacy ID with uppercase",
     {with_id("Kiuchi")},
     {"f:1: id: 'Kiuchi' contains uppercase letters; IDs are lowercase, legacy ones too: use 'kiuchi'"},
     true},
    {"legacy ID with '@'", {with_id("taro@tky")}, {"f:1: id: 'taro@tky' contains '@'"}, true},
    {"legacy ID with a space", {with_id("taro tky")}, {"'taro tky' contains a space"}, true},
    {"legacy ID with a control character",
     {with_id("taro\\u0001x")},
     {"'taro\\x01x' contains a control character"},
     true},
    {"legacy ID starting with '.'",
     {with_id(".taro")},
     {"starts with '.'; even a legacy ID starts with a-z or 0-9"},
     true},
    {"legacy ID with '..'", {with_id("ta..ro")}, {"has '..' or ends with '.'"}, true},
    {"empty ID", {with_id("")}, {"f:1: id: the ID is empty"}},
    {"empty ID with the flag", {with_id("")}, {"f:1: id: the ID is empty"}, true},
    {"ID with full-width letters", {with_id("\xef\xbd\x8b\xef\xbd\x89-tky")}, {"id: '\\xef\\xbd\\x8b"}, true},
    // duplicates within the file
    {"same ID twice",
     {obj(), R"({"id":"kiuchi-tky","kind":"role"})"},
     {"f:2: id: 'kiuchi-tky' already appears on line 1 (as id); an ID may appear only once in a file"}},
    {"ID equal to an earlier old ID",
     {with_id("new-id", R"(,"renamed_from":[{"id":"kiuchi-tky","at":"2026-03-01T09:00:00Z"}])"), "", obj()},
     {"f:3: id: 'kiuchi-tky' already appears on line 1 (in renamed_from)"}},
    {"old ID equal to an earlier ID",
     {obj(), with_id("new-id", R"(,"renamed_from":[{"id":"kiuchi-tky","at":"2026-03-01T09:00:00Z"}])")},
     {"f:2: renamed_from: entry 1: 'kiuchi-tky' already appears on line 1 (as id)"}},
    {"old ID in two records",
     {with_id("one-id", R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01T09:00:00Z"}])"),
      with_id("two-id", R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01T09:00:00Z"}])")},
     {"f:2: renamed_from: entry 1: 'old-id' already appears on line 1 (in renamed_from)"}},
    {"a deleted ID still counts",
     {obj(R"(,"status":"deleted")"), obj()},
     {"f:2: id: 'kiuchi-tky' already appears on line 1"}},
    {"the first of a repeated ID is kept even if its line had other errors",
     {obj(R"(,"contact":"bad")"), obj()},
     {"f:1: contact:", "f:2: id: 'kiuchi-tky' already appears on line 1"}},
    {"old ID equal to its own id",
     {obj(R"(,"renamed_from":[{"id":"kiuchi-tky","at":"2026-03-01T09:00:00Z"}])")},
     {"f:1: renamed_from: entry 1: 'kiuchi-tky' is this record's own id"}},
    {"old ID repeated in one record",
     {obj(
         R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01T09:00:00Z"},{"id":"old-id","at":"2025-03-01T09:00:00Z"}])")},
     {"f:1: renamed_from: entry 2: 'old-id' repeats entry 1"}},
    // renamed_from
    {"renamed_from with offsets and forward off",
     {obj(R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01T18:00:00+09:00","forward":false},)"
          R"({"forward":null,"at":"2020-01-01T00:00:00Z","id":"older-id"}])")},
     {}},
    {"renamed_from is an object",
     {obj(R"(,"renamed_from":{"id":"old-id"})")},
     {"f:1: renamed_from: expected an array of {\"id\": ..., \"at\": ..., \"forward\": ...} objects, got an "
      "object"}},
    {"renamed_from entry is a string",
     {obj(R"(,"renamed_from":["old-id"])")},
     {"f:1: renamed_from: entry 1: expected an object {\"id\": ..., \"at\": ..., \"forward\": ...}, got a "
      "string"}},
    {"renamed_from entry without at",
     {obj(R"(,"renamed_from":[{"id":"old-id"}])")},
     {"f:1: renamed_from: entry 1 has no time; 'at' is when the ID was renamed, like 2026-03-01T09:00:00Z"}},
    {"renamed_from entry without id",
     {obj(R"(,"renamed_from":[{"at":"2026-03-01T09:00:00Z"}])")},
     {"f:1: renamed_from: entry 1 has no id"}},
    {"renamed_from entry with a bad time",
     {obj(R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01 09:00"}])")},
     {"f:1: renamed_from: entry 1: '2026-03-01 09:00' is not a time like 2026-03-01T09:00:00Z (ISO 8601, Z "
      "or +HH:MM)"}},
    {"renamed_from entry with an impossible date",
     {obj(R"(,"renamed_from":[{"id":"old-id","at":"2026-02-30T09:00:00Z"}])")},
     {"entry 1: '2026-02-30T09:00:00Z' is not a time"}},
    {"renamed_from entry with an unknown field",
     {obj(R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01T09:00:00Z","via":"merge"}])")},
     {"f:1: renamed_from: entry 1: unknown field 'via'; an entry has id, at and forward"}},
    {"renamed_from entry with a string forward",
     {obj(R"(,"renamed_from":[{"id":"old-id","at":"2026-03-01T09:00:00Z","forward":"yes"}])")},
     {"f:1: renamed_from: entry 1: forward: expected true or false, got a string"}},
    {"renamed_from entry with a numeric at",
     {obj(R"(,"renamed_from":[{"id":"old-id","at":20260301}])")},
     {"f:1: renamed_from: entry 1: at: expected a string, got a number"}},
    {"renamed_from with a today-invalid old ID",
     {obj(R"(,"renamed_from":[{"id":"oldid","at":"2026-03-01T09:00:00Z"}])")},
     {"f:1: renamed_from: entry 1: 'oldid' has no '-'; an ID has exactly one '-' (e.g. 'taro-tky'); use "
      "--allow-legacy-ids"}},
    {"renamed_from with a legacy old ID and the flag",
     {obj(R"(,"renamed_from":[{"id":"oldid","at":"2026-03-01T09:00:00Z"}])")},
     {},
     true},
    // services
    {"services", {obj(R"(,"services":["epoc","ctr","e_learning","sso-2"])")}, {}},
    {"services is a string",
     {obj(R"(,"services":"epoc")")},
     {"f:1: services: expected an array of strings like [\"epoc\", \"ctr\"], got a string"}},
    {"services entry is a number",
     {obj(R"(,"services":["epoc",5,["x"]])")},
     {"f:1: services: entry 2: expected a string, got a number",
      "f:1: services: entry 3: expected a string, got an array"}},
    {"services entry with uppercase",
     {obj(R"(,"services":["EPOC"])")},
     {"f:1: services: entry 1: 'EPOC' contains 'E'; a service name uses only a-z, 0-9, '_' and '-'"}},
    {"services entry empty", {obj(R"(,"services":["epoc",""])")}, {"f:1: services: entry 2 is empty"}},
    {"services entry of 65 characters",
     {obj(R"(,"services":[")" + std::string(65, 's') + R"("])")},
     {"characters; a service name has at most 64"}},
    // contact
    {"contact fine", {obj(R"(,"contact":"t.kiuchi+umin@example.ac.jp")")}, {}},
    {"contact without '@'",
     {obj(R"(,"contact":"example.org")")},
     {"f:1: contact: 'example.org' is not a mail address: it has no '@'"}},
    {"contact with two '@'",
     {obj(R"(,"contact":"a@b@example.org")")},
     {"contact: 'a@b@example.org' has 2 '@'"}},
    {"contact with nothing before '@'", {obj(R"(,"contact":"@example.org")")}, {"has nothing before '@'"}},
    {"contact with nothing after '@'", {obj(R"(,"contact":"taro@")")}, {"has nothing after '@'"}},
    {"contact with a space",
     {obj(R"(,"contact":"Taro <t@example.org>")")},
     {"contact: 'Taro <t@example.org>' contains a space"}},
    {"contact with a comma", {obj(R"(,"contact":"t@example.org,u@example.org")")}, {"contains ','"}},
    {"contact with a newline",
     {obj(R"(,"contact":"t@example.org\nBcc: x@evil")")},
     {"'t@example.org\\x0aBcc: x@evil' contains a control character"}},
    // hashes
    {"every hash scheme, any case",
     {obj(R"(,"password_hash":"{CRYPT}$6$salt$hash","indice_hash":"{argon2}$argon2id$v=19$x")"),
      with_id("a-b", R"(,"password_hash":"{SSHA}abc=","indice_hash":"{Ssha512}abc=")"),
      with_id("b-c", R"(,"password_hash":"{SHA}abc=")")},
     {}},
    {"hash without a tag",
     {obj(R"(,"password_hash":"$6$salt$hash")")},
     {"f:1: password_hash: does not start with a {SCHEME} tag; an imported hash starts with {CRYPT}, "
      "{ARGON2}, "
      "{SSHA}, {SSHA512} or {SHA} (the value is not shown)"}},
    {"hash with an unknown scheme",
     {obj(R"(,"indice_hash":"{MD5}abc")")},
     {"f:1: indice_hash: has a {SCHEME} tag that is not supported"}},
    {"hash with nothing after the tag",
     {obj(R"(,"password_hash":"{SSHA}")")},
     {"f:1: password_hash: has nothing after its {SCHEME} tag (the value is not shown)"}},
    {"hash with a space",
     {obj(R"(,"password_hash":"{SSHA}ab c")")},
     {"f:1: password_hash: contains a space or a control character (the value is not shown)"}},
    {"hash is a number",
     {obj(R"(,"password_hash":12345)")},
     {"f:1: password_hash: expected a string, got a number"}},
    // free text
    {"Japanese name and affiliation",
     {obj(R"(,"name":"木内 太郎","affiliation":"東京大学","person_key":"MD-123456")")},
     {}},
    {"name with a control character",
     {obj(R"(,"name":"Taro\u0007")")},
     {"f:1: name: 'Taro\\x07' contains a control character (byte 5)"}},
    {"affiliation with a tab",
     {obj(R"(,"affiliation":"Univ.\tTokyo")")},
     {"affiliation: 'Univ.\\x09Tokyo' contains a control character"}},
    // the text rule of core/text, as the API applies it
    {"name with a bidi override (JSON escape)",
     {obj(R"(,"name":"Taro\u202e")")},
     {"f:1: name: 'Taro\\xe2\\x80\\xae' contains a bidi control U+202E (byte 5)"}},
    {"name with a C1 control",
     {obj(R"(,"name":"Taro\u0085")")},
     {"f:1: name: 'Taro\\xc2\\x85' contains a control character U+0085 (byte 5)"}},
    {"affiliation with a zero-width space (raw UTF-8)",
     {obj(",\"affiliation\":\"Univ.\xe2\x80\x8b\"")},
     {"f:1: affiliation: 'Univ.\\xe2\\x80\\x8b' contains a zero-width character U+200B (byte 6)"}},
    {"person key with a bidi isolate",
     {obj(R"(,"person_key":"MD-1\u2066")")},
     {"f:1: person_key: 'MD-1\\xe2\\x81\\xa6' contains a bidi control U+2066 (byte 5)"}},
    {"contact with a right-to-left mark",
     {obj(R"(,"contact":"t@example.org\u200f")")},
     {"f:1: contact: 't@example.org\\xe2\\x80\\x8f' contains a bidi control U+200F (byte 14)"}},
    {"name with a byte order mark inside",
     {obj(R"(,"name":"\ufeffTaro")")},
     {"f:1: name: '\\xef\\xbb\\xbfTaro' contains a zero-width character U+FEFF (byte 1)"}},
};

}  // namespace

TEST_CASE("jsonl: rule table") {
  STATIC_REQUIRE(std::size(jsonl_cases) >= 40);
  for (const auto& c : jsonl_cases) check_case(ImportFormat::jsonl, c);
}

TEST_CASE("jsonl: the example of DESIGN.md §2 becomes the expected record") {
  // The example as a JSONL file holds it: on one line (DESIGN wraps it for reading).
  const std::string line =
      R"({"id":"kiuchi-tky","kind":"personal","status":"active","name":"Kiuchi Taro","contact":"t@example.org",)"
      R"( "affiliation":"Univ. of Tokyo","person_key":"MD-123456","password_hash":"{CRYPT}$6$…","indice_hash":null,)"
      R"( "services":["epoc","ctr"],"renamed_from":[{"id":"kiuchi-old","at":"2026-03-01T09:00:00Z","forward":true}]})";
  auto run = run_import(ImportFormat::jsonl, {line});
  CAPTURE(run.errors);
  REQUIRE(run.errors.empty());
  REQUIRE(run.records.size() == 1);
  const ImportRecord& r = run.records[0];
  CHECK(r.line == 1);
  CHECK(r.id == "kiuchi-tky");
  CHECK(r.kind == Kind::personal);
  CHECK(r.status == "active");
  CHECK(r.name == "Kiuchi Taro");
  CHECK(r.contact == "t@example.org");
  CHECK(r.affiliation == "Univ. of Tokyo");
  CHECK(r.person_key == "MD-123456");
  CHECK(r.password_hash == std::optional<std::string>("{CRYPT}$6$…"));
  CHECK_FALSE(r.indice_hash.has_value());
  CHECK(r.services == std::vector<std::string>{"epoc", "ctr"});
  REQUIRE(r.renamed_from.size() == 1);
  CHECK(r.renamed_from[0].id == "kiuchi-old");
  CHECK(format_iso8601(r.renamed_from[0].at) == "2026-03-01T09:00:00Z");
  CHECK(r.renamed_from[0].forward);
  CHECK_FALSE(r.renamed_from[0].legacy);
  CHECK_FALSE(r.legacy);
}

TEST_CASE("jsonl: defaults, offsets, dedup and legacy flags in the record") {
  auto run = run_import(
      ImportFormat::jsonl,
      {R"({"kind":"role","id":"oldstyle","services":["epoc","ctr","epoc"],)"
       R"("renamed_from":[{"id":"old.style","at":"2026-03-01T18:00:00+09:00","forward":false},{"id":"new-old","at":"2020-02-29T00:00:00Z"}]})"},
      ImportOptions{true, 1000});
  CAPTURE(run.errors);
  REQUIRE(run.records.size() == 1);
  const ImportRecord& r = run.records[0];
  CHECK(r.id == "oldstyle");
  CHECK(r.legacy);
  CHECK(r.kind == Kind::role);
  CHECK(r.status == "active");
  CHECK(r.name.empty());
  CHECK_FALSE(r.password_hash.has_value());
  CHECK(r.services == std::vector<std::string>{"epoc", "ctr"});
  REQUIRE(r.renamed_from.size() == 2);
  CHECK(format_iso8601(r.renamed_from[0].at) == "2026-03-01T09:00:00Z");
  CHECK_FALSE(r.renamed_from[0].forward);
  CHECK(r.renamed_from[0].legacy);
  CHECK(r.renamed_from[1].forward);
  CHECK_FALSE(r.renamed_from[1].legacy);
}

TEST_CASE("errors: exact FILE:LINE: field: message texts") {
  ImportParser p(ImportFormat::jsonl, {});
  CHECK_FALSE(p.parse_line("# users exported from the old system"));
  CHECK(p.parse_line(R"({"id":"kiuchi-tky","kind":"personal"})"));
  CHECK_FALSE(p.parse_line(R"({"id":"Kiuchi-tky","kind":"personal"})"));
  CHECK_FALSE(p.parse_line(R"({"id":"kiuchi-tky","kind":"role"})"));
  CHECK_FALSE(p.parse_line(R"({"id":"taro-tky","kind":"personal","contact":"taro"})"));
  CHECK_FALSE(p.parse_line(R"({"id":"hanako-tky","kind":"personal","password_hash":"x"})"));
  CHECK_FALSE(p.parse_line(R"({"id":"jiro-tky","kind":"personal","mail":"j@example.org"})"));
  CHECK_FALSE(p.parse_line(R"({"id":"jiro-tky")"));
  REQUIRE(p.errors().size() == 6);
  std::vector<std::string> texts;
  for (const auto& e : p.errors()) texts.push_back(e.to_string("users.jsonl"));
  CHECK(texts[0] ==
        "users.jsonl:3: id: 'Kiuchi-tky' contains uppercase letters; IDs are lowercase: use 'kiuchi-tky'");
  CHECK(texts[1] ==
        "users.jsonl:4: id: 'kiuchi-tky' already appears on line 2 (as id); an ID may appear only once in a "
        "file");
  CHECK(texts[2] == "users.jsonl:5: contact: 'taro' is not a mail address: it has no '@'");
  CHECK(texts[3] ==
        "users.jsonl:6: password_hash: does not start with a {SCHEME} tag; an imported hash starts with "
        "{CRYPT}, "
        "{ARGON2}, {SSHA}, {SSHA512} or {SHA} (the value is not shown)");
  CHECK(texts[4] ==
        "users.jsonl:7: unknown field 'mail'; the fields are id, kind, status, name, contact, affiliation, "
        "person_key, password_hash, indice_hash, services, renamed_from");
  CHECK(texts[5] ==
        "users.jsonl:8: invalid JSON at the end of the line: syntax error while parsing object - unexpected "
        "end of input; "
        "expected '}'");
  CHECK(p.errors()[2].line == 5);
  CHECK(p.errors()[2].field == "contact");
  CHECK(p.errors()[4].field.empty());
  CHECK(p.lines_read() == 8);
  CHECK(p.record_count() == 1);
  CHECK(p.error_count() == 6);
}

TEST_CASE("errors: password and INDICE hash values never appear in an error") {
  const std::string secret = "{CRYPT}$6$SeCrEtSaLt$SeCrEtHaSh";
  const std::string needle = "SeCrEt";
  std::vector<std::string> jsonl = {
      // broken JSON in the middle of, or right after, a hash
      R"({"id":"a-b","kind":"personal","password_hash":")" + secret,
      R"({"id":"a-b","kind":"personal","password_hash":")" + secret + "\"",
      R"({"id":"a-b","kind":"personal","indice_hash":")" + secret + R"(\q"})",
      R"({"id":"a-b","kind":"personal","indice_hash":")" + secret + "\x01\"}",
      R"({"id":"a-b","kind":"personal","password_hash":")" + secret + R"(" "x":1})",
      R"({"id":"a-b","kind":"personal","password_hash":")" + secret + R"(",})",
      R"({"id":"a-b","kind":"personal","password_hash":)" + secret + "}",
      R"({"id":"a-b","kind":"personal","password_hash":"{MD5})" + secret + R"("})",
      R"({"id":"a-b","kind":"personal","password_hash":"SeCrEt)" + secret + R"("})",
      R"({"id":"a-b","kind":"personal","indice_hash":")" + secret + R"( x"})",
      R"({"id":"a-b","kind":"personal","indice_hash":")" + secret + R"(\t"})",
      R"({"id":"a-b","kind":"personal","password_hash":")" + secret + R"(","password_hash":")" + secret +
          R"("})",
      R"({"id":"a-b","kind":"personal","password_hash":[")" + secret + R"("]})",
      R"({"id":"a-b","kind":"personal","password_hash":{"v":")" + secret + R"("}})",
      R"({"password_hash":")" + secret + R"("})",
      R"({"id":"a-b","kind":"personal","password_hash":1e99999,"x":")" + secret + R"("})",
  };
  std::vector<std::string> csv = {
      "id,kind,password_hash,indice_hash",
      "a-b,personal,\"" + secret,                      // quote left open
      "a-b,personal,\"" + secret + "\"x,",             // text after the quote
      "a-b,personal," + secret + "\"x,",               // bare quote
      "a-b,personal," + secret,                        // too few cells
      "a-b,personal," + secret + "," + secret + ",x",  // too many cells
      "a-b,personal,{MD5}" + secret + ",{SSHA}" + secret + " x",
      "a-b,personal,SeCrEt" + secret + ",",
      "a-b,personal,," + secret + "\t",
  };
  for (auto format : {ImportFormat::jsonl, ImportFormat::csv}) {
    auto run = run_import(format, format == ImportFormat::jsonl ? jsonl : csv);
    CAPTURE(run.errors);
    CHECK(run.errors.size() >= (format == ImportFormat::jsonl ? jsonl.size() : csv.size() - 1));
    for (const auto& e : run.errors) {
      INFO(e);
      CHECK(e.find(needle) == std::string::npos);
    }
  }
}

TEST_CASE("parser: CRLF, byte order mark, error cap and counters") {
  ImportParser p(ImportFormat::jsonl, ImportOptions{false, 2});
  CHECK(
      p.parse_line("\xef\xbb\xbf"
                   R"({"id":"kiuchi-tky","kind":"personal"})"
                   "\r"));
  for (int i = 0; i < 5; ++i) CHECK_FALSE(p.parse_line("{"));
  CHECK(p.errors().size() == 2);
  CHECK(p.error_count() == 5);
  CHECK(p.errors()[1].line == 3);
  CHECK(p.lines_read() == 6);
  CHECK(p.record_count() == 1);
  CHECK(p.parse_line(R"({"id":"taro-tky","kind":"personal"})"
                     "\r"));
  CHECK(p.record_count() == 2);
  // CSV: a byte order mark is skipped on line 1 only; elsewhere it is data
  ImportParser c(ImportFormat::csv);
  CHECK_FALSE(c.parse_line("\xef\xbb\xbfid,kind\r"));
  CHECK(c.parse_line("kiuchi-tky,personal\r"));
  CHECK_FALSE(c.parse_line("\xef\xbb\xbftaro-tky,personal"));
  REQUIRE(c.errors().size() == 1);
  CHECK(c.errors()[0].to_string("f") ==
        "f:3: id: '\\xef\\xbb\\xbftaro-tky' contains '\\xef'; an ID uses only a-z, 0-9 and one '-'");
}

TEST_CASE("parser: the format from the file name") {
  CHECK(import_format_for("users.csv") == ImportFormat::csv);
  CHECK(import_format_for("/srv/old.system/users.JSONL") == ImportFormat::jsonl);
  CHECK(import_format_for("export.2026.CSV") == ImportFormat::csv);
  CHECK_FALSE(import_format_for("users.json"));
  CHECK_FALSE(import_format_for("users"));
  CHECK_FALSE(import_format_for("/srv/old.csv/users"));
  CHECK_FALSE(import_format_for(".csv"));
  CHECK_FALSE(import_format_for("users.csv.gz"));
  CHECK(to_string(ImportFormat::csv) == "csv");
  CHECK(to_string(ImportFormat::jsonl) == "jsonl");
}

TEST_CASE("parser: moves keep their state") {
  ImportParser a(ImportFormat::jsonl);
  CHECK(a.parse_line(R"({"id":"kiuchi-tky","kind":"personal"})"));
  ImportParser b = std::move(a);
  CHECK_FALSE(b.parse_line(R"({"id":"kiuchi-tky","kind":"personal"})"));
  REQUIRE(b.errors().size() == 1);
  CHECK(b.errors()[0].line == 2);
}

TEST_CASE("errors: one line wrong in every field reports them in this order") {
  auto run = run_import(ImportFormat::jsonl,
                        {R"({"id":"Bad-id","kind":"boss","status":"locked","name":"a\u0007","contact":"nobody",)"
                         R"("affiliation":"b\u0001","person_key":"c\u0002","password_hash":"x","indice_hash":"y",)"
                         R"("services":["A"],"renamed_from":[{"id":"Old","at":"soon"}]})"});
  const std::vector<std::string> expected = {
      "f:1: id: 'Bad-id' contains uppercase letters",
      "f:1: kind: 'boss' is not a kind",
      "f:1: status: 'locked' is not a status; a status is active or deleted",
      "f:1: name: 'a\\x07' contains a control character (byte 2)",
      "f:1: affiliation: 'b\\x01' contains a control character",
      "f:1: person_key: 'c\\x02' contains a control character",
      "f:1: contact: 'nobody' is not a mail address",
      "f:1: password_hash: does not start with a {SCHEME} tag",
      "f:1: indice_hash: does not start with a {SCHEME} tag",
      "f:1: services: entry 1: 'A' contains 'A'",
      "f:1: renamed_from: entry 1: 'Old' contains uppercase letters",
      "f:1: renamed_from: entry 1: 'soon' is not a time like 2026-03-01T09:00:00Z",
  };
  CAPTURE(run.errors);
  CHECK(run.records.empty());
  REQUIRE(run.errors.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(run.errors[i].rfind(expected[i], 0) == 0);
}

namespace {

// n >= 6 renamed_from entries: old-0 ... old-(n-4), then old-2, old-2 and
// old-1. Entry 2 (old-1) has a bad time, so it is not there to be repeated.
std::string renames_line(std::size_t n) {
  std::string list;
  auto entry = [&](const std::string& id, const std::string& at) {
    if (!list.empty()) list += ',';
    list += R"({"id":")" + id + R"(","at":")" + at + R"("})";
  };
  for (std::size_t i = 0; i + 3 < n; ++i) entry("old-" + std::to_string(i), i == 1 ? "soon" : "2026-03-01T09:00:00Z");
  for (const char* id : {"old-2", "old-2", "old-1"}) entry(id, "2025-03-01T09:00:00Z");
  return obj(R"(,"renamed_from":[)" + list + "]");
}

// services "s0" ... "s19" twice, then `tail`.
std::string services_line(const std::string& tail) {
  std::string list;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 20; ++i) list += (list.empty() ? "\"s" : ",\"s") + std::to_string(i) + "\"";
  return obj(R"(,"services":[)" + list + tail + "]");
}

}  // namespace

TEST_CASE("long lists (over 32 entries) find repeats like short ones") {
  for (std::size_t n : {std::size_t{6}, std::size_t{40}}) {
    INFO("renamed_from entries: " << n);
    auto run = run_import(ImportFormat::jsonl, {renames_line(n)});
    CAPTURE(run.errors);
    REQUIRE(run.errors.size() == 3);
    CHECK(run.errors[0] == "f:1: renamed_from: entry 2: 'soon' is not a time like 2026-03-01T09:00:00Z (ISO "
                           "8601, Z or +HH:MM)");
    CHECK(run.errors[1] == "f:1: renamed_from: entry " + std::to_string(n - 2) + ": 'old-2' repeats entry 3");
    CHECK(run.errors[2] == "f:1: renamed_from: entry " + std::to_string(n - 1) + ": 'old-2' repeats entry 3");
    // The entries that passed are registered although the line failed.
    auto next = run_import(ImportFormat::jsonl, {renames_line(n), with_id("old-2"), with_id("old-1")});
    REQUIRE(next.errors.size() == 5);
    CHECK(next.errors[3] == "f:2: id: 'old-2' already appears on line 1 (in renamed_from); an ID may appear "
                            "only once in a file");
    CHECK(next.errors[4].rfind("f:3: id: 'old-1' already appears on line 1 (in renamed_from)", 0) == 0);
  }

  auto run = run_import(ImportFormat::jsonl, {services_line("")});
  REQUIRE(run.records.size() == 1);
  std::vector<std::string> first_twenty;
  for (int i = 0; i < 20; ++i) first_twenty.push_back("s" + std::to_string(i));
  CHECK(run.records[0].services == first_twenty);
  run = run_import(ImportFormat::jsonl, {services_line(R"(,"","S")")});
  CAPTURE(run.errors);
  REQUIRE(run.errors.size() == 2);
  CHECK(run.errors[0] == "f:1: services: entry 41 is empty");
  CHECK(run.errors[1] == "f:1: services: entry 42: 'S' contains 'S'; a service name uses only a-z, 0-9, '_' and '-'");
}
