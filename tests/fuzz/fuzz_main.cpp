// One libFuzzer binary per target: DIALGRAPH_FUZZ_TARGET names the function of
// targets.hpp it drives (set by tests/fuzz/CMakeLists.txt).
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dialgraph::fuzz::DIALGRAPH_FUZZ_TARGET(data, size);
}
