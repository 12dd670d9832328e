/* A raw CURVE client for the hostile-peer tests: the CurveZMQ handshake
 * (RFC 26 as libzmq 4.3 speaks it) done by hand over a plain TCP socket,
 * so a test can break any step of it on purpose. The NaCl box comes from
 * the system's libsodium, loaded at run time (the tests link only libzmq);
 * without it the tests skip.
 *
 *   HELLO    = "\x05HELLO" 1 0 [72 zeros] C' nonce8 Box[64 zeros](C'->S)
 *   WELCOME  = "\x07WELCOME" nonce16 Box[S' cookie96](S->C')
 *   INITIATE = "\x08INITIATE" cookie96 nonce8
 *              Box[C vouch-nonce16 Box[C' S](C->S') metadata](C'->S')
 *   READY    = "\x05READY" nonce8 Box[metadata](S'->C')
 *   MESSAGE  = "\x07MESSAGE" nonce8 Box[flags body](C'->S')
 */
#ifndef CAPI_TESTS_CURVEPEER_H
#define CAPI_TESTS_CURVEPEER_H

#include "rawpeer.h"
#include "secutil.h"

#include <dlfcn.h>

/* libsodium's NaCl-style API: the plaintext starts with 32 zero bytes, the
 * ciphertext with 16. */
#define CP_ZEROBYTES 32
#define CP_BOXZEROBYTES 16

static struct {
    int (*box_keypair) (unsigned char *pk, unsigned char *sk);
    int (*box) (unsigned char *c, const unsigned char *m, unsigned long long len,
                const unsigned char *n, const unsigned char *pk,
                const unsigned char *sk);
    int (*box_open) (unsigned char *m, const unsigned char *c,
                     unsigned long long len, const unsigned char *n,
                     const unsigned char *pk, const unsigned char *sk);
    void (*randombytes) (void *buf, size_t size);
} cp_na;

/* Loads libsodium; 0 when it is there. */
static inline int cp_init (void)
{
    void *lib = dlopen ("libsodium.so.23", RTLD_NOW);
    if (!lib)
        lib = dlopen ("libsodium.so", RTLD_NOW);
    if (!lib)
        return -1;
    int (*init) (void) = (int (*) (void)) dlsym (lib, "sodium_init");
    *(void **) &cp_na.box_keypair = dlsym (lib, "crypto_box_keypair");
    *(void **) &cp_na.box = dlsym (lib, "crypto_box");
    *(void **) &cp_na.box_open = dlsym (lib, "crypto_box_open");
    *(void **) &cp_na.randombytes = dlsym (lib, "randombytes_buf");
    if (!init || !cp_na.box_keypair || !cp_na.box || !cp_na.box_open
        || !cp_na.randombytes || init () < 0)
        return -1;
    return 0;
}

/* Loads libsodium or ends the test as skipped (77). */
static inline void cp_require (void)
{
    if (cp_init () != 0) {
        fprintf (stderr, "libsodium not found: cannot play a CURVE client\n");
        exit (77);
    }
}

/* The server must hang up on this raw peer; closes it. */
static inline void cp_expect_closed (int fd, const char *what)
{
    if (!rp_wait_closed (fd, TS_WAIT_MS)) {
        fprintf (stderr, "%s: connection not closed\n", what);
        testutil_failures++;
    }
    close (fd);
}

/* Boxes plain (size bytes) for pk from sk with the 16-byte prefix + 8-byte
 * tail nonce (or a 24-byte nonce when tail is NULL and prefix is 24 long);
 * writes 16 + size bytes to out. */
static inline void cp_box (unsigned char *out, const void *plain, size_t size,
                           const char *prefix, const unsigned char *tail,
                           size_t tail_size, const unsigned char *pk,
                           const unsigned char *sk)
{
    unsigned char nonce[24];
    size_t prefix_size = 24 - tail_size;
    memcpy (nonce, prefix, prefix_size);
    memcpy (nonce + prefix_size, tail, tail_size);
    unsigned char *m = calloc (1, CP_ZEROBYTES + size);
    unsigned char *c = calloc (1, CP_ZEROBYTES + size);
    REQUIRE (m && c);
    memcpy (m + CP_ZEROBYTES, plain, size);
    REQUIRE (cp_na.box (c, m, CP_ZEROBYTES + size, nonce, pk, sk) == 0);
    memcpy (out, c + CP_BOXZEROBYTES, 16 + size);
    free (m);
    free (c);
}

/* Opens a box of size bytes (16 + plain) into out; 0 when it opened. */
static inline int cp_open (unsigned char *out, const unsigned char *box,
                           size_t size, const char *prefix,
                           const unsigned char *tail, size_t tail_size,
                           const unsigned char *pk, const unsigned char *sk)
{
    if (size < 16)
        return -1;
    unsigned char nonce[24];
    size_t prefix_size = 24 - tail_size;
    memcpy (nonce, prefix, prefix_size);
    memcpy (nonce + prefix_size, tail, tail_size);
    unsigned char *c = calloc (1, CP_BOXZEROBYTES + size);
    unsigned char *m = calloc (1, CP_BOXZEROBYTES + size);
    REQUIRE (m && c);
    memcpy (c + CP_BOXZEROBYTES, box, size);
    int rc = cp_na.box_open (m, c, CP_BOXZEROBYTES + size, nonce, pk, sk);
    if (rc == 0)
        memcpy (out, m + CP_ZEROBYTES, size - 16);
    free (m);
    free (c);
    return rc;
}

