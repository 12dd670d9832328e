/* ZMQ_TCP_KEEPALIVE, ZMQ_TCP_KEEPALIVE_IDLE/CNT/INTVL, ZMQ_TOS, ZMQ_SNDBUF and
 * ZMQ_RCVBUF reach the socket's TCP connection: a connecting zmq socket dials
 * a plain listener of ours, and the zmq side of that connection (found among
 * this process's fds by its address) carries the options. Same for a bound
 * zmq socket and the connection it accepts. */
#include "rawpeer.h"

#include <dirent.h>
#include <netinet/tcp.h>

/* The fd (other than skip) whose local address is addr and whose peer is
 * peer; -1 if there is none. */
static int find_fd (const struct sockaddr_in *local,
                    const struct sockaddr_in *peer, int skip)
{
    DIR *dir = opendir ("/proc/self/fd");
    REQUIRE (dir);
    struct dirent *e;
    int found = -1;
    while ((e = readdir (dir)) != NULL && found < 0) {
        int fd = atoi (e->d_name);
        if (e->d_name[0] == '.' || fd == skip)
            continue;
        struct sockaddr_in a, b;
        socklen_t la = sizeof a, lb = sizeof b;
        if (getsockname (fd, (struct sockaddr *) &a, &la) != 0
            || a.sin_family != AF_INET
            || getpeername (fd, (struct sockaddr *) &b, &lb) != 0)
            continue;
        if (a.sin_port == local->sin_port
            && a.sin_addr.s_addr == local->sin_addr.s_addr
            && b.sin_port == peer->sin_port
            && b.sin_addr.s_addr == peer->sin_addr.s_addr)
            found = fd;
    }
    closedir (dir);
    return found;
}

static void set_options (void *s)
{
    ts_set_int (s, ZMQ_TCP_KEEPALIVE, 1);
    ts_set_int (s, ZMQ_TCP_KEEPALIVE_IDLE, 77);
    ts_set_int (s, ZMQ_TCP_KEEPALIVE_INTVL, 13);
    ts_set_int (s, ZMQ_TCP_KEEPALIVE_CNT, 5);
    ts_set_int (s, ZMQ_TOS, 0x28);
    ts_set_int (s, ZMQ_SNDBUF, 65536);
    ts_set_int (s, ZMQ_RCVBUF, 98304);
}

static int get_opt (int fd, int level, int name)
{
    int v = -1;
    socklen_t len = sizeof v;
    CHECK (getsockopt (fd, level, name, &v, &len) == 0);
    return v;
}

static void check_fd (int fd, int keepalive)
{
    REQUIRE (fd >= 0);
    CHECK (get_opt (fd, SOL_SOCKET, SO_KEEPALIVE) == keepalive);
    if (keepalive) {
        CHECK (get_opt (fd, IPPROTO_TCP, TCP_KEEPIDLE) == 77);
        CHECK (get_opt (fd, IPPROTO_TCP, TCP_KEEPINTVL) == 13);
        CHECK (get_opt (fd, IPPROTO_TCP, TCP_KEEPCNT) == 5);
        CHECK (get_opt (fd, IPPROTO_IP, IP_TOS) == 0x28);
        /* Linux doubles what was asked for, to make room for bookkeeping. */
        CHECK (get_opt (fd, SOL_SOCKET, SO_SNDBUF) == 2 * 65536);
        CHECK (get_opt (fd, SOL_SOCKET, SO_RCVBUF) == 2 * 98304);
    } else {
        CHECK (get_opt (fd, IPPROTO_IP, IP_TOS) == 0);
    }
}

/* Polls until the zmq side of the connection shows up (the I/O thread
 * creates it asynchronously). */
static int wait_fd (const struct sockaddr_in *local,
                    const struct sockaddr_in *peer, int skip)
{
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int fd;
    while ((fd = find_fd (local, peer, skip)) < 0 && ts_now_ms () < deadline)
        zmq_poll (NULL, 0, 5);
    return fd;
}

static void connecting_side (void *ctx, int opts)
{
    int lfd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (lfd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (lfd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (lfd, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (lfd, (struct sockaddr *) &addr, &len) == 0);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));

    void *push = ts_socket (ctx, ZMQ_PUSH);
    if (opts)
        set_options (push);
    REQUIRE (zmq_connect (push, ep) == 0);
    struct pollfd pfd = {lfd, POLLIN, 0};
    REQUIRE (poll (&pfd, 1, TS_WAIT_MS) == 1);
    int afd = accept (lfd, NULL, NULL);
    REQUIRE (afd >= 0);
    struct sockaddr_in mine, theirs;
    len = sizeof mine;
    REQUIRE (getsockname (afd, (struct sockaddr *) &mine, &len) == 0);
    len = sizeof theirs;
    REQUIRE (getpeername (afd, (struct sockaddr *) &theirs, &len) == 0);
    /* The options are applied before the engine starts: once the
     * handshake is through, they must be in place. */
    REQUIRE (rp_handshake (afd, "PULL") == 0);
    check_fd (wait_fd (&theirs, &mine, afd), opts);
    CHECK (zmq_close (push) == 0);
    close (afd);
    close (lfd);
}

static void bound_side (void *ctx, int opts)
{
    void *pull = ts_socket (ctx, ZMQ_PULL);
    if (opts)
        set_options (pull);
    char ep[64];
    ts_bind_any (pull, "tcp://127.0.0.1:*", ep, sizeof ep);
    int cfd = rp_connect (ep);
    struct sockaddr_in mine, theirs;
    socklen_t len = sizeof mine;
    REQUIRE (getsockname (cfd, (struct sockaddr *) &mine, &len) == 0);
    len = sizeof theirs;
    REQUIRE (getpeername (cfd, (struct sockaddr *) &theirs, &len) == 0);
    REQUIRE (rp_handshake (cfd, "PUSH") == 0);
    check_fd (wait_fd (&theirs, &mine, cfd), opts);
    close (cfd);
    CHECK (zmq_close (pull) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    connecting_side (ctx, 1);
    connecting_side (ctx, 0);
    bound_side (ctx, 1);
    bound_side (ctx, 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
