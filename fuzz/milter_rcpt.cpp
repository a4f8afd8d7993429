// milter_rcpt.cpp — fuzzes the milter's per-connection work through the real
// MilterSession (milter/milter_session.hpp) over the replica and the
// recording MTA of tests/milter/session_harness.hpp. Input: a rules byte, a
// replica byte (live, not loaded, stale by link or heartbeat, lost but
// fresh), then events: RCPT with its argument (up to a NUL, as argv[0]),
// end of message, abort, or a switch (new rules, the clock failing, the MTA
// refusing recipient changes). Each RCPT is also decided by the harness the
// way the session does, as a model of what the message keeps. Checks: the
// RouteDecision contract; a refusal sets exactly one reply fit for
// smfi_setreply and a failure none; nothing changes before end of message;
// end of message deletes only rewritten recipients and adds bracketed
// addresses once each, never one the message already has, exactly the plan
// of this message's kept recipients (nothing leaks from the previous one);
// no exception escapes (the session's methods are noexcept).
#include <set>

#include "base/log.hpp"
#include "core/text.hpp"
#include "fuzz/fuzz_common.hpp"
#include "milter/route_decider.hpp"
#include "tests/milter/session_harness.hpp"

using namespace umind;
using milter::Verdict;
using test::Calls;
using test::SessionHarness;

namespace {

// The replica's state for this input, against physical time now (as the
// session measures it), far from the 10 min of max_staleness either way.
void set_replica(SessionHarness& h, std::uint8_t b) {
  using std::chrono::minutes;
  const TimePoint now = wall_clock_now();
  h.view.set_heartbeat(std::nullopt);
  h.view.mark_live(now);
  switch (b % 4) {
    case 1: h.view.mark_lost(now - minutes(11)); break;  // stale
    case 2: h.view.set_heartbeat(now - minutes(11)); break;
    case 3: h.view.mark_lost(now - minutes(5)); break;   // lost, still fresh
    default: break;
  }
}

// What a message's end must do: its kept recipients' plan, or nothing
// without a rewrite.
Calls expected_changes(const std::vector<RecipientOutcome>& kept) {
  bool rewrites = false;
  for (const auto& k : kept) rewrites = rewrites || !k.new_address.empty();
  if (!rewrites) return {};
  RecipientPlan plan = plan_recipient_changes(kept);
  Calls out;
  for (const auto& r : plan.remove) out.push_back("delete " + r);
  for (const auto& a : plan.add) out.push_back("add " + a);
  return out;
}

// The plan's own contract, whatever the model says (the old target's checks).
void check_plan(const std::vector<RecipientOutcome>& kept, const Calls& changes) {
  std::multiset<std::string> rewritten;
  std::set<std::string> present;  // recipients kept as they are, as the plan compares them
  for (const auto& k : kept) {
    if (!k.new_address.empty()) {
      rewritten.insert(k.original);
      continue;
    }
    std::string_view o = k.original;
    if (o.size() >= 2 && o.front() == '<' && o.back() == '>') o = o.substr(1, o.size() - 2);
    present.insert(to_lower_ascii(o));
  }
  std::set<std::string> added;
  bool adding = false;
  for (const auto& c : changes) {
    if (c.rfind("delete ", 0) == 0) {
      FUZZ_CHECK(!adding, "deletes come before adds");
      FUZZ_CHECK(rewritten.count(c.substr(7)) > 0, "deletes only a rewritten recipient");
      continue;
    }
    FUZZ_CHECK(c.rfind("add ", 0) == 0, "only deletes and adds at end of message");
    adding = true;
    std::string_view a = std::string_view(c).substr(4);
    FUZZ_CHECK(a.size() >= 3 && a.front() == '<' && a.back() == '>', "adds a bracketed address");
    std::string key = to_lower_ascii(a.substr(1, a.size() - 2));
    FUZZ_CHECK(added.insert(key).second, "adds an address once");
    FUZZ_CHECK(present.count(key) == 0, "never adds a recipient the message already has");
  }
}

// One connection: the session under test and the model of its message.
struct Connection {
  SessionHarness& h;
  std::vector<RecipientOutcome> kept;  // the model: what this message keeps

