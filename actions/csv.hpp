// A strict RFC 4180 reader that keeps physical line numbers for error messages.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace dialgraph::actions {

struct CsvRecord {
  int line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
  std::string error;  // first syntax problem in the record, or ""
};

// Reads the next record, skipping blank lines; false at the end of input.
// Quoted fields may hold commas, doubled quotes and line breaks; CRLF is accepted.
// A UTF-8 byte order mark starting the input (line 1) is skipped.
bool read_csv_record(std::istream& in, int& line_number, CsvRecord& record);

}  // namespace dialgraph::actions
