/* Each defect of a ZAP reply fails the handshake with
 * HANDSHAKE_FAILED_PROTOCOL and its ZMQ_PROTOCOL_ERROR_ZAP_* code on the
 * server's monitor (wrong version, wrong request id, a status code that is
 * not 200/300/400/500, too many or too few frames, metadata that does not
 * parse); the client sees only the server hanging up (NO_DETAIL, EPIPE).
 * Run for PLAIN and for CURVE. */
#include "secutil.h"

static const struct {
    enum sz_zap_mode mode;
    uint32_t code;
    const char *name;
} defects[] = {
  {SZ_BAD_VERSION, ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION, "bad version"},
  {SZ_BAD_REQUEST_ID, ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID, "bad request id"},
  {SZ_BAD_STATUS, ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE, "bad status"},
  {SZ_TOO_MANY_FRAMES, ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY, "8 frames"},
  {SZ_TOO_FEW_FRAMES, ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY, "6 frames"},
  {SZ_BAD_METADATA, ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA, "bad metadata"},
};

static void run (enum sz_zap_mode mode, uint32_t code, int curve)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap (ctx, ZMQ_REP, mode);
    sz_link_t l;
    sz_link_sockets (ctx, &l);
    sz_secure_pair (l.server, l.client, curve ? 2 : 1, NULL);
    sz_link_connect (ctx, &l);
    ts_send (l.client, "never", ZMQ_DONTWAIT);
    sz_expect_event (l.server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, code);
    sz_expect_event (l.client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EPIPE);
    ts_expect_none (l.server, 0);
    CHECK (sz_zap_requests (zap) >= 1);

    sz_link_close (&l);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (60);
    for (int curve = 0; curve < 2; curve++)
        for (size_t i = 0; i < sizeof defects / sizeof defects[0]; i++) {
            int before = testutil_failures;
            run (defects[i].mode, defects[i].code, curve);
            if (testutil_failures != before)
                fprintf (stderr, "  ^ %s, %s\n", defects[i].name,
                         curve ? "CURVE" : "PLAIN");
        }
    return test_end ();
}
