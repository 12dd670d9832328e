/* zmq_msg_get (ZMQ_SRCFD) and the "__fd" property: every message received
 * over tcp or ipc names the fd of its connection; inproc messages and fresh
 * messages have none (-1, EINVAL); copies keep it; a peer cannot forge it. */
#include "testutil.h"
#include "testsock.h"
#include "rawpeer.h"
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

/* Receives one frame into msg and returns its ZMQ_SRCFD. */
static int recv_srcfd (void *s, zmq_msg_t *msg)
{
    REQUIRE (zmq_msg_recv (msg, s, 0) >= 0);
    return zmq_msg_get (msg, ZMQ_SRCFD);
}

static int is_socket_fd (int fd)
{
    struct stat st;
    return fd >= 0 && fstat (fd, &st) == 0 && S_ISSOCK (st.st_mode);
}

static void check_transport (void *ctx, const char *wildcard)
{
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    char endpoint[256];
    ts_bind_any (pull, wildcard, endpoint, sizeof endpoint);
    REQUIRE (zmq_connect (push, endpoint) == 0);
    ts_send (push, "one", ZMQ_SNDMORE);
    ts_send (push, "two", 0);

    zmq_msg_t first, second, copy;
    zmq_msg_init (&first);
    zmq_msg_init (&second);
    zmq_msg_init (&copy);
    int fd = recv_srcfd (pull, &first);
    CHECK (is_socket_fd (fd));
    CHECK (recv_srcfd (pull, &second) == fd);
    const char *text = zmq_msg_gets (&first, "__fd");
    CHECK (text != NULL && atoi (text) == fd);
    CHECK (zmq_msg_copy (&copy, &first) == 0);
    CHECK (zmq_msg_get (&copy, ZMQ_SRCFD) == fd);
    if (strncmp (wildcard, "tcp", 3) == 0) {
        /* The fd is the accepted connection: its local port is the one the
         * PULL bound. */
        struct sockaddr_in local;
        socklen_t len = sizeof local;
        CHECK (getsockname (fd, (struct sockaddr *) &local, &len) == 0);
        CHECK (ntohs (local.sin_port) == atoi (strrchr (endpoint, ':') + 1));
    }
    zmq_msg_close (&first);
    zmq_msg_close (&second);
    zmq_msg_close (&copy);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    check_transport (ctx, "tcp://127.0.0.1:*");
    check_transport (ctx, "ipc://*");

    /* inproc: no connection fd. */
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (pull, "inproc://srcfd") == 0);
    REQUIRE (zmq_connect (push, "inproc://srcfd") == 0);
    ts_send (push, "x", 0);
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    REQUIRE (zmq_msg_recv (&msg, pull, 0) == 1);
    CHECK_ERR (zmq_msg_get (&msg, ZMQ_SRCFD), EINVAL);
    zmq_msg_close (&msg);

    /* A message never received. */
    zmq_msg_init (&msg);
    CHECK_ERR (zmq_msg_get (&msg, ZMQ_SRCFD), EINVAL);
    zmq_msg_close (&msg);

    /* A peer announcing its own "__fd" and Peer-Address properties in its
     * READY does not override the ones the library attaches. */
    char endpoint[256];
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_bind_any (server, "tcp://127.0.0.1:*", endpoint, sizeof endpoint);
    int peer = rp_connect (endpoint);
    REQUIRE (peer >= 0);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "NULL");
    rp_send (peer, greeting, sizeof greeting);
    unsigned char theirs[64];
    REQUIRE (rp_read (peer, theirs, sizeof theirs, TS_WAIT_MS) == 0);
    static const unsigned char ready[] = {
        0x04, 54, 5, 'R', 'E', 'A', 'D', 'Y',
        11, 'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e', 0, 0, 0, 4,
        'P', 'U', 'S', 'H',
        4, '_', '_', 'f', 'd', 0, 0, 0, 1, '1',
        12, 'P', 'e', 'e', 'r', '-', 'A', 'd', 'd', 'r', 'e', 's', 's',
        0, 0, 0, 1, 'x'};
    rp_send (peer, ready, sizeof ready);
    rp_frame_header (peer, 2, 0);
    rp_send (peer, "hi", 2);
    zmq_msg_init (&msg);
    int fd = recv_srcfd (server, &msg);
    CHECK (is_socket_fd (fd));
    CHECK (fd != 1);
    const char *address = zmq_msg_gets (&msg, "Peer-Address");
    CHECK (address != NULL && strcmp (address, "127.0.0.1") == 0);
    zmq_msg_close (&msg);
    close (peer);
    CHECK (zmq_close (server) == 0);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
