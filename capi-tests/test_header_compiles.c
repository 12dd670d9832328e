/* zmq.h is enough for a program in the style of the guide's zhelpers.h: it
 * uses zmq_msg_t, zmq_pollitem_t, the callback typedefs, struct iovec and
 * constants of every family, and builds with -Wall -Wextra -Werror. Run, it
 * checks the layout and a sample of values that C programs hard-wire. */
#include "testutil.h"
#include <stdint.h>
#include <sys/uio.h>
#include <zmq_utils.h>

/* zhelpers.h-style helpers: they only have to compile and link. */
static char *s_recv (void *socket)
{
    char buffer[256];
    int size = zmq_recv (socket, buffer, 255, 0);
    if (size == -1)
        return NULL;
    if (size > 255)
        size = 255;
    buffer[size] = '\0';
    return strndup (buffer, sizeof (buffer) - 1);
}

static int s_send (void *socket, const char *string)
{
    return zmq_send (socket, string, strlen (string), 0);
}

static int s_sendmore (void *socket, const char *string)
{
    return zmq_send (socket, string, strlen (string), ZMQ_SNDMORE);
}

static void s_dump (void *socket)
{
    while (1) {
        zmq_msg_t message;
        zmq_msg_init (&message);
        int size = zmq_msg_recv (&message, socket, 0);
        if (size == -1)
            break;
        const unsigned char *data = (const unsigned char *) zmq_msg_data (&message);
        const zmq_msg_t *view = &message;
        size_t len = zmq_msg_size (view);
        for (size_t i = 0; i < len; i++)
            printf ("%02X", data[i]);
        printf ("\n");
        int more = zmq_msg_more (view);
        (void) zmq_msg_get (view, ZMQ_MORE);
        (void) zmq_msg_gets (view, "Socket-Type");
        zmq_msg_close (&message);
        if (!more)
            break;
    }
}

static void free_fn (void *data, void *hint)
{
    (void) hint;
    free (data);
}
static zmq_free_fn *free_ptr = free_fn;

static void on_timer (int timer_id, void *arg)
{
    (void) timer_id;
    (void) arg;
}

static void thread_main (void *arg)
{
    (void) arg;
}
static zmq_thread_fn *thread_ptr = thread_main;

/* Never called; proves the prototypes accept what C programs pass. */
void use_everything (void *ctx, void *socket);
void use_everything (void *ctx, void *socket)
{
    zmq_pollitem_t items[] = {
      {socket, 0, ZMQ_POLLIN, 0},
      {NULL, 0, ZMQ_POLLIN | ZMQ_POLLOUT | ZMQ_POLLERR | ZMQ_POLLPRI, 0},
    };
    zmq_poll (items, 2, -1);
    zmq_msg_t msg;
    void *data = malloc (5);
    zmq_msg_init_data (&msg, data, 5, free_ptr, NULL);
    zmq_msg_init_data (&msg, data, 5, free_fn, NULL);
    zmq_msg_init_data (&msg, data, 5, NULL, NULL);
    zmq_msg_init_size (&msg, 10);
    zmq_msg_set (&msg, ZMQ_SHARED, 0);
    zmq_msg_send (&msg, socket, ZMQ_DONTWAIT | ZMQ_SNDMORE);
    zmq_sendmsg (socket, &msg, ZMQ_NOBLOCK);
    zmq_recvmsg (socket, &msg, 0);
    zmq_msg_t copy;
    zmq_msg_copy (&copy, &msg);
    zmq_msg_move (&copy, &msg);
    struct iovec iov[1] = {{data, 5}};
    size_t count = 1;
    zmq_sendiov (socket, iov, 1, 0);
    zmq_recviov (socket, iov, &count, 0);
    zmq_send_const (socket, "x", 1, 0);

    int hwm = 1000;
    zmq_setsockopt (socket, ZMQ_SNDHWM, &hwm, sizeof hwm);
    uint64_t affinity = 0;
    size_t size = sizeof affinity;
    zmq_getsockopt (socket, ZMQ_AFFINITY, &affinity, &size);
    zmq_setsockopt (socket, ZMQ_SUBSCRIBE, "", 0);
    zmq_setsockopt (socket, ZMQ_IDENTITY, "id", 2);
    zmq_socket_monitor (socket, "inproc://monitor", ZMQ_EVENT_ALL);
    zmq_bind (socket, "tcp://127.0.0.1:*");
    zmq_connect (socket, "ipc:///tmp/x");
    zmq_unbind (socket, "tcp://127.0.0.1:*");
    zmq_disconnect (socket, "ipc:///tmp/x");
    s_send (socket, "a");
    s_sendmore (socket, "b");
    free (s_recv (socket));
    s_dump (socket);
    zmq_proxy (socket, socket, NULL);
    zmq_proxy_steerable (socket, socket, NULL, NULL);
    zmq_device (ZMQ_QUEUE, socket, socket);
    zmq_close (socket);

    zmq_ctx_set (ctx, ZMQ_IO_THREADS, ZMQ_IO_THREADS_DFLT);
    zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS);
    zmq_ctx_shutdown (ctx);
    zmq_ctx_term (ctx);
    zmq_ctx_destroy (zmq_init (1));
    zmq_term (zmq_ctx_new ());

    char pub[41], sec[41];
    zmq_curve_keypair (pub, sec);
    zmq_curve_public (pub, sec);
    uint8_t key[32];
    zmq_z85_decode (key, pub);
    zmq_z85_encode (pub, key, 32);

    void *counter = zmq_atomic_counter_new ();
    zmq_atomic_counter_set (counter, 1);
    zmq_atomic_counter_inc (counter);
    zmq_atomic_counter_dec (counter);
    zmq_atomic_counter_value (counter);
    zmq_atomic_counter_destroy (&counter);

    void *timers = zmq_timers_new ();
    int id = zmq_timers_add (timers, 10, on_timer, NULL);
    zmq_timers_set_interval (timers, id, 20);
    zmq_timers_reset (timers, id);
    long timeout = zmq_timers_timeout (timers);
    (void) timeout;
    zmq_timers_execute (timers);
    zmq_timers_cancel (timers, id);
    zmq_timers_destroy (&timers);

    void *watch = zmq_stopwatch_start ();
    unsigned long elapsed = zmq_stopwatch_intermediate (watch);
    elapsed += zmq_stopwatch_stop (watch);
    (void) elapsed;
    zmq_sleep (0);
    zmq_threadclose (zmq_threadstart (thread_ptr, NULL));
    zmq_threadclose (zmq_threadstart (thread_main, NULL));
    (void) zmq_has ("curve");
    (void) zmq_strerror (zmq_errno ());
}

