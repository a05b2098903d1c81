// The wording of SMS receipts and codes, in English (en) and Chichewa (ny). SMS
// text is not USSD menu wording, so it lives here rather than in menus.yaml.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dialgraph::actions {

// 1500050 -> "15,000.50"
std::string format_mwk(std::int64_t minor);

std::string payment_sent_sms(std::string_view language, std::int64_t amount_minor,
                             std::int64_t fee_minor, std::int64_t balance_minor,
                             std::string_view payee_name, std::string_view reference);

std::string payment_received_sms(std::string_view language, std::int64_t amount_minor,
                                 std::int64_t balance_minor, std::string_view payer_name,
                                 std::string_view reference);

std::string otp_sms(std::string_view language, std::string_view code, std::int64_t ttl_seconds);

}  // namespace dialgraph::actions
