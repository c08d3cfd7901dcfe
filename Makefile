# The two commands of the README:
#   make run    installs what is missing, builds, starts the server on an embedded SQLite database
#   make test   installs what is missing (test tools too), builds with warnings as errors, runs every test
# Other targets: build, test-asan, bench, clean.

PRESET ?= dev
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run build test test-asan bench clean deps test-deps

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --test

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

run: build
	./build/mock-interviewer serve --host $(HOST) --port $(PORT)

test: test-deps
	cmake --preset ci >/dev/null
	cmake --build --preset ci
	ctest --preset ci

test-asan: test-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan

clean:
	rm -rf build build-asan
