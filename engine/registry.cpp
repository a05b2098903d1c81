#include "engine/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace dialgraph::engine {
namespace {

// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

void Registry::add(ActionSpec spec) {
  if (spec.name.empty()) throw std::invalid_argument("an action needs a name");
  if (spec.outcomes.empty())
    throw std::invalid_argument("action '" + spec.name + "' declares no outcomes");
  if (!spec.run) throw std::invalid_argument("action '" + spec.name + "' has no function");
  if (specs_.contains(spec.name))
    throw std::invalid_argument("action '" + spec.name + "' is registered twice");
  std::string name = spec.name;
  specs_.emplace(std::move(name), std::move(spec));
}

const ActionSpec* Registry::find(std::string_view name) const {
  const auto it = specs_.find(name);
  return it == specs_.end() ? nullptr : &it->second;
}

const ActionSpec& Registry::get(std::string_view name) const {
  if (const ActionSpec* spec = find(name)) return *spec;
  std::string message = "unknown action '" + std::string(name) + "'";
  if (const std::string hint = closest(name); !hint.empty())
    message += "; did you mean '" + hint + "'?";
  throw std::out_of_range(message);
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, spec] : specs_) out.push_back(name);
  return out;  // std::map keeps them sorted
}

std::string Registry::closest(std::string_view name) const { return closest_name(name, names()); }

}  // namespace dialgraph::engine
