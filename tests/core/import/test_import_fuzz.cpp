// test_import_fuzz.cpp — bad input never crashes the import parser: 50k
// lines per format, mutated from valid lines or random, each checked for
// the parser's invariants (an error or a record that obeys the rules); and
// the fast JSON reader agrees with nlohmann on 50k generated lines (10k
// under ASan, where each line costs ~20 times more). Deterministic seeds.
#include <catch2/catch.hpp>
#include <random>

#include "core/import/import.hpp"
#include "core/import/import_internal.hpp"
#include "sanitizer.hpp"

using namespace umind;

namespace {

constexpr int fuzz_lines = umind::test::under_sanitizer ? 10'000 : 50'000;

const std::vector<std::string> jsonl_seeds = {
    R"({"id":"kiuchi-tky","kind":"personal","status":"active","name":"Kiuchi Taro","contact":"t@example.org",)"
    R"("affiliation":"Univ. of Tokyo","person_key":"MD-123456","password_hash":"{CRYPT}$6$x$y","indice_hash":null,)"
    R"("services":["epoc","ctr"],"renamed_from":[{"id":"kiuchi-old","at":"2026-03-01T09:00:00Z","forward":true}]})",
    R"({"id":"a-b","kind":"group","renamed_from":[{"id":"c.d","at":"2026-03-01T09:00:00+09:00"}],"services":[]})",
    R"({"kind":"role","id":"x-y","name":"\u6728\u5185","extra":[1,{"a":[null,true,2.5e3]}]})",
    R"([{"id":"a-b"}])",
};
const std::vector<std::string> csv_seeds = {
    "kiuchi-tky,personal,active,\"Kiuchi, Taro\",t@example.org,Univ.,MD-1,{SSHA}abc,,epoc;ctr,"
    "kiuchi-old@2026-03-01T09:00:00Z@on;b.old@2025-01-01T00:00:00+09:00@off",
    "a-b,group,deleted,\"\"\"x\"\"\",,,,,,,",
    ",,,,,,,,,,",
};
const std::string csv_header =
    "id,kind,status,name,contact,affiliation,person_key,password_hash,indice_hash,services,renamed_from";

class Mutator {
 public:
  explicit Mutator(std::uint32_t seed) : rng_(seed) {}
  std::size_t pick(std::size_t lo, std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng_);
  }

  std::string line(const std::vector<std::string>& seeds) {
    if (pick(0, 9) == 0) return random_bytes();
    std::string s = seeds[pick(0, seeds.size() - 1)];
    std::size_t edits = pick(1, 6);
    for (std::size_t i = 0; i < edits && !s.empty(); ++i) {
      std::size_t at = pick(0, s.size() - 1);
      static const std::string_view specials = "{}[]\",:;@\\ \x01\xff\xe6-.#0aZ\r";
      switch (pick(0, 4)) {
        case 0: s[at] = specials[pick(0, specials.size() - 1)]; break;
        case 1: s.erase(at, pick(1, 8)); break;
        case 2: s.insert(at, 1, specials[pick(0, specials.size() - 1)]); break;
        case 3: s.insert(at, s.substr(pick(0, s.size() - 1), pick(1, 20))); break;  // duplicate a piece
        default: s.resize(at); break;                                               // cut short
      }
    }
    return s;
  }

 private:
  std::string random_bytes() {
    std::string s(pick(0, 60), ' ');
    for (char& c : s) c = static_cast<char>(pick(0, 255));
    return s;
  }
  std::mt19937 rng_;
};

