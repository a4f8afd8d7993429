// test_milter_session.cpp — every row of DESIGN §6 through a MilterSession
// and a recording fake of the MTA, in memory: what each RCPT is answered
// (the exact reply), which recipient changes come at end of message and only
// then, the stale degrade row, message boundaries on one connection (end of
// message, abort) and failures turning into tempfails.
#include <catch2/catch.hpp>

#include <chrono>

#include "base/metrics.hpp"
#include "session_harness.hpp"

namespace Catch {
template <>
struct StringMaker<umind::milter::Verdict> {
  static std::string convert(umind::milter::Verdict v) {
    switch (v) {
      case umind::milter::Verdict::proceed: return "proceed";
      case umind::milter::Verdict::reject: return "reject";
      case umind::milter::Verdict::tempfail: return "tempfail";
    }
    return "?";
  }
};
}  // namespace Catch

using namespace umind;
using namespace umind::test;
using milter::Verdict;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const std::string user_unknown = "reply 550 5.1.1 User unknown";
const std::string bad_syntax = "reply 550 5.1.3 Bad recipient address syntax";
const std::string routing_loop = "reply 554 5.4.6 Routing loop detected";
const std::string not_loaded = "reply 451 4.3.0 Directory unavailable, try again later";
const std::string out_of_date = "reply 451 4.3.0 Directory may be out of date, try again later";

struct Row {
  const char* recipient;
  Verdict verdict;
  std::string reply;  // empty: accepted without a reply
};

// Each row alone in a message: its RCPT answer, and no recipient change at
// end of message (these rows keep or refuse the recipient as it is).
void check_rows(SessionHarness& h, const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    CAPTURE(row.recipient);
    CHECK(h.rcpt(row.recipient) == row.verdict);
    CHECK(h.calls() == (row.reply.empty() ? Calls{} : Calls{row.reply}));
    CHECK(h.eom() == Verdict::proceed);
    CHECK(h.calls().empty());
  }
}

// One message of accepted recipients; the changes made at end of message.
Calls changes_for(SessionHarness& h, const std::vector<const char*>& recipients) {
  for (const char* r : recipients) {
    CAPTURE(r);
    REQUIRE(h.rcpt(r) == Verdict::proceed);
  }
  REQUIRE(h.calls().empty());  // nothing changes before end of message
  REQUIRE(h.eom() == Verdict::proceed);
  return h.calls();
}

// The replica's link was lost `age` ago.
void age_replica(SessionHarness& h, seconds age) { h.view.mark_lost(start_time() - age); }

}  // namespace

TEST_CASE("session: a live ID is accepted untouched") {
  SessionHarness h;
  check_rows(h, {{"<kiuchi-tky@umin.ac.jp>", Verdict::proceed, ""},
                 {"<KIUCHI-TKY@Umin.AC.JP>", Verdict::proceed, ""},
                 {"<kiuchi-tky+news@umin.ac.jp>", Verdict::proceed, ""},
                 {"<legacy_id@umin.ac.jp>", Verdict::proceed, ""}});
}

TEST_CASE("session: a list is replaced by its deliver-to at end of message") {
  SessionHarness h;
  CHECK(changes_for(h, {"<soc-list@umin.ac.jp>"}) ==
        Calls{"delete <soc-list@umin.ac.jp>", "add <members@lists.example.org>"});
}

TEST_CASE("session: an old address in its window is replaced by the new one at end of message") {
  SessionHarness h;
  SECTION("plain") {
    CHECK(changes_for(h, {"<old-x@umin.ac.jp>"}) == Calls{"delete <old-x@umin.ac.jp>", "add <new-x@umin.ac.jp>"});
  }
  SECTION("+detail is kept") {
    CHECK(changes_for(h, {"<old-x+news@umin.ac.jp>"}) ==
          Calls{"delete <old-x+news@umin.ac.jp>", "add <new-x+news@umin.ac.jp>"});
  }
  SECTION("a chain resolves to the live ID, the recipient deleted as the MTA gave it") {
    CHECK(changes_for(h, {"<TwoHop-X@umin.ac.jp>"}) ==
          Calls{"delete <TwoHop-X@umin.ac.jp>", "add <new-x@umin.ac.jp>"});
  }
}

TEST_CASE("session: old and new address both recipients give one delivery") {
  SessionHarness h;
  SECTION("old first") {
    CHECK(changes_for(h, {"<old-x@umin.ac.jp>", "<new-x@umin.ac.jp>"}) == Calls{"delete <old-x@umin.ac.jp>"});
  }
  SECTION("new first, in another case") {
    CHECK(changes_for(h, {"<NEW-X@umin.ac.jp>", "<old-x@umin.ac.jp>"}) == Calls{"delete <old-x@umin.ac.jp>"});
  }
  SECTION("two old addresses of one ID") {
    CHECK(changes_for(h, {"<old-x@umin.ac.jp>", "<twohop-x@umin.ac.jp>"}) ==
          Calls{"delete <old-x@umin.ac.jp>", "delete <twohop-x@umin.ac.jp>", "add <new-x@umin.ac.jp>"});
  }
  SECTION("a list and its deliver-to") {
    CHECK(changes_for(h, {"<members@lists.example.org>", "<soc-list@umin.ac.jp>"}) ==
          Calls{"delete <soc-list@umin.ac.jp>"});
  }
}

