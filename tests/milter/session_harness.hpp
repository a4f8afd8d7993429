// session_harness.hpp — drives a MilterSession the way libmilter would, in
// memory: a replica built with ReplicaBuilder (the routes of routes.ldif), a
// clock that can be made to fail, and a recording fake of MessageActions.
// Free of Catch: the unit tests and fuzz/milter_session use it.
#pragma once
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "milter/milter_session.hpp"
#include "milter/replica/replica_builder.hpp"
#include "tests/milter/replica_records.hpp"

namespace umind::test {

using Calls = std::vector<std::string>;

// A clock standing still at `t`; while `fail` is set, reading it throws (a
// decision that throws).
class FailingClock final : public Clock {
 public:
  explicit FailingClock(TimePoint t) : now_(t) {}
  TimePoint now() const override {
    if (fail) throw std::runtime_error("clock unreadable");
    return now_;
  }
  bool fail = false;

 private:
  TimePoint now_;
};

// Records every call, in order: "reply 550 5.1.1 User unknown",
// "delete <old@…>", "add <new@…>". `refuse_changes`: the MTA refuses
// recipient changes.
class RecordingMta final : public milter::MessageActions {
 public:
  bool set_reply(std::string_view code, std::string_view enhanced, std::string_view text) override {
    calls.push_back("reply " + std::string(code) + " " + std::string(enhanced) + " " + std::string(text));
    return true;
  }
  bool add_recipient(std::string_view address) override { return change("add ", address); }
  bool delete_recipient(std::string_view address) override { return change("delete ", address); }
  std::string queue_id() const override { return "4QzX1"; }

  Calls calls;
  bool refuse_changes = false;

 private:
  bool change(const char* what, std::string_view address) {
    calls.push_back(what + std::string(address));
    return !refuse_changes;
  }
};

// The instant every test starts at: the wall clock's now, so that freshness
// reads the same whether the view is asked with the business clock or with
// physical time. The routes' windows (2020, 2099) are far from it.
inline TimePoint start_time() {
  static const TimePoint t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return t;
}

// The routes of routes.ldif, as the sync client would feed them.
inline void load_routes(replica::ReplicaBuilder& b) {
  const TimePoint open = parse_iso8601("2099-12-31T00:00:00Z").value();
  const TimePoint over = parse_iso8601("2020-01-01T00:00:00Z").value();
  std::vector<replica::RouteRecord> records{
      live_record(1, "kiuchi-tky"),
      live_record(2, "new-x"),
      live_record(3, "legacy_id"),
      alias_record(4, "old-x", "new-x", open),
      alias_record(5, "twohop-x", "old-x", open),
      alias_record(6, "expired-x", "new-x", over),
      alias_record(7, "off-x", "new-x", open, false),
      alias_record(8, "gone-x", "deleted-x", open),
      alias_record(9, "loop-a", "loop-b", open),
      alias_record(10, "loop-b", "loop-a", open),
      list_record(11, "soc-list", "members@lists.example.org"),
  };
  for (unsigned i = 1; i <= 9; ++i)  // ch1-x -> ... -> ch9-x -> new-x: one hop too many
    records.push_back(alias_record(20 + i, "ch" + std::to_string(i) + "-x",
                                   i < 9 ? "ch" + std::to_string(i + 1) + "-x" : "new-x", open));
  b.begin_refresh(true);
  for (const auto& r : records)
    if (!b.upsert(r)) throw std::logic_error("the replica refused the test route " + r.name);
  b.end_present_phase();
  b.end_refresh();
}

// One MTA connection: a session over a replica that is loaded and live
// (unless told otherwise), and what it did to the MTA.
struct SessionHarness {
  enum class Replica { loaded, not_loaded };

  explicit SessionHarness(Replica r = Replica::loaded) {
    if (r == Replica::not_loaded) return;
    replica::ReplicaBuilder builder;
    load_routes(builder);
    view.publish(builder.publish());
    view.mark_live(start_time());
  }

  milter::Verdict rcpt(std::string_view recipient) { return session.on_recipient(context, recipient, mta); }
  milter::Verdict eom() { return session.on_end_of_message(context, mta); }
  void abort() { session.on_abort(); }
  // The calls made since the last look.
  Calls calls() { return std::exchange(mta.calls, {}); }
  void set_rules(RoutingRules r) { context.rules.store(std::make_shared<const RoutingRules>(std::move(r))); }

  FailingClock clock{start_time()};
  replica::ReplicaView view;
  milter::MilterContext context{view, clock, std::make_shared<const RoutingRules>()};
  milter::MilterSession session;
  RecordingMta mta;
};

}  // namespace umind::test
