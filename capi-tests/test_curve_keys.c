/* zmq_curve_keypair / zmq_curve_public: 40-character Z85 keys; the public
 * key derived from a secret equals the pair's; the RFC 7748 section 6.1
 * vector; fresh pairs differ. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    char public_key[41], secret_key[41], derived[41];

    REQUIRE (zmq_curve_keypair (public_key, secret_key) == 0);
    CHECK (strlen (public_key) == 40);
    CHECK (strlen (secret_key) == 40);
    CHECK (zmq_curve_public (derived, secret_key) == 0);
    CHECK (strcmp (derived, public_key) == 0);

    char public2[41], secret2[41];
    REQUIRE (zmq_curve_keypair (public2, secret2) == 0);
    CHECK (strcmp (secret2, secret_key) != 0);
    CHECK (strcmp (public2, public_key) != 0);

    /* RFC 7748 6.1: Alice's key pair. */
    const uint8_t alice_secret[32] = {
      0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
      0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
      0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
    const uint8_t alice_public[32] = {
      0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d,
      0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38,
      0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a};
    char secret_text[41], public_text[41];
    REQUIRE (zmq_z85_encode (secret_text, alice_secret, 32) != NULL);
    REQUIRE (zmq_z85_encode (public_text, alice_public, 32) != NULL);
    CHECK (zmq_curve_public (derived, secret_text) == 0);
    CHECK (strcmp (derived, public_text) == 0);

    CHECK_ERR (zmq_curve_public (derived,
                                 "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"),
               EINVAL);
    return test_end ();
}
