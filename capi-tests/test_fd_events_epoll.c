/* ZMQ_FD is an edge-triggered readiness fd: when it polls readable, ask
 * ZMQ_EVENTS and handle everything it reports before waiting again. An
 * epoll loop in that style receives every message. */
#include "testsock.h"

#include <pthread.h>
#include <sys/epoll.h>

#define COUNT 2000

static void *sender (void *arg)
{
    for (int i = 0; i < COUNT; i++) {
        char text[16];
        snprintf (text, sizeof text, "%d", i);
        CHECK (zmq_send (arg, text, strlen (text), 0) == (int) strlen (text));
        if (i % 100 == 0) {
            /* Bursts with gaps exercise both the busy and the idle paths. */
            struct timespec ts = {0, 1000 * 1000};
            nanosleep (&ts, NULL);
        }
    }
    return NULL;
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (pull, "inproc://fd") == 0);
    REQUIRE (zmq_connect (push, "inproc://fd") == 0);

    int fd = -1;
    size_t size = sizeof fd;
    REQUIRE (zmq_getsockopt (pull, ZMQ_FD, &fd, &size) == 0);
    CHECK (size == sizeof (int) && fd >= 0);
    /* The same fd every time. */
    int fd2 = -1;
    REQUIRE (zmq_getsockopt (pull, ZMQ_FD, &fd2, &size) == 0);
    CHECK (fd2 == fd);

    CHECK (ts_get_int (pull, ZMQ_EVENTS) == 0);
    CHECK (ts_get_int (push, ZMQ_EVENTS) == ZMQ_POLLOUT);

    int ep = epoll_create1 (0);
    REQUIRE (ep >= 0);
    struct epoll_event ev;
    memset (&ev, 0, sizeof ev);
    ev.events = EPOLLIN | EPOLLET;
    REQUIRE (epoll_ctl (ep, EPOLL_CTL_ADD, fd, &ev) == 0);

    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, sender, push) == 0);
    int received = 0;
    int64_t deadline = ts_now_ms () + 20000;
    while (received < COUNT && ts_now_ms () < deadline) {
        struct epoll_event out;
        int n = epoll_wait (ep, &out, 1, 1000);
        if (n < 0 && errno == EINTR)
            continue;
        CHECK (n >= 0);
        /* Drain everything ZMQ_EVENTS reports, whether woken or not. */
        while (ts_get_int (pull, ZMQ_EVENTS) & ZMQ_POLLIN) {
            char buf[16];
            int rc = zmq_recv (pull, buf, sizeof buf - 1, ZMQ_DONTWAIT);
            REQUIRE (rc > 0);
            buf[rc] = 0;
            CHECK (atoi (buf) == received);
            received++;
        }
    }
    CHECK (received == COUNT);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (ts_get_int (pull, ZMQ_EVENTS) == 0);

    /* After draining, a new message makes the fd readable again. */
    ts_send (push, "again", 0);
    struct epoll_event out;
    CHECK (epoll_wait (ep, &out, 1, TS_WAIT_MS) == 1);
    CHECK (ts_get_int (pull, ZMQ_EVENTS) & ZMQ_POLLIN);
    ts_expect (pull, "again", 0);

    /* ZMQ_EVENTS is read-only. */
    int events = 0;
    CHECK_ERR (zmq_setsockopt (pull, ZMQ_EVENTS, &events, sizeof events),
               EINVAL);

    close (ep);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
