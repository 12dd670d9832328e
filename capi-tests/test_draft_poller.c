/* zmq-test: draft */
/* zmq_poller_*: sockets and plain fds added, modified and removed; waits
 * with a timeout (EAGAIN when nothing comes, as libzmq 4.3), wait_all,
 * ZMQ_POLLOUT, and zmq_poller_fd's EINVAL for a poller without thread-safe
 * sockets (libzmq 4.3.4's answer). */
#include "testutil.h"
#include "draftutil.h"

int main (void)
{
    test_start (20);
    require_draft (zmq_poller_new);
    void *ctx = zmq_ctx_new ();
    void *pull = zmq_socket (ctx, ZMQ_PULL);
    void *push = zmq_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (pull, "inproc://poller") == 0);
    REQUIRE (zmq_connect (push, "inproc://poller") == 0);
    int fds[2];
    REQUIRE (pipe (fds) == 0);

    void *poller = zmq_poller_new ();
    REQUIRE (poller != NULL);
    CHECK (zmq_poller_size (poller) == 0);
    zmq_poller_event_t ev;

    /* An empty poller: EAGAIN at once, or after the timeout; EFAULT forever. */
    CHECK_ERR (zmq_poller_wait (poller, &ev, 0), EAGAIN);
    CHECK_ERR (zmq_poller_wait (poller, &ev, 10), EAGAIN);
    CHECK_ERR (zmq_poller_wait (poller, &ev, -1), EFAULT);

    int tag_pull = 1, tag_push = 2, tag_fd = 3;
    CHECK (zmq_poller_add (poller, pull, &tag_pull, ZMQ_POLLIN) == 0);
    CHECK_ERR (zmq_poller_add (poller, pull, NULL, ZMQ_POLLIN), EINVAL);
    CHECK_ERR (zmq_poller_add (poller, NULL, NULL, ZMQ_POLLIN), ENOTSOCK);
    CHECK_ERR (zmq_poller_add (poller, push, NULL, 0x40), EINVAL);
    CHECK (zmq_poller_add_fd (poller, fds[0], &tag_fd, ZMQ_POLLIN) == 0);
    CHECK_ERR (zmq_poller_add_fd (poller, fds[0], NULL, ZMQ_POLLIN), EINVAL);
    CHECK_ERR (zmq_poller_add_fd (poller, -1, NULL, ZMQ_POLLIN), EBADF);
    CHECK (zmq_poller_size (poller) == 2);

    /* Nothing ready: EAGAIN after the timeout, the event cleared. */
    ev.user_data = &ev;
    CHECK_ERR (zmq_poller_wait (poller, &ev, 20), EAGAIN);
    CHECK (ev.socket == NULL && ev.user_data == NULL && ev.events == 0);

    /* A message makes the PULL socket readable. */
    CHECK (zmq_send (push, "hi", 2, 0) == 2);
    CHECK (zmq_poller_wait (poller, &ev, 5000) == 0);
    CHECK (ev.socket == pull && ev.user_data == &tag_pull);
    CHECK (ev.events == ZMQ_POLLIN);

    /* Both ready: wait_all reports both, clears the spare slot. */
    CHECK (write (fds[1], "x", 1) == 1);
    zmq_poller_event_t evs[3];
    memset (evs, 0xff, sizeof evs);
    CHECK (zmq_poller_wait_all (poller, evs, 3, 1000) == 2);
    CHECK (evs[0].socket == pull && evs[0].user_data == &tag_pull);
    CHECK (evs[1].socket == NULL && evs[1].fd == fds[0]);
    CHECK (evs[1].user_data == &tag_fd && evs[1].events == ZMQ_POLLIN);
    CHECK (evs[2].socket == NULL && evs[2].user_data == NULL && evs[2].events == 0);
    /* Room for one: the first. */
    CHECK (zmq_poller_wait_all (poller, evs, 1, 0) == 1);
    CHECK (evs[0].socket == pull);
    CHECK_ERR (zmq_poller_wait_all (poller, NULL, 1, 0), EFAULT);
    CHECK_ERR (zmq_poller_wait_all (poller, evs, -1, 0), EINVAL);

    /* Modify: the socket now waits for nothing, the fd still fires. */
    CHECK (zmq_poller_modify (poller, pull, 0) == 0);
    CHECK (zmq_poller_wait_all (poller, evs, 3, 0) == 1);
    CHECK (evs[0].fd == fds[0]);
    CHECK_ERR (zmq_poller_modify (poller, push, ZMQ_POLLIN), EINVAL);

    /* Remove the fd: only the (muted) socket is left, so nothing comes. */
    CHECK (zmq_poller_remove_fd (poller, fds[0]) == 0);
    CHECK_ERR (zmq_poller_remove_fd (poller, fds[0]), EINVAL);
    CHECK_ERR (zmq_poller_modify_fd (poller, fds[0], ZMQ_POLLIN), EINVAL);
    CHECK_ERR (zmq_poller_wait (poller, &ev, 0), EAGAIN);
    /* An fd that asks for nothing is not polled: its hang-up stays unseen
     * until it asks for something. */
    int hup[2];
    REQUIRE (pipe (hup) == 0);
    close (hup[1]);
    CHECK (zmq_poller_add_fd (poller, hup[0], NULL, 0) == 0);
    CHECK_ERR (zmq_poller_wait (poller, &ev, 0), EAGAIN);
    CHECK (zmq_poller_modify_fd (poller, hup[0], ZMQ_POLLIN) == 0);
    CHECK (zmq_poller_wait (poller, &ev, 0) == 0 && ev.fd == hup[0]);
    CHECK (ev.events != 0);
    CHECK (zmq_poller_remove_fd (poller, hup[0]) == 0);
    close (hup[0]);
    CHECK (zmq_poller_modify (poller, pull, ZMQ_POLLIN) == 0);
    CHECK (zmq_poller_wait (poller, &ev, 0) == 0 && ev.socket == pull);
    char buf[8];
    CHECK (zmq_recv (pull, buf, sizeof buf, 0) == 2);
    CHECK_ERR (zmq_poller_wait (poller, &ev, 0), EAGAIN);

    /* ZMQ_POLLOUT: the connected PUSH socket can send. */
    CHECK (zmq_poller_add (poller, push, &tag_push, ZMQ_POLLOUT) == 0);
    CHECK (zmq_poller_wait (poller, &ev, 1000) == 0);
    CHECK (ev.socket == push && ev.events == ZMQ_POLLOUT && ev.user_data == &tag_push);

    /* modify_fd, then POLLOUT on the pipe's write end. */
    CHECK (zmq_poller_remove (poller, push) == 0);
    CHECK_ERR (zmq_poller_remove (poller, push), EINVAL);
    CHECK (zmq_poller_add_fd (poller, fds[1], NULL, 0) == 0);
    CHECK (zmq_poller_modify_fd (poller, fds[1], ZMQ_POLLOUT) == 0);
    CHECK (zmq_poller_wait (poller, &ev, 1000) == 0);
    CHECK (ev.fd == fds[1] && ev.events == ZMQ_POLLOUT);

    /* No thread-safe socket in the set: no poller fd (EINVAL in 4.3.4). */
    zmq_fd_t pfd;
    CHECK_ERR (zmq_poller_fd (poller, &pfd), EINVAL);

    CHECK (zmq_poller_destroy (&poller) == 0);
    CHECK (poller == NULL);
    CHECK_ERR (zmq_poller_destroy (&poller), EFAULT);
    CHECK_ERR (zmq_poller_destroy (NULL), EFAULT);
    CHECK_ERR (zmq_poller_size (NULL), EFAULT);

    close (fds[0]);
    close (fds[1]);
    zmq_close (pull);
    zmq_close (push);
    zmq_ctx_term (ctx);
    return test_end ();
}
