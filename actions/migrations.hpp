// The schema, as numbered migrations applied in order at start-up.
#pragma once

#include <span>

namespace dialgraph::actions {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// In ascending version order. Never edit a released migration: add a new one.
std::span<const Migration> migrations();

}  // namespace dialgraph::actions
