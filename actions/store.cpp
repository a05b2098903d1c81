// The Store facade: picks the backend from the path or URL it is given.
#include "actions/store.hpp"

#include <algorithm>

#include "actions/store_backend.hpp"

namespace dialgraph::actions {

bool is_postgresql_url(const std::string& s) {
  return s.starts_with("postgresql://") || s.starts_with("postgres://");
}

std::string redacted_location(const std::string& s) {
  if (!is_postgresql_url(s)) return s;
  std::string out = s;
  // userinfo: between "://" and the last '@' before the path or the query.
  const std::size_t start = out.find("://") + 3;
  const std::size_t end = std::min(out.find('/', start), out.find('?', start));
  const std::size_t at = out.rfind('@', end);
  if (at != std::string::npos && at >= start) {
    const std::size_t colon = out.find(':', start);
    if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // password=VALUE among the query parameters.
  for (std::size_t p = out.find("password=", start); p != std::string::npos;
       p = out.find("password=", p + 1)) {
    if (out[p - 1] != '?' && out[p - 1] != '&') continue;
    const std::size_t value = p + 9;
    out.replace(value, std::min(out.find('&', value), out.size()) - value, "***");
  }
  return out;
}

Store::Store(const std::string& path_or_url)
    : path_(path_or_url),
      backend_(is_postgresql_url(path_or_url) ? open_pg_store(path_or_url)
                                              : open_sqlite_store(path_or_url)) {}

Store::~Store() = default;

const std::string& Store::path() const { return path_; }

bool Store::is_postgresql() const { return is_postgresql_url(path_); }

void Store::set_record_secret(const std::array<unsigned char, 32>& secret) {
  record_secret_ = secret;
}

const std::array<unsigned char, 32>& Store::record_secret() const { return record_secret_; }

int Store::schema_version() {
  return read([](Tx& tx) { return tx.schema_version(); });
}

void Store::defer_flushes() { backend_->defer_flushes(); }

void Store::after_flush(std::function<void(bool)> then) { backend_->after_flush(std::move(then)); }

void Store::wait_flushed() { backend_->wait_flushed(); }

void Store::run_in_transaction(bool writing, const std::function<void(Tx&)>& fn) {
  backend_->run(writing, fn);
}

}  // namespace dialgraph::actions
