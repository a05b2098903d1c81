// patient.name: a validator. Accepts a person's name (letters, spaces, ' and -,
// at least two letters) and hands the tidied name on as {{patient}}.
//
//   patient_name:
//     type: input
//     save: patient_typed
//     validate: [patient.name]
//     errors:
//       too_short: Please type the full name.
//       not_a_name: Please use letters only.
#include <cctype>

#include "clinic_actions.hpp"

namespace dialgraph::clinic {
namespace {

// "  mary   BANDA " -> "Mary Banda": staff read it on a printed list.
std::string tidy(std::string_view typed) {
  std::string out;
  bool word_start = true;
  for (const char c : typed) {
    if (c == ' ') {
      word_start = true;
      continue;
    }
    if (word_start && !out.empty()) out += ' ';
    const auto u = static_cast<unsigned char>(c);
    out += static_cast<char>(word_start ? std::toupper(u) : std::tolower(u));
    word_start = false;
  }
  return out;
}

engine::ActionResult check(std::string_view typed) {
  int letters = 0;
  for (const char c : typed) {
    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    else if (c != ' ' && c != '\'' && c != '-') return {"not_a_name", {}, {}};
  }
  if (letters < 2) return {"too_short", {}, {}};
  return {"ok", {{"patient", tidy(typed)}}, {}};
}

}  // namespace

engine::ActionSpec patient_name_validator() {
  engine::ActionSpec spec;
  spec.name = "patient.name";
  spec.kind = engine::ActionKind::query;  // reads nothing, changes nothing: safe to replay
  spec.values = {"patient"};
  spec.outcomes = {"ok", "too_short", "not_a_name"};
  spec.run = [](const engine::ActionContext& ctx) { return check(ctx.input); };
  return spec;
}

}  // namespace dialgraph::clinic