bool legacy_shape(std::string_view id) {
  if (id.empty() || id.size() > legacy_id_max_length) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

void check_record(const ImportRecord& r, bool allow_legacy) {
  INFO(r.id);
  CHECK(!r.id.empty());
  if (!r.legacy) CHECK(is_valid_id_syntax(r.id));
  if (r.legacy) {
    CHECK(allow_legacy);
    CHECK(legacy_shape(r.id));
  }
  CHECK((r.status == "active" || r.status == "deleted"));
  if (!r.contact.empty()) CHECK(r.contact.find('@') != std::string::npos);
  for (const auto& h : {r.password_hash, r.indice_hash})
    if (h) CHECK(h->front() == '{');
  for (const auto& s : r.services) CHECK(!s.empty());
  for (const auto& old : r.renamed_from) {
    CHECK(old.id != r.id);
    CHECK((is_valid_id_syntax(old.id) || (allow_legacy && legacy_shape(old.id))));
  }
}

void fuzz(ImportFormat format, std::uint32_t seed) {
  Mutator m(seed);
  std::size_t records = 0;
  for (int round = 0; round < fuzz_lines / 100; ++round) {
    bool allow_legacy = m.pick(0, 1) == 1;
    ImportParser parser(format, ImportOptions{allow_legacy, 100'000});
    if (format == ImportFormat::csv)
      parser.parse_line(m.pick(0, 19) == 0 ? m.line({csv_header}) : csv_header);
    for (int i = 0; i < 100; ++i) {
      std::string line = m.line(format == ImportFormat::csv ? csv_seeds : jsonl_seeds);
      std::size_t before = parser.error_count();
      auto r = parser.parse_line(line);
      if (r) {
        ++records;
        CHECK(parser.error_count() == before);
        CHECK(r->line == parser.lines_read());
        check_record(*r, allow_legacy);
      }
      for (std::size_t e = before; e < parser.errors().size(); ++e) {
        CHECK(parser.errors()[e].line == parser.lines_read());
        CHECK(!parser.errors()[e].message.empty());
      }
    }
  }
  // The mutations leave enough lines intact that both outcomes are exercised.
  CHECK(records > 0);
}

}  // namespace

TEST_CASE("fuzz: 50k mutated or random JSONL lines") { fuzz(ImportFormat::jsonl, 7); }
TEST_CASE("fuzz: 50k mutated or random CSV lines") { fuzz(ImportFormat::csv, 11); }

// ---------------------------------------------------------------- fast reader == nlohmann

namespace {

using namespace umind::import_detail;

// Random JSON lines shaped like an export: known and unknown keys, every
// JSON type in every place, escapes, numbers, odd whitespace, bad UTF-8,
// and now and then a broken byte.
class JsonGen {
 public:
  explicit JsonGen(std::uint32_t seed) : m_(seed) {}

  std::string line() {
    std::string s;
    if (m_.pick(0, 19) == 0) {
      value(s, 0);
    } else {
      object(s, 0, true);
    }
    if (m_.pick(0, 4) == 0 && !s.empty()) {  // one broken byte
      static const std::string_view junk = "{}[]\",:\\ \x01\xff";
      s[m_.pick(0, s.size() - 1)] = junk[m_.pick(0, junk.size() - 1)];
    }
    return s;
  }

 private:
  void ws(std::string& s) {
    static const std::string_view spaces[] = {"", "", "", " ", "\t", "  ", "\r", "\n"};
    s += spaces[m_.pick(0, 7)];
  }
  void string(std::string& s) {
    static const std::string_view texts[] = {"kiuchi-tky",
                                             "kiuchi-old",
                                             "a-b",
                                             "personal",
                                             "role",
                                             "deleted",
                                             "active",
                                             "epoc",
                                             "ctr",
                                             "",
                                             "2026-03-01T09:00:00Z",
                                             "2026-03-01T18:00:00+09:00",
                                             "{CRYPT}$6$x$y",
                                             "{SSHA}abc=",
                                             "t@example.org",
                                             "\xe6\x9c\xa8\xe5\x86\x85 \xe5\xa4\xaa\xe9\x83\x8e",
                                             "\xf0\x9f\x8f\xa5",
                                             "\xff",
                                             "\xc0\xaf",
                                             "\xed\xa0\x80",
                                             "\xe6\x9c",
                                             "a\\\"b",
                                             "\\u0041\\u6728",
                                             "\\ud83c\\udfe5",
                                             "\\n",
                                             "\x01",
                                             "\x7f",
                                             "id",
                                             "kind",
                                             "x y",
                                             "Kiuchi-TKY",
                                             "taro.yamada"};
    s += '"';
    s += texts[m_.pick(0, std::size(texts) - 1)];
    s += '"';
  }
  void key(std::string& s, bool top) {
    static const std::string_view top_keys[] = {"id",           "kind",
                                                "status",       "name",
                                                "contact",      "affiliation",
                                                "person_key",   "password_hash",
                                                "indice_hash",  "services",
                                                "renamed_from", "mail",
                                                "ID",           ""};
    static const std::string_view entry_keys[] = {"id", "at", "forward", "via"};
    s += '"';
    s += top ? top_keys[m_.pick(0, std::size(top_keys) - 1)]
             : entry_keys[m_.pick(0, std::size(entry_keys) - 1)];
    s += '"';
  }
  void value(std::string& s, int depth) {
    static const std::string_view scalars[] = {"true",  "false",   "null", "0",  "-12",
                                               "3.5e2", "1e99999", "tru",  "nul"};
    std::size_t k = m_.pick(0, 9);
    if (depth > 5) k = 0;
    if (k <= 4) {
      string(s);
    } else if (k <= 6) {
      s += scalars[m_.pick(0, std::size(scalars) - 1)];
    } else if (k == 7) {
      object(s, depth + 1, false);
    } else {
      s += '[';
      ws(s);
      std::size_t n = m_.pick(0, 3);
      for (std::size_t i = 0; i < n; ++i) {
        if (i) s += ',';
        ws(s);
        if (m_.pick(0, 2) == 0)
          object(s, depth + 1, false);
        else
          value(s, depth + 1);
        ws(s);
      }
      s += ']';
    }
  }
  void object(std::string& s, int depth, bool top) {
    s += '{';
    ws(s);
    std::size_t n = m_.pick(0, top ? 8 : 4);
    for (std::size_t i = 0; i < n; ++i) {
      if (i) s += ',';
      ws(s);
      key(s, top || m_.pick(0, 1) == 0);
      ws(s);
      s += ':';
      ws(s);
      value(s, depth);
      ws(s);
    }
    s += '}';
    ws(s);
  }
  Mutator m_;
};

struct RawOutcome {
  std::optional<std::string> fatal;
  RawRecord raw;
  LineErrors errors;
};

RawOutcome read_with(const std::string& line, JsonReader reader) {
  RawOutcome out;
  std::string scratch;
  out.fatal = read_json_line(line, out.raw, out.errors, scratch, reader);
  return out;
}

bool same_text(const RawText& a, const RawText& b) {
  return a.state == b.state && (a.state != RawText::State::present || a.value == b.value);
}

void check_same(const RawOutcome& a, const RawOutcome& b) {
  REQUIRE(a.fatal == b.fatal);
  if (a.fatal) return;  // the caller drops everything else
  REQUIRE(a.errors.size() == b.errors.size());
  for (std::size_t i = 0; i < a.errors.size(); ++i) {
    CHECK(a.errors[i].field == b.errors[i].field);
    CHECK(a.errors[i].message == b.errors[i].message);
  }
  for (std::size_t i = 0; i < a.raw.text.size(); ++i) CHECK(same_text(a.raw.text[i], b.raw.text[i]));
  CHECK(a.raw.services_bad == b.raw.services_bad);
  CHECK(a.raw.renames_bad == b.raw.renames_bad);
  REQUIRE(a.raw.n_services == b.raw.n_services);
  for (std::size_t i = 0; i < a.raw.n_services; ++i) CHECK(a.raw.services[i] == b.raw.services[i]);
  REQUIRE(a.raw.n_renames == b.raw.n_renames);
  for (std::size_t i = 0; i < a.raw.n_renames; ++i) {
    const RawRename& x = a.raw.renames[i];
    const RawRename& y = b.raw.renames[i];
    CHECK(same_text(x.id, y.id));
    CHECK(same_text(x.at, y.at));
    CHECK(x.forward == y.forward);
    CHECK(x.bad == y.bad);
  }
}

}  // namespace

TEST_CASE("fuzz: the fast JSON reader and nlohmann read 50k generated lines the same") {
  JsonGen gen(2026);
  std::size_t fast = 0;
  for (int i = 0; i < fuzz_lines; ++i) {
    std::string line = gen.line();
    INFO(line);
    RawOutcome reference = read_with(line, JsonReader::nlohmann_only);
    // What the parser uses: fast, else nlohmann from scratch.
    check_same(read_with(line, JsonReader::fast_then_nlohmann), reference);
    RawOutcome fast_only = read_with(line, JsonReader::fast_only);
    if (fast_only.fatal != std::string(json_fast_gave_up)) {
      ++fast;
      check_same(fast_only, reference);
    }
  }
  // Both paths are exercised.
  CHECK(fast > fuzz_lines / 10);  // about a quarter with this seed
  CHECK(fast < fuzz_lines * 4 / 5);
}
