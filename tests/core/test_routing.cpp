// test_routing.cpp — every row of the DESIGN §6 table, plus +detail, alias
// chains, loops, the depth limit and directory freshness.
#include <catch2/catch.hpp>

#include "core/routing.hpp"
#include "map_directory.hpp"

using namespace umind;
using umind::test::MapDirectory;
using namespace std::chrono;

namespace {

const TimePoint now = sys_days{2026y / November / 25} + hours{9};
const DirectoryFreshness fresh = DirectoryFreshness::current();

struct Fixture {
  RoutingRules rules;
  MapDirectory dir;
  Fixture() {
    dir.live("taro-new");
    dir.live("old_legacy");  // a legacy ID that breaks today's syntax stays deliverable
    dir.list("tetsumon-ml", "tetsumon@lists.umin.ac.jp");
    dir.alias("taro-old", "taro-new", now + days{30});
    dir.alias("taro-expired", "taro-new", now - seconds{1});
    dir.alias("taro-edge", "taro-new", now);  // window ends exactly now
    dir.alias("taro-optout", "taro-new", now + days{30}, false);
    dir.alias("gone-old", "gone-new", now + days{30});  // gone-new was deleted
    dir.alias("hana-a", "hana-b", now + days{30});      // chain a -> b -> c
    dir.alias("hana-b", "hana-c", now - days{400});     // b's own window has ended
    dir.live("hana-c");
    dir.alias("loop-a", "loop-b", now + days{30});
    dir.alias("loop-b", "loop-a", now + days{30});
    dir.alias("self-a", "self-a", now + days{30});
    dir.alias("ml-old", "tetsumon-ml", now + days{30});
  }
  RouteDecision route(const std::string& rcpt, DirectoryFreshness f = fresh) const {
    return route_recipient(rules, dir, f, rcpt, now);
  }
};

void check_reject(const RouteDecision& d, RouteCase c, const char* code, const char* enhanced) {
  CHECK(d.route_case == c);
  CHECK(d.smtp_code == code);
  CHECK(d.enhanced == enhanced);
  CHECK(is_valid_reply_text(d.reply_text));
  CHECK(d.new_address.empty());
}

}  // namespace

TEST_CASE("routing: other domains and passthrough local parts pass untouched") {
  Fixture f;
  auto d = f.route("<someone@example.org>");
  CHECK(d.action == RouteAction::pass);
  CHECK(d.route_case == RouteCase::foreign_domain);
  CHECK(f.route("<postmaster>").route_case == RouteCase::foreign_domain);
  CHECK(f.route("<umin.ac.jp@example.org>").action == RouteAction::pass);
  for (const char* p : {"<postmaster@umin.ac.jp>", "<Abuse@UMIN.AC.JP>", "<postmaster+x@umin.ac.jp>"}) {
    CAPTURE(p);
    // even with no directory at all: postmaster must always be reachable
    auto pd = f.route(p, DirectoryFreshness{});
    CHECK(pd.action == RouteAction::pass);
    CHECK(pd.route_case == RouteCase::passthrough);
  }
  CHECK(f.dir.lookups == 0);
}

TEST_CASE("routing: directory not loaded -> 451 4.3.0 for every recipient in our domains") {
  Fixture f;
  for (const char* r : {"<taro-new@umin.ac.jp>", "<taro-old@umin.ac.jp>", "<nobody-here@umin.ac.jp>", "<x@umin.ac.jp>"}) {
    CAPTURE(r);
    auto d = f.route(r, DirectoryFreshness{});
    CHECK(d.action == RouteAction::tempfail);
    check_reject(d, RouteCase::unavailable, "451", "4.3.0");
  }
  f.rules.on_directory_unavailable = DirectoryUnavailable::accept;
  auto accepted = f.route("<nobody-here@umin.ac.jp>", DirectoryFreshness{});
  CHECK(accepted.action == RouteAction::accept);
  CHECK(accepted.route_case == RouteCase::unavailable_accepted);
}

