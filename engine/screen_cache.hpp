// Static screens laid out ahead of time. Most menus read the same for every
// caller: no {{variables}}, only the language, the network's budget, the page
// and whether a back line shows change them. Laying such a screen out, page by
// page, on every request was a third of the engine's CPU time; the loader now
// does it once per graph and keeps the texts in each Screen's `ready` pages, so
// they belong to the graph they were made from (a reload brings its own).
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/graph.hpp"

namespace dialgraph::engine {

// True for a menu or input screen whose title, prompt and option labels have no
// {{variables}} in any language: its text depends only on the graph.
bool is_static(const Screen& screen);

// Fills `ready` of every static screen of `graph`: each language the walk may
// pick, each budget (the default and every network's), with and without a
// back line, every page.
void lay_out_static_screens(Graph& graph);

// The text of page `page` (the last page past the end) of `screen` as laid out
// ahead of time, and whether a later page follows; null when the screen has no
// such layout (not static, or a graph built by hand): then render it.
struct ReadyPage {
  const std::string* text = nullptr;
  bool more = false;
};
ReadyPage ready_page(const Screen& screen, std::string_view language, const Budget& budget,
                     bool can_go_back, std::size_t page);

}  // namespace dialgraph::engine
