// test_netstring.cpp — the netstring reader: whole and split input, several
// netstrings in one read, every malformed form, the length limit (also for
// lengths that would overflow), and a fuzz run: random bytes in random
// chunks never crash, never hold more than the limit, and every encoded
// payload reads back whole however it is split.
#include <catch2/catch.hpp>

#include <random>

#include "core/netstring.hpp"

using namespace umind;
using Status = NetstringReader::Status;

namespace {

// Feeds `in` in chunks of `chunk` bytes; the payloads read, then "!" + the
// error if the stream went bad.
std::vector<std::string> read_all(std::string_view in, std::size_t chunk, std::size_t limit = 100) {
  NetstringReader r(limit);
  std::vector<std::string> out;
  while (!in.empty()) {
    auto step = r.feed(in.substr(0, std::min(chunk, in.size())));
    in.remove_prefix(step.consumed);
    if (step.status == Status::malformed) {
      out.push_back("!" + std::string(r.error()));
      break;
    }
    if (step.status == Status::complete) {
      out.emplace_back(r.payload());
      r.next();
    }
  }
  return out;
}

}  // namespace

TEST_CASE("netstring: encodes and reads back, whole or one byte at a time") {
  CHECK(encode_netstring("hello") == "5:hello,");
  CHECK(encode_netstring("") == "0:,");
  for (std::size_t chunk : {1, 2, 3, 7, 100}) {
    CAPTURE(chunk);
    CHECK(read_all("5:hello,", chunk) == std::vector<std::string>{"hello"});
    CHECK(read_all("0:,3:a:b,13:access x@y.jp,", chunk) == std::vector<std::string>{"", "a:b", "access x@y.jp"});
  }
}

TEST_CASE("netstring: an unfinished netstring waits for more") {
  NetstringReader r(100);
  auto step = r.feed("13:access x");
  CHECK(step.status == Status::need_more);
  CHECK(step.consumed == 11);
  CHECK(r.in_progress());
  step = r.feed("@y.jp,5:");
  CHECK(step.status == Status::complete);
  CHECK(step.consumed == 6);  // the next netstring's bytes are left alone
  CHECK(r.payload() == "access x@y.jp");
  r.next();
  CHECK_FALSE(r.in_progress());
}

TEST_CASE("netstring: malformed input is refused with a reason") {
  for (const char* bad : {"x", ":", "5x", "5:hello;", "05:hello,", "-1:,", " 5:hello,", "00:,"}) {
    CAPTURE(bad);
    auto got = read_all(bad, 100);
    REQUIRE_FALSE(got.empty());
    CHECK(got.back().front() == '!');
  }
  CHECK(read_all("5:hello,6", 100) == std::vector<std::string>{"hello"});  // the 6 waits for more
  CHECK(read_all("5:hello,x", 100) == std::vector<std::string>{"hello", "!a netstring must start with its length in digits"});
}

TEST_CASE("netstring: the declared length is bounded before any payload arrives") {
  CHECK(read_all("101:", 100) == std::vector<std::string>{"!the netstring is longer than the limit"});
  CHECK(read_all("100:", 100).empty());  // at the limit: waits for the payload
  CHECK(read_all("99999999999999999999999999999:", 100) ==
        std::vector<std::string>{"!the netstring is longer than the limit"});
  CHECK(read_all("7:", 100, 5) == std::vector<std::string>{"!the netstring is longer than the limit"});
  // A huge declared length with few bytes behind it holds only those bytes.
  NetstringReader r(1 << 20);
  CHECK(r.feed("1048576:abc").status == Status::need_more);
  CHECK(r.payload().size() == 3);
}

TEST_CASE("netstring: fuzz — random bytes in random chunks, and round trips") {
  std::mt19937 rng(7);
  auto pick = [&](std::size_t lo, std::size_t hi) { return std::uniform_int_distribution<std::size_t>(lo, hi)(rng); };
  const std::string_view alphabet = "0123456789:,0123456789:,ab ";
  for (int round = 0; round < 50'000; ++round) {
    std::string in;
    for (std::size_t i = pick(0, 40); i > 0; --i)
      in += pick(0, 7) == 0 ? static_cast<char>(pick(0, 255)) : alphabet[pick(0, alphabet.size() - 1)];
    NetstringReader r(16);
    std::string_view rest = in;
    while (!rest.empty()) {
      auto step = r.feed(rest.substr(0, pick(1, 8)));
      REQUIRE(step.consumed <= rest.size());
      REQUIRE(r.payload().size() <= 16);
      rest.remove_prefix(step.consumed);
      if (step.status == Status::malformed) break;
      if (step.status == Status::complete) r.next();
      else REQUIRE(step.consumed > 0);
    }
  }
  for (int round = 0; round < 20'000; ++round) {
    std::vector<std::string> payloads(pick(1, 4));
    std::string stream;
    for (auto& p : payloads) {
      for (std::size_t i = pick(0, 30); i > 0; --i) p += static_cast<char>(pick(0, 255));
      stream += encode_netstring(p);
    }
    REQUIRE(read_all(stream, pick(1, 12), 30) == payloads);
  }
}
