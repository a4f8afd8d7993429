// test_store_lifecycle.cpp — rename (lock, forwarding window, opt-out,
// chains), merge, handover, delete and list protection, each at its boundary.
#include "store_fixture.hpp"

using namespace umind;
using namespace std::chrono;
using umind::test::at;
using umind::test::refusal_rule;
using umind::test::StoreFixture;

TEST_CASE("rename: the lock holds for one calendar year (day 364 vs 366)") {
  StoreFixture f;
  f.create("taro-tky");
  f.now = at("2026-01-10T12:00:00Z");
  f.store->rename("taro-tky", "taro-a", f.req());
  f.now = at("2026-01-10T12:00:00Z") + days{364};
  CHECK(refusal_rule([&] { f.store->rename("taro-a", "taro-b", f.req()); }) == "rename.lock");
  f.now = at("2027-01-10T11:59:59Z");
  CHECK(refusal_rule([&] { f.store->rename("taro-a", "taro-b", f.req()); }) == "rename.lock");
  f.now = at("2026-01-10T12:00:00Z") + days{366};
  CHECK(f.store->rename("taro-a", "taro-b", f.req()).id == "taro-b");
}

TEST_CASE("rename: the old address forwards for one calendar year, Feb 29 -> Feb 28") {
  StoreFixture f;
  Account a = f.create("taro-tky");
  f.store->grant("taro-tky", "epoc", f.req());
  f.now = at("2028-02-29T10:00:00Z");
  Account renamed = f.store->rename("taro-tky", "taro-new", f.req());
  CHECK(renamed.key == a.key);  // the stable key survives
  CHECK(renamed.services == std::vector<std::string>{"epoc"});
  CHECK(renamed.general_scheme == "crypt");  // passwords carry over
  auto aliases = f.store->aliases_of("taro-new");
  REQUIRE(aliases.size() == 1);
  CHECK(aliases[0].forward_until == at("2029-02-28T10:00:00Z"));
  CHECK(aliases[0].forward_enabled);
  CHECK(aliases[0].reason == "rename");
  f.now = at("2029-02-28T09:59:59Z");
  auto d = f.route("<taro-tky@umin.ac.jp>");
  CHECK(d.route_case == RouteCase::forward);
  CHECK(d.new_address == "taro-new@umin.ac.jp");
  f.now = at("2029-02-28T10:00:00Z");
  CHECK(f.route("<taro-tky@umin.ac.jp>").route_case == RouteCase::alias_expired);
  CHECK(f.route("<taro-new@umin.ac.jp>").route_case == RouteCase::live);
}

TEST_CASE("rename: forwarding can be turned off and on, for all or one old ID") {
  StoreFixture f;
  f.create("taro-tky");
  f.store->rename("taro-tky", "taro-two", f.req());
  f.now += days{400};
  f.store->rename("taro-two", "taro-three", f.req());
  CHECK(f.route("<taro-two@umin.ac.jp>").new_address == "taro-three@umin.ac.jp");
  CHECK(f.store->set_forwarding("taro-three", false, f.req()) == 2);
  CHECK(f.route("<taro-two@umin.ac.jp>").route_case == RouteCase::forward_off);
  CHECK(f.store->set_forwarding("taro-two", true, f.req()) == 1);
  CHECK(f.route("<taro-two@umin.ac.jp>").route_case == RouteCase::forward);
  CHECK_THROWS_AS(f.store->set_forwarding("nobody-x", true, f.req()), store::OperationError);
}

TEST_CASE("rename: the new ID passes the policy and list memberships follow") {
  StoreFixture f;
  f.create("taro-tky");
  f.store->create_list("news-ml", "news@lists.example.org", false, f.req());
  f.store->add_member("news-ml", "taro-tky", f.req());
  CHECK(refusal_rule([&] { f.store->rename("taro-tky", "taro-com", f.req()); }) == "kind.com-suffix");
  CHECK(refusal_rule([&] { f.store->rename("taro-tky", "news-ml", f.req()); }) == "id.used");
  f.store->rename("taro-tky", "taro-new", f.req());
  CHECK(f.store->show_list("news-ml").members == std::vector<std::string>{"taro-new"});
}

