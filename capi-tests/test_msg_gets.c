/* zmq_msg_gets on a message received over tcp: the peer's Socket-Type,
 * Identity (the property libzmq 4.3 peers send), Peer-Address; unknown properties
 * and messages that came from no connection are EINVAL. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx != NULL);
    void *router = zmq_socket (ctx, ZMQ_ROUTER);
    if (router == NULL && zmq_errno () == ENOTSUP) {
        fprintf (stderr, "sockets not implemented yet\n");
        return 77;
    }
    REQUIRE (router != NULL);
    void *dealer = zmq_socket (ctx, ZMQ_DEALER);
    REQUIRE (dealer != NULL);
    int linger = 0;
    zmq_setsockopt (router, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (dealer, ZMQ_LINGER, &linger, sizeof linger);
    REQUIRE (zmq_setsockopt (dealer, ZMQ_ROUTING_ID, "peer-7", 6) == 0);

    REQUIRE (zmq_bind (router, "tcp://127.0.0.1:*") == 0);
    char endpoint[256];
    size_t len = sizeof endpoint;
    REQUIRE (zmq_getsockopt (router, ZMQ_LAST_ENDPOINT, endpoint, &len) == 0);
    REQUIRE (zmq_connect (dealer, endpoint) == 0);
    REQUIRE (zmq_send (dealer, "hello", 5, 0) == 5);

    zmq_msg_t id, body;
    zmq_msg_init (&id);
    zmq_msg_init (&body);
    REQUIRE (zmq_msg_recv (&id, router, 0) == 6);
    REQUIRE (zmq_msg_more (&id));
    REQUIRE (zmq_msg_recv (&body, router, 0) == 5);

    const char *value = zmq_msg_gets (&body, "Socket-Type");
    CHECK (value != NULL && strcmp (value, "DEALER") == 0);
    value = zmq_msg_gets (&body, "Identity");
    CHECK (value != NULL && strcmp (value, "peer-7") == 0);
    value = zmq_msg_gets (&body, "Peer-Address");
    CHECK (value != NULL && strcmp (value, "127.0.0.1") == 0);
    /* The identity frame carries the same metadata. */
    value = zmq_msg_gets (&id, "Socket-Type");
    CHECK (value != NULL && strcmp (value, "DEALER") == 0);

    errno = 0;
    CHECK (zmq_msg_gets (&body, "X-Not-Sent") == NULL);
    CHECK (zmq_errno () == EINVAL);

    /* A copy shares the metadata; it outlives the original. */
    zmq_msg_t copy;
    zmq_msg_init (&copy);
    CHECK (zmq_msg_copy (&copy, &body) == 0);
    CHECK (zmq_msg_close (&body) == 0);
    value = zmq_msg_gets (&copy, "Socket-Type");
    CHECK (value != NULL && strcmp (value, "DEALER") == 0);
    CHECK (zmq_msg_close (&copy) == 0);
    CHECK (zmq_msg_close (&id) == 0);

    CHECK (zmq_close (dealer) == 0);
    CHECK (zmq_close (router) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
