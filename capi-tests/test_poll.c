/* zmq_poll over sockets and plain file descriptors: return count, exact
 * revents, timeouts -1 / 0 / N, POLLOUT, an empty item list as a sleep. */
#include "testsock.h"

#include <pthread.h>

static void *late_sender (void *arg)
{
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep (&ts, NULL);
    CHECK (zmq_send (arg, "late", 4, 0) == 4);
    return NULL;
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (pull, "inproc://poll") == 0);
    REQUIRE (zmq_connect (push, "inproc://poll") == 0);
    REQUIRE (zmq_bind (a, "inproc://poll-pair") == 0);
    REQUIRE (zmq_connect (b, "inproc://poll-pair") == 0);
    int fds[2];
    REQUIRE (pipe (fds) == 0);

    /* Nothing readable; timeout 0 returns at once. */
    zmq_pollitem_t items[4] = {{pull, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0},
                               {push, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0},
                               {NULL, fds[0], ZMQ_POLLIN, 0},
                               {NULL, fds[1], ZMQ_POLLOUT, 0}};
    int64_t start = ts_now_ms ();
    CHECK (zmq_poll (items, 4, 0) == 2);
    CHECK (ts_now_ms () - start < 1000);
    CHECK (items[0].revents == 0);
    CHECK (items[1].revents == ZMQ_POLLOUT);
    CHECK (items[2].revents == 0);
    CHECK (items[3].revents == ZMQ_POLLOUT);

    /* Timeout N with nothing ready. */
    start = ts_now_ms ();
    CHECK (zmq_poll (items, 1, 100) == 0);
    int64_t elapsed = ts_now_ms () - start;
    CHECK (elapsed >= 90 && elapsed < 5000);
    CHECK (items[0].revents == 0);

    /* Readable socket and readable fd. */
    ts_send (push, "msg", 0);
    CHECK (write (fds[1], "x", 1) == 1);
    CHECK (zmq_poll (items, 4, TS_WAIT_MS) == 4);
    CHECK (items[0].revents == ZMQ_POLLIN);
    CHECK (items[1].revents == ZMQ_POLLOUT);
    CHECK (items[2].revents == ZMQ_POLLIN);
    CHECK (items[3].revents == ZMQ_POLLOUT);
    char c;
    CHECK (read (fds[0], &c, 1) == 1);
    ts_expect (pull, "msg", 0);

    /* Only the events asked for are reported. */
    ts_send (b, "to-a", 0);
    zmq_pollitem_t pair_items[2] = {{a, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0},
                                    {b, 0, ZMQ_POLLIN, 0}};
    CHECK (zmq_poll (pair_items, 2, TS_WAIT_MS) == 1);
    CHECK (pair_items[0].revents == (ZMQ_POLLIN | ZMQ_POLLOUT));
    CHECK (pair_items[1].revents == 0);
    pair_items[0].events = ZMQ_POLLOUT;
    CHECK (zmq_poll (pair_items, 1, 0) == 1);
    CHECK (pair_items[0].revents == ZMQ_POLLOUT);
    ts_expect (a, "to-a", 0);
    /* events 0: never ready. */
    pair_items[0].events = 0;
    CHECK (zmq_poll (pair_items, 1, 0) == 0);
    CHECK (pair_items[0].revents == 0);

    /* Timeout -1 waits for a message sent later by another thread. */
    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, late_sender, b) == 0);
    zmq_pollitem_t wait_item = {a, 0, ZMQ_POLLIN, 0};
    CHECK (zmq_poll (&wait_item, 1, -1) == 1);
    CHECK (wait_item.revents == ZMQ_POLLIN);
    REQUIRE (pthread_join (thread, NULL) == 0);
    ts_expect (a, "late", 0);

    /* A message still queued keeps the socket readable (level-triggered). */
    ts_send (push, "1", 0);
    ts_send (push, "2", 0);
    CHECK (zmq_poll (items, 1, TS_WAIT_MS) == 1);
    CHECK (zmq_poll (items, 1, 0) == 1);
    ts_expect (pull, "1", 0);
    CHECK (zmq_poll (items, 1, 0) == 1);
    ts_expect (pull, "2", 0);
    CHECK (zmq_poll (items, 1, 0) == 0);

    /* No items: sleeps for the timeout. */
    start = ts_now_ms ();
    CHECK (zmq_poll (NULL, 0, 100) == 0);
    CHECK (ts_now_ms () - start >= 90);

    /* A PUSH with no peer cannot send; a hung-up fd reports ZMQ_POLLERR
     * (POLLHUP has no ZMQ_ counterpart) even though only POLLIN was asked. */
    void *lonely = ts_socket (ctx, ZMQ_PUSH);
    zmq_pollitem_t lonely_item = {lonely, 0, ZMQ_POLLOUT, 0};
    CHECK (zmq_poll (&lonely_item, 1, 0) == 0);
    CHECK (zmq_close (lonely) == 0);
    close (fds[1]);
    CHECK (zmq_poll (&items[2], 1, 0) == 1);
    CHECK (items[2].revents == ZMQ_POLLERR);
    close (fds[0]);

    /* Many items (more than fit in a small fixed array): only the ready
     * ones report, wherever they sit in the array. */
    {
        enum { PAIRS = 24 };
        void *senders[PAIRS], *receivers[PAIRS];
        zmq_pollitem_t many[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            char endpoint[64];
            snprintf (endpoint, sizeof endpoint, "inproc://poll-many-%d", i);
            receivers[i] = ts_socket (ctx, ZMQ_PULL);
            senders[i] = ts_socket (ctx, ZMQ_PUSH);
            CHECK (zmq_bind (receivers[i], endpoint) == 0);
            CHECK (zmq_connect (senders[i], endpoint) == 0);
            many[i].socket = receivers[i];
            many[i].fd = 0;
            many[i].events = ZMQ_POLLIN;
            many[i].revents = 0;
        }
        CHECK (zmq_poll (many, PAIRS, 0) == 0);
        ts_send (senders[3], "x", 0);
        ts_send (senders[PAIRS - 1], "y", 0);
        int ready = 0;
        for (int tries = 0; tries < 100 && ready < 2; tries++) {
            int rc = zmq_poll (many, PAIRS, TS_WAIT_MS);
            CHECK (rc >= 1);
            ready = rc;
        }
        CHECK (ready == 2);
        for (int i = 0; i < PAIRS; i++) {
            int want = (i == 3 || i == PAIRS - 1) ? ZMQ_POLLIN : 0;
            CHECK (many[i].revents == want);
        }
        ts_expect (receivers[3], "x", 0);
        ts_expect (receivers[PAIRS - 1], "y", 0);
        CHECK (zmq_poll (many, PAIRS, 0) == 0);
        for (int i = 0; i < PAIRS; i++) {
            CHECK (zmq_close (senders[i]) == 0);
            CHECK (zmq_close (receivers[i]) == 0);
        }
    }

    /* Bad arguments. */
    CHECK_ERR (zmq_poll (NULL, 1, 0), EFAULT);

    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
