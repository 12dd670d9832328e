/* Helpers for the security tests (PLAIN, CURVE, ZAP): a ZAP handler thread
 * with a chosen behaviour that records what it was asked, the security
 * options of each mechanism, and a message exchange with a bounded wait.
 *
 * The handler binds inproc://zeromq.zap.01 (REP or ROUTER, as an
 * application would) and answers each request by its mode. It stops when
 * sz_zap_stop sends on its control pipe; what it recorded is read under its
 * lock. */
#ifndef CAPI_TESTS_SECUTIL_H
#define CAPI_TESTS_SECUTIL_H

#include "monitorutil.h"

#include <pthread.h>

/* 1 when the tests run against the reference libzmq 4.3.4. */
static inline int sz_reference (void)
{
    const char *ref = getenv ("ZMQ_REFERENCE");
    return ref && strcmp (ref, "1") == 0;
}

#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

#define SZ_ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define SZ_MAX_FRAMES 10

/* What the handler does with each request. */
enum sz_zap_mode {
    SZ_ALLOW,           /* 200 */
    SZ_POLICY,          /* 200 when the credentials match, else 400 */
    SZ_DENY_300,        /* temporary failure */
    SZ_DENY_400,        /* authentication failure */
    SZ_DENY_500,        /* internal error */
    SZ_BAD_VERSION,     /* version "2.0" */
    SZ_BAD_REQUEST_ID,  /* another request id */
    SZ_BAD_STATUS,      /* a status code that is not one of the four */
    SZ_TOO_MANY_FRAMES, /* 8 frames */
    SZ_TOO_FEW_FRAMES,  /* 6 frames */
    SZ_BAD_METADATA,    /* metadata frame that does not parse */
    SZ_CLOSE,           /* the handler closes its socket without answering */
    SZ_SILENT,          /* the handler never answers */
};

typedef struct {
    void *ctx;
    int type; /* ZMQ_REP or ZMQ_ROUTER */
    enum sz_zap_mode mode;
    /* For SZ_POLICY: the PLAIN credentials and CURVE key (binary) allowed;
     * NULL mechanism requests are allowed. */
    const char *user, *password;
    unsigned char key[32];
    /* Sent in every 200 reply. */
    const char *user_id;
    const void *metadata;
    size_t metadata_size;

    pthread_t thread;
    void *control; /* our end of the stop pipe */
    char control_ep[64];
    pthread_mutex_t lock;
    int requests;
    int nframes; /* of the last request, without envelope */
    char frames[SZ_MAX_FRAMES][256];
    size_t sizes[SZ_MAX_FRAMES];
} sz_zap_t;

static inline int sz_frame_is (const sz_zap_t *z, int i, const char *text)
{
    return z->sizes[i] == strlen (text)
           && memcmp (z->frames[i], text, z->sizes[i]) == 0;
}

static inline void sz_send (void *s, const void *data, size_t size, int more)
{
    int rc = zmq_send (s, data, size, more ? ZMQ_SNDMORE : 0);
    if (rc != (int) size) {
        fprintf (stderr, "zap handler: send failed (errno %d)\n", zmq_errno ());
        testutil_failures++;
    }
}

static inline void sz_send_str (void *s, const char *text, int more)
{
    sz_send (s, text, strlen (text), more);
}

/* Answers one request of nframes frames (already in z->frames). */
static inline void sz_reply (sz_zap_t *z, void *s, const char *status)
{
    const char *version = z->mode == SZ_BAD_VERSION ? "2.0" : "1.0";
    sz_send_str (s, version, 1);
    if (z->mode == SZ_BAD_REQUEST_ID)
        sz_send_str (s, "not-the-id", 1);
    else
        sz_send (s, z->frames[1], z->sizes[1], 1);
    sz_send_str (s, status, 1);
    sz_send_str (s, strcmp (status, "200") == 0 ? "OK" : "NO", 1);
    if (z->mode == SZ_TOO_FEW_FRAMES) {
        sz_send_str (s, "", 0);
        return;
    }
    sz_send_str (s, z->user_id ? z->user_id : "", 1);
    if (z->mode == SZ_BAD_METADATA)
        sz_send (s, "\x05" "ab", 3, z->mode == SZ_TOO_MANY_FRAMES);
    else
        sz_send (s, z->metadata, z->metadata ? z->metadata_size : 0,
                 z->mode == SZ_TOO_MANY_FRAMES);
    if (z->mode == SZ_TOO_MANY_FRAMES)
        sz_send_str (s, "extra", 0);
}

