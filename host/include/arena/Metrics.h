#pragma once

#include <string>
#include <vector>

namespace arena {

/// Label values, in the order of the label names the metric was declared with.
using LabelValues = std::vector<std::string>;

/// A monotonically increasing count.
class Counter {
 public:
  virtual ~Counter() = default;
  /// Adds `by` (>= 0) to the series with these label values.
  virtual void inc(const LabelValues& labels = {}, double by = 1) = 0;
};

/// A value that goes up and down.
class Gauge {
 public:
  virtual ~Gauge() = default;
  /// Sets the series with these label values.
  virtual void set(double value, const LabelValues& labels = {}) = 0;
  /// Adds `delta` (may be negative).
  virtual void add(double delta, const LabelValues& labels = {}) = 0;
};

/// A distribution over fixed buckets.
class Histogram {
 public:
  virtual ~Histogram() = default;
  /// Records one observation.
  virtual void observe(double value, const LabelValues& labels = {}) = 0;
};

/// The Prometheus registry behind GET /metrics. Names follow Prometheus conventions
/// ("arena_<plugin>_<what>_<unit>"). Asking twice for the same name returns the same metric.
class Metrics {
 public:
  virtual ~Metrics() = default;
  /// A counter; throws std::invalid_argument if the name exists with another kind or labels.
  virtual Counter& counter(const std::string& name, const std::string& help,
                           const std::vector<std::string>& label_names = {}) = 0;
  /// A gauge; same rules as counter().
  virtual Gauge& gauge(const std::string& name, const std::string& help,
                       const std::vector<std::string>& label_names = {}) = 0;
  /// A histogram with these upper bucket bounds (ascending); same rules as counter().
  virtual Histogram& histogram(const std::string& name, const std::string& help, const std::vector<double>& buckets,
                               const std::vector<std::string>& label_names = {}) = 0;
};

}  // namespace arena
