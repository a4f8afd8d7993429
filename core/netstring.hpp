// netstring.hpp — D. J. Bernstein's netstrings ("5:hello,"), the framing of
// Postfix's socketmap protocol: an incremental reader that takes bytes as
// they arrive from a socket, and the encoder. Pure, no I/O. Hostile input is
// bounded: the declared length may not exceed the reader's limit (checked
// digit by digit, so no overflow), and memory grows only with the bytes that
// actually arrived, never with the declared length.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace umind {

class NetstringReader {
 public:
  enum class Status { need_more, complete, malformed };
  struct Step {
    Status status;
    std::size_t consumed;  // bytes of the input this step used
  };

  explicit NetstringReader(std::size_t max_payload) noexcept : max_payload_(max_payload) {}

  // Reads from `in` up to the end of one netstring. `complete`: payload()
  // holds it and the rest of `in` (after `consumed`) belongs to the next one;
  // call next() before feeding it. `malformed`: error() says why; the stream
  // cannot be resynchronised.
  Step feed(std::string_view in);
  std::string_view payload() const noexcept { return payload_; }
  std::string_view error() const noexcept { return error_; }
  // Starts the next netstring (keeps the payload buffer's capacity).
  void next() noexcept;
  // Bytes of a netstring begun but not finished (none between netstrings).
  bool in_progress() const noexcept { return state_ != State::first_digit; }

 private:
  enum class State { first_digit, digits, payload, comma, done, failed };
  Step fail(std::size_t consumed, std::string_view why);

  std::size_t max_payload_;
  State state_ = State::first_digit;
  std::size_t declared_ = 0;
  std::string payload_;
  std::string_view error_;
};

// "LEN:payload,"
std::string encode_netstring(std::string_view payload);

}  // namespace umind
