/* A REQ/REP round trip over tcp, then the library version: built by CMake
 * against the libzmq or libzmq-static target. */
#include <stdio.h>
#include <string.h>
#include <zmq.h>

static int fail(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
    return 1;
}

int main(void)
{
    void *ctx = zmq_ctx_new();
    void *rep = zmq_socket(ctx, ZMQ_REP);
    void *req = zmq_socket(ctx, ZMQ_REQ);
    char endpoint[256];
    size_t len = sizeof endpoint;
    char buf[16];
    int major, minor, patch;

    if (!ctx || !rep || !req)
        return fail("socket");
    if (zmq_bind(rep, "tcp://127.0.0.1:*") != 0)
        return fail("bind");
    if (zmq_getsockopt(rep, ZMQ_LAST_ENDPOINT, endpoint, &len) != 0)
        return fail("ZMQ_LAST_ENDPOINT");
    if (zmq_connect(req, endpoint) != 0)
        return fail("connect");
    if (zmq_send(req, "ping", 4, 0) != 4)
        return fail("send ping");
    if (zmq_recv(rep, buf, sizeof buf, 0) != 4 || memcmp(buf, "ping", 4) != 0)
        return fail("recv ping");
    if (zmq_send(rep, "pong", 4, 0) != 4)
        return fail("send pong");
    if (zmq_recv(req, buf, sizeof buf, 0) != 4 || memcmp(buf, "pong", 4) != 0)
        return fail("recv pong");
    zmq_close(req);
    zmq_close(rep);
    zmq_ctx_term(ctx);
    zmq_version(&major, &minor, &patch);
    printf("%d.%d.%d\n", major, minor, patch);
    return 0;
}
