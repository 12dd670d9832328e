/* zmq_has answers exactly the capabilities the library has: against the
 * reference, what Debian's libzmq 4.3.4 is built with; against ours, the
 * table of src/util/capabilities.rs, mirrored in OURS below. Whoever
 * flips an entry there adds or removes its name in OURS in the same
 * commit (and the row in docs/compat.md). */
#include "testutil.h"

/* What this library answers 1 for today (src/util/capabilities.rs). */
static const char *const OURS[] = {"ipc", "curve", "WS", NULL};

/* What Debian's libzmq 4.3.4 (libzmq5) answers 1 for: built with
 * OpenPGM, TIPC, NORM, libsodium (curve), GSSAPI and the WS transport,
 * without the DRAFT API. */
static const char *const REFERENCE[] = {"ipc",    "pgm", "tipc", "norm",
                                        "curve",  "gssapi", "WS", NULL};

/* Every name asked: zmq_has(3)'s list, libzmq's other spellings, and names
 * that are no capability (matching is exact and case-sensitive). */
static const char *const NAMES[] = {
  "ipc",  "pgm", "tipc",  "norm", "curve",  "gssapi", "draft",
  "vmci", "WS",  "WSS",   "ws",   "wss",    "epgm",   "tcp",
  "udp",  "inproc", "plain", "null", "IPC", "Curve", "", "ipc ",
  NULL};

static int listed (const char *const *list, const char *name)
{
    for (; *list; list++)
        if (strcmp (*list, name) == 0)
            return 1;
    return 0;
}

int main (void)
{
    test_start (10);
    const char *ref = getenv ("ZMQ_REFERENCE");
    const char *const *expected =
      ref && strcmp (ref, "1") == 0 ? REFERENCE : OURS;
    for (const char *const *list = expected; *list; list++)
        CHECK (listed (NAMES, *list));
    for (const char *const *name = NAMES; *name; name++) {
        int want = listed (expected, *name);
        int got = zmq_has (*name);
        if (got != want) {
            fprintf (stderr, "zmq_has (\"%s\") = %d, want %d\n", *name, got,
                     want);
            testutil_failures++;
        }
    }
    return test_end ();
}
