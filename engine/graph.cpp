#include "engine/graph.hpp"

namespace dialgraph::engine {

std::string_view to_string(ScreenType type) {
  switch (type) {
    case ScreenType::menu: return "menu";
    case ScreenType::input: return "input";
    case ScreenType::action: return "action";
    case ScreenType::router: return "router";
    case ScreenType::list: return "list";
    case ScreenType::end: return "end";
  }
  return "end";
}

bool Nav::shows(std::string_view name) const {
  for (const std::string& shown : show)
    if (shown == name) return true;
  return false;
}

const Screen* Graph::screen(std::string_view id) const {
  const auto it = screens.find(id);
  return it == screens.end() ? nullptr : &it->second;
}

const Budget& Graph::budget_for(std::string_view network_code) const {
  const auto it = network_budgets.find(network_code);
  return it == network_budgets.end() ? budget : it->second;
}

const std::string& Graph::message(std::string_view key, std::string_view language) const {
  static const std::string none;
  const auto it = messages.find(key);
  return it == messages.end() ? none : it->second.in(language, default_language);
}

}  // namespace dialgraph::engine
