// test_fuzz.cpp — bad input never crashes: 100k+ random strings each through
// the ID, address, duration, time and listen-address parsers and the routing
// decision, with invariants checked on every result. Deterministic seed, so
// a failure reproduces.
#include <catch2/catch.hpp>

#include <random>

#include "core/address.hpp"
#include "core/duration.hpp"
#include "core/id_policy.hpp"
#include "core/listen_address.hpp"
#include "core/routing.hpp"
#include "core/time.hpp"
#include "map_directory.hpp"

using namespace umind;

namespace {

constexpr int rounds = 120'000;

// Strings biased towards the characters these parsers care about, plus raw bytes.
class RandomText {
 public:
  explicit RandomText(std::uint32_t seed) : rng_(seed) {}
  std::string next() {
    static const std::string_view alphabets[] = {
        "abcdefghijklmnopqrstuvwxyz0123456789-",
        "abc-+@<>\".:,[]\\ ",
        "0123456789smhdwyT:Z+-.",
        "unix:inet:/@0123456789.",
    };
    std::size_t len = pick(0, 40);
    std::string_view alphabet = alphabets[pick(0, 3)];
    bool raw = pick(0, 9) == 0;
    std::string s;
    for (std::size_t i = 0; i < len; ++i)
      s += raw ? static_cast<char>(pick(0, 255)) : alphabet[pick(0, alphabet.size() - 1)];
    return s;
  }

 private:
  std::size_t pick(std::size_t lo, std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng_);
  }
  std::mt19937 rng_;
};

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

TEST_CASE("fuzz: ID syntax checks agree and never crash") {
  RandomText gen(1);
  IdPolicy policy(IdPatterns{{"gakkai", "soc(iety)?$"}, {"admin-.*"}});
  int valid = 0;
  for (int i = 0; i < rounds; ++i) {
    std::string s = gen.next();
    bool fast = is_valid_id_syntax(s);
    auto refusal = check_id_syntax(s);
    if (fast == refusal.has_value()) FAIL("syntax checks disagree on " << s);
    if (refusal && (refusal->rule.empty() || refusal->message.empty())) FAIL("empty refusal for " << s);
    if (refusal && refusal->message.find('\n') != std::string::npos) FAIL("raw newline in message");
    for (Kind k : all_kinds) (void)policy.check_new_id(s, k);
    valid += fast;
  }
  CHECK(valid > 100);  // the generator does reach valid IDs
}

TEST_CASE("fuzz: address parsing stays inside its input") {
  RandomText gen(2);
  int parsed = 0;
  for (int i = 0; i < rounds; ++i) {
    std::string s = gen.next();
    auto a = parse_mail_address(s);
    if (!a) continue;
    ++parsed;
    if (a->local.empty() || !inside(a->local, s) || !inside(a->domain, s)) FAIL("bad view for " << s);
    auto p = split_detail(a->local, "+");
    if (p.base.size() + p.detail.size() != a->local.size()) FAIL("detail split loses bytes: " << s);
  }
  CHECK(parsed > 100);
}

TEST_CASE("fuzz: routing always answers with a well-formed decision") {
  RandomText gen(3);
  test::MapDirectory dir;
  auto now = TimePoint{std::chrono::hours{500'000}};
  dir.live("taro-new");
  dir.alias("taro-old", "taro-new", now + std::chrono::hours{1});
  dir.alias("loop-a", "loop-a", now + std::chrono::hours{1});
  dir.list("ml-x", "ml@lists.example.org");
  RoutingRules rules;
  for (int i = 0; i < rounds; ++i) {
    std::string s = gen.next();
    if (i % 3 == 0) s = "<" + s + "@umin.ac.jp>";
    auto d = route_recipient(rules, dir, DirectoryFreshness::current(), s, now);
    bool refuses = d.action == RouteAction::reject || d.action == RouteAction::tempfail;
    if (refuses != !d.smtp_code.empty()) FAIL("code/action mismatch for " << s);
    if (refuses && !is_valid_reply_text(d.reply_text)) FAIL("unsafe reply text for " << s);
    if ((d.action == RouteAction::rewrite) == d.new_address.empty()) FAIL("rewrite without address: " << s);
    (void)explain(d, s);
  }
}

TEST_CASE("fuzz: durations, times and listen addresses") {
  RandomText gen(4);
  for (int i = 0; i < rounds; ++i) {
    std::string s = gen.next();
    if (auto d = Duration::parse(s)) {
      if (Duration::parse(d->to_string())->approximate() != d->approximate()) FAIL("duration round trip: " << s);
    }
    if (auto t = parse_iso8601(s)) {
      if (parse_iso8601(format_iso8601(*t)) != t) FAIL("time round trip: " << s);
    }
    (void)parse_generalized_time(s);
    if (auto a = parse_listen_address(s)) {
      if (!parse_listen_address(a->milter_form())) FAIL("listen round trip: " << s);
    }
  }
}
