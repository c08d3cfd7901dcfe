# The two commands of the README:
#   make run    installs what is missing, builds, starts the server on an embedded SQLite database
#   make test   installs what is missing (test tools too), builds with warnings as errors, runs every test
# Other targets: build, test-asan, fuzz, bench, load, clean.

# run and test share one build tree and one configuration, so switching between them rebuilds nothing.
PRESET ?= ci
HOST ?= 127.0.0.1
PORT ?= 8080
# One compile job per core (the presets fix none, so a bigger machine builds wider).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere (CI's, a second
# worktree) reuses what this one compiled; the debug info's build folder is not part of the key.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= true

.PHONY: run build test test-asan fuzz bench load clean deps test-deps

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	./build/mock-interviewer serve --host $(HOST) --port $(PORT)

test: test-deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)
	ctest --preset $(PRESET)

test-asan: test-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan

# libFuzzer targets (fuzz/), built with clang in build-fuzz/ and run FUZZ_SECONDS each from the
# committed seed corpus; a crash fails the run and leaves its input in build-fuzz/crashes/.
FUZZ_SECONDS ?= 10
fuzz: test-deps
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DMI_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzzers
	scripts/run-fuzzers.sh $(FUZZ_SECONDS)

bench: test-deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS) --target bench_scorer
	# Pinned to the second core when there is one: the target is per core, and migrations add noise.
	$$([ "$$(nproc)" -gt 1 ] && command -v taskset >/dev/null && echo taskset -c 1) ./build/tests/dialogue/bench_scorer \
	  --benchmark_repetitions=15 --benchmark_min_time=0.3 --benchmark_report_aggregates_only=true

# The standard load table (docs/performance.md): four loads, each against the interviewer and the
# echo baseline, LOAD_REPEAT times each (medians and spread). LOAD_ARGS adds generator options.
LOAD_REPEAT ?= 3
LOAD_ARGS ?=
load: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS) --target mock-interviewer mock-interviewer-load
	./build/tools/load/mock-interviewer-load --table --repeat $(LOAD_REPEAT) $(LOAD_ARGS)

clean:
	rm -rf build build-asan build-fuzz
