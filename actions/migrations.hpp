// The schema, as numbered migrations applied in order at start-up, in each
// backend's dialect.
#pragma once

#include <span>

namespace dialgraph::actions {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// In ascending version order. Never edit a released migration: add a new one,
// to both lists, under the same version number and with the same meaning.
std::span<const Migration> migrations();     // SQLite (migrations.cpp)
std::span<const Migration> pg_migrations();  // PostgreSQL (pg_migrations.cpp)

}  // namespace dialgraph::actions
