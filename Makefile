# CodeArena: `make run` serves a development instance, `make test` runs every test.
# Each target installs what is missing first, so both work on a fresh Debian 12 machine.

PORT ?= 8080
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
ARENA = $(BUILD)/bin/arena
# ccache hits across checkouts at different paths (CI clones anew every run).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps languages configure build web run db db-stop migrate seed test test-unit test-asan test-e2e bench bench-http format clean help

all: build

help:
	@echo "make run        build, start the dev database, migrate, seed, serve on http://localhost:$(PORT)"
	@echo "make test       build and run every test suite, then again under ASan+UBSan"
	@echo "make build      install missing packages and build (no database, no server)"
	@echo "make web        build the web app into web/dist (npm ci when the lock file changed)"
	@echo "make test-e2e   only the browser tests (tests/e2e; needs make build)"
	@echo "make languages  install every language toolchain of config/languages.json (~3 GB)"
	@echo "make test-asan  only the sanitizer build and its tests"
	@echo "make bench      run the benchmarks under bench/"
	@echo "make db-stop    stop the private PostgreSQL under var/pg"
	@echo "make format     clang-format the C++ tree"

deps:
	@scripts/deps.sh scripts/packages.txt scripts/languages-core.txt

languages:
	@scripts/deps.sh scripts/languages.txt

configure: deps
	@scripts/configure.sh $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: configure web
	@cmake --build $(BUILD) -j $(JOBS)

# The players' web app (web/ -> web/dist); skipped when its sources are unchanged.
web:
	@scripts/web.sh

db: deps
	@scripts/pg.sh start

db-stop:
	@scripts/pg.sh stop

migrate: build db
	@$(ARENA) migrate

seed: migrate
	@$(ARENA) seed

run: seed
	@exec $(ARENA) serve --set server.port=$(PORT) --set web.root=web/dist

test: deps
	@scripts/test.sh all

test-unit: deps
	@scripts/test.sh main

test-asan: deps
	@scripts/test.sh asan

test-e2e: deps
	@scripts/test.sh e2e

# Every bench/*/run.sh in turn (benchmarks added later run too); the target fails if any did.
bench: build db
	@status=0; for script in bench/*/run.sh; do \
	  [ -f "$$script" ] || continue; \
	  bash "$$script" || { echo "make bench: $$script failed" >&2; status=1; }; \
	done; exit $$status

bench-http: bench

format:
	@find host plugins sandbox tests bench docs -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
