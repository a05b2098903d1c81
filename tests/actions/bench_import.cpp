// Times import_customers_csv on a generated file: `actions_bench_import [rows] [db]`.
// Not a test (no assertions, not in CTest); run by hand, e.g. after changing the
// import or the schema. Default: 100,000 rows into a temp file database.
#include "actions/import.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  using namespace dialgraph::actions;
  const int rows = argc > 1 ? std::stoi(argv[1]) : 100'000;
  const std::string path = argc > 2 ? argv[2]
                                    : (std::filesystem::temp_directory_path() /
                                       "dialgraph-bench-import.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  std::ostringstream csv;
  csv << kImportHeader << '\n';
  for (int i = 0; i < rows; ++i)
    csv << "+26599" << 3'000'000 + i << ",PM" << 300'000 + i << ",Chikondi,"
        << (i % 4 == 0 ? "\"Mercy, Jr\"" : "") << ",Banda,"
        << (i % 2 == 0 ? "c" + std::to_string(i) + "@example.mw" : "") << ","
        << (i % 10 == 0 ? "pending" : "verified") << "," << (i % 3 == 0 ? "ny" : "en") << ","
        << 2'000 + i % 7'000 << "," << i % 100'000 << "." << i % 100 << '\n';

  Store store(path);
  std::istringstream in(csv.str());
  const auto start = std::chrono::steady_clock::now();
  const ImportReport report = import_customers_csv(store, Settings{}, in, "bench.csv");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::cout << "rows " << report.rows << ", imported " << report.imported << ", errors "
            << report.errors.size() << ", " << took.count() << " s";
  if (std::filesystem::exists(path + "-wal"))
    std::cout << ", file "
              << std::filesystem::file_size(path) + std::filesystem::file_size(path + "-wal")
              << " bytes (db + wal) at " << path;
  std::cout << '\n';
  for (std::size_t i = 0; i < report.errors.size() && i < 5; ++i)
    std::cout << report.errors[i] << '\n';
  return report.ok() ? 0 : 1;
}
