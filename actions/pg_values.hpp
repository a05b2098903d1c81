// BYTEA in and out of libpqxx (store internals).
#pragma once

#include <pqxx/binarystring>
#include <pqxx/field>

#include "actions/store_types.hpp"

namespace dialgraph::actions {

// As a statement parameter: libpqxx sends a binarystring as binary, unescaped.
inline pqxx::binarystring bytea(const Blob& blob) {
  return pqxx::binarystring(blob.data(), blob.size());
}

inline Blob blob_from(const pqxx::field& field) {
  const pqxx::binarystring bytes(field);
  return Blob(bytes.data(), bytes.data() + bytes.size());
}

}  // namespace dialgraph::actions
