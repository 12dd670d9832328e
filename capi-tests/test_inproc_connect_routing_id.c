/* ZMQ_CONNECT_ROUTING_ID names the peer of the next zmq_connect, so a
 * ROUTER can address the peer it connected to at once. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_ROUTER);
    REQUIRE (zmq_bind (server, "inproc://server") == 0);
    void *client = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_int (client, ZMQ_ROUTER_MANDATORY, 1);
    ts_set_str (client, ZMQ_ROUTING_ID, "client");
    ts_set_str (client, ZMQ_CONNECT_ROUTING_ID, "srv");
    REQUIRE (zmq_connect (client, "inproc://server") == 0);

    /* No handshake to wait for: the id is known immediately. */
    CHECK (zmq_send (client, "srv", 3, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 3);
    ts_send (client, "hello", 0);
    ts_expect (server, "client", 1);
    ts_expect (server, "hello", 0);
    ts_send (server, "client", ZMQ_SNDMORE);
    ts_send (server, "world", 0);
    ts_expect (client, "srv", 1);
    ts_expect (client, "world", 0);

    /* The option applies to one connect only: the next peer gets its own. */
    void *server2 = ts_socket (ctx, ZMQ_ROUTER);
    REQUIRE (zmq_bind (server2, "inproc://server2") == 0);
    ts_set_str (client, ZMQ_CONNECT_ROUTING_ID, "srv2");
    CHECK (zmq_connect (client, "inproc://server2") == 0);
    CHECK (zmq_send (client, "srv2", 4, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 4);
    ts_send (client, "hello2", 0);
    ts_expect (server2, "client", 1);
    ts_expect (server2, "hello2", 0);
    CHECK (zmq_send (client, "srv", 3, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 3);
    ts_send (client, "again", 0);
    ts_expect (server, "client", 1);
    ts_expect (server, "again", 0);

    CHECK (zmq_close (server2) == 0);
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