  void rcpt(std::string_view recipient) {
    const bool failing = h.clock.fail;
    RouteDecision d;
    if (!failing) {
      d = milter::decide_recipient(h.context, recipient);
      fuzz::check_decision(d, recipient, *h.context.rules.load());
    }
    Verdict v = h.rcpt(recipient);
    Calls calls = h.calls();
    if (failing) {
      FUZZ_CHECK(v == Verdict::tempfail && calls.empty(), "a failed decision tempfails without a reply");
      return;
    }
    switch (d.action) {
      case RouteAction::pass:
      case RouteAction::accept:
      case RouteAction::rewrite:
        FUZZ_CHECK(v == Verdict::proceed, "a kept recipient proceeds");
        FUZZ_CHECK(calls.empty(), "nothing changes before end of message");
        kept.push_back({std::string(recipient), d.new_address});
        return;
      case RouteAction::reject:
      case RouteAction::tempfail: break;
    }
    FUZZ_CHECK(v == (d.action == RouteAction::reject ? Verdict::reject : Verdict::tempfail), "refusal verdict");
    FUZZ_CHECK(calls.size() == 1, "a refusal sets exactly one reply");
    FUZZ_CHECK(calls[0] == "reply " + std::string(d.smtp_code) + " " + std::string(d.enhanced) + " " + d.reply_text,
               "the reply is the decision's");
  }

  void end_of_message() {
    const bool refused = h.mta.refuse_changes;
    Verdict v = h.eom();
    Calls calls = h.calls();
    Calls expected = expected_changes(kept);
    check_plan(kept, calls);
    if (refused && !expected.empty()) {
      FUZZ_CHECK(v == Verdict::tempfail, "a refused change tempfails");
      FUZZ_CHECK(calls.size() == 1 && calls[0] == expected[0], "stops at the first refused change");
    } else {
      FUZZ_CHECK(v == Verdict::proceed, "end of message proceeds");
      FUZZ_CHECK(calls == expected, "exactly this message's plan");
    }
    kept.clear();
  }

  void abort() {
    h.abort();
    FUZZ_CHECK(h.calls().empty(), "abort changes nothing");
    kept.clear();
  }
};

// Before the first snapshot, or with the routes of routes.ldif.
SessionHarness& harness(bool loaded) {
  static SessionHarness with_replica, without(SessionHarness::Replica::not_loaded);
  return loaded ? with_replica : without;
}

// A level above error: no line at all. The session logs every decision and
// every injected failure (thousands of lines a second, hundreds of MB a run).
// LogLevel is an enum class (int underneath), so the value is a valid one.
void silence_log() {
  configure_log({static_cast<LogLevel>(static_cast<int>(LogLevel::error) + 1), LogTarget::stderr_stream});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = (silence_log(), true);
  (void)quiet;
  fuzz::Bytes in(data, size);
  const std::uint8_t rules = in.byte(), replica = in.byte();
  const bool loaded = replica % 8 != 7;
  SessionHarness& h = harness(loaded);
  h.set_rules(fuzz::rules_from(rules));
  if (loaded) set_replica(h, replica);
  h.session = milter::MilterSession{};  // a new connection
  h.clock.fail = false;
  h.mta.refuse_changes = false;
  h.mta.calls.clear();

  Connection c{h, {}};
  for (int n = 0; n < 256 && !in.empty(); ++n) {
    const std::uint8_t event = in.byte();
    switch (event % 8) {
      case 5: c.end_of_message(); break;
      case 6: c.abort(); break;
      case 7:  // a switch: reload the rules, the clock fails or recovers, the MTA refuses changes or not
        if (event & 0x08) h.set_rules(fuzz::rules_from(in.byte()));
        h.clock.fail = (event & 0x10) != 0 && (event & 0x20) != 0;
        h.mta.refuse_changes = (event & 0x40) != 0;
        break;
      default: c.rcpt(std::string(in.until('\0'))); break;  // argv[0] is a C string
    }
  }
  c.end_of_message();  // the last message ends too: a fresh model, checked
  return 0;
}