TEST_CASE("session: refusals are answered at RCPT with the exact reply of the table") {
  SessionHarness h;
  check_rows(h, {{"<off-x@umin.ac.jp>", Verdict::reject, user_unknown},       // forwarding off
                 {"<expired-x@umin.ac.jp>", Verdict::reject, user_unknown},   // window over
                 {"<gone-x@umin.ac.jp>", Verdict::reject, user_unknown},      // alias of a deleted ID
                 {"<deleted-x@umin.ac.jp>", Verdict::reject, user_unknown},   // deleted ID: no entry
                 {"<nobody-x@umin.ac.jp>", Verdict::reject, user_unknown},    // unknown
                 {"<x@umin.ac.jp>", Verdict::reject, bad_syntax},             // not an ID
                 {"<\"kiuchi tky\"@umin.ac.jp>", Verdict::reject, bad_syntax},  // quoted
                 {"<+news@umin.ac.jp>", Verdict::reject, bad_syntax},         // empty before +detail
                 {"<loop-a@umin.ac.jp>", Verdict::reject, routing_loop},      // loop
                 {"<ch1-x@umin.ac.jp>", Verdict::reject, routing_loop}});     // chain longer than 8
}

TEST_CASE("session: mail.expired_alias_reply moved_to names the new address") {
  SessionHarness h;
  RoutingRules rules;
  rules.expired_alias_reply = ExpiredAliasReply::moved_to;
  h.set_rules(rules);
  check_rows(h, {{"<expired-x@umin.ac.jp>", Verdict::reject, "reply 550 5.1.6 User has moved to <new-x@umin.ac.jp>"}});
}

TEST_CASE("session: other domains and postmaster pass untouched, loaded or not") {
  const std::vector<Row> rows{{"<someone@example.org>", Verdict::proceed, ""},
                              {"<postmaster@umin.ac.jp>", Verdict::proceed, ""},
                              {"<Abuse@UMIN.AC.JP>", Verdict::proceed, ""}};
  SECTION("loaded") {
    SessionHarness h;
    check_rows(h, rows);
  }
  SECTION("not loaded") {
    SessionHarness h(SessionHarness::Replica::not_loaded);
    check_rows(h, rows);
  }
}

TEST_CASE("session: replica not loaded -> 451 4.3.0 for every recipient in our domains") {
  SessionHarness h(SessionHarness::Replica::not_loaded);
  check_rows(h, {{"<kiuchi-tky@umin.ac.jp>", Verdict::tempfail, not_loaded},
                 {"<old-x@umin.ac.jp>", Verdict::tempfail, not_loaded},
                 {"<soc-list@umin.ac.jp>", Verdict::tempfail, not_loaded},
                 {"<nobody-x@umin.ac.jp>", Verdict::tempfail, not_loaded},
                 {"<x@umin.ac.jp>", Verdict::tempfail, not_loaded}});
}

TEST_CASE("session: a stale replica still routes what it holds, and refusals it could be wrong about tempfail") {
  SessionHarness h;
  SECTION("its link lost longer ago than milter.max_staleness") { age_replica(h, minutes(11)); }
  SECTION("live, but its uminHeartbeat older than milter.max_staleness") {
    h.view.set_heartbeat(start_time() - minutes(11));
  }
  check_rows(h, {{"<kiuchi-tky@umin.ac.jp>", Verdict::proceed, ""},
                 {"<postmaster@umin.ac.jp>", Verdict::proceed, ""},
                 {"<nobody-x@umin.ac.jp>", Verdict::tempfail, out_of_date},   // could be a new ID
                 {"<expired-x@umin.ac.jp>", Verdict::tempfail, out_of_date},  // window could be extended
                 {"<off-x@umin.ac.jp>", Verdict::tempfail, out_of_date},      // forwarding could be back on
                 {"<gone-x@umin.ac.jp>", Verdict::tempfail, out_of_date},
                 {"<x@umin.ac.jp>", Verdict::reject, bad_syntax},             // syntax stays
                 {"<loop-a@umin.ac.jp>", Verdict::reject, routing_loop}});    // loop stays
  CHECK(changes_for(h, {"<old-x+news@umin.ac.jp>", "<soc-list@umin.ac.jp>"}) ==
        Calls{"delete <old-x+news@umin.ac.jp>", "delete <soc-list@umin.ac.jp>", "add <new-x+news@umin.ac.jp>",
              "add <members@lists.example.org>"});
}

TEST_CASE("session: staleness is measured against milter.max_staleness and ends when the link is back") {
  SessionHarness h;
  age_replica(h, minutes(9));  // within milter.max_staleness (10m)
  check_rows(h, {{"<nobody-x@umin.ac.jp>", Verdict::reject, user_unknown}});
  RoutingRules tight;
  tight.max_staleness = minutes(5);
  h.set_rules(tight);
  check_rows(h, {{"<nobody-x@umin.ac.jp>", Verdict::tempfail, out_of_date}});
  h.view.mark_live(start_time());
  check_rows(h, {{"<nobody-x@umin.ac.jp>", Verdict::reject, user_unknown}});
}

