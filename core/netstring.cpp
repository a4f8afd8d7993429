// netstring.cpp — the netstring reader's state machine and the encoder.
#include "core/netstring.hpp"

#include <algorithm>

namespace umind {

NetstringReader::Step NetstringReader::fail(std::size_t consumed, std::string_view why) {
  state_ = State::failed;
  error_ = why;
  return {Status::malformed, consumed};
}

void NetstringReader::next() noexcept {
  state_ = State::first_digit;
  declared_ = 0;
  payload_.clear();
  error_ = {};
}

NetstringReader::Step NetstringReader::feed(std::string_view in) {
  std::size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    switch (state_) {
      case State::first_digit:
        if (c < '0' || c > '9') return fail(i + 1, "a netstring must start with its length in digits");
        declared_ = static_cast<std::size_t>(c - '0');
        if (declared_ > max_payload_) return fail(i + 1, "the netstring is longer than the limit");
        state_ = State::digits;
        ++i;
        break;
      case State::digits:
        if (c == ':') {
          state_ = declared_ == 0 ? State::comma : State::payload;
          ++i;
          break;
        }
        if (c < '0' || c > '9') return fail(i + 1, "a netstring's length must end with ':'");
        if (declared_ == 0) return fail(i + 1, "a netstring's length has a leading zero");
        // max_payload_ bounds the value before it is multiplied: no overflow.
        if (declared_ > max_payload_ / 10) return fail(i + 1, "the netstring is longer than the limit");
        declared_ = declared_ * 10 + static_cast<std::size_t>(c - '0');
        if (declared_ > max_payload_) return fail(i + 1, "the netstring is longer than the limit");
        ++i;
        break;
      case State::payload: {
        std::size_t take = std::min(declared_ - payload_.size(), in.size() - i);
        payload_.append(in.substr(i, take));
        i += take;
        if (payload_.size() == declared_) state_ = State::comma;
        break;
      }
      case State::comma:
        if (c != ',') return fail(i + 1, "a netstring must end with ','");
        state_ = State::done;
        return {Status::complete, i + 1};
      case State::done: return {Status::complete, i};
      case State::failed: return {Status::malformed, i};
    }
  }
  if (state_ == State::done) return {Status::complete, i};
  if (state_ == State::failed) return {Status::malformed, i};
  return {Status::need_more, i};
}

std::string encode_netstring(std::string_view payload) {
  std::string out = std::to_string(payload.size());
  out.reserve(out.size() + payload.size() + 2);
  out.append(":").append(payload).append(",");
  return out;
}

}  // namespace umind
