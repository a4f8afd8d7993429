// arriving_body.hpp — internal to umind_http_server: a Beast request body
// (a std::string) that grows with the bytes that arrived, never with the
// Content-Length the header declared. Beast's string_body reserves the
// declared length at once: 8 connections declaring the import's 4 GiB limit
// and sending 2 bytes took 33 GB of address space (issue 12, finding 5).
#pragma once
#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

#include "daemon/http/asio.hpp"

namespace umind::http_detail {

struct ArrivingBody {
  using value_type = std::string;

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    // At most `first_reserve` up front: a small body needs one allocation,
    // a large one grows (geometrically) as it arrives.
    void init(const boost::optional<std::uint64_t>& length, boost::system::error_code& ec) {
      ec = {};
      if (length) body_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, first_reserve)));
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
      ec = {};
      std::size_t n = 0;
      try {
        for (auto b : boost::beast::buffers_range_ref(buffers)) {
          body_.append(static_cast<const char*>(b.data()), b.size());
          n += b.size();
        }
      } catch (const std::length_error&) {
        ec = boost::beast::http::error::body_limit;  // answered 413
      } catch (const std::bad_alloc&) {
        ec = boost::beast::http::error::body_limit;  // answered 413
      }
      return n;
    }

    void finish(boost::system::error_code& ec) { ec = {}; }

   private:
    static constexpr std::uint64_t first_reserve = 64 * 1024;
    value_type& body_;
  };
};

}  // namespace umind::http_detail
