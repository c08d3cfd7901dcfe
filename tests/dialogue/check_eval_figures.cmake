# Runs `mock-interviewer eval --corpus CORPUS --json` and fails when a figure drops below its floor.
# Usage: cmake -DMI_BINARY=... -DCORPUS=... -DCONTENT=... -DMIN_KEY_POINTS_F1=... -DMIN_RED_FLAGS_F1=...
#              -DMIN_STAR_F1=... -DMIN_SPEARMAN=... -P check_eval_figures.cmake
cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND "${MI_BINARY}" eval --corpus "${CORPUS}" --content "${CONTENT}" --json
                OUTPUT_VARIABLE report ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "mock-interviewer eval exited with ${status}: ${errors}")
endif()

set(failed "")
foreach(figure IN ITEMS "key_points;f1;MIN_KEY_POINTS_F1" "red_flags;f1;MIN_RED_FLAGS_F1" "star;f1;MIN_STAR_F1"
                        "grade_spearman;-;MIN_SPEARMAN")
  list(GET figure 0 part)
  list(GET figure 1 field)
  list(GET figure 2 floor_name)
  if(field STREQUAL "-")   # a top-level figure
    string(JSON value GET "${report}" ${part})
  else()
    string(JSON value GET "${report}" ${part} ${field})
  endif()
  message(STATUS "${part} ${field}: ${value} (floor ${${floor_name}})")
  if(value LESS ${${floor_name}})
    string(APPEND failed "  ${part} ${field} = ${value}, below the recorded ${${floor_name}}\n")
  endif()
endforeach()
if(NOT failed STREQUAL "")
  message(FATAL_ERROR "the scorer got worse on ${CORPUS}:\n${failed}")
endif()