// DESIGN §6, the degrade row: what the replica holds is still routed; only a
// refusal a newer directory could overturn becomes 451 4.3.0.
TEST_CASE("routing: a stale directory degrades instead of stopping") {
  Fixture f;
  const DirectoryFreshness stale{f.rules.max_staleness + seconds{1}};
  const DirectoryFreshness edge{f.rules.max_staleness};

  struct Row {
    const char* rcpt;
    RouteAction action;
    RouteCase route_case;
    const char* code;
  };
  const Row rows[] = {
      {"<taro-new@umin.ac.jp>", RouteAction::accept, RouteCase::live, ""},
      {"<tetsumon-ml@umin.ac.jp>", RouteAction::rewrite, RouteCase::list, ""},
      {"<taro-old+x@umin.ac.jp>", RouteAction::rewrite, RouteCase::forward, ""},
      {"<nobody-here@umin.ac.jp>", RouteAction::tempfail, RouteCase::stale, "451"},
      {"<taro-expired@umin.ac.jp>", RouteAction::tempfail, RouteCase::stale, "451"},
      {"<taro-optout@umin.ac.jp>", RouteAction::tempfail, RouteCase::stale, "451"},
      {"<gone-old@umin.ac.jp>", RouteAction::tempfail, RouteCase::stale, "451"},
      {"<Bad_Syntax!@umin.ac.jp>", RouteAction::reject, RouteCase::bad_syntax, "550"},
      {"<loop-a@umin.ac.jp>", RouteAction::reject, RouteCase::loop, "554"},
      {"<postmaster@umin.ac.jp>", RouteAction::pass, RouteCase::passthrough, ""},
      {"<someone@example.org>", RouteAction::pass, RouteCase::foreign_domain, ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.rcpt);
    auto d = f.route(row.rcpt, stale);
    CHECK(d.action == row.action);
    CHECK(d.route_case == row.route_case);
    CHECK(d.smtp_code == row.code);
    if (d.route_case == RouteCase::stale) {
      CHECK(d.enhanced == "4.3.0");
      CHECK(d.held_back.has_value());
      CHECK(is_valid_reply_text(d.reply_text));
      CHECK_THAT(explain(d, row.rcpt), Catch::Contains("max_staleness"));
    }
    // at exactly max_staleness the directory still counts as current
    auto at_edge = f.route(row.rcpt, edge);
    CHECK(at_edge.route_case != RouteCase::stale);
  }
  CHECK(f.route("<nobody-here@umin.ac.jp>", stale).held_back == RouteCase::unknown);
  CHECK(f.route("<taro-expired@umin.ac.jp>", stale).held_back == RouteCase::alias_expired);
  CHECK(f.route("<taro-old@umin.ac.jp>", stale).new_address == "taro-new@umin.ac.jp");

  f.rules.on_directory_unavailable = DirectoryUnavailable::accept;
  auto accepted = f.route("<nobody-here@umin.ac.jp>", stale);
  CHECK(accepted.action == RouteAction::accept);
  CHECK(accepted.route_case == RouteCase::unavailable_accepted);
  CHECK(accepted.held_back == RouteCase::unknown);
}

TEST_CASE("routing: a live ID is accepted untouched") {
  Fixture f;
  for (const char* r : {"<taro-new@umin.ac.jp>", "<TARO-NEW@Umin.Ac.Jp>", "taro-new@umin.ac.jp.",
                        "<taro-new+news@umin.ac.jp>", "<old_legacy@umin.ac.jp>"}) {
    CAPTURE(r);
    auto d = f.route(r);
    CHECK(d.action == RouteAction::accept);
    CHECK(d.route_case == RouteCase::live);
    CHECK(d.new_address.empty());
  }
}

TEST_CASE("routing: a list address is rewritten to its deliver-to") {
  Fixture f;
  auto d = f.route("<tetsumon-ml@umin.ac.jp>");
  CHECK(d.action == RouteAction::rewrite);
  CHECK(d.route_case == RouteCase::list);
  CHECK(d.new_address == "tetsumon@lists.umin.ac.jp");
  CHECK(f.route("<tetsumon-ml+x@umin.ac.jp>").new_address == "tetsumon@lists.umin.ac.jp");
}

TEST_CASE("routing: an alias in its window forwards to the live ID, +detail kept") {
  Fixture f;
  auto d = f.route("<taro-old@umin.ac.jp>");
  CHECK(d.action == RouteAction::rewrite);
  CHECK(d.route_case == RouteCase::forward);
  CHECK(d.new_address == "taro-new@umin.ac.jp");
  CHECK(d.alias_hops == 1);
  CHECK(f.route("<Taro-Old+News@UMIN.ac.jp>").new_address == "taro-new+News@umin.ac.jp");
  CHECK(f.route("<ml-old@umin.ac.jp>").new_address == "tetsumon@lists.umin.ac.jp");
}

