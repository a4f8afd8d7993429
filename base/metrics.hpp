// metrics.hpp — umind's Prometheus metrics: counters and gauges with labels,
// rendered in the text exposition format. Thread-safe; label values are
// escaped here. Never give a password, hash or token as a label value.
#pragma once
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace umind {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  // Declares a metric family once (type "counter" or "gauge").
  void describe(const std::string& name, const std::string& type, const std::string& help);
  void add(const std::string& name, const Labels& labels, double delta = 1);
  void set(const std::string& name, const Labels& labels, double value);
  // A histogram's whole state (describe it as "histogram"): cumulative counts
  // per upper bound (`cumulative` has one more entry, for +Inf) and the sum.
  void set_histogram(const std::string& name, const std::vector<double>& upper_bounds,
                     const std::vector<double>& cumulative, double sum);
  // Called at every scrape, before rendering (e.g. to refresh gauges).
  void on_scrape(std::function<void(Metrics&)> refresh);
  std::string render();

 private:
  struct Family {
    std::string type, help;
    std::map<std::string, double> samples;  // rendered label set -> value
  };
  static std::string label_text(const Labels& labels);
  std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::vector<std::function<void(Metrics&)>> refreshers_;
};

}  // namespace umind
