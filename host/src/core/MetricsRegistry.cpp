#include "core/MetricsRegistry.h"

#include <cmath>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace arena::host {

namespace {

enum Kind { kCounter = 0, kGauge = 1, kHistogram = 2 };
const char* kKindNames[] = {"counter", "gauge", "histogram"};

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

std::string label_text(const std::vector<std::string>& names, const LabelValues& values, const std::string& extra = "") {
  if (names.empty() && extra.empty()) return "";
  std::string text = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += ',';
    text += names[i] + "=\"" + escape_label(values[i]) + "\"";
  }
  if (!extra.empty()) text += (names.empty() ? "" : ",") + extra;
  return text + "}";
}

}  // namespace

class MetricsRegistry::Family final : public Counter, public Gauge, public Histogram {
 public:
  Family(std::string name, std::string help, int kind, std::vector<std::string> labels, std::vector<double> buckets)
      : name_(std::move(name)), help_(std::move(help)), kind_(kind), labels_(std::move(labels)),
        buckets_(std::move(buckets)) {}

  void inc(const LabelValues& labels, double by) override {
    if (by < 0) throw std::invalid_argument(name_ + ": a counter cannot decrease");
    std::lock_guard lock(mutex_);
    series(labels).value += by;
  }
  void set(double value, const LabelValues& labels) override {
    std::lock_guard lock(mutex_);
    series(labels).value = value;
  }
  void add(double delta, const LabelValues& labels) override {
    std::lock_guard lock(mutex_);
    series(labels).value += delta;
  }
  void observe(double value, const LabelValues& labels) override {
    std::lock_guard lock(mutex_);
    Series& s = series(labels);
    if (s.bucket_counts.empty()) s.bucket_counts.assign(buckets_.size(), 0);
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      if (value <= buckets_[i]) ++s.bucket_counts[i];
    }
    s.value += value;
    ++s.count;
  }

  bool same_shape(int kind, const std::vector<std::string>& labels, const std::vector<double>& buckets) const {
    return kind == kind_ && labels == labels_ && (kind != kHistogram || buckets == buckets_);
  }

  void render(std::string& out) {
    std::lock_guard lock(mutex_);
    out += "# HELP " + name_ + " " + help_ + "\n# TYPE " + name_ + " " + kKindNames[kind_] + "\n";
    for (const auto& [labels, s] : series_) {
      if (kind_ != kHistogram) {
        out += name_ + label_text(labels_, labels) + " " + format_number(s.value) + "\n";
        continue;
      }
      for (std::size_t i = 0; i < buckets_.size(); ++i) {
        out += name_ + "_bucket" + label_text(labels_, labels, "le=\"" + format_number(buckets_[i]) + "\"") + " " +
               std::to_string(s.bucket_counts.empty() ? 0 : s.bucket_counts[i]) + "\n";
      }
      out += name_ + "_bucket" + label_text(labels_, labels, "le=\"+Inf\"") + " " + std::to_string(s.count) + "\n";
      out += name_ + "_sum" + label_text(labels_, labels) + " " + format_number(s.value) + "\n";
      out += name_ + "_count" + label_text(labels_, labels) + " " + std::to_string(s.count) + "\n";
    }
  }

 private:
  struct Series {
    double value = 0;
    std::uint64_t count = 0;
    std::vector<std::uint64_t> bucket_counts;
  };
  Series& series(const LabelValues& labels) {
    if (labels.size() != labels_.size())
      throw std::invalid_argument(name_ + ": expected " + std::to_string(labels_.size()) + " label values");
    return series_[labels];
  }

  std::string name_, help_;
  int kind_;
  std::vector<std::string> labels_;
  std::vector<double> buckets_;
  std::mutex mutex_;
  std::map<LabelValues, Series> series_;
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, const std::string& help, int kind,
                                                 const std::vector<std::string>& labels,
                                                 const std::vector<double>& buckets) {
  static const std::regex valid_name("[a-zA-Z_:][a-zA-Z0-9_:]*");
  std::lock_guard lock(mutex_);
  if (auto it = families_.find(name); it != families_.end()) {
    if (!it->second->same_shape(kind, labels, buckets))
      throw std::invalid_argument("metric '" + name + "' already exists with another kind or labels");
    return *it->second;
  }
  if (!std::regex_match(name, valid_name)) throw std::invalid_argument("invalid metric name '" + name + "'");
  if (kind == kHistogram && !std::is_sorted(buckets.begin(), buckets.end()))
    throw std::invalid_argument("metric '" + name + "': buckets must ascend");
  auto created = std::make_unique<Family>(name, help, kind, labels, buckets);
  return *families_.emplace(name, std::move(created)).first->second;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                  const std::vector<std::string>& label_names) {
  return family(name, help, kCounter, label_names, {});
}

Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                              const std::vector<std::string>& label_names) {
  return family(name, help, kGauge, label_names, {});
}

Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      const std::vector<double>& buckets, const std::vector<std::string>& label_names) {
  return family(name, help, kHistogram, label_names, buckets);
}

void MetricsRegistry::add_collector(std::function<void()> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() {
  std::vector<std::function<void()>> collectors;
  std::vector<Family*> families;
  {
    std::lock_guard lock(mutex_);
    collectors = collectors_;
    for (auto& [_, family] : families_) families.push_back(family.get());
  }
  for (auto& collect : collectors) collect();
  std::string out;
  for (Family* family : families) family->render(out);
  return out;
}

}  // namespace arena::host
