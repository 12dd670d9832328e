# Build, install and test libzmq-in-Rust. See README.md.
#
#   make                  release build: target/release/libzmq.so and libzmq.a
#   make install PREFIX=  lib/libzmq.so.5.2.5 (+ .so.5 and .so links), lib/libzmq.a,
#                         include/zmq.h, include/zmq_utils.h, lib/pkgconfig/libzmq.pc,
#                         lib/cmake/ZeroMQ/*.cmake, share/man/man3/zmq_*.3, man7/zmq.7
#   make man              the manual pages (man/*.scd, scdoc) into target/man
#   make deb              Debian packages libzmq5-rs and libzmq-rs-dev into target/deb
#   make test-deb         install those into a scratch root and run the bindings there
#   make test-zmq-crate   the Rust zmq crate's own test suite, over ours and the reference
#   make test             every check (headers, Rust tests, lints, symbols, ABI, C tests)
#   make test-reference   the C tests against the system libzmq 4.3.4
#   make demo             build the guide's chapter-1 programs against our library and run them
#   make headers          refresh the committed include/*.h from the Rust sources
#   make programs         build perf/ and c-examples/ against ours into target/c-programs
#   make bench            perf/ against ours and the reference, interleaved (perf/README.md)
#   make loom | soak | test-valgrind | test-netns-long   reliability campaigns
#                         (docs/reliability.md)
#   make clean

SHELL := /bin/bash
CARGO ?= cargo
CC ?= cc
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR ?=

VERSION := 4.3.5
# libzmq 4.3.5 installs libzmq.so.5.2.5 with soname libzmq.so.5.
SOVERSION := 5
SOFULL := 5.2.5
# What a static link of libzmq.a needs: rustc --print native-static-libs, less
# -lgcc_s and -lc, which the compiler driver adds (and -static could not use).
LIBS_PRIVATE := -lpthread -ldl -lm -lrt -lutil

TARGET_DIR := target/release
GEN_INCLUDE := $(TARGET_DIR)/include

.PHONY: all build headers check-headers install uninstall test test-rust lint \
        check-symbols check-abi test-c test-reference demo clean

all: build

build:
	$(CARGO) build --release

# build.rs regenerates target/release/include/*.h on every build.
headers: build
	cp $(GEN_INCLUDE)/zmq.h $(GEN_INCLUDE)/zmq_utils.h include/

check-headers: build
	@for h in zmq.h zmq_utils.h; do \
	  if ! diff -u include/$$h $(GEN_INCLUDE)/$$h; then \
	    echo "include/$$h is stale: run 'make headers' and commit it" >&2; exit 1; \
	  fi; \
	done; echo "headers: include/ matches cbindgen output"

install: build install-cmake install-man
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 755 $(TARGET_DIR)/libzmq.so $(DESTDIR)$(LIBDIR)/libzmq.so.$(SOFULL)
	ln -sfn libzmq.so.$(SOFULL) $(DESTDIR)$(LIBDIR)/libzmq.so.$(SOVERSION)
	ln -sfn libzmq.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libzmq.so
	install -m 644 $(TARGET_DIR)/libzmq.a $(DESTDIR)$(LIBDIR)/libzmq.a
	install -m 644 include/zmq.h include/zmq_utils.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@LIBS_PRIVATE@|$(LIBS_PRIVATE)|' \
	    pkgconfig/libzmq.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libzmq.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libzmq.so.$(SOFULL) $(DESTDIR)$(LIBDIR)/libzmq.so.$(SOVERSION) \
	      $(DESTDIR)$(LIBDIR)/libzmq.so $(DESTDIR)$(LIBDIR)/libzmq.a \
	      $(DESTDIR)$(INCLUDEDIR)/zmq.h $(DESTDIR)$(INCLUDEDIR)/zmq_utils.h \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/libzmq.pc
	rm -rf $(DESTDIR)$(LIBDIR)/cmake/ZeroMQ
	man/build.sh --uninstall $(DESTDIR)$(MANDIR)

test-rust: build
	$(CARGO) test --release

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings

check-symbols: build
	tests/abi/check-symbols.sh $(TARGET_DIR)/libzmq.so

check-abi: build
	tests/abi/run.sh

test-c: build
	capi-tests/run.sh

test-reference:
	capi-tests/run.sh --reference

# Cheap checks first; the C harness last (its summary line ends the output).
test: check-headers lint check-symbols check-abi test-rust test-c

demo: programs
	c-examples/demo.sh $(CURDIR)/$(PROGRAMS_DIR)/examples

clean:
	$(CARGO) clean

# perf/ and c-examples/ programs, built against our library installed into
# target/c-programs/prefix (run them with LD_LIBRARY_PATH unset: runpath).
.PHONY: programs bench
PROGRAMS_DIR := target/c-programs

