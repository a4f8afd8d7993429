// test_account_store.cpp — creating, showing and finding accounts; the ID
// rules that need data (one personal ID per person, names never reissued);
// the journal.
#include "store_fixture.hpp"

using namespace umind;
using umind::test::refusal_rule;
using umind::test::StoreFixture;

TEST_CASE("a created account can be shown, found and listed") {
  StoreFixture f;
  store::NewAccount n;
  n.id = "kiuchi-tky";
  n.name = "Kiuchi Taro";
  n.contact = "taro@example.org";
  n.affiliation = "Univ. of Tokyo";
  n.person_key = "MD-1";
  n.general_hash = "{CRYPT}$6$abc$def";
  Account a = f.store->create(n, f.req());
  CHECK(a.key > 0);
  CHECK(a.status == AccountStatus::active);
  CHECK(a.general_scheme == "crypt");
  CHECK(a.indice_scheme.empty());
  Account shown = f.store->show("kiuchi-tky");
  CHECK(shown.name == "Kiuchi Taro");
  CHECK(shown.created_at == f.now);
  CHECK(f.store->find("Tokyo").size() == 1);
  CHECK(f.store->find("MD-1").size() == 1);
  CHECK(f.store->find("nothing-like-it").empty());
  CHECK(f.store->find("%").empty());  // LIKE wildcards are literal
  CHECK(f.store->list(Kind::personal, AccountStatus::active).size() == 1);
  CHECK(f.store->list(Kind::role, std::nullopt).empty());
}

TEST_CASE("creation obeys the ID policy and the configured patterns") {
  StoreFixture f;
  CHECK(refusal_rule([&] { f.create("Bad-id"); }) == "id.uppercase");
  CHECK(refusal_rule([&] { f.create("acme-com"); }) == "kind.com-suffix");
  CHECK(refusal_rule([&] { f.create("xgakkai-com", Kind::contractor); }) == "kind.society-name");
  CHECK(refusal_rule([&] { f.create("admin-x"); }) == "id.reserved");
  CHECK(refusal_rule([&] {
          store::NewAccount n;
          n.id = "taro-tky";
          n.contact = "not an address";
          f.store->create(n, f.req());
        }) == "contact.address");
  CHECK(f.store->status().active == 0);
  CHECK(f.store->journal_since(0, 10).empty());  // refusals write nothing
}

TEST_CASE("one personal ID per person, the refusal names the existing ID") {
  StoreFixture f;
  f.create("taro-tky", Kind::personal, "MD-1");
  try {
    f.create("taro-osk", Kind::personal, "MD-1");
    FAIL("a second personal ID was created");
  } catch (const store::OperationError& e) {
    CHECK(e.rule == "person.one-personal-id");
    CHECK(std::string(e.what()).find("'taro-tky'") != std::string::npos);
  }
  f.create("taro-role", Kind::role, "MD-1");  // other kinds may share the person
}

TEST_CASE("an ID once used is never issued again") {
  StoreFixture f;
  f.create("taro-tky");
  CHECK(refusal_rule([&] { f.create("taro-tky"); }) == "id.used");
  f.store->rename("taro-tky", "taro-new", f.req());
  CHECK(refusal_rule([&] { f.create("taro-tky"); }) == "id.used");  // old ID
  f.create("hana-tky");
  f.store->remove("hana-tky", "left medicine", false, false, f.req());
  CHECK(refusal_rule([&] { f.create("hana-tky"); }) == "id.used");  // deleted ID
  f.store->create_list("news-ml", "news@lists.example.org", false, f.req());
  CHECK(refusal_rule([&] { f.create("news-ml"); }) == "id.used");  // list names share the space
  CHECK(refusal_rule([&] { f.store->create_list("taro-new", "x@example.org", false, f.req()); }) == "id.used");
}

TEST_CASE("show by an old ID gives the live account, unknown is not found") {
  StoreFixture f;
  f.create("taro-tky");
  f.store->rename("taro-tky", "taro-new", f.req());
  CHECK(f.store->show("taro-tky").id == "taro-new");
  CHECK(f.store->find("taro-tky").front().id == "taro-new");
  CHECK_THROWS_AS(f.store->show("nobody-here"), store::OperationError);
  CHECK(refusal_rule([&] { f.store->grant("taro-tky", "epoc", f.req()); }) == "account.old-id");
}

TEST_CASE("every write leaves one journal row without secrets") {
  StoreFixture f;
  f.create("taro-tky");
  f.store->update("taro-tky", {std::string("Taro"), std::nullopt, std::nullopt}, f.req());
  f.store->grant("taro-tky", "epoc", f.req());
  CHECK_FALSE(f.store->grant("taro-tky", "epoc", f.req()));  // no change, no row
  f.store->change_password("taro-tky", PasswordKind::general, "{CRYPT}$6$zz$SECRETHASH", false, f.req());
  auto rows = f.store->journal_since(0, 100);
  REQUIRE(rows.size() == 4);
  std::vector<std::string> ops;
  for (const auto& r : rows) {
    ops.push_back(r.op);
    CHECK(r.actor == "test");
    CHECK(r.data.dump().find("SECRETHASH") == std::string::npos);
    CHECK(r.data.dump().find("$6$") == std::string::npos);
  }
  CHECK(ops == std::vector<std::string>{"account.create", "account.set", "grant", "password.request"});
  CHECK(rows[1].seq > rows[0].seq);
  CHECK(f.store->journal_since(rows[1].seq, 100).size() == 2);
  CHECK(f.store->status().journal_head == rows.back().seq);
}

TEST_CASE("the store survives reopening and refuses a newer schema") {
  StoreFixture f;
  f.create("taro-tky");
  auto path = (f.dir / "umind.db").string();
  f.store.reset();
  f.store = std::make_unique<store::AccountStore>(path, StoreFixture::default_policy());
  CHECK(f.store->show("taro-tky").id == "taro-tky");
  f.store.reset();
  {
    sql::Database db(path, sql::Database::Mode::read_write);
    db.exec("PRAGMA user_version = 999");
  }
  CHECK_THROWS_AS(store::AccountStore(path, StoreFixture::default_policy()), sql::StoreError);
}
