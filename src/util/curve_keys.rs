//! CURVE key pairs (zmq_curve_keypair, zmq_curve_public): X25519 keys
//! (RFC 7748) as 40-character Z85 text, as CurveZMQ (RFC 26) uses them.
//!
//! X25519 comes from `x25519-dalek` (constant-time, audited, widely used);
//! the secret from the OS generator through `getrandom`.
#![forbid(unsafe_code)]
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

use super::z85;
use crate::error::{Error, Result};
use x25519_dalek::{PublicKey, StaticSecret};

pub const KEY_SIZE: usize = 32;
/// Z85 length of a key, without the terminating NUL.
pub const Z85_KEY_LEN: usize = 40;

/// A fresh key pair as (public, secret) raw bytes.
pub fn keypair() -> Result<([u8; KEY_SIZE], [u8; KEY_SIZE])> {
    let mut secret = [0u8; KEY_SIZE];
    getrandom::fill(&mut secret).map_err(|_| Error::NoMem)?;
    let public = public_of(&secret);
    Ok((public, secret))
}

/// The public key of `secret` (X25519 with the base point; the secret is
/// clamped as RFC 7748 says).
pub fn public_of(secret: &[u8; KEY_SIZE]) -> [u8; KEY_SIZE] {
    let secret = StaticSecret::from(*secret);
    PublicKey::from(&secret).to_bytes()
}

/// A fresh key pair as (public, secret) Z85 text.
pub fn keypair_z85() -> Result<([u8; Z85_KEY_LEN], [u8; Z85_KEY_LEN])> {
    let (public, secret) = keypair()?;
    Ok((to_z85(&public)?, to_z85(&secret)?))
}

/// The Z85 public key of a Z85 secret key, which must be exactly 40 valid
/// characters (`Inval` otherwise).
pub fn public_z85(secret_z85: &[u8]) -> Result<[u8; Z85_KEY_LEN]> {
    if secret_z85.len() != Z85_KEY_LEN {
        return Err(Error::Inval);
    }
    let mut secret = [0u8; KEY_SIZE];
    z85::decode_into(secret_z85, &mut secret)?;
    to_z85(&public_of(&secret))
}

fn to_z85(key: &[u8; KEY_SIZE]) -> Result<[u8; Z85_KEY_LEN]> {
    let mut text = [0u8; Z85_KEY_LEN];
    z85::encode_into(key, &mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn rfc7748_section_6_1() {
        let alice_secret = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        let alice_public = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assert_eq!(public_of(&alice_secret), alice_public);
        let bob_secret = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        let bob_public = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        assert_eq!(public_of(&bob_secret), bob_public);
    }

    #[test]
    fn public_from_secret_matches_keypair() {
        let (public, secret) = keypair_z85().unwrap();
        assert_eq!(public_z85(&secret).unwrap(), public);
        let (public2, secret2) = keypair_z85().unwrap();
        assert_ne!(secret, secret2);
        assert_ne!(public, public2);
    }

    #[test]
    fn bad_secret_text_is_inval() {
        assert_eq!(public_z85(b"short"), Err(Error::Inval));
        assert_eq!(public_z85(&[b'~'; 40]), Err(Error::Inval));
        assert_eq!(public_z85(&[b'0'; 45]), Err(Error::Inval));
    }
}
