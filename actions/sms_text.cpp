#include "actions/sms_text.hpp"

#include "engine/gsm.hpp"

namespace dialgraph::actions {
namespace {

bool chichewa(std::string_view language) { return language == "ny"; }

// A name in GSM letters (ŵ as w): one letter outside the alphabet sends the
// whole SMS as UCS-2, 70 characters a part instead of 160, so a receipt would
// cost three parts instead of one.
std::string sms_name(std::string_view name) { return engine::fold_to_gsm(name); }

std::string mwk(std::int64_t minor) { return "MWK " + format_mwk(minor); }

}  // namespace

std::string format_mwk(std::int64_t minor) {
  const bool negative = minor < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::string whole = std::to_string(magnitude / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  const std::uint64_t cents = magnitude % 100;
  return (negative ? "-" : "") + whole + (cents < 10 ? ".0" : ".") + std::to_string(cents);
}

std::string payment_sent_sms(std::string_view language, std::int64_t amount_minor,
                             std::int64_t fee_minor, std::int64_t balance_minor,
                             std::string_view payee_name, std::string_view reference) {
  const std::string name = sms_name(payee_name), ref(reference);
  if (chichewa(language))
    return "Paymaart: Mwatumiza " + mwk(amount_minor) + " kwa " + name + ". Chindapusa " +
           mwk(fee_minor) + ". Ndalama zotsala " + mwk(balance_minor) + ". Nambala " + ref + ".";
  return "Paymaart: You sent " + mwk(amount_minor) + " to " + name + ". Fee " + mwk(fee_minor) +
         ". New balance " + mwk(balance_minor) + ". Ref " + ref + ".";
}

std::string payment_received_sms(std::string_view language, std::int64_t amount_minor,
                                 std::int64_t balance_minor, std::string_view payer_name,
                                 std::string_view reference) {
  const std::string name = sms_name(payer_name), ref(reference);
  if (chichewa(language))
    return "Paymaart: Mwalandira " + mwk(amount_minor) + " kuchokera kwa " + name +
           ". Ndalama zanu tsopano " + mwk(balance_minor) + ". Nambala " + ref + ".";
  return "Paymaart: You received " + mwk(amount_minor) + " from " + name + ". New balance " +
         mwk(balance_minor) + ". Ref " + ref + ".";
}

std::string otp_sms(std::string_view language, std::string_view code, std::int64_t ttl_seconds) {
  const std::string minutes = std::to_string((ttl_seconds + 59) / 60), otp(code);
  if (chichewa(language))
    return "Nambala yanu ya Paymaart ndi " + otp + ". Ithera mu mphindi " + minutes +
           ". Musauze aliyense.";
  return "Your Paymaart code is " + otp + ". It expires in " + minutes +
         (minutes == "1" ? " minute" : " minutes") + ". Never share it.";
}

}  // namespace dialgraph::actions
