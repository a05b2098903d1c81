#include "actions/csv.hpp"

#include <string_view>

namespace dialgraph::actions {
namespace {

// What Excel's "CSV UTF-8" writes before the first byte of the file.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool next_line(std::istream& in, int& line_number, std::string& line) {
  if (!std::getline(in, line)) return false;
  ++line_number;
  if (line_number == 1 && line.starts_with(kUtf8Bom)) line.erase(0, kUtf8Bom.size());
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// The field being read; it carries over to the next line inside quotes.
struct FieldState {
  std::string field;
  bool quoted = false;       // inside quotes now
  bool was_quoted = false;   // this field started with a quote
};

void fail(CsvRecord& record, const char* message) {
  if (record.error.empty()) record.error = message;
}

// Parses one physical line into `record`, continuing the field in progress.
void parse_line(const std::string& line, FieldState& s, CsvRecord& record) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (s.quoted) {
      if (c != '"') {
        s.field += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        s.field += '"';
        ++i;
      } else {
        s.quoted = false;
      }
    } else if (c == ',') {
      record.fields.push_back(std::move(s.field));
      s = FieldState{};
    } else if (c == '"') {
      if (s.field.empty() && !s.was_quoted)
        s.quoted = s.was_quoted = true;
      else
        fail(record, "a quote inside an unquoted field");
    } else {
      if (s.was_quoted) fail(record, "text after a closing quote");
      s.field += c;
    }
  }
}

}  // namespace

bool read_csv_record(std::istream& in, int& line_number, CsvRecord& record) {
  std::string line;
  do {
    if (!next_line(in, line_number, line)) return false;
  } while (line.empty());
  record = CsvRecord{line_number, {}, ""};
  FieldState state;
  parse_line(line, state, record);
  while (state.quoted) {
    if (!next_line(in, line_number, line)) {
      fail(record, "a quoted field is not closed");
      break;
    }
    state.field += '\n';
    parse_line(line, state, record);
  }
  record.fields.push_back(std::move(state.field));
  return true;
}

}  // namespace dialgraph::actions
