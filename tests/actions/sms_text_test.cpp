#include "actions/sms_text.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::actions;

TEST_CASE("MWK amounts with thousands separators and two decimals") {
  CHECK(format_mwk(0) == "0.00");
  CHECK(format_mwk(5) == "0.05");
  CHECK(format_mwk(150'050) == "1,500.50");
  CHECK(format_mwk(25'000'000) == "250,000.00");
  CHECK(format_mwk(123'456'789'00) == "123,456,789.00");
  CHECK(format_mwk(-1'000'00) == "-1,000.00");
}

TEST_CASE("OTP text rounds the TTL up to whole minutes") {
  CHECK(otp_sms("en", "123456", 300) ==
        "Your Paymaart code is 123456. It expires in 5 minutes. Never share it.");
  CHECK(otp_sms("en", "123456", 90).find("in 2 minutes") != std::string::npos);
  CHECK(otp_sms("en", "123456", 30).find("in 1 minute.") != std::string::npos);
}

TEST_CASE("names in receipts are in GSM letters, so that a receipt stays one SMS part") {
  CHECK(payment_sent_sms("ny", 100, 0, 0, "Ŵamaka Ŵemba", "PM1").find("kwa Wamaka Wemba.") != std::string::npos);
  CHECK(payment_received_sms("en", 100, 0, "Chiŵalo Banda", "PM1").find("from Chiwalo Banda.") != std::string::npos);
}
