# Runs COMMAND with ARGS (separated by commas: CTest would split a list) and fails unless its standard output is exactly the
# file EXPECT (both relative to the working directory). The exit code is not
# judged here: the output says more.
string(REPLACE "," ";" ARGS "${ARGS}")
execute_process(COMMAND ${COMMAND} ${ARGS} OUTPUT_VARIABLE actual RESULT_VARIABLE code)
file(READ ${EXPECT} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "output of ${COMMAND} ${ARGS} (exit ${code}) differs from ${EXPECT}:\n${actual}")
endif()