programs: build
	@$(MAKE) --no-print-directory -s install PREFIX=$(CURDIR)/$(PROGRAMS_DIR)/prefix >/dev/null
	@mkdir -p $(PROGRAMS_DIR)/perf $(PROGRAMS_DIR)/examples
	@set -e; p=$(CURDIR)/$(PROGRAMS_DIR)/prefix; \
	for src in perf/*.c; do \
	  $(CC) -O2 -Wall -Wextra -Werror -pthread -I$$p/include $$src \
	    -o $(PROGRAMS_DIR)/perf/$$(basename $$src .c) -L$$p/lib -Wl,-rpath,$$p/lib -lzmq; \
	done; \
	for src in c-examples/*.c; do \
	  $(CC) -Wall -Wextra -Werror -pthread -I$$p/include -Ic-examples $$src \
	    -o $(PROGRAMS_DIR)/examples/$$(basename $$src .c) -L$$p/lib -Wl,-rpath,$$p/lib -lzmq; \
	done; echo "programs: $(PROGRAMS_DIR)/perf and $(PROGRAMS_DIR)/examples"

# Every fuzz target for FUZZ_SECONDS each (cargo-fuzz on the nightly
# toolchain: `cargo install cargo-fuzz`). New inputs land in
# fuzz/corpus/<target>/; the mechanism corpora are kept in git and
# replayed by tests/fuzz_corpus_replay.rs.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= decoder handshake curve_server curve_client plain_handshake
.PHONY: fuzz
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(CARGO) +nightly fuzz run -O $$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1; \
	done

# Ours against the reference libzmq 4.3.4, interleaved; see perf/README.md.
bench: build
	perf/bench.sh

# --- CMake package, manual pages, Debian packages ---------------------------
.PHONY: install-cmake man install-man deb test-deb test-zmq-crate
MANDIR ?= $(PREFIX)/share/man
MAN_OUT := target/man
# libzmq-static's link interface: LIBS_PRIVATE as CMake library names.
CMAKE_LIBS_PRIVATE := $(subst $(eval) ,;,$(patsubst -l%,%,$(LIBS_PRIVATE)))

install-cmake:
	install -d $(DESTDIR)$(LIBDIR)/cmake/ZeroMQ
	@set -e; for f in ZeroMQConfig ZeroMQConfigVersion; do \
	  sed -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	      -e 's|@VERSION@|$(VERSION)|g' -e 's|@SOFULL@|$(SOFULL)|g' \
	      -e 's|@SOVERSION@|$(SOVERSION)|g' -e 's|@CMAKE_LIBS_PRIVATE@|$(CMAKE_LIBS_PRIVATE)|g' \
	      -e "s|@SIZEOF_VOID_P@|$$(( $$(getconf LONG_BIT) / 8 ))|g" \
	      cmake/$$f.cmake.in > $(DESTDIR)$(LIBDIR)/cmake/ZeroMQ/$$f.cmake; \
	done

man:
	man/build.sh $(MAN_OUT)

install-man: man
	man/build.sh --install $(MAN_OUT) $(DESTDIR)$(MANDIR)

deb: build
	packaging/deb/build.sh target/deb

test-deb: deb
	packaging/deb/test-root.sh target/deb

# The zmq crate's own test suite over ours, then over the reference (minutes).
test-zmq-crate: build
	capi-tests/zmq-crate-suite.sh
	capi-tests/zmq-crate-suite.sh --reference
# Reliability campaigns (docs/reliability.md); none is part of `make test`.
.PHONY: loom soak test-valgrind test-netns-long
VALGRIND := valgrind --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite --show-leak-kinds=definite --quiet

# loom model tests of the ypipe and the mailbox.
loom:
	RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom $(CARGO) test --release --lib loom

# SOAK_MINUTES (default 30), SOAK_SAMPLE_S (default 60), SOAK_CHURNERS (4).
soak: programs
	@p=$(CURDIR)/$(PROGRAMS_DIR)/prefix; \
	$(CC) -O2 -Wall -Wextra -Werror -pthread -I$$p/include tests/soak/soak.c \
	  -o $(PROGRAMS_DIR)/soak -L$$p/lib -Wl,-rpath,$$p/lib -lzmq
	$(PROGRAMS_DIR)/soak

# Every C test and example under memcheck: 0 errors, 0 definite leaks.
# VALGRIND_TESTS="test_a test_b.sh" limits the run to those tests.
test-valgrind: build
	ZMQ_TEST_WRAP="$(VALGRIND)" ZMQ_TEST_TIMEOUT=$${ZMQ_TEST_TIMEOUT:-900} \
	  capi-tests/run.sh $(VALGRIND_TESTS)

# The netem streams with 5x the messages.
test-netns-long: build
	NETEM_SCALE=5 ZMQ_TEST_TIMEOUT=600 capi-tests/run.sh test_netns_netem.sh