TEST_CASE("routing: a chain resolves to the live ID, only the first window counts") {
  Fixture f;
  auto d = f.route("<hana-a@umin.ac.jp>");
  CHECK(d.action == RouteAction::rewrite);
  CHECK(d.new_address == "hana-c@umin.ac.jp");
  CHECK(d.alias_hops == 2);
  check_reject(f.route("<hana-b@umin.ac.jp>"), RouteCase::alias_expired, "550", "5.1.1");
}

TEST_CASE("routing: chains longer than 8 and loops -> 554 5.4.6") {
  Fixture f;
  auto chain = [&](int aliases) {
    for (int i = 0; i < aliases; ++i)
      f.dir.alias("c" + std::to_string(i) + "-x", i + 1 < aliases ? "c" + std::to_string(i + 1) + "-x" : "end-x",
                  now + days{1});
    f.dir.live("end-x");
    return f.route("<c0-x@umin.ac.jp>");
  };
  SECTION("8 aliases still resolve") {
    auto d = chain(8);
    CHECK(d.action == RouteAction::rewrite);
    CHECK(d.new_address == "end-x@umin.ac.jp");
    CHECK(d.alias_hops == 8);
  }
  SECTION("9 aliases are a routing loop") { check_reject(chain(9), RouteCase::loop, "554", "5.4.6"); }
  check_reject(f.route("<loop-a@umin.ac.jp>"), RouteCase::loop, "554", "5.4.6");
  check_reject(f.route("<self-a@umin.ac.jp>"), RouteCase::loop, "554", "5.4.6");
}

TEST_CASE("routing: expired, opted out, deleted or unknown -> 550 5.1.1") {
  Fixture f;
  check_reject(f.route("<taro-expired@umin.ac.jp>"), RouteCase::alias_expired, "550", "5.1.1");
  check_reject(f.route("<taro-edge@umin.ac.jp>"), RouteCase::alias_expired, "550", "5.1.1");
  check_reject(f.route("<taro-optout@umin.ac.jp>"), RouteCase::forward_off, "550", "5.1.1");
  check_reject(f.route("<gone-old@umin.ac.jp>"), RouteCase::alias_target_gone, "550", "5.1.1");
  check_reject(f.route("<nobody-here@umin.ac.jp>"), RouteCase::unknown, "550", "5.1.1");
  CHECK(f.route("<nobody-here@umin.ac.jp>").action == RouteAction::reject);
}

TEST_CASE("routing: expired_alias_reply moved and moved_to") {
  Fixture f;
  f.rules.expired_alias_reply = ExpiredAliasReply::moved;
  auto moved = f.route("<taro-expired@umin.ac.jp>");
  check_reject(moved, RouteCase::alias_expired, "550", "5.1.6");
  CHECK(moved.reply_text.find("taro-new") == std::string::npos);
  f.rules.expired_alias_reply = ExpiredAliasReply::moved_to;
  auto moved_to = f.route("<taro-optout@umin.ac.jp>");
  check_reject(moved_to, RouteCase::forward_off, "550", "5.1.6");
  CHECK(moved_to.reply_text == "User has moved to <taro-new@umin.ac.jp>");
  // a deleted target is unknown whatever the setting
  check_reject(f.route("<gone-old@umin.ac.jp>"), RouteCase::alias_target_gone, "550", "5.1.1");
}

TEST_CASE("routing: not in the directory and not ID syntax -> 550 5.1.3") {
  Fixture f;
  for (const char* r : {"<foo_bar@umin.ac.jp>", "<\"taro tky\"@umin.ac.jp>", "<+news@umin.ac.jp>",
                        "<abcdef@umin.ac.jp>", "<a@umin.ac.jp>"}) {
    CAPTURE(r);
    check_reject(f.route(r), RouteCase::bad_syntax, "550", "5.1.3");
  }
  std::string long_local(100, 'a');
  check_reject(f.route("<" + long_local + "@umin.ac.jp>"), RouteCase::bad_syntax, "550", "5.1.3");
}

