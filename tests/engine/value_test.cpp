#include "engine/value.hpp"

#include <doctest/doctest.h>

#include "engine/request.hpp"

namespace dialgraph::engine {

TEST_CASE("a session's variables: the request's fields and the caller's record are read in place") {
  const Request request{"ATUid_1", "+265991234567", "*3664#", "65001", {"1"}};
  Vars vars;
  vars.request = &request;
  vars.caller = std::make_shared<const Record>(Record{{"first_name", "Chikondi"}, {"kyc_status", "verified"}});

  REQUIRE(vars.find("phone") != nullptr);
  CHECK(*vars.find("phone") == "+265991234567");
  CHECK(*vars.find("session_id") == "ATUid_1");
  CHECK(*vars.find("service_code") == "*3664#");
  CHECK(*vars.find("network_code") == "65001");
  REQUIRE(vars.find("caller.first_name") != nullptr);
  CHECK(*vars.find("caller.first_name") == "Chikondi");

  CHECK(vars.find("caller.email") == nullptr);  // not in the record
  CHECK(vars.find("first_name") == nullptr);    // the record only answers under "caller."
  CHECK(vars.find("caller.") == nullptr);
  CHECK(vars.find("amount") == nullptr);
}

TEST_CASE("a scalar of the same name wins over the request's fields and the caller's record") {
  const Request request{"ATUid_1", "+265991234567", "*3664#", "65001", {}};
  Vars vars;
  vars.request = &request;
  vars.caller = std::make_shared<const Record>(Record{{"language", "en"}});
  vars.scalars["phone"] = "+265888000111";
  vars.scalars["caller.language"] = "ny";
  CHECK(*vars.find("phone") == "+265888000111");
  CHECK(*vars.find("caller.language") == "ny");
}

TEST_CASE("without a request or a caller, only scalars answer") {
  Vars vars;
  vars.scalars["amount"] = "1000";
  CHECK(*vars.find("amount") == "1000");
  CHECK(vars.find("phone") == nullptr);
  CHECK(vars.find("caller.first_name") == nullptr);
}

}  // namespace dialgraph::engine
