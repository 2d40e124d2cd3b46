# palette-sentiment build. `make` builds the WebAssembly module; `make test`
# runs every test; `make demo` serves the page. Compiler flags live here only.

SHELL := /bin/bash
# Every recipe line fails as soon as any command of a pipeline fails.
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := wasm

# c/include: the public headers; c/src: everything else (ps__ names).
LIB_SRC := $(sort $(wildcard c/src/*.c))
LIB_HDR := $(sort $(wildcard c/include/*.h c/src/*.h))
# Three builds of the library: everything, and the palette and text (Naive
# Bayes) halves, so that a page downloads only the half it uses.
WASM := wasm-build/palette-sentiment.wasm
WASM_FLAVOURS := palette text
WASMS := $(WASM) $(patsubst %,wasm-build/palette-sentiment-%.wasm,$(WASM_FLAVOURS))
# Each build's bytes as an ES module (palette-sentiment/wasm/inline, …), for
# bundlers that copy no .wasm files (Rollup).
WASM_INLINE := $(WASMS:.wasm=-inline.js)
# Each half exports the symbols of c/exports.txt whose module (the word after
# ps_) is in its group; tests/node/c-contract.test.js checks that every symbol
# of c/exports.txt reaches one half.
EXPORTS_CORE := status|version|alloc|free|memory
EXPORTS_palette := image|palette
EXPORTS_text := nb|tokenize

# One set of language flags for every build, so native and WebAssembly
# results are bit-identical: no FMA contraction, no fast-math.
STD_FLAGS := -std=c11 -ffp-contract=off -fno-fast-math -I/usr/include/stb -Ic/include -Ic/src
WARN_FLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
NATIVE_CC ?= gcc
NATIVE_FLAGS := $(STD_FLAGS) $(WARN_FLAGS) -O2 -g
SAN_FLAGS := $(STD_FLAGS) $(WARN_FLAGS) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

EMCC := NODE_PATH=/usr/share/nodejs emcc
# emcc's link runs Binaryen's -O3 once; a second run, with the same features,
# finds more (434 bytes of the full build) and changes neither a palette nor
# the speed (bench/palette-ab.mjs, training and the tokenizer: within noise).
WASM_OPT := wasm-opt --mvp-features --enable-simd --enable-bulk-memory -O3 --low-memory-unused --zero-filled-memory
# WebAssembly objects are LLVM bitcode, optimised together at the link (-flto).
# stb_image (image.c) is most of the module: compiled for size, with its SSE2
# JPEG kernels as WebAssembly SIMD (-msse2, see image.c). The palette's hot
# loops use SIMD (c/src/simd.h); only these files get -msimd128, since
# elsewhere it grows the code for no gain.
# -mbulk-memory: memcpy and memset of large blocks become memory.copy and
# memory.fill (the trainer's tables grow by doubling; every SIMD engine has it).
WASM_CFLAGS := $(STD_FLAGS) $(WARN_FLAGS) -flto -DNDEBUG -mbulk-memory
WASM_OPT_image := -Oz -msimd128 -msse2
# Cold files, run once per model or per call rather than per token or pixel:
# loading, saving, options, statuses, calibration and the model's accessors.
# (Not nb_counts, nb_spill, nb_merge: a spilling trainer writes and merges its
# counts through them; -Oz made that training ~6 % slower. Their once-a-file
# functions are PS_COLD instead, see c/src/cold.h.)
$(foreach f,nb_finish model_read model_write nb_options tok_options status calibrate nb_model,$(eval WASM_OPT_$(f) := -Oz))
WASM_OPT_histogram := -O3 -msimd128
WASM_OPT_kmeans := -O3 -msimd128
WASM_OBJ := $(patsubst c/src/%.c,build/wasm/%.o,$(LIB_SRC))
# -sMALLOC=emmalloc: Emscripten's compact allocator instead of dlmalloc, 7.7 KB
# less in each build and as fast on every benchmark: the library allocates few
# blocks, most of them large (pixels, the histogram, the trainer's tables).
WASM_FLAGS := -O3 -flto -mbulk-memory \
	-sSTANDALONE_WASM --no-entry -sALLOW_MEMORY_GROWTH -sINITIAL_MEMORY=4MB \
	-sMAXIMUM_MEMORY=2GB -sTOTAL_STACK=256KB -sFILESYSTEM=0 -sMALLOC=emmalloc

TEST_SRC := $(sort $(wildcard tests/c/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/tool_*.c))
NATIVE_TESTS := $(patsubst tests/c/%.c,build/native/%,$(TEST_SRC))
SAN_TESTS := $(patsubst tests/c/%.c,build/asan/%,$(TEST_SRC))
NATIVE_TOOLS := $(patsubst tests/tools/%.c,build/native/%,$(TOOL_SRC))

.PHONY: wasm native setup test test-c test-asan test-node test-browser test-bundlers test-fuzz-regressions fuzz demo serve bench clean check-size model model-zh
wasm: $(WASMS) $(WASM_INLINE)

build/wasm/%.o: c/src/%.c $(LIB_HDR) Makefile web/c-constants.js
	@mkdir -p build/wasm
	$(EMCC) $(WASM_CFLAGS) $(or $(WASM_OPT_$*),-O3) -c $< -o $@

$(WASM): $(WASM_OBJ) c/exports.txt
	@mkdir -p wasm-build
	$(EMCC) $(WASM_FLAGS) -sEXPORTED_FUNCTIONS=@c/exports.txt $(WASM_OBJ) -o $@
	$(WASM_OPT) $@ -o $@

wasm-build/palette-sentiment-%.wasm: build/exports-%.txt $(WASM_OBJ)
	@mkdir -p wasm-build
	$(EMCC) $(WASM_FLAGS) -sEXPORTED_FUNCTIONS=@$< $(WASM_OBJ) -o $@
	$(WASM_OPT) $@ -o $@

.PRECIOUS: build/exports-%.txt
build/exports-%.txt: c/exports.txt Makefile
	@mkdir -p build
	grep -E '^_ps_($(EXPORTS_CORE)|$(EXPORTS_$*))(_|$$)' $< > $@

wasm-build/%-inline.js: wasm-build/%.wasm scripts/gen-wasm-inline.mjs
	node scripts/gen-wasm-inline.mjs $< $@

# The JS reads the C library's statuses, limits, ranges and defaults from here
# (committed, so that the package works without a build; a test checks it is current).
web/c-constants.js: $(wildcard c/include/*.h) scripts/gen-c-constants.mjs
	node scripts/gen-c-constants.mjs

native: $(NATIVE_TESTS) $(NATIVE_TOOLS)

build/native/test_%: tests/c/test_%.c tests/c/check.h $(LIB_SRC) $(LIB_HDR)
	@mkdir -p build/native
	$(NATIVE_CC) $(NATIVE_FLAGS) $< $(LIB_SRC) -lm -o $@

build/native/tool_%: tests/tools/tool_%.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p build/native
	$(NATIVE_CC) $(NATIVE_FLAGS) $< $(LIB_SRC) -lm -o $@

build/asan/%: tests/c/%.c tests/c/check.h $(LIB_SRC) $(LIB_HDR)
	@mkdir -p build/asan
	clang $(SAN_FLAGS) $< $(LIB_SRC) -lm -o $@

setup:
	@bash scripts/setup.sh

test-c: $(NATIVE_TESTS)
	@set -e; for t in $(NATIVE_TESTS); do $$t; done

test-asan: $(SAN_TESTS)
	@set -e; for t in $(SAN_TESTS); do ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

test-node: $(WASMS) $(NATIVE_TOOLS)
	node --test tests/node/

# Browser tests drive Debian's chromium with playwright-core against a local server.
test-browser: $(WASMS)
	node --test tests/browser/

# The npm pack tarball in Vite, webpack, esbuild, Rollup, Node and TypeScript projects
# (tests/bundlers/*, their tools pinned by their own lock files, installed from
# the npm registry into build/bundlers/), then in headless Chromium.
test-bundlers: $(WASMS) $(WASM_INLINE)
	node --test tests/bundlers/

# What the tests run is built first, on every core: each C test binary compiles
# the whole library, 7.6 min one after another on this 2-core machine and 3.7
# min on both. The suites then run one at a time, as their timings need.
BUILD_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
test: setup
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) $(NATIVE_TESTS) $(SAN_TESTS) $(FUZZ_BINS) $(NATIVE_TOOLS) $(WASMS) $(WASM_INLINE)
	@$(MAKE) --no-print-directory test-c test-asan test-fuzz-regressions test-node test-browser test-bundlers

serve: $(WASMS)
	node scripts/serve.mjs

demo: setup
	@$(MAKE) --no-print-directory serve

bench: $(WASMS)
	node bench/palette.mjs && node bench/nb.mjs && node bench/nb-options.mjs

# libFuzzer targets (clang, ASan + UBSan): `make fuzz FUZZ_SECONDS=N` runs each
# for N seconds from its seed corpus; findings are kept in tests/fuzz/regressions/.
FUZZ_SECONDS ?= 30
# extra libFuzzer flags, e.g. FUZZ_ARGS=-rss_limit_mb=512
FUZZ_ARGS ?=
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(addprefix build/fuzz/,$(FUZZ_TARGETS))
FUZZ_FLAGS := $(STD_FLAGS) $(WARN_FLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt -fsanitize-ignorelist=tests/fuzz/ubsan-ignore.txt

build/fuzz/%: tests/fuzz/%.c tests/fuzz/coverage-ignore.txt tests/fuzz/ubsan-ignore.txt $(LIB_SRC) $(LIB_HDR)
	@mkdir -p build/fuzz
	clang $(FUZZ_FLAGS) $< $(LIB_SRC) -lm -o $@

fuzz: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -max_len=65536 $(FUZZ_ARGS) \
	    -artifact_prefix=build/fuzz/$$t- build/fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 \
	    | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|.*ERROR)' || true; \
	  found=$$(ls build/fuzz/$$t-crash-* build/fuzz/$$t-leak-* build/fuzz/$$t-timeout-* build/fuzz/$$t-oom-* 2>/dev/null || true); \
	  if [ -n "$$found" ]; then echo "fuzz: $$t found failing inputs: $$found (keep them in tests/fuzz/regressions/$$t/)"; exit 1; fi; \
	done; \
	echo "fuzz: $(words $(FUZZ_TARGETS)) passed, 0 failed"

# Every past finding and seed, replayed once: part of make test.
test-fuzz-regressions: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
	  files=$$(ls tests/fuzz/corpus/$$t/* tests/fuzz/regressions/$$t/* 2>/dev/null || true); \
	  [ -n "$$files" ] || continue; \
	  if ! log=$$(build/fuzz/$$t $$files 2>&1); then \
	    echo "$$log" | tail -40; echo "fuzz replay: $$t FAILED"; exit 1; fi; \
	  echo "fuzz replay: $$t, $$(echo "$$files" | wc -l) inputs, ok"; \
	done

# The shipped Naive Bayes model, rebuilt bit for bit from ../shared/data/imdb/train.tsv.gz.
model: $(WASMS)
	node scripts/build-model.mjs

# The Chinese example model, rebuilt bit for bit from ../shared/data/zh/waimai_10k.tsv.gz.
model-zh: $(WASMS)
	node scripts/build-model.mjs zh

# What each build weighs on the wire; a palette-only page downloads the palette one.
check-size: $(WASMS)
	@for f in $(WASMS); do \
	  printf '%-40s %7s bytes, gzip %6s bytes\n' $$f $$(wc -c < $$f) $$(gzip -9cn $$f | wc -c); \
	done; \
	echo "a palette-only page downloads the palette build (goal: 43008 bytes gzip at most; tests/bundlers checks it)"

clean:
	rm -rf build wasm-build/*.wasm wasm-build/*.js
