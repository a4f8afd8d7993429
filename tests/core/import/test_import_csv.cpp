// test_import_csv.cpp — the CSV import (DESIGN §2): the header, RFC 4180
// quoting edge cases, the ';' lists and ID@TIMESTAMP@on|off renames, one
// table row per rule, and the records the rows become.
#include <catch2/catch.hpp>

#include "core/import/import.hpp"
#include "import_helpers.hpp"

using namespace umind;
using umind::test::check_case;
using umind::test::ImportCase;
using umind::test::run_import;

namespace {

const std::string all_columns =
    "id,kind,status,name,contact,affiliation,person_key,password_hash,indice_hash,services,renamed_from";

const ImportCase csv_cases[] = {
    // header
    {"minimal header and row", {"id,kind", "kiuchi-tky,personal"}, {}},
    {"every column",
     {all_columns,
      "kiuchi-tky,personal,active,Kiuchi Taro,t@example.org,Univ. of Tokyo,MD-1,"
      "{CRYPT}$6$x$y,,epoc;ctr,kiuchi-old@2026-03-01T09:00:00Z@on"},
     {}},
    {"columns in any order", {"name,kind,id", "Kiuchi Taro,role,kiuchi-tky"}, {}},
    {"quoted header names", {"\"id\",\"kind\"", "kiuchi-tky,personal"}, {}},
    {"comment and blank lines before the header",
     {"# old system export", "", "id,kind", "kiuchi-tky,personal"},
     {}},
    {"unknown column",
     {"id,kind,mail", "kiuchi-tky,personal,t@example.org"},
     {"f:1: header: column 3: unknown column 'mail'; the columns are id, kind, status, name,",
      "f:1: header: no row of this file is read until the header is fixed"}},
    {"column twice",
     {"id,kind,name,name", "a-b,personal,x,y"},
     {"f:1: header: column 4: 'name' is already column 3", "f:1: header: no row"}},
    {"no id column",
     {"kind,name", "personal,x"},
     {"f:1: header: no 'id' column; id and kind are required", "f:1: header: no row"}},
    {"no kind column", {"id", "kiuchi-tky"}, {"f:1: header: no 'kind' column", "f:1: header: no row"}},
    {"column without a name",
     {"id,,kind", "a-b,,personal"},
     {"f:1: header: column 2 has no name", "f:1: header: no row"}},
    {"header names are case-sensitive",
     {"ID,Kind,name", "a-b,personal,x"},
     {"f:1: header: column 1: unknown column 'ID'", "column 2: unknown column 'Kind'", "no 'id' column",
      "no 'kind' column", "no row"}},
    {"no header at all",
     {"kiuchi-tky,personal", "taro-tky,personal"},
     {"f:1: header: this line names no known column; the first line of a CSV import is a header",
      "f:1: header: no row"}},
    {"broken quoting in the header",
     {"\"id,kind", "a-b,personal"},
     {"f:1: header: the quoted cell opened at character 1", "no row"}},
    // rows
    {"too few cells",
     {"id,kind,name", "kiuchi-tky,personal"},
     {"f:2: the row has 2 cells but the header has 3 columns"}},
    {"too many cells",
     {"id,kind", "kiuchi-tky,personal,"},
     {"f:2: the row has 3 cells but the header has 2 columns"}},
    {"empty cells are absent", {all_columns, "kiuchi-tky,personal,,,,,,,,,"}, {}},
    {"id cell empty", {"id,kind", ",personal"}, {"f:2: id: missing; every record needs an id"}},
    {"kind cell empty", {"id,kind", "kiuchi-tky,"}, {"f:2: kind: missing"}},
    {"only commas", {"id,kind", ","}, {"f:2: id: missing", "f:2: kind: missing"}},
    {"CRLF line ends", {"id,kind\r", "kiuchi-tky,personal\r"}, {}},
    {"byte order mark before the header", {"\xef\xbb\xbfid,kind", "kiuchi-tky,personal"}, {}},
    {"spaces are part of a cell",
     {"id,kind", "kiuchi-tky, personal"},
     {"f:2: kind: ' personal' is not a kind"}},
    // RFC 4180 quoting
    {"comma inside quotes", {"id,kind,name", "kiuchi-tky,personal,\"Kiuchi, Taro\""}, {}},
    {"doubled quotes", {"id,kind,name", "kiuchi-tky,personal,\"Taro \"\"T\"\" Kiuchi\""}, {}},
    {"quoted empty cell is absent", {"id,kind,status", "kiuchi-tky,personal,\"\""}, {}},
    {"every cell quoted", {"id,kind", "\"kiuchi-tky\",\"personal\""}, {}},
    {"quote left open",
     {"id,kind,name", "kiuchi-tky,personal,\"Kiuchi"},
     {"f:2: name: cell 3: the quoted cell opened at character 21 is not closed on this line; a cell cannot "
      "span lines "
      "(multi-line values are not supported)"}},
    {"quote left open by a last doubled quote",
     {"id,kind,name", "kiuchi-tky,personal,\"Kiuchi\"\""},
     {"is not closed on this line"}},
    {"text after the closing quote",
     {"id,kind,name", "kiuchi-tky,personal,\"Kiuchi\" Taro"},
     {"f:2: name: cell 3: text follows the closing quote at character 29"}},
    {"quote inside an unquoted cell",
     {"id,kind,name", "kiuchi-tky,personal,Kiu\"chi"},
     {"f:2: name: cell 3: a '\"' at character 24 inside an unquoted cell; quote the whole cell"}},
    {"quote error past the header's columns",
     {"id,kind", "kiuchi-tky,personal,\"x"},
     {"f:2: cell 3: the quoted cell"}},
    {"a newline can only be written as a control character",
     {"id,kind,name", "kiuchi-tky,personal,\"a\nb\""},
     {"f:2: name: 'a\\x0ab' contains a control character"}},
    // lists
    {"services with duplicates", {"id,kind,services", "kiuchi-tky,personal,epoc;ctr;epoc"}, {}},
    {"services with an empty entry",
     {"id,kind,services", "kiuchi-tky,personal,epoc;;ctr"},
     {"f:2: services: entry 2 is empty"}},
    {"services with a trailing ';'",
     {"id,kind,services", "kiuchi-tky,personal,epoc;"},
     {"f:2: services: entry 2 is empty"}},
    {"services with a space",
     {"id,kind,services", "kiuchi-tky,personal,epoc; ctr"},
     {"f:2: services: entry 2: ' ctr' contains ' '"}},
    {"renamed_from in every form",
     {"id,kind,renamed_from",
      "kiuchi-tky,personal,a-old@2026-03-01T09:00:00Z@on;b-old@2025-03-01T09:00:00+09:00@off;c-old@2024-01-"
      "01T00:00:00Z"},
     {}},
    {"renamed_from without a time",
     {"id,kind,renamed_from", "kiuchi-tky,personal,old-id"},
     {"f:2: renamed_from: entry 1 'old-id' is not ID@TIMESTAMP@on|off (e.g. "
      "kiuchi-old@2026-03-01T09:00:00Z@on)"}},
    {"renamed_from with an empty time",
     {"id,kind,renamed_from", "kiuchi-tky,personal,old-id@@on"},
     {"f:2: renamed_from: entry 1 has no time"}},
    {"renamed_from with too many parts",
     {"id,kind,renamed_from", "kiuchi-tky,personal,old-id@2026-03-01T09:00:00Z@on@x"},
     {"is not ID@TIMESTAMP@on|off"}},
    {"renamed_from with yes for on",
     {"id,kind,renamed_from", "kiuchi-tky,personal,old-id@2026-03-01T09:00:00Z@yes"},
     {"f:2: renamed_from: entry 1: forwarding 'yes' is neither on nor off"}},
    {"renamed_from with a bad time",
     {"id,kind,renamed_from", "kiuchi-tky,personal,old-id@2026-03-01T09:00Z@on"},
     {"f:2: renamed_from: entry 1: '2026-03-01T09:00Z' is not a time like 2026-03-01T09:00:00Z"}},
    {"renamed_from with an empty entry",
     {"id,kind,renamed_from", "kiuchi-tky,personal,old-id@2026-03-01T09:00:00Z;"},
     {"f:2: renamed_from: entry 2 is empty"}},
    {"renamed_from with an empty id",
     {"id,kind,renamed_from", "kiuchi-tky,personal,@2026-03-01T09:00:00Z"},
     {"f:2: renamed_from: entry 1: the ID is empty"}},
    {"renamed_from with a bad old ID",
     {"id,kind,renamed_from", "kiuchi-tky,personal,Old-id@2026-03-01T09:00:00Z"},
     {"f:2: renamed_from: entry 1: 'Old-id' contains uppercase letters"}},
    {"renamed_from repeating the record's id",
     {"id,kind,renamed_from", "kiuchi-tky,personal,kiuchi-tky@2026-03-01T09:00:00Z"},
     {"is this record's own id"}},
    // the rules shared with JSONL
    {"legacy ID refused",
     {"id,kind", "kiuchi,personal"},
     {
         "f:2: id: 'kiuchi' has no '-'",
     }},
    {"legacy ID allowed", {"id,kind", "kiuchi,personal", "k.tanaka,role"}, {}, true},
    {"duplicate across rows",
     {"id,kind", "kiuchi-tky,personal", "# comment", "kiuchi-tky,role"},
     {"f:4: id: 'kiuchi-tky' already appears on line 2 (as id)"}},
    {"status",
     {"id,kind,status", "a-b,personal,deleted", "b-c,personal,active", "c-d,personal,gone"},
     {"f:4: status: 'gone' is not a status"}},
    {"bad hash",
     {"id,kind,password_hash", "a-b,personal,{PLAIN}secret"},
     {"f:2: password_hash: has a {SCHEME} tag that is not supported"}},
    {"bad contact",
     {"id,kind,contact", "a-b,personal,\"Taro, t@example.org\""},
     {"f:2: contact: 'Taro, t@example.org' contains ','"}},
    {"Shift_JIS name",
     {"id,kind,name", "a-b,personal,\x96\xd8\x93\xe0"},
     {"f:2: name: '\\x96\\xd8\\x93\\xe0' is not valid UTF-8 (byte 1); the file must be UTF-8: convert a "
      "Shift_JIS "
      "export first, e.g. iconv -f CP932 -t UTF-8"}},
    {"overlong UTF-8", {"id,kind,name", "a-b,personal,\xc0\xaf"}, {"is not valid UTF-8 (byte 1)"}},
    {"UTF-8 surrogate",
     {"id,kind,affiliation", "a-b,personal,ab\xed\xa0\x80"},
     {"is not valid UTF-8 (byte 3)"}},
    {"cut-short UTF-8", {"id,kind,affiliation", "a-b,personal,ab\xe6\x9d"}, {"is not valid UTF-8 (byte 3)"}},
    {"4-byte UTF-8 is fine", {"id,kind,name", "a-b,personal,\xf0\x9f\x8f\xa5 \xe6\x9c\xa8\xe5\x86\x85"}, {}},
};

}  // namespace

