// asio.hpp — the one way umind's HTTP code pulls in Boost.Asio and Beast.
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>,
// so <utility> must come first. Include this in .cpp files only; it must
// never hold declarations of its own nor leak into public headers.
#pragma once
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
