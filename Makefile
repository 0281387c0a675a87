# Thin wrapper over scripts/ and CMake. `make run` and `make test` are the two commands users need.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
MEDIA_DIR ?= $(CURDIR)/.cache/test-media
JOBS ?= $(shell nproc)
# ON: compiler warnings are errors (what CI builds with).
WERROR ?= OFF

.PHONY: all deps configure build run test test-asan bench media package clean package-deps package-test translations format format-check

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DFRAMENOTE_TEST_MEDIA_DIR=$(MEDIA_DIR) -DFRAMENOTE_WERROR=$(WERROR)

# `configure` and `build` only build: they never install anything (no sudo). The commands that
# set a machine up as well (`run`, `test`, `test-asan`, `bench`, `media`) run `deps` first.
configure: $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

media: deps
	scripts/make-test-media $(MEDIA_DIR)

run: deps build media
	scripts/run-demo $(BUILD_DIR) $(MEDIA_DIR)

test: deps build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFRAMENOTE_ASAN=ON -DFRAMENOTE_BUILD_BENCH=OFF -DFRAMENOTE_TEST_MEDIA_DIR=$(MEDIA_DIR) -DFRAMENOTE_WERROR=$(WERROR)
	cmake --build $(ASAN_DIR) -j $(JOBS) --target asan_tests
	ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) -L asan

bench: deps build media
	scripts/run-bench $(BUILD_DIR) $(MEDIA_DIR)

package: build package-deps
	cmake --build $(BUILD_DIR) --target package

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)

# Linux packages (.deb, .rpm, .tar.gz) tested in a clean Debian 12 chroot (needs root; the first
# run bootstraps the root into .cache/package-test/). `make package` also needs the packaging
# tools (rpm, dpkg-dev), hence package-deps.
package-deps:
	@scripts/install-package-deps --build

package-test: deps build
	scripts/package-test $(BUILD_DIR)

# Refreshes the translation sources from the code (ui/, ui/render/, the app's main.cpp, the
# review session and store worker in core/review, whose messages the user sees, and the kinds'
# display names in core/model/kind_registry.cpp); then
# translate the new entries of framenote_zh_CN.ts. framenote_en.ts holds only the plural forms.
# Qt's own tools directory, as the installed Qt reports it (qtpaths6 comes with qt6-base-dev).
LUPDATE ?= $(shell qtpaths6 --query QT_HOST_BINS 2>/dev/null | sed 's|$$|/|')lupdate
translations:
	$(LUPDATE) -no-obsolete ui app/framenote core/review core/model/kind_registry.cpp -ts translations/framenote_zh_CN.ts
	$(LUPDATE) -no-obsolete -pluralonly ui app/framenote core/review core/model/kind_registry.cpp -ts translations/framenote_en.ts

# The C++ sources as .clang-format says (docs/ARCHITECTURE.md, CONTRIBUTING.md): `format` rewrites
# them, `format-check` (run by CI) fails on any difference.
CLANG_FORMAT ?= clang-format
format:
	git ls-files '*.cpp' '*.h' | xargs $(CLANG_FORMAT) -i
format-check: deps
	git ls-files '*.cpp' '*.h' | xargs $(CLANG_FORMAT) --dry-run -Werror