TEST_CASE("csv: rule table") {
  STATIC_REQUIRE(std::size(csv_cases) >= 40);
  for (const auto& c : csv_cases) check_case(ImportFormat::csv, c);
}

TEST_CASE("csv: a full row becomes the same record as its JSONL twin") {
  auto csv = run_import(
      ImportFormat::csv,
      {"renamed_from,services,indice_hash,password_hash,person_key,affiliation,contact,name,status,kind,id",
       "kiuchi-old@2026-03-01T09:00:00Z@on,epoc;ctr,,{CRYPT}$6$abc$def,MD-123456,\"Univ. of Tokyo, "
       "Faculty of Medicine\",t@example.org,\"Kiuchi \"\"Taro\"\"\",active,personal,kiuchi-tky"});
  auto jsonl = run_import(
      ImportFormat::jsonl,
      {R"({"id":"kiuchi-tky","kind":"personal","status":"active","name":"Kiuchi \"Taro\"","contact":"t@example.org",)"
       R"("affiliation":"Univ. of Tokyo, Faculty of Medicine","person_key":"MD-123456","password_hash":"{CRYPT}$6$abc$def",)"
       R"("indice_hash":null,"services":["epoc","ctr"],"renamed_from":[{"id":"kiuchi-old","at":"2026-03-01T09:00:00Z","forward":true}]})"});
  CAPTURE(csv.errors, jsonl.errors);
  REQUIRE(csv.records.size() == 1);
  REQUIRE(jsonl.records.size() == 1);
  const ImportRecord& a = csv.records[0];
  const ImportRecord& b = jsonl.records[0];
  CHECK(a.line == 2);
  CHECK(b.line == 1);
  CHECK(a.id == b.id);
  CHECK(a.kind == b.kind);
  CHECK(a.status == b.status);
  CHECK(a.name == "Kiuchi \"Taro\"");
  CHECK(a.name == b.name);
  CHECK(a.contact == b.contact);
  CHECK(a.affiliation == "Univ. of Tokyo, Faculty of Medicine");
  CHECK(a.affiliation == b.affiliation);
  CHECK(a.person_key == b.person_key);
  CHECK(a.password_hash == b.password_hash);
  CHECK(a.indice_hash == b.indice_hash);
  CHECK(a.services == b.services);
  REQUIRE(a.renamed_from.size() == 1);
  REQUIRE(b.renamed_from.size() == 1);
  CHECK(a.renamed_from[0].id == b.renamed_from[0].id);
  CHECK(a.renamed_from[0].at == b.renamed_from[0].at);
  CHECK(a.renamed_from[0].forward == b.renamed_from[0].forward);
}

