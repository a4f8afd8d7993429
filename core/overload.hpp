// overload.hpp — the usual lambda-overload helper for std::visit.
#pragma once

namespace umind {
template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;
}  // namespace umind
