// The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz_main.cpp,
// built with clang and -DDIALGRAPH_FUZZ=ON; see tests/fuzz/run.sh) and by the
// regression doctest (regression_test.cpp, the normal build), which feeds every
// file of tests/fuzz/corpus/<target>/ through the same function.
//
// Each target checks properties, not only "does not crash": a broken property
// calls fuzz_fail(), which aborts (libFuzzer then saves the input as a crash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/text.hpp"
#include "engine/utf8.hpp"
#include "server/form.hpp"
#include "server/gateway.hpp"
#include "tests/engine/fake_actions.hpp"

namespace dialgraph::fuzz {

[[noreturn]] inline void fuzz_fail(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

#define DIALGRAPH_FUZZ_CHECK(cond) \
  do {                             \
    if (!(cond)) ::dialgraph::fuzz::fuzz_fail(#cond); \
  } while (0)

// server/form.*: the gateway's application/x-www-form-urlencoded body.
inline int form(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  server::FormFields fields;
  std::string error;
  const bool ok = server::parse_form(body, fields, error);
  DIALGRAPH_FUZZ_CHECK(ok || !error.empty());
  for (const bool plus : {true, false}) {
    const auto decoded = server::percent_decode(body, plus);
    if (decoded) DIALGRAPH_FUZZ_CHECK(decoded->size() <= body.size());
  }
  // Encoding then decoding gives back any bytes at all.
  const auto round = server::percent_decode(server::form_encode(body), true);
  DIALGRAPH_FUZZ_CHECK(round && *round == body);
  if (ok) {
    server::FormError why;
    if (const auto request = server::request_from_form(fields, why)) {
      DIALGRAPH_FUZZ_CHECK(!request->session_id.empty());
      (void)server::reply_body(engine::Reply{});
    } else {
      DIALGRAPH_FUZZ_CHECK(!why.reason.empty() && !why.message.empty());
    }
    server::FormError event_error;
    if (const auto event = server::event_from_form(fields, event_error))
      for (const std::string* text : {&event->session_id, &event->input, &event->error_message})
        for (std::size_t at = 0; at < text->size();) {  // stored as well-formed UTF-8
          const std::size_t length = engine::next_utf8(*text, at).length;
          DIALGRAPH_FUZZ_CHECK(length != 0);
          at += length == 0 ? 1 : length;
        }
  }
  return 0;
}

// engine::split_inputs and server/gateway.*: AT's `text` (every input so far, joined by '*') -> inputs.
inline int session_path(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto inputs = engine::split_inputs(text);
  std::size_t stars = 0;
  for (const char c : text) stars += c == '*';
  if (text.empty()) {
    DIALGRAPH_FUZZ_CHECK(inputs.empty());
    return 0;
  }
  DIALGRAPH_FUZZ_CHECK(inputs.size() == stars + 1);
  std::string joined;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i) joined += '*';
    joined += inputs[i];
  }
  DIALGRAPH_FUZZ_CHECK(joined == text);
  // The same text through the whole form path.
  const std::string body = "sessionId=s&serviceCode=%2A1%23&phoneNumber=%2B265991000001&text=" +
                           server::form_encode(text);
  server::FormFields fields;
  std::string error;
  DIALGRAPH_FUZZ_CHECK(server::parse_form(body, fields, error));
  server::FormError why;
  const auto request = server::request_from_form(fields, why);
  DIALGRAPH_FUZZ_CHECK(request && request->inputs == inputs);
  return 0;
}

// engine::load_menus_text with a registry of fake actions; a file that loads is
// also answered for a few paths (the loader promised it is safe to serve).
inline int menus(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  engine::testing::FakeBank bank;
  const engine::Registry registry = engine::testing::fake_registry(bank);
  engine::LoadResult loaded;
  try {
    loaded = engine::load_menus_text(text, "fuzz.yaml", registry);
  } catch (...) {
    fuzz_fail("load_menus_text threw");  // it promises diagnostics, never exceptions
  }
  if (!loaded.ok()) {
    DIALGRAPH_FUZZ_CHECK(!loaded.diagnostics.empty());
    return 0;
  }
  static const std::vector<std::vector<std::string>> paths = {
      {}, {"1"}, {"1", "1357"}, {"2"}, {"1", "0"}, {"00"}, {"9"}, {"98", "98"}, {"x", ""}};
  for (const auto& inputs : paths) {
    engine::Request request;
    request.session_id = "fuzz";
    request.phone = "+265991000001";
    request.service_code = "*1#";
    request.inputs = inputs;
    try {
      (void)engine::respond(*loaded.graph, registry, bank.log, request);
    } catch (...) {
      fuzz_fail("respond threw");  // expected problems end in a reply
    }
  }
  return 0;
}

// engine::placeholders and engine::render_template on any template.
inline int render(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<engine::TemplateError> errors;
  const auto found = engine::placeholders(text, errors);
  for (const auto& p : found) DIALGRAPH_FUZZ_CHECK(p.offset + 4 <= text.size());
  for (const auto& e : errors) DIALGRAPH_FUZZ_CHECK(e.offset < text.size());
  engine::Vars vars;
  vars.scalars = {{"balance", "25000000"},
                  {"neg", "-9223372036854775808"},
                  {"max", "9223372036854775807"},
                  {"when", "1714550400"},
                  {"old", "-62167219200"},
                  {"far", "253402300799"},
                  {"huge", "-9223372036854775807"},
                  {"name", "Chikondi"},
                  {"empty", ""},
                  {"phone", "+265991000001"},
                  {"a.b", "dotted"}};
  for (const int offset : {0, 120, -720, 840}) {
    engine::RenderSettings settings;
    settings.utc_offset_minutes = offset;
    (void)engine::render_template(text, vars, settings);
  }
  return 0;
}

}  // namespace dialgraph::fuzz
