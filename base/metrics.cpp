// metrics.cpp — the registry and the Prometheus text format.
#include "base/metrics.hpp"

#include <cmath>
#include <cstdio>

namespace umind {

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

void Metrics::add(const std::string& name, const Labels& labels, double delta) {
  std::lock_guard lock(mutex_);
  families_[name].samples[label_text(labels)] += delta;
}

void Metrics::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  families_[name].samples[label_text(labels)] = value;
}

void Metrics::set_histogram(const std::string& name, const std::vector<double>& upper_bounds,
                            const std::vector<double>& cumulative, double sum) {
  std::lock_guard lock(mutex_);
  auto& samples = families_[name].samples;  // keys are the suffix and labels
  for (std::size_t i = 0; i < cumulative.size(); ++i) {
    char le[32];
    if (i < upper_bounds.size())
      std::snprintf(le, sizeof le, "%g", upper_bounds[i]);
    else
      std::snprintf(le, sizeof le, "+Inf");
    samples["_bucket{le=\"" + std::string(le) + "\"}"] = cumulative[i];
  }
  samples["_sum"] = sum;
  samples["_count"] = cumulative.empty() ? 0 : cumulative.back();
}

void Metrics::on_scrape(std::function<void(Metrics&)> refresh) {
  std::lock_guard lock(mutex_);
  refreshers_.push_back(std::move(refresh));
}

std::string Metrics::label_text(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (const auto& [k, v] : labels) {
    if (out.size() > 1) out += ",";
    out += k + "=\"";
    for (char c : v) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += "\"";
  }
  return out + "}";
}

std::string Metrics::render() {
  std::vector<std::function<void(Metrics&)>> refreshers;
  {
    std::lock_guard lock(mutex_);
    refreshers = refreshers_;
  }
  for (auto& r : refreshers) r(*this);
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out += "# HELP " + name + " " + f.help + "\n";
    if (!f.type.empty()) out += "# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, value] : f.samples) {
      char buf[64];
      if (std::floor(value) == value && std::fabs(value) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", value);
      else
        std::snprintf(buf, sizeof buf, "%.17g", value);
      out += name + labels + " " + buf + "\n";
    }
  }
  return out;
}

}  // namespace umind
