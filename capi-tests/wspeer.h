/* A raw WebSocket (ZWS 2.0) client for the ws tests: the upgrade request,
 * frames written and read by hand, on top of rawpeer.h's plain sockets. */
#ifndef CAPI_TESTS_WSPEER_H
#define CAPI_TESTS_WSPEER_H

#include "rawpeer.h"

#define WS_BINARY 0x2
#define WS_TEXT 0x1
#define WS_CLOSE 0x8
#define WS_PING 0x9
#define WS_PONG 0xA

/* Sends an upgrade request offering protocols (NULL: no such header) and
 * reads the response head; returns 1 if it is "HTTP/1.1 101". */
static inline int wp_upgrade (int fd, const char *protocols)
{
    char req[512];
    int n = snprintf (req, sizeof req,
                      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "%s%s%s"
                      "Sec-WebSocket-Version: 13\r\n\r\n",
                      protocols ? "Sec-WebSocket-Protocol: " : "",
                      protocols ? protocols : "", protocols ? "\r\n" : "");
    rp_send (fd, req, (size_t) n);
    char head[1024];
    size_t len = 0;
    while (len < sizeof head - 1) {
        if (rp_read (fd, head + len, 1, 2000) != 0)
            return 0;
        len++;
        head[len] = 0;
        if (len >= 4 && memcmp (head + len - 4, "\r\n\r\n", 4) == 0)
            break;
    }
    return strncmp (head, "HTTP/1.1 101 ", 13) == 0
           && strstr (head, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != NULL;
}

/* Writes one frame: first byte b0 (FIN and opcode), masked or not; a
 * binary frame's payload is the flags byte and body. */
static inline void wp_send_frame (int fd, int b0, int flags, const void *body,
                                  size_t len, int masked)
{
    unsigned char h[15];
    size_t hl = 0;
    int binary = (b0 & 0x0F) == WS_BINARY;
    uint64_t payload = len + (binary ? 1 : 0);
    h[hl++] = (unsigned char) b0;
    unsigned char m = masked ? 0x80 : 0;
    if (payload <= 125)
        h[hl++] = m | (unsigned char) payload;
    else if (payload <= 0xFFFF) {
        h[hl++] = m | 126;
        h[hl++] = (unsigned char) (payload >> 8);
        h[hl++] = (unsigned char) payload;
    } else {
        h[hl++] = m | 127;
        for (int i = 0; i < 8; i++)
            h[hl++] = (unsigned char) (payload >> (56 - 8 * i));
    }
    const unsigned char key[4] = {0x11, 0x22, 0x33, 0x44};
    if (masked) {
        memcpy (h + hl, key, 4);
        hl += 4;
    }
    unsigned char *p = malloc (payload + 1);
    REQUIRE (p);
    size_t off = 0;
    if (binary)
        p[off++] = (unsigned char) flags;
    memcpy (p + off, body, len);
    if (masked)
        for (uint64_t i = 0; i < payload; i++)
            p[i] ^= key[i % 4];
    rp_send (fd, h, hl);
    rp_send (fd, p, payload);
    free (p);
}

/* Reads one unmasked frame (server to client); returns the payload length
 * (copied up to cap into buf) and its opcode, or -1 on timeout/EOF. */
static inline int wp_read_frame (int fd, int *opcode, unsigned char *buf,
                                 size_t cap, int timeout_ms)
{
    unsigned char h[2];
    if (rp_read (fd, h, 2, timeout_ms) != 0 || (h[1] & 0x80))
        return -1;
    uint64_t len = h[1] & 0x7F;
    unsigned char ext[8];
    if (len == 126) {
        if (rp_read (fd, ext, 2, timeout_ms) != 0)
            return -1;
        len = ((uint64_t) ext[0] << 8) | ext[1];
    } else if (len == 127) {
        if (rp_read (fd, ext, 8, timeout_ms) != 0)
            return -1;
        len = 0;
        for (int i = 0; i < 8; i++)
            len = (len << 8) | ext[i];
    }
    if (len > cap)
        return -1;
    if (len > 0 && rp_read (fd, buf, (size_t) len, timeout_ms) != 0)
        return -1;
    *opcode = h[0] & 0x0F;
    return (int) len;
}

/* Upgrades with ZWS2.0/NULL and does the NULL handshake as a client of
 * socket_type; returns 1 on success. */
static inline int wp_handshake (int fd, const char *socket_type)
{
    if (!wp_upgrade (fd, "ZWS2.0/NULL,ZWS2.0"))
        return 0;
    unsigned char buf[256];
    int op;
    int n = wp_read_frame (fd, &op, buf, sizeof buf, 2000);
    if (n < 7 || op != WS_BINARY || buf[0] != 0x02
        || memcmp (buf + 1, "\x05READY", 6) != 0)
        return 0;
    unsigned char ready[64];
    size_t tl = strlen (socket_type);
    memcpy (ready, "\x05READY\x0bSocket-Type\0\0\0", 21);
    ready[21] = (unsigned char) tl;
    memcpy (ready + 22, socket_type, tl);
    wp_send_frame (fd, 0x80 | WS_BINARY, 0x02, ready, 22 + tl, 1);
    return 1;
}

#endif