static inline void cp_put_u64 (unsigned char *out, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char) (v >> (56 - 8 * i));
}

typedef struct {
    int fd;
    unsigned char server_public[32];          /* S */
    unsigned char public[32], secret[32];     /* C */
    unsigned char tpublic[32], tsecret[32];   /* C' */
    unsigned char server_tpublic[32];         /* S' */
    unsigned char cookie[96];
    uint64_t nonce;                           /* our next short nonce */
} cp_peer_t;

/* Connects and sends the greeting and HELLO; reads the server's greeting
 * and WELCOME. Returns 0 when the WELCOME opened. */
static inline int cp_hello (cp_peer_t *p, const char *ep,
                            const unsigned char server_public[32],
                            const unsigned char public[32],
                            const unsigned char secret[32])
{
    memcpy (p->server_public, server_public, 32);
    memcpy (p->public, public, 32);
    memcpy (p->secret, secret, 32);
    cp_na.box_keypair (p->tpublic, p->tsecret);
    p->nonce = 1;
    p->fd = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "CURVE");
    rp_send (p->fd, greeting, sizeof greeting);
    unsigned char peer[64];
    if (rp_read (p->fd, peer, sizeof peer, TS_WAIT_MS) != 0)
        return -1;

    unsigned char hello[194];
    memset (hello, 0, sizeof hello);
    hello[0] = 1;
    memcpy (hello + 74, p->tpublic, 32);
    cp_put_u64 (hello + 106, p->nonce);
    unsigned char zeros[64] = {0};
    cp_box (hello + 114, zeros, 64, "CurveZMQHELLO---", hello + 106, 8,
            p->server_public, p->tsecret);
    p->nonce++;
    sz_raw_command (p->fd, "HELLO", hello, sizeof hello);

    unsigned char welcome[256];
    if (sz_raw_read_frame (p->fd, welcome, sizeof welcome) != 168
        || memcmp (welcome, "\x07WELCOME", 8) != 0)
        return -1;
    unsigned char plain[128];
    if (cp_open (plain, welcome + 24, 144, "WELCOME-", welcome + 8, 16,
                 p->server_public, p->tsecret)
        != 0)
        return -1;
    memcpy (p->server_tpublic, plain, 32);
    memcpy (p->cookie, plain + 32, 96);
    return 0;
}

/* Sends INITIATE with this metadata (and a vouch for vouch_key, normally
 * C'); cookie_flip flips a bit of the cookie when non-zero. */
static inline void cp_initiate (cp_peer_t *p, const unsigned char *md,
                                size_t md_size, const unsigned char *vouch_key,
                                int cookie_flip)
{
    unsigned char vouch_plain[64];
    memcpy (vouch_plain, vouch_key, 32);
    memcpy (vouch_plain + 32, p->server_public, 32);
    unsigned char vouch_nonce[16];
    cp_na.randombytes (vouch_nonce, sizeof vouch_nonce);
    size_t plain_size = 32 + 16 + 80 + md_size;
    unsigned char *plain = malloc (plain_size);
    REQUIRE (plain);
    memcpy (plain, p->public, 32);
    memcpy (plain + 32, vouch_nonce, 16);
    cp_box (plain + 48, vouch_plain, 64, "VOUCH---", vouch_nonce, 16,
            p->server_tpublic, p->secret);
    if (md_size)
        memcpy (plain + 128, md, md_size);
    size_t size = 96 + 8 + 16 + plain_size;
    unsigned char *initiate = malloc (size);
    REQUIRE (initiate);
    memcpy (initiate, p->cookie, 96);
    if (cookie_flip)
        initiate[50] ^= 1;
    cp_put_u64 (initiate + 96, p->nonce);
    cp_box (initiate + 104, plain, plain_size, "CurveZMQINITIATE",
            initiate + 96, 8, p->server_tpublic, p->tsecret);
    p->nonce++;
    sz_raw_command (p->fd, "INITIATE", initiate, size);
    free (plain);
    free (initiate);
}

/* Reads the server's READY; 0 when it came and opened. */
static inline int cp_ready (cp_peer_t *p)
{
    unsigned char ready[1024];
    int size = sz_raw_read_frame (p->fd, ready, sizeof ready);
    if (size < 6 + 8 + 16 || memcmp (ready, "\x05READY", 6) != 0)
        return -1;
    unsigned char plain[1024];
    return cp_open (plain, ready + 14, (size_t) size - 14, "CurveZMQREADY---",
                    ready + 6, 8, p->server_tpublic, p->tsecret);
}

/* Sends one MESSAGE with the given short nonce (flags 0: a last frame). */
static inline void cp_message (cp_peer_t *p, uint64_t nonce, const char *text,
                               int corrupt)
{
    size_t len = strlen (text);
    unsigned char plain[256];
    REQUIRE (len + 1 <= sizeof plain);
    plain[0] = 0;
    memcpy (plain + 1, text, len);
    unsigned char frame[8 + 8 + 16 + 256];
    memcpy (frame, "\x07MESSAGE", 8);
    cp_put_u64 (frame + 8, nonce);
    cp_box (frame + 16, plain, len + 1, "CurveZMQMESSAGEC", frame + 8, 8,
            p->server_tpublic, p->tsecret);
    size_t size = 16 + 16 + len + 1;
    if (corrupt)
        frame[size - 1] ^= 0x40;
    rp_frame_header (p->fd, size, 0);
    rp_send (p->fd, frame, size);
}

#endif
