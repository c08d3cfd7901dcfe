#!/usr/bin/env bash
# Installs exactly what Mock Interviewer needs on Debian 12, and nothing when it is all there.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also what the test suite needs (Chromium, npm packages)
# Used by the Makefile (README commands), .ci/run and the Dockerfile, so all three agree.
set -euo pipefail

want_test_deps=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test_deps=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (expected --test)" >&2; exit 2 ;;
  esac
done

build_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev nlohmann-json3-dev libcpp-httplib-dev libspdlog-dev
  libstemmer-dev libsqlite3-dev libssl-dev libcli11-dev catch2
  libyaml-cpp-dev libpq-dev zlib1g-dev libzstd-dev
)
# clang and its runtime build the libFuzzer targets (make fuzz); postgresql is the server the tests
# start in a temporary folder (scripts/pg-test-cluster.sh), never one assumed to run; haproxy puts
# two nodes behind it in the several-nodes tests (deploy/haproxy.cfg).
test_packages=(chromium sqlite3 libbenchmark-dev clang libclang-rt-14-dev postgresql haproxy)

packages=("${build_packages[@]}")
if [ "$want_test_deps" = 1 ]; then
  packages+=("${test_packages[@]}")
  # Node.js runs the schema and browser tests; the machine's own Node.js is used when present.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$want_test_deps" = 1 ]; then
  # npm packages for the schema check (ajv) and the browser tests (playwright-core), pinned by
  # tests/package-lock.json; reinstalled only when the lock file changes.
  repo_root=$(cd "$(dirname "$0")/.." && pwd)
  tests_dir="$repo_root/tests"
  stamp="$tests_dir/node_modules/.lock-installed"
  if [ ! -f "$stamp" ] || ! cmp -s "$tests_dir/package-lock.json" "$stamp"; then
    echo "install-deps: installing npm packages in tests/"
    (cd "$tests_dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$tests_dir/package-lock.json" "$stamp"
  fi
fi
