/* ZMQ_XPUB_WELCOME_MSG is sent to each new subscriber as it connects. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    ts_set_str (xpub, ZMQ_XPUB_WELCOME_MSG, "W");
    REQUIRE (zmq_bind (xpub, "inproc://welcome") == 0);

    for (int i = 0; i < 2; i++) {
        void *sub = ts_socket (ctx, ZMQ_SUB);
        ts_set_str (sub, ZMQ_SUBSCRIBE, "W");
        REQUIRE (zmq_connect (sub, "inproc://welcome") == 0);
        char buf[16];
        CHECK (ts_recv (xpub, buf, sizeof buf) == 2 && buf[0] == 1 && buf[1] == 'W');
        ts_expect (sub, "W", 0);
        ts_expect_none (sub, 20);
        CHECK (zmq_close (sub) == 0);
        if (i == 0)
            CHECK (ts_recv (xpub, buf, sizeof buf) == 2 && buf[0] == 0
                   && buf[1] == 'W');
    }

    /* An empty value turns the welcome message off. */
    CHECK (zmq_setsockopt (xpub, ZMQ_XPUB_WELCOME_MSG, NULL, 0) == 0);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_str (sub, ZMQ_SUBSCRIBE, "W");
    REQUIRE (zmq_connect (sub, "inproc://welcome") == 0);
    ts_expect_none (sub, 50);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (xpub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
