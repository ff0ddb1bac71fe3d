#pragma once

#include <arena/Metrics.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace arena::host {

/// The Prometheus registry: families of labelled series, rendered in the text exposition
/// format. Each family has its own lock, so hot counters do not contend with each other.
class MetricsRegistry final : public Metrics {
 public:
  MetricsRegistry();
  ~MetricsRegistry() override;

  Counter& counter(const std::string& name, const std::string& help,
                   const std::vector<std::string>& label_names = {}) override;
  Gauge& gauge(const std::string& name, const std::string& help,
               const std::vector<std::string>& label_names = {}) override;
  Histogram& histogram(const std::string& name, const std::string& help, const std::vector<double>& buckets,
                       const std::vector<std::string>& label_names = {}) override;

  /// Runs before every render, to refresh gauges that mirror other state (pool use...).
  void add_collector(std::function<void()> collector);
  /// The text exposition format (version 0.0.4).
  std::string render();

  class Family;

 private:
  Family& family(const std::string& name, const std::string& help, int kind, const std::vector<std::string>& labels,
                 const std::vector<double>& buckets);

  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::vector<std::function<void()>> collectors_;
};

}  // namespace arena::host
