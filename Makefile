# Copra's front door. A newcomer needs two commands:
#   make run    install what is missing, build, start the server
#   make test   install what is missing, build, run every test
# `make help` lists the rest. The build itself is CMake + Ninja
# (CMakePresets.json); this file only strings the steps together.

SHELL := /bin/bash
.DEFAULT_GOAL := build

JOBS      ?= 2
BUILD_DIR := build
ASAN_DIR  := build-asan
DATA_DIR  ?= ./copra-data
HTTP_ADDR ?= 127.0.0.1:4000
PG_ADDR   ?= 127.0.0.1:4003

# Tracked and new (not ignored) C++ files; build trees are never touched.
FORMAT_FILES = git ls-files -z --cached --others --exclude-standard -- '*.h' '*.cpp' '*.hpp' '*.cc'

.PHONY: help deps configure build run test bench bench-quick micro-bench asan test-asan format check-format clean

help:
	@echo "make deps          install missing Debian packages (scripts/install-deps; needs root)"
	@echo "make build         configure (once) and build into $(BUILD_DIR)/ (RelWithDebInfo)"
	@echo "make run           deps + build, then serve $(DATA_DIR) on http://$(HTTP_ADDR)"
	@echo "make test          deps + build, then run all tests with ctest"
	@echo "make bench         build, then the full benchmark suite beside DuckDB and PostgreSQL (bench/run)"
	@echo "make bench-quick   the same on small data (a few minutes); both rewrite docs/benchmarks.md"
	@echo "make asan          build with ASan+UBSan (Debug) into $(ASAN_DIR)/"
	@echo "make test-asan     asan, then the unit tests and sqllogictests under the sanitizers"
	@echo "make micro-bench   build and run the Google Benchmark micro-benchmarks (bench/micro/; ARGS=...)"
	@echo "make format        clang-format -i every C++ file"
	@echo "make check-format  fail if any C++ file is not formatted"
	@echo "make clean         remove $(BUILD_DIR)/ and $(ASAN_DIR)/ (never the data directory)"
	@echo "Variables: JOBS=$(JOBS) DATA_DIR=$(DATA_DIR) HTTP_ADDR=$(HTTP_ADDR) PG_ADDR=$(PG_ADDR)"

deps:
	@scripts/install-deps

# Configure only when there is no build tree yet; after that Ninja re-runs
# CMake by itself whenever a CMakeLists.txt changes.
configure: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset default

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@echo
	@echo "Starting Copra (Ctrl-C to stop)"
	@echo "  data directory  $(DATA_DIR)"
	@echo "  HTTP API        http://$(HTTP_ADDR)    try: curl http://$(HTTP_ADDR)/health"
	@echo "  PostgreSQL      $(PG_ADDR)    try: psql -h $(firstword $(subst :, ,$(PG_ADDR))) -p $(lastword $(subst :, ,$(PG_ADDR))) -U copra -d public"
	@echo "  SQL shell       $(BUILD_DIR)/copra shell --data <dir>  (on a directory no server holds)"
	@echo
	exec $(BUILD_DIR)/copra serve --data $(DATA_DIR) --http-addr $(HTTP_ADDR) --pg-addr $(PG_ADDR)

# ctest's summary is the last thing this prints.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

micro-bench: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target copra_micro_bench
	$(BUILD_DIR)/copra_micro_bench $(ARGS)

# Benchmarks are not tests: they never fail on speed. BENCH_ARGS passes more
# options, e.g. make bench BENCH_ARGS="--scale 100 --days 1".
bench: build
	bench/run $(BENCH_ARGS)

bench-quick: build
	bench/run --quick $(BENCH_ARGS)

asan: deps
	@test -f $(ASAN_DIR)/build.ninja || cmake --preset debug-asan
	cmake --build $(ASAN_DIR) -j $(JOBS)

# Everything but the end-to-end tests (those exercise the release binary).
test-asan: asan
	ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) -LE e2e --timeout 600

format:
	$(FORMAT_FILES) | xargs -0 -r clang-format -i

check-format:
	$(FORMAT_FILES) | xargs -0 -r clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