static inline const char *sz_status (sz_zap_t *z)
{
    switch (z->mode) {
        case SZ_DENY_300: return "300";
        case SZ_DENY_400: return "400";
        case SZ_DENY_500: return "500";
        case SZ_BAD_STATUS: return "299";
        case SZ_POLICY: break;
        default: return "200";
    }
    /* frames: version, id, domain, address, identity, mechanism, creds */
    if (sz_frame_is (z, 5, "NULL"))
        return "200";
    if (sz_frame_is (z, 5, "PLAIN") && z->nframes == 8 && z->user
        && z->password && sz_frame_is (z, 6, z->user)
        && sz_frame_is (z, 7, z->password))
        return "200";
    if (sz_frame_is (z, 5, "CURVE") && z->nframes == 7 && z->sizes[6] == 32
        && memcmp (z->frames[6], z->key, 32) == 0)
        return "200";
    return "400";
}

static void *sz_zap_thread (void *arg)
{
    sz_zap_t *z = arg;
    void *s = zmq_socket (z->ctx, z->type);
    REQUIRE (s);
    int linger = 0;
    zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger);
    REQUIRE (zmq_bind (s, SZ_ZAP_ENDPOINT) == 0);
    void *control = zmq_socket (z->ctx, ZMQ_PAIR);
    REQUIRE (control);
    REQUIRE (zmq_connect (control, z->control_ep) == 0);
    REQUIRE (zmq_send (control, "up", 2, 0) == 2);

    while (1) {
        /* Once the handler socket is closed only the stop pipe is left. */
        zmq_pollitem_t items[] = {{control, 0, ZMQ_POLLIN, 0},
                                  {s, 0, ZMQ_POLLIN, 0}};
        if (zmq_poll (items, s ? 2 : 1, -1) < 0)
            break;
        if (items[0].revents & ZMQ_POLLIN)
            break;
        if (!(items[1].revents & ZMQ_POLLIN))
            continue;
        /* A ROUTER sees the routing id and the empty delimiter first. */
        char envelope[2][256];
        size_t envelope_sizes[2];
        int nframes = 0, more = 1;
        char frames[SZ_MAX_FRAMES][256];
        size_t sizes[SZ_MAX_FRAMES];
        int skip = z->type == ZMQ_ROUTER ? 2 : 0;
        for (int i = 0; more; i++) {
            char buf[256];
            int rc = zmq_recv (s, buf, sizeof buf, 0);
            REQUIRE (rc >= 0);
            size_t size = (size_t) rc < sizeof buf ? (size_t) rc : sizeof buf;
            if (i < skip) {
                memcpy (envelope[i], buf, size);
                envelope_sizes[i] = size;
            } else if (nframes < SZ_MAX_FRAMES) {
                memcpy (frames[nframes], buf, size);
                sizes[nframes++] = size;
            }
            size_t more_size = sizeof more;
            zmq_getsockopt (s, ZMQ_RCVMORE, &more, &more_size);
        }
        pthread_mutex_lock (&z->lock);
        z->requests++;
        z->nframes = nframes;
        memcpy (z->frames, frames, sizeof frames);
        memcpy (z->sizes, sizes, sizeof sizes);
        pthread_mutex_unlock (&z->lock);

        if (z->mode == SZ_SILENT)
            continue;
        if (z->mode == SZ_CLOSE) {
            zmq_close (s);
            s = NULL;
            continue;
        }
        for (int i = 0; i < skip; i++)
            sz_send (s, envelope[i], envelope_sizes[i], 1);
        sz_reply (z, s, sz_status (z));
    }
    if (s)
        zmq_close (s);
    zmq_close (control);
    return NULL;
}

