#include "server/access.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <stdexcept>

#include "server/form.hpp"

namespace dialgraph::server {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  text = trim(text);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  const std::string copy(text);
  IpAddress address;
  in_addr v4{};
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
    address.bytes[10] = 0xff;
    address.bytes[11] = 0xff;
    const auto* raw = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    std::copy(raw, raw + 4, address.bytes.begin() + 12);
    address.v4 = true;
    return address;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, copy.c_str(), &v6) != 1) return std::nullopt;
  std::copy(v6.s6_addr, v6.s6_addr + 16, address.bytes.begin());
  const std::array<std::uint8_t, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  address.v4 = std::equal(mapped.begin(), mapped.end(), address.bytes.begin());
  return address;
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  const auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  Cidr cidr{*address, 128};
  if (slash == std::string_view::npos) return cidr;
  const auto digits = text.substr(slash + 1);
  int prefix = -1;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  // The prefix counts bits of the address as written: 10.0.0.0/8 of the IPv4
  // address, ::ffff:10.0.0.0/104 of the IPv6 one (the same range).
  const bool written_v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  const int limit = written_v4 ? 32 : 128;
  if (ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 || prefix > limit) {
    return std::nullopt;
  }
  // ::ffff:10.0.0.0/8 would be ::/8, every IPv4 peer and more, where its
  // author meant 10.0.0.0/8: an IPv4-mapped range is refused under /96.
  if (!written_v4 && address->v4 && prefix < 96) return std::nullopt;
  cidr.prefix = written_v4 ? prefix + 96 : prefix;
  return cidr;
}

bool Cidr::contains(const IpAddress& address) const {
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

std::vector<Cidr> parse_cidrs(const std::vector<std::string>& texts) {
  std::vector<Cidr> list;
  for (const auto& text : texts) {
    const auto cidr = Cidr::parse(text);
    if (!cidr) throw std::invalid_argument("not an IP address or CIDR: '" + text + "'");
    list.push_back(*cidr);
  }
  return list;
}

bool matches_any(const std::vector<Cidr>& list, std::string_view address) {
  const auto parsed = IpAddress::parse(address);
  if (!parsed) return false;
  for (const auto& cidr : list) {
    if (cidr.contains(*parsed)) return true;
  }
  return false;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned difference = a.size() == b.size() ? 0U : 1U;
  const std::size_t length = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < length; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    difference |= static_cast<unsigned>(x ^ y);
  }
  return difference == 0;
}

AccessPolicy::AccessPolicy(std::vector<Cidr> allow, std::vector<Cidr> proxies, std::string key)
    : allow_(std::move(allow)), proxies_(std::move(proxies)), key_(std::move(key)) {}

std::string AccessPolicy::client_address(std::string_view peer,
                                         const std::string* forwarded_for) const {
  if (forwarded_for == nullptr || !matches_any(proxies_, peer)) return std::string(peer);
  std::string_view rest = *forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    if (!IpAddress::parse(hop)) return std::string(hop);  // garbage: never matches the allowlist
    if (!matches_any(proxies_, hop)) return std::string(hop);
  }
  return std::string(peer);
}

bool AccessPolicy::source_allowed(std::string_view client) const {
  return allow_.empty() || matches_any(allow_, client);
}

bool AccessPolicy::key_accepted(std::string_view query) const {
  if (key_.empty()) return true;
  FormFields fields;
  std::string error;
  if (!parse_form(query, fields, error)) return false;
  const std::string* given = find_field(fields, "key");
  return given != nullptr && constant_time_equal(*given, key_);
}

}  // namespace dialgraph::server