TEST_CASE("session: recipients change only at end of message, refused ones never") {
  SessionHarness h;
  CHECK(h.rcpt("<old-x@umin.ac.jp>") == Verdict::proceed);
  CHECK(h.rcpt("<off-x@umin.ac.jp>") == Verdict::reject);
  CHECK(h.rcpt("<soc-list@umin.ac.jp>") == Verdict::proceed);
  CHECK(h.rcpt("<kiuchi-tky@umin.ac.jp>") == Verdict::proceed);
  CHECK(h.calls() == Calls{user_unknown});  // the refusal's reply, no recipient change
  CHECK(h.eom() == Verdict::proceed);
  CHECK(h.calls() == Calls{"delete <old-x@umin.ac.jp>", "delete <soc-list@umin.ac.jp>", "add <new-x@umin.ac.jp>",
                           "add <members@lists.example.org>"});
}

TEST_CASE("session: one message's recipients do not leak into the next on the same connection") {
  SessionHarness h;
  CHECK(changes_for(h, {"<old-x@umin.ac.jp>", "<soc-list@umin.ac.jp>"}).size() == 4);
  CHECK(changes_for(h, {"<kiuchi-tky@umin.ac.jp>"}).empty());
  // and a new address accepted before is no longer "already a recipient"
  CHECK(changes_for(h, {"<new-x@umin.ac.jp>"}).empty());
  CHECK(changes_for(h, {"<old-x@umin.ac.jp>"}) == Calls{"delete <old-x@umin.ac.jp>", "add <new-x@umin.ac.jp>"});
}

TEST_CASE("session: abort ends the message") {
  SessionHarness h;
  SECTION("after rewrites were planned") {
    REQUIRE(h.rcpt("<old-x@umin.ac.jp>") == Verdict::proceed);
    h.abort();
  }
  SECTION("after a message whose every recipient was refused") {
    REQUIRE(h.rcpt("<nobody-x@umin.ac.jp>") == Verdict::reject);
    REQUIRE(h.calls() == Calls{user_unknown});
    h.abort();
  }
  SECTION("with no message at all") { h.abort(); }
  CHECK(changes_for(h, {"<kiuchi-tky@umin.ac.jp>"}).empty());
  CHECK(changes_for(h, {"<soc-list@umin.ac.jp>"}) ==
        Calls{"delete <soc-list@umin.ac.jp>", "add <members@lists.example.org>"});
}

TEST_CASE("session: a decision that throws is a tempfail, and its recipient is never rewritten") {
  SessionHarness h;
  h.clock.fail = true;
  CHECK(h.rcpt("<old-x@umin.ac.jp>") == Verdict::tempfail);
  CHECK(h.rcpt("<kiuchi-tky@umin.ac.jp>") == Verdict::tempfail);
  h.clock.fail = false;
  CHECK(h.rcpt("<soc-list@umin.ac.jp>") == Verdict::proceed);
  CHECK(h.calls().empty());
  CHECK(h.eom() == Verdict::proceed);
  CHECK(h.calls() == Calls{"delete <soc-list@umin.ac.jp>", "add <members@lists.example.org>"});
}

TEST_CASE("session: an MTA refusing a recipient change gets a tempfail, and the next message starts clean") {
  SessionHarness h;
  h.mta.refuse_changes = true;
  REQUIRE(h.rcpt("<old-x@umin.ac.jp>") == Verdict::proceed);
  CHECK(h.eom() == Verdict::tempfail);
  CHECK(h.calls() == Calls{"delete <old-x@umin.ac.jp>"});  // stops at the first refusal
  h.mta.refuse_changes = false;
  CHECK(changes_for(h, {"<kiuchi-tky@umin.ac.jp>"}).empty());
}

TEST_CASE("session: decisions are counted by row, rewrites at end of message") {
  SessionHarness h;
  changes_for(h, {"<old-x@umin.ac.jp>", "<soc-list@umin.ac.jp>", "<kiuchi-tky@umin.ac.jp>"});
  CHECK(h.rcpt("<nobody-x@umin.ac.jp>") == Verdict::reject);
  h.abort();
  Metrics m;
  milter::DecisionMetrics::describe(m);
  h.context.metrics.export_to(m);
  std::string text = m.render();
  CHECK_THAT(text, Catch::Contains("umind_milter_decisions_total{case=\"forward\"} 1"));
  CHECK_THAT(text, Catch::Contains("umind_milter_decisions_total{case=\"list\"} 1"));
  CHECK_THAT(text, Catch::Contains("umind_milter_decisions_total{case=\"live\"} 1"));
  CHECK_THAT(text, Catch::Contains("umind_milter_decisions_total{case=\"unknown\"} 1"));
  CHECK_THAT(text, Catch::Contains("umind_milter_rewrites_total 2"));
}