/* Starts a handler of the given socket type and mode; it is bound when this
 * returns. */
static inline sz_zap_t *sz_zap_start (void *ctx, int type,
                                      enum sz_zap_mode mode)
{
    static int counter = 0;
    sz_zap_t *z = calloc (1, sizeof *z);
    REQUIRE (z);
    z->ctx = ctx;
    z->type = type;
    z->mode = mode;
    pthread_mutex_init (&z->lock, NULL);
    snprintf (z->control_ep, sizeof z->control_ep, "inproc://sz-control-%d",
              counter++);
    z->control = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (z->control, z->control_ep) == 0);
    return z;
}

/* Runs the handler (after the caller filled in the policy fields). */
static inline void sz_zap_run (sz_zap_t *z)
{
    REQUIRE (pthread_create (&z->thread, NULL, sz_zap_thread, z) == 0);
    char buf[8];
    REQUIRE (ts_wait_in (z->control, TS_WAIT_MS));
    REQUIRE (zmq_recv (z->control, buf, sizeof buf, 0) == 2);
}

static inline sz_zap_t *sz_zap (void *ctx, int type, enum sz_zap_mode mode)
{
    sz_zap_t *z = sz_zap_start (ctx, type, mode);
    sz_zap_run (z);
    return z;
}

static inline int sz_zap_requests (sz_zap_t *z)
{
    pthread_mutex_lock (&z->lock);
    int n = z->requests;
    pthread_mutex_unlock (&z->lock);
    return n;
}

/* Stops the handler and frees it (its recorded request can be read
 * before). */
static inline void sz_zap_stop (sz_zap_t *z)
{
    REQUIRE (zmq_send (z->control, "stop", 4, 0) == 4);
    pthread_join (z->thread, NULL);
    zmq_close (z->control);
    pthread_mutex_destroy (&z->lock);
    free (z);
}

/* ---- mechanisms ---- */

typedef struct {
    char public_z85[41], secret_z85[41];
    unsigned char public_bin[32], secret_bin[32];
} sz_keys_t;

static inline void sz_keypair (sz_keys_t *k)
{
    REQUIRE (zmq_curve_keypair (k->public_z85, k->secret_z85) == 0);
    REQUIRE (zmq_z85_decode (k->public_bin, k->public_z85));
    REQUIRE (zmq_z85_decode (k->secret_bin, k->secret_z85));
}

static inline void sz_plain_server (void *s)
{
    ts_set_int (s, ZMQ_PLAIN_SERVER, 1);
}

static inline void sz_plain_client (void *s, const char *user,
                                    const char *password)
{
    ts_set_str (s, ZMQ_PLAIN_USERNAME, user);
    ts_set_str (s, ZMQ_PLAIN_PASSWORD, password);
}

static inline void sz_curve_server (void *s, const sz_keys_t *server)
{
    ts_set_int (s, ZMQ_CURVE_SERVER, 1);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, server->secret_z85, 40)
             == 0);
}

static inline void sz_curve_client (void *s, const char *server_public_z85,
                                    const sz_keys_t *client)
{
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, server_public_z85, 40)
             == 0);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, client->public_z85, 40)
             == 0);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, client->secret_z85, 40)
             == 0);
}

/* The PLAIN credentials the SZ_POLICY handlers of the tests allow. */
static inline void sz_admin_client (void *s)
{
    sz_plain_client (s, "admin", "secret");
}

/* A running SZ_POLICY handler (REP or ROUTER) that allows sz_admin_client. */
static inline sz_zap_t *sz_zap_admin (void *ctx, int type)
{
    sz_zap_t *zap = sz_zap_start (ctx, type, SZ_POLICY);
    zap->user = "admin";
    zap->password = "secret";
    sz_zap_run (zap);
    return zap;
}

/* Makes server and client talk mechanism 0 (NULL, with ZMQ_ZAP_DOMAIN
 * "global" on the server so it asks ZAP), 1 (PLAIN, as sz_admin_client)
 * or 2 (CURVE, fresh keys); the client's keys go to client_keys unless
 * NULL. */
