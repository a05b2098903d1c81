#include "server/access.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace dialgraph::server;

namespace {

std::vector<Cidr> cidrs(std::vector<std::string> texts) { return parse_cidrs(texts); }

}  // namespace

TEST_CASE("CIDR parsing") {
  CHECK(Cidr::parse("18.133.205.228"));
  CHECK(Cidr::parse("10.0.0.0/8"));
  CHECK(Cidr::parse("2001:db8::/32"));
  CHECK(Cidr::parse("::1"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/33"));
  CHECK_FALSE(Cidr::parse("2001:db8::/129"));
  CHECK_FALSE(Cidr::parse("10.0.0/8"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/8x"));
  CHECK_FALSE(Cidr::parse("example.com"));
  CHECK_THROWS_WITH_AS(parse_cidrs({"1.2.3.4", "nope"}), "not an IP address or CIDR: 'nope'",
                       std::invalid_argument);
}

TEST_CASE("IPv4 matching, including IPv4-mapped peers") {
  const auto at = cidrs({"18.133.205.228", "35.177.236.113", "3.8.44.1"});
  CHECK(matches_any(at, "18.133.205.228"));
  CHECK(matches_any(at, "::ffff:35.177.236.113"));
  CHECK_FALSE(matches_any(at, "18.133.205.229"));
  const auto net = cidrs({"192.168.0.0/16"});
  CHECK(matches_any(net, "192.168.44.7"));
  CHECK_FALSE(matches_any(net, "192.169.0.1"));
  CHECK(matches_any(cidrs({"0.0.0.0/0"}), "8.8.8.8"));
  CHECK_FALSE(matches_any(cidrs({"0.0.0.0/0"}), "2001:db8::1"));
  CHECK(matches_any(cidrs({"10.1.2.3/31"}), "10.1.2.2"));
  CHECK_FALSE(matches_any(cidrs({"10.1.2.3/31"}), "10.1.2.4"));
}

TEST_CASE("IPv4-mapped ranges written as IPv6 count IPv6 bits") {
  const auto mapped = cidrs({"::ffff:10.0.0.0/104"});  // 10.0.0.0/8
  CHECK(matches_any(mapped, "10.200.1.2"));
  CHECK(matches_any(mapped, "::ffff:10.0.0.1"));
  CHECK_FALSE(matches_any(mapped, "11.0.0.1"));
  CHECK(matches_any(cidrs({"::ffff:0:0/96"}), "203.0.113.9"));  // every IPv4 peer
  CHECK_FALSE(matches_any(cidrs({"::ffff:0:0/96"}), "2001:db8::1"));
  CHECK(matches_any(cidrs({"::ffff:127.0.0.1/128"}), "127.0.0.1"));
  CHECK_FALSE(Cidr::parse("::ffff:10.0.0.0/129"));
  CHECK_FALSE(Cidr::parse("::ffff:10.0.0.0/8"));  // not 10.0.0.0/8 but ::/8, every IPv4 peer: refused
}

TEST_CASE("IPv6 matching") {
  const auto net = cidrs({"2001:db8::/32", "::1"});
  CHECK(matches_any(net, "2001:db8:ffff::1"));
  CHECK(matches_any(net, "[2001:db8::5]"));
  CHECK(matches_any(net, "::1"));
  CHECK_FALSE(matches_any(net, "2001:db9::1"));
  CHECK_FALSE(matches_any(net, "127.0.0.1"));
  CHECK(matches_any(cidrs({"fe80::/10"}), "febf::1"));
  CHECK_FALSE(matches_any(cidrs({"fe80::/10"}), "fec0::1"));
  CHECK_FALSE(matches_any(net, "garbage"));
}

TEST_CASE("X-Forwarded-For is trusted only from a configured proxy") {
  const AccessPolicy policy(cidrs({"18.133.205.228"}), cidrs({"10.0.0.0/8"}), "");
  const std::string forwarded = "18.133.205.228";
  CHECK(policy.client_address("10.0.0.5", &forwarded) == "18.133.205.228");
  CHECK(policy.client_address("203.0.113.9", &forwarded) == "203.0.113.9");
  CHECK(policy.client_address("10.0.0.5", nullptr) == "10.0.0.5");
  // Right-most untrusted hop: the client cannot forge its way in by prepending.
  const std::string chain = "18.133.205.228, 203.0.113.9, 10.0.0.7";
  CHECK(policy.client_address("10.0.0.5", &chain) == "203.0.113.9");
  CHECK(policy.source_allowed("18.133.205.228"));
  CHECK_FALSE(policy.source_allowed("203.0.113.9"));
  CHECK_FALSE(policy.source_allowed("not-an-ip"));
}

TEST_CASE("an empty allowlist admits anyone") {
  const AccessPolicy policy({}, {}, "");
  CHECK(policy.source_allowed("203.0.113.9"));
  CHECK(policy.key_accepted(""));
}

TEST_CASE("callback key in the query string") {
  const AccessPolicy policy({}, {}, "s3cret+/=");
  CHECK(policy.key_accepted("key=s3cret%2B%2F%3D"));
  CHECK(policy.key_accepted("a=1&key=s3cret%2B%2F%3D"));
  CHECK_FALSE(policy.key_accepted("key=s3cret"));
  CHECK_FALSE(policy.key_accepted("key=s3cret%2B%2F%3Dx"));
  CHECK_FALSE(policy.key_accepted(""));
  CHECK_FALSE(policy.key_accepted("key=%zz"));
}

TEST_CASE("constant_time_equal") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK(constant_time_equal("", ""));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK_FALSE(constant_time_equal("abc", ""));
}
