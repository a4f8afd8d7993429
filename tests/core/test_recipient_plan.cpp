// test_recipient_plan.cpp — envelope changes at end of message: delete the
// rewritten recipients, add their targets once.
#include <catch2/catch.hpp>

#include "core/recipient_plan.hpp"

using namespace umind;

TEST_CASE("recipient plan: an old address is replaced by the new one") {
  auto plan = plan_recipient_changes({{"<taro-old@umin.ac.jp>", "taro-new@umin.ac.jp"}});
  CHECK(plan.remove == std::vector<std::string>{"<taro-old@umin.ac.jp>"});
  CHECK(plan.add == std::vector<std::string>{"<taro-new@umin.ac.jp>"});
}

TEST_CASE("recipient plan: no duplicate when the new address is already a recipient") {
  auto plan = plan_recipient_changes(
      {{"<taro-old@umin.ac.jp>", "taro-new@umin.ac.jp"}, {"<Taro-New@umin.ac.jp>", ""}});
  CHECK(plan.remove == std::vector<std::string>{"<taro-old@umin.ac.jp>"});
  CHECK(plan.add.empty());
}

TEST_CASE("recipient plan: two old addresses of one ID give one new recipient") {
  auto plan = plan_recipient_changes({{"<taro-old@umin.ac.jp>", "taro-new@umin.ac.jp"},
                                      {"<taro-older@umin.ac.jp>", "taro-new@umin.ac.jp"}});
  CHECK(plan.remove.size() == 2);
  CHECK(plan.add == std::vector<std::string>{"<taro-new@umin.ac.jp>"});
}

TEST_CASE("recipient plan: +detail keeps addresses apart") {
  auto plan = plan_recipient_changes(
      {{"<taro-old+news@umin.ac.jp>", "taro-new+news@umin.ac.jp"}, {"<taro-new@umin.ac.jp>", ""}});
  CHECK(plan.add == std::vector<std::string>{"<taro-new+news@umin.ac.jp>"});
}

TEST_CASE("recipient plan: a foreign list address keeps its case") {
  auto plan = plan_recipient_changes({{"<tetsumon-ml@umin.ac.jp>", "Tetsumon@Lists.Example.org"}});
  CHECK(plan.add == std::vector<std::string>{"<Tetsumon@Lists.Example.org>"});
}

TEST_CASE("recipient plan: nothing rewritten, nothing changed") {
  auto plan = plan_recipient_changes({{"<a-b@umin.ac.jp>", ""}, {"<x@example.org>", ""}});
  CHECK(plan.remove.empty());
  CHECK(plan.add.empty());
}
