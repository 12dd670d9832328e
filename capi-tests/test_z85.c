/* zmq_z85_encode / zmq_z85_decode (RFC 32): the RFC's test vector, a round
 * trip of every byte value, and EINVAL for bad lengths, characters outside
 * the alphabet and groups over 2^32 - 1. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    const uint8_t hello[8] = {0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B};
    char text[400];
    uint8_t bytes[400];

    CHECK (zmq_z85_encode (text, hello, 8) == text);
    CHECK (strcmp (text, "HelloWorld") == 0);
    CHECK (zmq_z85_decode (bytes, "HelloWorld") == bytes);
    CHECK (memcmp (bytes, hello, 8) == 0);

    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t) i;
    CHECK (zmq_z85_encode (text, all, 256) == text);
    CHECK (strlen (text) == 320);
    memset (bytes, 0, sizeof bytes);
    CHECK (zmq_z85_decode (bytes, text) == bytes);
    CHECK (memcmp (bytes, all, 256) == 0);

    const uint8_t ones[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    CHECK (zmq_z85_encode (text, ones, 4) == text);
    CHECK (strcmp (text, "%nSc0") == 0);

    /* Empty input encodes to the empty string. */
    strcpy (text, "junk");
    CHECK (zmq_z85_encode (text, hello, 0) == text);
    CHECK (text[0] == '\0');

    errno = 0;
    CHECK (zmq_z85_encode (text, hello, 7) == NULL);
    CHECK (zmq_errno () == EINVAL);

    const char *bad[] = {"", "Hell", "HelloWorl", "Hell World", "Hell~World",
                         "Hell\"World", "Hell\xffWorld", "%nSc1", "%%%%%"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        errno = 0;
        if (zmq_z85_decode (bytes, bad[i]) != NULL || zmq_errno () != EINVAL) {
            fprintf (stderr, "decode of bad input %zu accepted\n", i);
            CHECK (0);
        }
    }
    return test_end ();
}
