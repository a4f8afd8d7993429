// test_store_passwords.cpp — DESIGN §4 in the store: pending until the
// scheduled time, a newer change replaces a pending one, --now and
// immediate policies, general and INDICE independent.
#include "store_fixture.hpp"

using namespace umind;
using namespace std::chrono;
using umind::test::at;
using umind::test::StoreFixture;

TEST_CASE("passwords: hourly pending change applies at the next full hour") {
  StoreFixture f;
  f.create("taro-tky");
  f.now = at("2026-11-25T10:17:00Z");
  TimePoint when = f.store->change_password("taro-tky", PasswordKind::general, "{CRYPT}$6$n$new", false, f.req());
  CHECK(when == at("2026-11-25T11:00:00Z"));
  Account a = f.store->show("taro-tky");
  REQUIRE(a.pending.size() == 1);
  CHECK(a.pending[0].effective_at == when);
  CHECK(f.store->next_password_due() == when);
  f.now = at("2026-11-25T10:59:59Z");
  CHECK(f.store->apply_due_passwords(f.req()) == 0);
  f.now = at("2026-11-25T11:00:00Z");
  CHECK(f.store->apply_due_passwords(f.req()) == 1);
  CHECK(f.store->show("taro-tky").pending.empty());
  CHECK_FALSE(f.store->next_password_due());
  CHECK(f.last_op() == "password.apply");
}

TEST_CASE("passwords: a newer change replaces the pending one") {
  store::StorePolicy p = StoreFixture::default_policy();
  p.apply = ApplyAfterDelay{Duration::of_seconds(seconds{2})};
  StoreFixture f(p);
  f.create("taro-tky");
  f.store->change_password("taro-tky", PasswordKind::general, "{CRYPT}$6$a$first", false, f.req());
  f.now += seconds{1};
  TimePoint second = f.store->change_password("taro-tky", PasswordKind::general, "{SSHA}second", false, f.req());
  CHECK(second == f.now + seconds{2});
  REQUIRE(f.store->show("taro-tky").pending.size() == 1);
  f.now += seconds{2};
  CHECK(f.store->apply_due_passwords(f.req()) == 1);
  CHECK(f.store->show("taro-tky").general_scheme == "ssha");
}

TEST_CASE("passwords: general and INDICE are independent, --now skips the delay") {
  StoreFixture f;
  f.create("taro-tky");
  f.store->change_password("taro-tky", PasswordKind::indice, "{SSHA512}x", false, f.req());
  f.store->change_password("taro-tky", PasswordKind::general, "{CRYPT}$6$b$c", false, f.req());
  CHECK(f.store->show("taro-tky").pending.size() == 2);
  TimePoint now_applied = f.store->change_password("taro-tky", PasswordKind::general, "{SSHA}now", true, f.req());
  CHECK(now_applied == f.now);
  Account a = f.store->show("taro-tky");
  CHECK(a.general_scheme == "ssha");
  REQUIRE(a.pending.size() == 1);  // --now cancels the pending general change
  CHECK(a.pending[0].which == PasswordKind::indice);
}

TEST_CASE("passwords: the immediate policy applies at once") {
  store::StorePolicy p = StoreFixture::default_policy();
  p.apply = ApplyImmediately{};
  StoreFixture f(p);
  f.create("taro-tky");
  f.store->change_password("taro-tky", PasswordKind::indice, "{SSHA}i", false, f.req());
  CHECK(f.store->show("taro-tky").indice_scheme == "ssha");
  CHECK(f.store->status().pending_passwords == 0);
}
