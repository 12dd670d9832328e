/* Every socket pattern over ws (ZWS 2.0), each side binding in turn: empty, small,
 * >64 KiB and multipart messages in every direction the pattern allows. */
#include "nettest.h"

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    nt_all_patterns (ctx, "ws");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