int main (void)
{
    test_start (10);

    /* Layout C programs rely on (zmq_msg_t is copied with memcpy by callers). */
    CHECK (sizeof (zmq_msg_t) == 64);
    CHECK (_Alignof (zmq_msg_t) == sizeof (void *));
    CHECK (sizeof (zmq_pollitem_t) == 2 * sizeof (void *));
    zmq_fd_t fd = 0;
    (void) fd;

    /* A sample of each family; the ABI probe checks all of them. */
    CHECK (ZMQ_PAIR == 0 && ZMQ_STREAM == 11);
    CHECK (ZMQ_XREQ == ZMQ_DEALER && ZMQ_XREP == ZMQ_ROUTER);
    CHECK (ZMQ_IDENTITY == ZMQ_ROUTING_ID && ZMQ_ROUTING_ID == 5);
    CHECK (ZMQ_LAST_ENDPOINT == 32 && ZMQ_BINDTODEVICE == 92);
    CHECK (ZMQ_SRCFD == 2 && ZMQ_MORE == 1 && ZMQ_SHARED == 3);
    CHECK (ZMQ_NOBLOCK == ZMQ_DONTWAIT);
    CHECK (ZMQ_NULL == 0 && ZMQ_CURVE == 2 && ZMQ_GSSAPI == 3);
    CHECK (ZMQ_EVENT_ALL == 0xFFFF && ZMQ_EVENT_HANDSHAKE_FAILED_AUTH == 0x4000);
    CHECK (ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED == 0x30000000);
    CHECK (ZMQ_HAUSNUMERO == 156384712);
    CHECK (EFSM == ZMQ_HAUSNUMERO + 51 && EMTHREAD == ZMQ_HAUSNUMERO + 54);
    CHECK (ETERM == ZMQ_HAUSNUMERO + 53 && ENOCOMPATPROTO == ZMQ_HAUSNUMERO + 52);
    CHECK (ENOTSUP == 95); /* errno.h's value wins over the #ifndef fallback */
    CHECK (ZMQ_THREAD_PRIORITY_DFLT == -1 && ZMQ_MAX_SOCKETS_DFLT == 1023);
    CHECK (ZMQ_DEFINED_STDINT == 1 && ZMQ_HAS_CAPABILITIES == 1);
#ifndef ZMQ_HAVE_TIMERS
    CHECK (!"ZMQ_HAVE_TIMERS is defined");
#endif
#ifdef ZMQ_EXPORT
    CHECK (!"ZMQ_EXPORT does not leak out of zmq.h");
#endif
    (void) use_everything;
    return test_end ();
}