// DESIGN §6: a recipient in our domains is never passed untouched because it
// failed to parse — whatever the directory's state, it gets 550 5.1.3.
TEST_CASE("routing: unparsable recipients in our domains -> 550 5.1.3, never pass") {
  Fixture f;
  using namespace std::string_literals;
  const std::string ours[] = {
      "<@umin.ac.jp>", "@umin.ac.jp", "<a b@umin.ac.jp>", "<\"unterminated@umin.ac.jp>",
      "<taro-new@umin.ac.jp", "taro-new@umin.ac.jp>", "<<taro-new@umin.ac.jp>>", "<taro-new@umin.ac.jp >",
      "<taro\r\n@umin.ac.jp>", "<\"a\x01\"@umin.ac.jp>", "<taro-new\0@umin.ac.jp>"s,
      "<taro-new@umin.ac.jp\0>"s, "<@relay.example:@UMIN.AC.JP.>", "<postmaster@umin.ac.jp",
      "<@relay.example:>@umin.ac.jp", "<taro-new@ UMIN.ac.jp>", "<a@b@umin.ac.jp>"};
  for (const auto& r : ours) {
    CAPTURE(r);
    for (auto freshness : {fresh, DirectoryFreshness{}, DirectoryFreshness{f.rules.max_staleness * 2}}) {
      auto d = f.route(r, freshness);
      CHECK(d.action == RouteAction::reject);
      check_reject(d, RouteCase::unparsable, "550", "5.1.3");
      CHECK_THAT(explain(d, r), Catch::Contains("reject 550 5.1.3") && Catch::Contains("mail.domains"));
    }
  }
  // Other domains stay untouched however broken; postmaster in good syntax passes.
  for (const std::string r : {"<@example.org>", "<a b@example.org>", "<\"x@example.org>", "<taro@umin.ac.jp@evil>",
                              "<taro@umin.ac.jp.example.org", "<>", "", "<", "<taro", "<postmaster@umin.ac.jp>"}) {
    CAPTURE(r);
    CHECK(f.route(r).action == RouteAction::pass);
  }
  f.rules.domains = {"umin.ac.jp", "umin.jp"};
  check_reject(f.route("<a b@umin.jp>"), RouteCase::unparsable, "550", "5.1.3");
}

TEST_CASE("routing: several domains and another delimiter") {
  Fixture f;
  f.rules.domains = {"umin.ac.jp", "umin.jp"};
  f.rules.recipient_delimiter = "=";
  auto d = f.route("<taro-old=x@umin.jp>");
  CHECK(d.new_address == "taro-new=x@umin.jp");
  check_reject(f.route("<taro-old+x@umin.jp>"), RouteCase::bad_syntax, "550", "5.1.3");
}

TEST_CASE("routing: explanations say what and why") {
  Fixture f;
  CHECK(explain(f.route("<taro-old@umin.ac.jp>"), "<taro-old@umin.ac.jp>") ==
        "'<taro-old@umin.ac.jp>': rewrite to <taro-new@umin.ac.jp> (old address of 'taro-new', forwarding on "
        "and within its window, 1 hop(s))");
  CHECK(explain(f.route("<nobody-here@umin.ac.jp>"), "<nobody-here@umin.ac.jp>") ==
        "'<nobody-here@umin.ac.jp>': reject 550 5.1.1 User unknown (no such ID, alias or list)");
  for (const char* r : {"<x@example.org>", "<postmaster@umin.ac.jp>", "<taro-new@umin.ac.jp>",
                        "<tetsumon-ml@umin.ac.jp>", "<loop-a@umin.ac.jp>", "<taro-expired@umin.ac.jp>",
                        "<taro-optout@umin.ac.jp>", "<gone-old@umin.ac.jp>", "<foo_bar@umin.ac.jp>"}) {
    CAPTURE(r);
    auto text = explain(f.route(r), r);
    CHECK(text.rfind("'" + std::string(r) + "': ", 0) == 0);
    CHECK(text.size() > std::string(r).size() + 20);
  }
}

TEST_CASE("routing: reply texts are safe for smfi_setreply") {
  CHECK(is_valid_reply_text("User unknown"));
  CHECK_FALSE(is_valid_reply_text(""));
  CHECK_FALSE(is_valid_reply_text("a\r\nb"));
  CHECK_FALSE(is_valid_reply_text("100%"));
  CHECK_FALSE(is_valid_reply_text(std::string(981, 'x')));
  CHECK(is_valid_reply_text(std::string(980, 'x')));
}