TEST_CASE("merge: personal only, grants and lists united, the duplicate forwards") {
  StoreFixture f;
  f.create("taro-dup");
  f.create("taro-keep");
  f.create("acme-role", Kind::role);
  f.store->grant("taro-dup", "epoc", f.req());
  f.store->grant("taro-dup", "ctr", f.req());
  f.store->grant("taro-keep", "ctr", f.req());
  f.store->create_list("news-ml", "news@lists.example.org", false, f.req());
  f.store->add_member("news-ml", "taro-dup", f.req());
  CHECK(refusal_rule([&] { f.store->merge("acme-role", "taro-keep", f.req()); }) == "merge.kind");
  CHECK(refusal_rule([&] { f.store->merge("taro-keep", "taro-keep", f.req()); }) == "merge.same");
  Account keep = f.store->merge("taro-dup", "taro-keep", f.req());
  CHECK(keep.services == std::vector<std::string>{"ctr", "epoc"});
  CHECK(keep.lists == std::vector<std::string>{"news-ml"});
  Account dup = f.store->show("taro-dup");
  CHECK(dup.status == AccountStatus::merged);
  CHECK(dup.merged_into == "taro-keep");
  CHECK(dup.general_scheme.empty());  // can no longer log in
  CHECK(f.route("<taro-dup@umin.ac.jp>").new_address == "taro-keep@umin.ac.jp");
  CHECK(refusal_rule([&] { f.store->grant("taro-dup", "x", f.req()); }) == "account.merged");
}

TEST_CASE("handover: non-personal only, new contact and passwords at once") {
  StoreFixture f;
  f.create("taro-tky");
  f.create("jsm-office", Kind::group);
  f.store->change_password("jsm-office", PasswordKind::general, "{CRYPT}$6$p$pending", false, f.req());
  CHECK(refusal_rule([&] {
          f.store->handover("taro-tky", "next@example.org", "{CRYPT}$6$a$b", "{CRYPT}$6$c$d", f.req());
        }) == "handover.personal");
  Account a = f.store->handover("jsm-office", "next@example.org", "{CRYPT}$6$a$b", "{SSHA}abc", f.req());
  CHECK(a.contact == "next@example.org");
  CHECK(a.general_scheme == "crypt");
  CHECK(a.indice_scheme == "ssha");
  CHECK(a.pending.empty());
}

TEST_CASE("delete: needs a reason, protected lists need the override, mail gets 550") {
  StoreFixture f;
  f.create("taro-tky");
  f.create("hana-tky");
  f.store->create_list("tetsumon-ml", "tetsumon@lists.example.org", true, f.req());
  f.store->add_member("tetsumon-ml", "taro-tky", f.req());
  CHECK(refusal_rule([&] { f.store->remove("hana-tky", "  ", false, false, f.req()); }) == "delete.reason");
  CHECK(refusal_rule([&] { f.store->remove("taro-tky", "retired", false, false, f.req()); }) ==
        "delete.protected-list");
  Account gone = f.store->remove("taro-tky", "deceased", true, true, f.req());
  CHECK(gone.status == AccountStatus::deleted);
  CHECK(gone.deleted_by_third_party);
  CHECK(gone.delete_reason == "deceased");
  CHECK(f.store->show_list("tetsumon-ml").members.empty());
  CHECK(f.route("<taro-tky@umin.ac.jp>").route_case == RouteCase::unknown);
  CHECK(refusal_rule([&] { f.store->remove("taro-tky", "again", false, false, f.req()); }) == "account.deleted");
}

TEST_CASE("lists: creation rules, members, route to deliver-to") {
  StoreFixture f;
  f.create("taro-tky");
  CHECK(refusal_rule([&] { f.store->create_list("ml-com", "x@example.org", false, f.req()); }) ==
        "list.com-suffix");
  CHECK(refusal_rule([&] { f.store->create_list("news-ml", "not-an-address", false, f.req()); }) ==
        "contact.address");
  f.store->create_list("news-ml", "news@lists.example.org", false, f.req());
  f.store->add_member("news-ml", "taro-tky", f.req());
  f.store->add_member("news-ml", "taro-tky", f.req());  // idempotent
  CHECK(f.store->show_list("news-ml").members.size() == 1);
  CHECK(f.route("<news-ml@umin.ac.jp>").new_address == "news@lists.example.org");
  f.store->remove_member("news-ml", "taro-tky", f.req());
  CHECK_THROWS_AS(f.store->remove_member("news-ml", "taro-tky", f.req()), store::OperationError);
  CHECK_THROWS_AS(f.store->show_list("nope-ml"), store::OperationError);
}

TEST_CASE("grants: service names are checked, revoke reports what changed") {
  StoreFixture f;
  f.create("taro-tky");
  CHECK(refusal_rule([&] { f.store->grant("taro-tky", "Bad Service", f.req()); }) == "service.name");
  CHECK(f.store->grant("taro-tky", "epoc", f.req()));
  CHECK(f.store->revoke("taro-tky", "epoc", f.req()));
  CHECK_FALSE(f.store->revoke("taro-tky", "epoc", f.req()));
}