TEST_CASE("csv: quoting edge cases give exactly these cells") {
  struct Row {
    const char* line;
    std::vector<std::string> names;  // the "name" cell of header "id,kind,name"
  };
  const Row rows[] = {
      {"a-b,personal,\"\"\"\"", {"\""}},
      {"a-b,personal,\"a,b,c\"", {"a,b,c"}},
      {"a-b,personal,\"\"\"quoted\"\" and, comma\"", {"\"quoted\" and, comma"}},
      {"a-b,personal,\" lead and trail \"", {" lead and trail "}},
      {"a-b,personal,\"#not a comment\"", {"#not a comment"}},
      {"a-b,personal,x y", {"x y"}},
      {"a-b,personal,", {""}},
  };
  for (const auto& row : rows) {
    INFO(row.line);
    auto run = run_import(ImportFormat::csv, {"id,kind,name", row.line});
    CAPTURE(run.errors);
    REQUIRE(run.records.size() == 1);
    CHECK(run.records[0].name == row.names[0]);
  }
}

TEST_CASE("csv: renamed_from cells become dated, flagged entries") {
  auto run =
      run_import(ImportFormat::csv,
                 {"id,kind,renamed_from",
                  "kiuchi-tky,personal,a-old@2026-03-01T18:00:00+09:00@off;b.old@2025-01-01T00:00:00Z"},
                 ImportOptions{true, 1000});
  CAPTURE(run.errors);
  REQUIRE(run.records.size() == 1);
  const auto& r = run.records[0].renamed_from;
  REQUIRE(r.size() == 2);
  CHECK(r[0].id == "a-old");
  CHECK(format_iso8601(r[0].at) == "2026-03-01T09:00:00Z");
  CHECK_FALSE(r[0].forward);
  CHECK_FALSE(r[0].legacy);
  CHECK(r[1].id == "b.old");
  CHECK(r[1].forward);
  CHECK(r[1].legacy);
}

TEST_CASE("csv: a row error does not stop the rows after it") {
  ImportParser p(ImportFormat::csv);
  CHECK_FALSE(p.parse_line("id,kind,name"));
  CHECK_FALSE(p.parse_line("a-b,personal,\"open"));
  auto ok = p.parse_line("b-c,group,Society of Tests");
  REQUIRE(ok);
  CHECK(ok->line == 3);
  CHECK(ok->kind == Kind::group);
  REQUIRE(p.errors().size() == 1);
  CHECK(p.errors()[0].to_string("users.csv") ==
        "users.csv:2: name: cell 3: the quoted cell opened at character 14 is not closed on this line; a "
        "cell cannot "
        "span lines (multi-line values are not supported)");
}
