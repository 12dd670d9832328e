/* zmq-test: draft */
/* zmq_socket_get_peer_state: on ROUTER, ZMQ_POLLOUT while the named peer
 * can take a message, 0 once its pipe is full, EHOSTUNREACH for an unknown
 * peer; ENOTSUP on the other socket types (libzmq 4.3.4's rules). */
#include "testutil.h"
#include "draftutil.h"

int main (void)
{
    test_start (20);
    require_draft (zmq_socket_get_peer_state);
    void *ctx = zmq_ctx_new ();
    void *router = zmq_socket (ctx, ZMQ_ROUTER);
    void *dealer = zmq_socket (ctx, ZMQ_DEALER);
    int hwm = 1, one = 1;
    CHECK (zmq_setsockopt (router, ZMQ_SNDHWM, &hwm, sizeof hwm) == 0);
    CHECK (zmq_setsockopt (router, ZMQ_ROUTER_MANDATORY, &one, sizeof one) == 0);
    CHECK (zmq_setsockopt (dealer, ZMQ_RCVHWM, &hwm, sizeof hwm) == 0);
    CHECK (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "D", 1) == 0);
    REQUIRE (zmq_bind (router, "inproc://peer-state") == 0);
    REQUIRE (zmq_connect (dealer, "inproc://peer-state") == 0);

    /* Once the router has heard from the dealer, it knows it by name. */
    CHECK (zmq_send (dealer, "hi", 2, 0) == 2);
    char buf[8];
    CHECK (zmq_recv (router, buf, sizeof buf, 0) == 1);
    CHECK (zmq_recv (router, buf, sizeof buf, 0) == 2);

    CHECK (zmq_socket_get_peer_state (router, "D", 1) == ZMQ_POLLOUT);
    CHECK_ERR (zmq_socket_get_peer_state (router, "X", 1), EHOSTUNREACH);

    /* Fill the pipe to the dealer: the peer can take no more. */
    int sent = 0;
    while (sent < 100) {
        if (zmq_send (router, "D", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT) != 1)
            break;
        CHECK (zmq_send (router, "m", 1, ZMQ_DONTWAIT) == 1);
        sent++;
    }
    CHECK (sent > 0 && sent < 100);
    CHECK (zmq_socket_get_peer_state (router, "D", 1) == 0);

    CHECK_ERR (zmq_socket_get_peer_state (dealer, "D", 1), ENOTSUP);
    CHECK_ERR (zmq_socket_get_peer_state (NULL, "D", 1), ENOTSOCK);

    int zero = 0;
    zmq_setsockopt (router, ZMQ_LINGER, &zero, sizeof zero);
    zmq_setsockopt (dealer, ZMQ_LINGER, &zero, sizeof zero);
    zmq_close (router);
    zmq_close (dealer);
    zmq_ctx_term (ctx);
    return test_end ();
}
