/* ZMQ_MECHANISM follows the last security option set, as in libzmq 4.3:
 * PLAIN_SERVER / PLAIN_USERNAME / PLAIN_PASSWORD select PLAIN, the CURVE
 * options CURVE, the GSSAPI ones GSSAPI; PLAIN_SERVER=0 or CURVE_SERVER=0
 * or a NULL username select NULL. The *_SERVER getters are true only for
 * the selected mechanism. CURVE keys are accepted as 32 binary bytes or Z85
 * text (40 chars, or 41 with the NUL) and read back either way. */
#include "testutil.h"

static int get_int (void *s, int option)
{
    int value = -7;
    size_t size = sizeof value;
    CHECK (zmq_getsockopt (s, option, &value, &size) == 0);
    return value;
}

static void set_int (void *s, int option, int value)
{
    CHECK (zmq_setsockopt (s, option, &value, sizeof value) == 0);
}

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_DEALER);
    REQUIRE (s);

    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);

    set_int (s, ZMQ_PLAIN_SERVER, 1);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_PLAIN);
    CHECK (get_int (s, ZMQ_PLAIN_SERVER) == 1);
    CHECK (get_int (s, ZMQ_CURVE_SERVER) == 0);

    /* A username makes this side a PLAIN client. */
    CHECK (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, "bob", 3) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_PLAIN);
    CHECK (get_int (s, ZMQ_PLAIN_SERVER) == 0);

    /* NULL username: back to the NULL mechanism, the name is kept. */
    CHECK (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, NULL, 0) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);
    char name[16];
    size_t size = sizeof name;
    CHECK (zmq_getsockopt (s, ZMQ_PLAIN_USERNAME, name, &size) == 0);
    CHECK (size == 4 && strcmp (name, "bob") == 0);

    CHECK (zmq_setsockopt (s, ZMQ_PLAIN_PASSWORD, "pw", 2) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_PLAIN);
    set_int (s, ZMQ_PLAIN_SERVER, 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);

    set_int (s, ZMQ_CURVE_SERVER, 1);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_CURVE);
    CHECK (get_int (s, ZMQ_CURVE_SERVER) == 1);
    CHECK (get_int (s, ZMQ_PLAIN_SERVER) == 0);
    set_int (s, ZMQ_CURVE_SERVER, 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);

    /* GSSAPI_SERVER selects GSSAPI whatever its value. */
    set_int (s, ZMQ_GSSAPI_SERVER, 1);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_GSSAPI);
    CHECK (get_int (s, ZMQ_GSSAPI_SERVER) == 1);
    set_int (s, ZMQ_GSSAPI_SERVER, 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_GSSAPI);
    CHECK (get_int (s, ZMQ_GSSAPI_SERVER) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, NULL, 0) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);
    CHECK (zmq_setsockopt (s, ZMQ_GSSAPI_SERVICE_PRINCIPAL, "svc", 3) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_GSSAPI);

    /* CURVE keys, from the CURVE specification's test vectors. */
    const char *public_z85 = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    const unsigned char public_bin_head[4] = {0xbb, 0x88, 0x47, 0x1d};
    CHECK (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, public_z85, 40) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_CURVE);
    unsigned char bin[32];
    size = sizeof bin;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_PUBLICKEY, bin, &size) == 0);
    CHECK (size == 32 && memcmp (bin, public_bin_head, 4) == 0);
    char z85[41];
    size = sizeof z85;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_PUBLICKEY, z85, &size) == 0);
    CHECK (size == 41 && strcmp (z85, public_z85) == 0);

    /* 41 bytes: Z85 text with its NUL. */
    CHECK (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, public_z85, 41) == 0);
    size = sizeof z85;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_SECRETKEY, z85, &size) == 0);
    CHECK (strcmp (z85, public_z85) == 0);

    /* Binary keys read back as Z85. */
    unsigned char key[32];
    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char) i;
    set_int (s, ZMQ_CURVE_SERVER, 1);
    CHECK (zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, key, 32) == 0);
    /* Setting the server key makes this side a CURVE client. */
    CHECK (get_int (s, ZMQ_CURVE_SERVER) == 0);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_CURVE);
    size = sizeof z85;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_SERVERKEY, z85, &size) == 0);
    CHECK (strcmp (z85, "009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337x") == 0);

    /* Text that is not Z85 is rejected. */
    char bad[41];
    memset (bad, ' ', 40);
    bad[40] = 0;
    CHECK_ERR (zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, bad, 40), EINVAL);
    char unterminated[41];
    memcpy (unterminated, public_z85, 40);
    unterminated[40] = 'x';
    CHECK_ERR (zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, unterminated, 41), EINVAL);
    size = sizeof z85;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_SERVERKEY, z85, &size) == 0);
    CHECK (strcmp (z85, "009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337x") == 0);

    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
