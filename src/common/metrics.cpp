#include "common/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/status.h"

namespace copra {

namespace {

bool IsMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsLabelName(std::string_view name) {
  if (name.empty() || name.substr(0, 2) == "__") return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// HELP text: backslash and line feed are escaped.
std::string EscapeHelp(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// Label values: backslash, double quote and line feed are escaped.
std::string EscapeLabelValue(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

const char* TypeName(int type) {
  static const char* kNames[] = {"counter", "gauge", "histogram"};
  return kNames[type];
}

}  // namespace

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

// --- Histogram ---------------------------------------------------------------

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      buckets_(new std::atomic<uint64_t>[upper_bounds_.size() + 1]) {
  for (size_t i = 0; i < upper_bounds_.size(); ++i) {
    COPRA_CHECK_MSG(std::isfinite(upper_bounds_[i]), "histogram bounds must be finite");
    COPRA_CHECK_MSG(i == 0 || upper_bounds_[i - 1] < upper_bounds_[i],
                    "histogram bounds must increase");
  }
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  size_t bucket = upper_bounds_.size();  // +Inf, also for NaN
  if (!std::isnan(value)) {
    bucket =
        static_cast<size_t>(std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) -
                            upper_bounds_.begin());
  }
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.cumulative.reserve(upper_bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(total);
  }
  s.count = total;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> Histogram::LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

// --- MetricsRegistry ---------------------------------------------------------

struct MetricsRegistry::Child {
  std::string labels;  // rendered pairs without braces: a="x",b="y"
  std::unique_ptr<Counter> counter;
  std::unique_ptr<Gauge> gauge;
  std::unique_ptr<Histogram> histogram;
  std::function<double()> read;  // gauge functions
};

struct MetricsRegistry::Family {
  std::string help;
  Type type;
  std::vector<std::string> label_names;
  std::vector<std::unique_ptr<Child>> children;
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry* registry = new MetricsRegistry();  // never destroyed
  return *registry;
}

MetricsRegistry::Child* MetricsRegistry::AddChild(std::string_view name, std::string_view help,
                                                  Type type, MetricLabels labels) {
  COPRA_CHECK_MSG(IsMetricName(name), "invalid metric name");
  std::vector<std::string> label_names;
  std::string rendered;
  for (const auto& [k, v] : labels) {
    COPRA_CHECK_MSG(IsLabelName(k), "invalid metric label name");
    COPRA_CHECK_MSG(type != Type::kHistogram || k != "le", "a histogram cannot have label le");
    label_names.push_back(k);
    if (!rendered.empty()) rendered += ',';
    rendered += k + "=\"" + EscapeLabelValue(v) + "\"";
  }
  // mutex_ is held by the caller.
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->help = std::string(help);
    family->type = type;
    family->label_names = label_names;
    it = families_.emplace(std::string(name), std::move(family)).first;
  }
  Family& family = *it->second;
  COPRA_CHECK_MSG(family.type == type && family.help == help && family.label_names == label_names,
                  "metric registered twice with different type, help or label names");
  for (auto& child : family.children) {
    if (child->labels == rendered) return child.get();
  }
  family.children.push_back(std::make_unique<Child>());
  family.children.back()->labels = std::move(rendered);
  return family.children.back().get();
}

Counter* MetricsRegistry::AddCounter(std::string_view name, std::string_view help,
                                     MetricLabels labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  Child* child = AddChild(name, help, Type::kCounter, std::move(labels));
  if (!child->counter) child->counter = std::make_unique<Counter>();
  return child->counter.get();
}

Gauge* MetricsRegistry::AddGauge(std::string_view name, std::string_view help,
                                 MetricLabels labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  Child* child = AddChild(name, help, Type::kGauge, std::move(labels));
  COPRA_CHECK_MSG(!child->read, "gauge registered both as a value and as a function");
  if (!child->gauge) child->gauge = std::make_unique<Gauge>();
  return child->gauge.get();
}

void MetricsRegistry::AddGaugeFunction(std::string_view name, std::string_view help,
                                       std::function<double()> read, MetricLabels labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  Child* child = AddChild(name, help, Type::kGauge, std::move(labels));
  COPRA_CHECK_MSG(!child->gauge, "gauge registered both as a value and as a function");
  child->read = std::move(read);
}

Histogram* MetricsRegistry::AddHistogram(std::string_view name, std::string_view help,
                                         std::vector<double> upper_bounds, MetricLabels labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  Child* child = AddChild(name, help, Type::kHistogram, std::move(labels));
  if (!child->histogram) {
    child->histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  } else {
    COPRA_CHECK_MSG(child->histogram->upper_bounds() == upper_bounds,
                    "histogram registered twice with different buckets");
  }
  return child->histogram.get();
}

std::string MetricsRegistry::RenderText() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  auto sample = [&out](const std::string& name, const char* suffix, const std::string& labels,
                       const std::string& value) {
    out += name;
    out += suffix;
    if (!labels.empty()) {
      out += '{';
      out += labels;
      out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
  };
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + EscapeHelp(family->help) + "\n";
    out += "# TYPE " + name + " " + TypeName(static_cast<int>(family->type)) + "\n";
    for (const auto& child : family->children) {
      switch (family->type) {
        case Type::kCounter:
          sample(name, "", child->labels, std::to_string(child->counter->value()));
          break;
        case Type::kGauge:
          sample(name, "", child->labels,
                 child->read ? FormatMetricValue(child->read())
                             : std::to_string(child->gauge->value()));
          break;
        case Type::kHistogram: {
          const Histogram& h = *child->histogram;
          Histogram::Snapshot s = h.Read();
          std::string prefix = child->labels.empty() ? "" : child->labels + ",";
          for (size_t i = 0; i < s.cumulative.size(); ++i) {
            std::string le =
                i < h.upper_bounds().size() ? FormatMetricValue(h.upper_bounds()[i]) : "+Inf";
            sample(name, "_bucket", prefix + "le=\"" + le + "\"", std::to_string(s.cumulative[i]));
          }
          sample(name, "_sum", child->labels, FormatMetricValue(s.sum));
          sample(name, "_count", child->labels, std::to_string(s.count));
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace copra
