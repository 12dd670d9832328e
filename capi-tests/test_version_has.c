/* zmq_version reports 4.3.x (4.3.4 or later); zmq_has answers 0 or 1 for the
 * documented capabilities and 0 for anything else. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    int major = -1, minor = -1, patch = -1;
    zmq_version (&major, &minor, &patch);
    CHECK (major == 4);
    CHECK (minor == 3);
    CHECK (patch >= 4);
    CHECK (ZMQ_MAKE_VERSION (major, minor, patch) >= ZMQ_MAKE_VERSION (4, 3, 4));

    const char *known[] = {"ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int has = zmq_has (known[i]);
        CHECK (has == 0 || has == 1);
    }
    CHECK (zmq_has ("") == 0);
    CHECK (zmq_has ("tcp") == 0);
    CHECK (zmq_has ("IPC") == 0);
    CHECK (zmq_has ("no-such-thing") == 0);
    return test_end ();
}
