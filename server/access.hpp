// Who may call the gateway routes: a source allowlist of CIDRs, trusted
// proxies for X-Forwarded-For, and an optional shared key in the query string.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dialgraph::server {

// An IPv4 or IPv6 address; IPv4 is kept IPv4-mapped (::ffff:a.b.c.d) so that
// one rule matches a client however the socket reports it.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
  static std::optional<IpAddress> parse(std::string_view text);
};

struct Cidr {
  IpAddress base;
  int prefix = 128;  // in IPv6 bits (an IPv4 /24 is stored as /120)
  // "18.133.205.228", "10.0.0.0/8", "2001:db8::/32"; null when malformed.
  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
};

// Parses each entry; throws std::invalid_argument naming the first bad one.
std::vector<Cidr> parse_cidrs(const std::vector<std::string>& texts);

bool matches_any(const std::vector<Cidr>& list, std::string_view address);

// True when `a` equals `b`, in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

class AccessPolicy {
 public:
  AccessPolicy() = default;
  // `allow` empty: any source. `key` empty: no key needed.
  AccessPolicy(std::vector<Cidr> allow, std::vector<Cidr> proxies, std::string key);

  // The client: the peer, or when the peer is a trusted proxy the right-most
  // X-Forwarded-For entry that is not itself a trusted proxy.
  std::string client_address(std::string_view peer, const std::string* forwarded_for) const;
  bool source_allowed(std::string_view client) const;
  // True when no key is configured or the query's `key` equals it.
  bool key_accepted(std::string_view query) const;

 private:
  std::vector<Cidr> allow_;
  std::vector<Cidr> proxies_;
  std::string key_;
};

}  // namespace dialgraph::server