static inline void sz_secure_pair (void *server, void *client, int mechanism,
                                   sz_keys_t *client_keys)
{
    sz_keys_t server_keys, keys;
    if (mechanism == 2) {
        sz_keypair (&server_keys);
        sz_keypair (&keys);
        sz_curve_server (server, &server_keys);
        sz_curve_client (client, server_keys.public_z85, &keys);
        if (client_keys)
            *client_keys = keys;
    } else if (mechanism == 1) {
        sz_plain_server (server);
        sz_admin_client (client);
    } else
        ts_set_str (server, ZMQ_ZAP_DOMAIN, "global");
}

/* Handshake events only: what the security tests look at. */
#define SZ_HANDSHAKE_EVENTS                                                  \
    (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL    \
     | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

/* One connection watched from both sides: a PULL server (ZMQ_HANDSHAKE_IVL
 * 500 ms, so a stalled handshake ends quickly) and a PUSH client, each
 * with a monitor of its handshake events. */
typedef struct {
    void *server, *client, *server_mon, *client_mon;
    char ep[256];
} sz_link_t;

/* Makes the two sockets; the caller then sets their security. */
static inline void sz_link_sockets (void *ctx, sz_link_t *l)
{
    l->server = ts_socket (ctx, ZMQ_PULL);
    l->client = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (l->server, ZMQ_HANDSHAKE_IVL, 500);
}

/* Starts the monitors, binds the server and connects the client. */
static inline void sz_link_connect (void *ctx, sz_link_t *l)
{
    l->server_mon = mu_monitor (ctx, l->server, "inproc://server-mon",
                                SZ_HANDSHAKE_EVENTS);
    l->client_mon = mu_monitor (ctx, l->client, "inproc://client-mon",
                                SZ_HANDSHAKE_EVENTS);
    ts_bind_any (l->server, "tcp://127.0.0.1:*", l->ep, sizeof l->ep);
    REQUIRE (zmq_connect (l->client, l->ep) == 0);
}

static inline void sz_link_close (sz_link_t *l)
{
    CHECK (zmq_close (l->client) == 0);
    CHECK (zmq_close (l->server) == 0);
    CHECK (zmq_close (l->server_mon) == 0);
    CHECK (zmq_close (l->client_mon) == 0);
}

/* Checks that the next handshake event is want with value (any value when
 * value is ~0u). */
#define sz_expect_event(mon, want, value)                                    \
    do {                                                                     \
        uint32_t sz_v_ = mu_expect (mon, want, NULL);                        \
        if ((uint32_t) (value) != ~0u && sz_v_ != (uint32_t) (value)) {      \
            fprintf (stderr, "%s:%d: event 0x%x value 0x%x, want 0x%x\n",    \
                     __FILE__, __LINE__, (unsigned) (want), sz_v_,           \
                     (unsigned) (value));                                    \
            testutil_failures++;                                             \
        }                                                                    \
    } while (0)

/* A PUSH client's message reaches the PULL server within the wait. */
static inline int sz_delivered (void *server, void *client, const char *text)
{
    ts_send (client, text, 0);
    char buf[256];
    int rc = ts_recv (server, buf, sizeof buf);
    return rc == (int) strlen (text) && strcmp (buf, text) == 0;
}

/* ---- raw peers (include rawpeer.h before this header to use them) ---- */
#ifdef CAPI_TESTS_RAWPEER_H

/* Sends a command frame: name, then body (any bytes, not checked), in one
 * send (several small ones would wait on Nagle and delayed ACKs). */
static inline void sz_raw_command (int fd, const char *name, const void *body,
                                   size_t size)
{
    size_t name_len = strlen (name);
    size_t total = 1 + name_len + size;
    unsigned char *frame = malloc (9 + total);
    REQUIRE (frame);
    size_t n;
    if (total < 256) {
        frame[0] = 0x04;
        frame[1] = (unsigned char) total;
        n = 2;
    } else {
        frame[0] = 0x06;
        for (int i = 0; i < 8; i++)
            frame[1 + i] = (unsigned char) ((uint64_t) total >> (56 - 8 * i));
        n = 9;
    }
    frame[n++] = (unsigned char) name_len;
    memcpy (frame + n, name, name_len);
    n += name_len;
    if (size)
        memcpy (frame + n, body, size);
    rp_send (fd, frame, n + size);
    free (frame);
}

static inline int sz_raw_read_frame (int fd, unsigned char *buf, size_t cap)
{
    return rp_read_frame (fd, buf, cap, NULL);
}

/* Connects, exchanges greetings for mechanism; returns the fd or -1. */
static inline int sz_raw_greet (const char *ep, const char *mechanism)
{
    int fd = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, mechanism);
    rp_send (fd, greeting, sizeof greeting);
    unsigned char peer[64];
    if (rp_read (fd, peer, sizeof peer, TS_WAIT_MS) != 0) {
        close (fd);
        return -1;
    }
    return fd;
}

