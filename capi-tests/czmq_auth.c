/* czmq's zauth + zcert (Debian's libczmq4) over the libzmq.so.5 the loader
 * picked: a CURVE server authenticated by a zauth actor that knows one
 * client certificate (saved to a temporary directory), a client using
 * zcert_apply, a message round trip with the client's public key as
 * User-Id; a client with another certificate is refused (400 on the
 * server's monitor) and nothing of it arrives. Built and run by
 * test_czmq_auth.sh.
 *
 * usage: czmq_auth <expected libzmq version, e.g. 4.3.5> */
#include <czmq.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 5000

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf (stderr, "%s:%d: check failed: %s (errno %d: %s)\n",     \
                     __FILE__, __LINE__, #cond, zmq_errno (),                \
                     zmq_strerror (zmq_errno ()));                           \
            exit (1);                                                        \
        }                                                                    \
    } while (0)

/* The next handshake event on the monitor PAIR (its value in *value), or
 * -1 after TIMEOUT_MS. */
static int next_event (void *mon, uint32_t *value)
{
    zmq_pollitem_t item = {mon, 0, ZMQ_POLLIN, 0};
    if (zmq_poll (&item, 1, TIMEOUT_MS) != 1)
        return -1;
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    CHECK (zmq_msg_recv (&msg, mon, 0) == 6);
    uint16_t event;
    memcpy (&event, zmq_msg_data (&msg), 2);
    memcpy (value, (char *) zmq_msg_data (&msg) + 2, 4);
    zmq_msg_close (&msg);
    char endpoint[256];
    CHECK (zmq_recv (mon, endpoint, sizeof endpoint, 0) >= 0);
    return event;
}

int main (int argc, char *argv[])
{
    CHECK (argc == 2);
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    char version[32];
    snprintf (version, sizeof version, "%d.%d.%d", major, minor, patch);
    printf ("czmq %d.%d.%d over libzmq %s\n", CZMQ_VERSION_MAJOR,
            CZMQ_VERSION_MINOR, CZMQ_VERSION_PATCH, version);
    if (strcmp (version, argv[1]) != 0) {
        fprintf (stderr, "loaded libzmq %s, expected %s\n", version, argv[1]);
        return 1;
    }
    zsys_init ();
    zsys_handler_set (NULL);

    char dir[] = "/tmp/czmq-auth-XXXXXX";
    CHECK (mkdtemp (dir) != NULL);
    zcert_t *server_cert = zcert_new ();
    zcert_t *client_cert = zcert_new ();
    zcert_t *other_cert = zcert_new ();
    CHECK (server_cert && client_cert && other_cert);
    zcert_set_meta (client_cert, "name", "client");
    char path[256];
    snprintf (path, sizeof path, "%s/client.cert", dir);
    CHECK (zcert_save_public (client_cert, path) == 0);

    zactor_t *auth = zactor_new (zauth, NULL);
    CHECK (auth);
    CHECK (zstr_sendx (auth, "CURVE", dir, NULL) == 0);
    CHECK (zsock_wait (auth) == 0);

    zsock_t *server = zsock_new (ZMQ_PULL);
    CHECK (server);
    zcert_apply (server_cert, server);
    zsock_set_curve_server (server, 1);
    zsock_set_rcvtimeo (server, TIMEOUT_MS);
    CHECK (zmq_socket_monitor (zsock_resolve (server), "inproc://czmq-auth-mon",
                               ZMQ_EVENT_HANDSHAKE_SUCCEEDED
                                 | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
           == 0);
    void *mon = zmq_socket (zsys_init (), ZMQ_PAIR);
    CHECK (mon && zmq_connect (mon, "inproc://czmq-auth-mon") == 0);
    CHECK (zsock_bind (server, "tcp://127.0.0.1:0") == 0);
    char *endpoint = zsock_last_endpoint (server);
    CHECK (endpoint);

    zsock_t *client = zsock_new (ZMQ_PUSH);
    CHECK (client);
    zcert_apply (client_cert, client);
    zsock_set_curve_serverkey (client, zcert_public_txt (server_cert));
    CHECK (zsock_connect (client, "%s", endpoint) == 0);
    CHECK (zstr_send (client, "hello over curve") == 0);
    zframe_t *frame = zframe_recv (server);
    CHECK (frame && zframe_streq (frame, "hello over curve"));
    const char *user_id = zframe_meta (frame, "User-Id");
    CHECK (user_id && streq (user_id, zcert_public_txt (client_cert)));
    zframe_destroy (&frame);
    uint32_t value = 99;
    CHECK (next_event (mon, &value) == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    printf ("ok allowed certificate, User-Id %s\n", user_id ? "matches" : "-");

    zsock_t *other = zsock_new (ZMQ_PUSH);
    CHECK (other);
    zsock_set_linger (other, 0);
    zcert_apply (other_cert, other);
    zsock_set_curve_serverkey (other, zcert_public_txt (server_cert));
    CHECK (zsock_connect (other, "%s", endpoint) == 0);
    zsock_set_sndtimeo (other, 0);
    zstr_send (other, "refused");
    CHECK (next_event (mon, &value) == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    CHECK (value == 400);
    zsock_set_rcvtimeo (server, 100);
    char *nothing = zstr_recv (server);
    CHECK (nothing == NULL);
    printf ("ok unknown certificate refused\n");

    zstr_free (&endpoint);
    zsock_destroy (&other);
    zsock_destroy (&client);
    CHECK (zmq_socket_monitor (zsock_resolve (server), NULL, 0) == 0);
    zmq_close (mon);
    zsock_destroy (&server);
    zactor_destroy (&auth);
    zcert_destroy (&server_cert);
    zcert_destroy (&client_cert);
    zcert_destroy (&other_cert);
    unlink (path);
    rmdir (dir);
    zsys_shutdown ();
    printf ("czmq_auth: ok\n");
    return 0;
}
