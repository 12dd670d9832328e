/* zmq_version(3) reports the API level the library implements, and the
 * compile-time ZMQ_VERSION macros agree with it: 4.3.5 for this library, 4.3.4
 * for the system libzmq when the harness runs in reference mode. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    const char *reference = getenv ("ZMQ_REFERENCE");
    int want_patch = (reference && strcmp (reference, "1") == 0) ? 4 : 5;

    int major = -1, minor = -1, patch = -1;
    zmq_version (&major, &minor, &patch);
    CHECK (major == 4);
    CHECK (minor == 3);
    CHECK (patch == want_patch);

    /* The header the program was built with describes the same library. */
    CHECK (ZMQ_VERSION_MAJOR == major);
    CHECK (ZMQ_VERSION_MINOR == minor);
    CHECK (ZMQ_VERSION_PATCH == patch);
    CHECK (ZMQ_VERSION == ZMQ_MAKE_VERSION (major, minor, patch));
    CHECK (ZMQ_VERSION == 40300 + want_patch);
    CHECK (ZMQ_MAKE_VERSION (1, 2, 3) == 10203);
#if ZMQ_VERSION < ZMQ_MAKE_VERSION(4, 3, 0)
    CHECK (!"ZMQ_VERSION is usable in #if");
#endif
    return test_end ();
}