/* Sends a PLAIN HELLO with these credentials and reads the WELCOME;
 * returns 0 when it came. */
static inline int sz_raw_plain_hello (int fd, const char *user,
                                      const char *password)
{
    unsigned char body[512];
    size_t n = 0;
    body[n++] = (unsigned char) strlen (user);
    memcpy (body + n, user, strlen (user));
    n += strlen (user);
    body[n++] = (unsigned char) strlen (password);
    memcpy (body + n, password, strlen (password));
    n += strlen (password);
    sz_raw_command (fd, "HELLO", body, n);
    unsigned char reply[256];
    int rc = sz_raw_read_frame (fd, reply, sizeof reply);
    return rc == 8 && memcmp (reply, "\x07WELCOME", 8) == 0 ? 0 : -1;
}

/* Connects as a client of mechanism, sends the greeting and then one
 * command (name, body); the server must hang up. */
static inline void sz_expect_refused (const char *ep, const char *mechanism,
                                      const char *name,
                                      const unsigned char *body, size_t size,
                                      const char *what)
{
    int fd = sz_raw_greet (ep, mechanism);
    REQUIRE (fd >= 0);
    sz_raw_command (fd, name, body, size);
    if (!rp_wait_closed (fd, TS_WAIT_MS)) {
        fprintf (stderr, "%s (%zu bytes): connection not closed\n", what,
                 size);
        testutil_failures++;
    }
    close (fd);
}

/* The metadata of a PUSH peer: Socket-Type. */
static inline size_t sz_push_metadata (unsigned char *out)
{
    static const unsigned char md[] = {11,  'S', 'o', 'c', 'k', 'e', 't',
                                       '-', 'T', 'y', 'p', 'e', 0,   0,
                                       0,   4,   'P', 'U', 'S', 'H'};
    memcpy (out, md, sizeof md);
    return sizeof md;
}

#endif

/* A connected PUSH client configured by configure (may be NULL), whose
 * message reaches server (a PULL). */
static inline void *sz_good_client (void *ctx, void *server, const char *ep,
                                    void (*configure) (void *s));

/* The end of a bad-peer test: before (a client connected before the bad
 * peers) is still served, a new client configured by configure is served
 * too, nothing else arrived; closes both clients. */
static inline void sz_still_serving (void *ctx, void *server, void *before,
                                     const char *ep,
                                     void (*configure) (void *s))
{
    CHECK (sz_delivered (server, before, "still here"));
    void *after = sz_good_client (ctx, server, ep, configure);
    ts_expect_none (server, 0);
    CHECK (zmq_close (before) == 0);
    CHECK (zmq_close (after) == 0);
}

static inline void *sz_good_client (void *ctx, void *server, const char *ep,
                                    void (*configure) (void *s))
{
    void *client = ts_socket (ctx, ZMQ_PUSH);
    if (configure)
        configure (client);
    REQUIRE (zmq_connect (client, ep) == 0);
    CHECK (sz_delivered (server, client, "good client"));
    return client;
}

#endif
