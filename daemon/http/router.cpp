// router.cpp — route table and matching. Never calls a handler.
#include "daemon/http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace umind {
namespace {

bool is_param(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool valid_param_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool valid_method(std::string_view m) {
  return !m.empty() && std::all_of(m.begin(), m.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::vector<std::string> parse_pattern(const std::string& pattern) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  std::vector<std::string> segments;
  std::set<std::string> names;
  std::string_view rest = std::string_view(pattern).substr(1);
  for (;;) {
    auto slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    if (is_param(seg)) {
      std::string name(seg.substr(1, seg.size() - 2));
      if (!valid_param_name(name) || !names.insert(name).second)
        throw std::invalid_argument("bad or repeated {param} in route pattern: " + pattern);
    } else if (seg.find_first_of("{}?#%") != std::string_view::npos) {
      throw std::invalid_argument("bad segment in route pattern: " + pattern);
    }
    segments.emplace_back(seg);
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

// Same shape: equal literals at the same places, params anywhere else.
bool same_shape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (is_param(a[i]) != is_param(b[i])) return false;
    if (!is_param(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

bool matches(const Router::Route& r, const std::vector<std::string>& segments) {
  if (r.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i)
    if (!is_param(r.segments[i]) && r.segments[i] != segments[i]) return false;
  return true;
}

// True when a is more specific than b: at the first place they differ, a has a literal.
bool more_specific(const Router::Route& a, const Router::Route& b) {
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    bool la = !is_param(a.segments[i]);
    bool lb = !is_param(b.segments[i]);
    if (la != lb) return la;
  }
  return false;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (!valid_method(method)) throw std::invalid_argument("bad HTTP method for route: " + method);
  if (!handler) throw std::invalid_argument("route without a handler: " + method + " " + pattern);
  auto segments = parse_pattern(pattern);
  for (const auto& r : routes_)
    if (r.method == method && same_shape(r.segments, segments))
      throw std::invalid_argument("duplicate route: " + method + " " + pattern + " (already " +
                                  r.pattern + ")");
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments),
                          std::move(handler), std::move(options)});
}

void Router::add(std::string method, std::string pattern, Handler handler,
                 boost::asio::any_io_executor executor) {
  RouteOptions options;
  options.executor = std::move(executor);
  add(std::move(method), std::move(pattern), std::move(handler), std::move(options));
}

Router::Match Router::match(std::string_view method, const std::vector<std::string>& segments) const {
  Match m;
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    if (!matches(r, segments)) continue;
    allowed.insert(r.method);
    if (r.method == method && (!m.route || more_specific(r, *m.route))) m.route = &r;
  }
  if (m.route) {
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const auto& seg = m.route->segments[i];
      if (is_param(seg)) m.params[seg.substr(1, seg.size() - 2)] = segments[i];
    }
  } else {
    m.allowed.assign(allowed.begin(), allowed.end());
  }
  return m;
}

}  // namespace umind
