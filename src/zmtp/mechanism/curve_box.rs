//! CurveZMQ's boxes (RFC 26 as libzmq 4.3 builds them) and the MESSAGE
//! codec both sides share after the handshake.
//!
//! A box is NaCl's `crypto_box`: X25519 + HSalsa20 to a shared key
//! (precomputed once, as libsodium's `crypto_box_beforenm`), then
//! XSalsa20-Poly1305, laid out as the 16-byte tag followed by the
//! ciphertext. Nonces are a 16-byte (or 8-byte) ASCII prefix and a short
//! nonce (a big-endian counter, or random bytes).

use crate::zmtp::error::ProtocolError;
use crate::zmtp::frame::{self, FLAG_COMMAND, FLAG_MORE};
use bytes::{BufMut, Bytes, BytesMut};
use crypto_box::aead::generic_array::GenericArray;
use crypto_box::aead::AeadInPlace;
use crypto_box::SalsaBox;
use zeroize::Zeroizing;

pub(crate) const KEY_SIZE: usize = 32;
pub(crate) const TAG_SIZE: usize = 16;

pub(crate) const HELLO_NONCE_PREFIX: &[u8; 16] = b"CurveZMQHELLO---";
pub(crate) const WELCOME_NONCE_PREFIX: &[u8; 8] = b"WELCOME-";
pub(crate) const COOKIE_NONCE_PREFIX: &[u8; 8] = b"COOKIE--";
pub(crate) const INITIATE_NONCE_PREFIX: &[u8; 16] = b"CurveZMQINITIATE";
pub(crate) const VOUCH_NONCE_PREFIX: &[u8; 8] = b"VOUCH---";
pub(crate) const READY_NONCE_PREFIX: &[u8; 16] = b"CurveZMQREADY---";
/// MESSAGE nonces: the client's boxes end in C, the server's in S.
pub(crate) const CLIENT_MESSAGE_NONCE_PREFIX: &[u8; 16] = b"CurveZMQMESSAGEC";
pub(crate) const SERVER_MESSAGE_NONCE_PREFIX: &[u8; 16] = b"CurveZMQMESSAGES";

const MESSAGE_COMMAND: &[u8; 8] = b"\x07MESSAGE";
/// `\x07MESSAGE`, short nonce, tag, flags byte: the smallest MESSAGE.
const MESSAGE_MIN: usize = 8 + 8 + TAG_SIZE + 1;
/// Offset of the ciphertext (flags byte first) in a MESSAGE body.
const MESSAGE_BOX_AT: usize = 8 + 8 + TAG_SIZE;
/// The first plaintext byte of a MESSAGE: libzmq's msg_t flags.
const INNER_MORE: u8 = 0x01;
const INNER_COMMAND: u8 = 0x02;

/// The 24-byte nonce `prefix || rest`.
pub(crate) fn nonce(prefix: &[u8], rest: &[u8]) -> [u8; 24] {
    let mut n = [0u8; 24];
    for (slot, b) in n.iter_mut().zip(prefix.iter().chain(rest)) {
        *slot = *b;
    }
    n
}

/// `count` as the 8-byte short nonce.
pub(crate) fn short_nonce(count: u64) -> [u8; 8] {
    count.to_be_bytes()
}

/// Bytes from the system's random source.
pub(crate) fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>, ProtocolError> {
    let mut b = Zeroizing::new([0u8; N]);
    getrandom::fill(&mut b[..]).map_err(|_| ProtocolError::Randomness)?;
    Ok(b)
}

/// A fresh short-term key pair: (public, secret).
pub(crate) fn ephemeral_keypair(
) -> Result<([u8; KEY_SIZE], Zeroizing<[u8; KEY_SIZE]>), ProtocolError> {
    let secret = random::<KEY_SIZE>()?;
    let public = crypto_box::SecretKey::from_bytes(*secret).public_key();
    Ok((public.to_bytes(), secret))
}

/// The precomputed box between `peer_public` and `own_secret`. A peer key
/// of small order gives an all-zero shared secret: libsodium refuses it
/// (and libzmq then asserts); here it costs the connection only.
pub(crate) fn precompute(
    peer_public: &[u8; KEY_SIZE],
    own_secret: &[u8; KEY_SIZE],
) -> Result<SalsaBox, ProtocolError> {
    let shared = x25519_dalek::StaticSecret::from(*own_secret)
        .diffie_hellman(&x25519_dalek::PublicKey::from(*peer_public));
    if !shared.was_contributory() {
        return Err(ProtocolError::Cryptographic);
    }
    let secret = crypto_box::SecretKey::from_bytes(*own_secret);
    Ok(SalsaBox::new(
        &crypto_box::PublicKey::from_bytes(*peer_public),
        &secret,
    ))
}

/// A precomputed session box, kept out of Debug output.
pub(crate) struct SessionBox(pub(crate) SalsaBox);

impl std::fmt::Debug for SessionBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionBox(..)")
    }
}

/// Appends `Box[plaintext]` (tag, then ciphertext) to `out`, encrypting in
/// place.
pub(crate) fn seal_into(
    cipher: &impl AeadInPlace<NonceSize = crypto_box::aead::consts::U24>,
    nonce: &[u8; 24],
    plaintext: &[u8],
    out: &mut BytesMut,
) -> Result<(), ProtocolError> {
    let start = out.len();
    out.put_bytes(0, TAG_SIZE);
    out.extend_from_slice(plaintext);
    seal_tail(cipher, nonce, out, start)
}

/// Encrypts `out[start + TAG_SIZE..]` in place and writes the tag at
/// `out[start..start + TAG_SIZE]`.
fn seal_tail(
    cipher: &impl AeadInPlace<NonceSize = crypto_box::aead::consts::U24>,
    nonce: &[u8; 24],
    out: &mut BytesMut,
    start: usize,
) -> Result<(), ProtocolError> {
    let region = out.get_mut(start..).ok_or(ProtocolError::Cryptographic)?;
    let (tag_slot, text) = region
        .split_at_mut_checked(TAG_SIZE)
        .ok_or(ProtocolError::Cryptographic)?;
    let tag = cipher
        .encrypt_in_place_detached(GenericArray::from_slice(nonce), b"", text)
        .map_err(|_| ProtocolError::Cryptographic)?;
    tag_slot.copy_from_slice(&tag);
    Ok(())
}

/// Opens `Box[..]` (tag, then ciphertext) into a buffer wiped on drop.
/// The caller has bounded `boxed`'s length.
pub(crate) fn open(
    cipher: &impl AeadInPlace<NonceSize = crypto_box::aead::consts::U24>,
    nonce: &[u8; 24],
    boxed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, ProtocolError> {
    let (tag, text) = boxed
        .split_at_checked(TAG_SIZE)
        .ok_or(ProtocolError::Cryptographic)?;
    let mut plain = Zeroizing::new(text.to_vec());
    cipher
        .decrypt_in_place_detached(
            GenericArray::from_slice(nonce),
            b"",
            &mut plain[..],
            GenericArray::from_slice(tag),
        )
        .map_err(|_| ProtocolError::Cryptographic)?;
    Ok(plain)
}

/// Equality whose time does not depend on where the inputs differ.
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// A fixed-size piece of a command at `at`, or `err`.
pub(crate) fn field<const N: usize>(
    body: &[u8],
    at: usize,
    err: ProtocolError,
) -> Result<[u8; N], ProtocolError> {
    body.get(at..)
        .and_then(|rest| rest.get(..N))
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .ok_or(err)
}

/// The MESSAGE codec of one ready connection: the precomputed session
/// box, our next short nonce and the highest nonce the peer used.
pub(crate) struct MessageCodec {
    cipher: SalsaBox,
    send_prefix: &'static [u8; 16],
    recv_prefix: &'static [u8; 16],
    next_nonce: u64,
    peer_nonce: u64,
}

impl std::fmt::Debug for MessageCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageCodec")
            .field("next_nonce", &self.next_nonce)
            .field("peer_nonce", &self.peer_nonce)
            .finish_non_exhaustive()
    }
}

impl MessageCodec {
    pub(crate) fn new(
        session: SessionBox,
        is_server: bool,
        next_nonce: u64,
        peer_nonce: u64,
    ) -> MessageCodec {
        let (send_prefix, recv_prefix) = if is_server {
            (SERVER_MESSAGE_NONCE_PREFIX, CLIENT_MESSAGE_NONCE_PREFIX)
        } else {
            (CLIENT_MESSAGE_NONCE_PREFIX, SERVER_MESSAGE_NONCE_PREFIX)
        };
        MessageCodec {
            cipher: session.0,
            send_prefix,
            recv_prefix,
            next_nonce,
            peer_nonce,
        }
    }

    /// Appends the wire frame for one frame: a data frame (flags 0, as
    /// libzmq 4.3 sends it) whose body is `\x07MESSAGE`, the short nonce
    /// and Box[flags byte + body]. Encrypts in place in `out`.
    pub(crate) fn encode_into(
        &mut self,
        more: bool,
        command: bool,
        body: &[u8],
        out: &mut BytesMut,
    ) -> Result<(), ProtocolError> {
        let size = body
            .len()
            .checked_add(MESSAGE_MIN)
            .ok_or(ProtocolError::MessageTooLarge { size: u64::MAX })?;
        let counter = self.next_nonce;
        self.next_nonce = counter
            .checked_add(1)
            .ok_or(ProtocolError::InvalidSequence)?;
        let short = short_nonce(counter);
        out.reserve(size.saturating_add(frame::MAX_HEADER_SIZE));
        frame::put_header(out, false, false, size);
        out.extend_from_slice(MESSAGE_COMMAND);
        out.extend_from_slice(&short);
        let start = out.len();
        out.put_bytes(0, TAG_SIZE);
        let mut inner = 0u8;
        if more {
            inner |= INNER_MORE;
        }
        if command {
            inner |= INNER_COMMAND;
        }
        out.put_u8(inner);
        out.extend_from_slice(body);
        seal_tail(&self.cipher, &nonce(self.send_prefix, &short), out, start)
    }

    /// One received MESSAGE body -> (ZMTP frame flags, plaintext body).
    /// Decrypts in place when `body` is not shared, else into one copy.
    pub(crate) fn decode(&mut self, body: Bytes) -> Result<(u8, Bytes), ProtocolError> {
        super::split_command(&body)?;
        if !body.starts_with(MESSAGE_COMMAND) {
            return Err(ProtocolError::UnexpectedCommand);
        }
        if body.len() < MESSAGE_MIN {
            return Err(ProtocolError::MalformedMessage);
        }
        let short: [u8; 8] = field(&body, 8, ProtocolError::MalformedMessage)?;
        let counter = u64::from_be_bytes(short);
        if counter <= self.peer_nonce {
            return Err(ProtocolError::InvalidSequence);
        }
        let tag: [u8; TAG_SIZE] = field(&body, 16, ProtocolError::MalformedMessage)?;
        let mut buf = body
            .try_into_mut()
            .unwrap_or_else(|shared| BytesMut::from(&shared[..]));
        let text = buf
            .get_mut(MESSAGE_BOX_AT..)
            .ok_or(ProtocolError::MalformedMessage)?;
        self.cipher
            .decrypt_in_place_detached(
                GenericArray::from_slice(&nonce(self.recv_prefix, &short)),
                b"",
                text,
                GenericArray::from_slice(&tag),
            )
            .map_err(|_| ProtocolError::Cryptographic)?;
        // Only an authentic box moves the window, so a forged MESSAGE
        // cannot burn nonces (libzmq moves it first; the connection dies
        // on either path, so the peer sees no difference).
        self.peer_nonce = counter;
        let inner = *text.first().ok_or(ProtocolError::MalformedMessage)?;
        let mut flags = 0u8;
        if inner & INNER_MORE != 0 {
            flags |= FLAG_MORE;
        }
        if inner & INNER_COMMAND != 0 {
            flags |= FLAG_COMMAND;
        }
        let _ = buf.split_to(MESSAGE_BOX_AT.saturating_add(1));
        Ok((flags, buf.freeze()))
    }
}

/// `encode_into` of a CURVE mechanism: only once Ready.
pub(crate) fn encode_ready(
    codec: Option<&mut MessageCodec>,
    more: bool,
    command: bool,
    body: &[u8],
    out: &mut BytesMut,
) -> Result<(), ProtocolError> {
    codec
        .ok_or(ProtocolError::UnexpectedCommand)?
        .encode_into(more, command, body, out)
}

/// `decode` of a CURVE mechanism: only once Ready.
pub(crate) fn decode_ready(
    codec: Option<&mut MessageCodec>,
    body: Bytes,
) -> Result<(u8, Bytes), ProtocolError> {
    codec.ok_or(ProtocolError::UnexpectedCommand)?.decode(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_and_fields() {
        assert_eq!(
            &nonce(HELLO_NONCE_PREFIX, &short_nonce(1))[..],
            b"CurveZMQHELLO---\0\0\0\0\0\0\0\x01"
        );
        assert_eq!(&nonce(VOUCH_NONCE_PREFIX, &[9; 16])[..8], b"VOUCH---");
        assert_eq!(
            field::<2>(b"abcd", 2, ProtocolError::MalformedHello),
            Ok(*b"cd")
        );
        assert_eq!(
            field::<2>(b"abcd", 3, ProtocolError::MalformedHello),
            Err(ProtocolError::MalformedHello)
        );
        assert_eq!(
            field::<2>(b"abcd", 9, ProtocolError::MalformedHello),
            Err(ProtocolError::MalformedHello)
        );
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }

    #[test]
    fn ephemeral_public_matches_zmq_curve_public() {
        let (public, secret) = ephemeral_keypair().unwrap();
        assert_eq!(public, crate::util::curve_keys::public_of(&secret));
    }

    #[test]
    fn low_order_keys_are_refused() {
        let (_, secret) = ephemeral_keypair().unwrap();
        let mut one = [0u8; 32];
        one[0] = 1;
        for bad in [[0u8; 32], one] {
            assert_eq!(
                precompute(&bad, &secret).err(),
                Some(ProtocolError::Cryptographic)
            );
        }
    }

    #[test]
    fn seal_open_round_trip() {
        let (pa, sa) = ephemeral_keypair().unwrap();
        let (pb, sb) = ephemeral_keypair().unwrap();
        let a = precompute(&pb, &sa).unwrap();
        let b = precompute(&pa, &sb).unwrap();
        let n = nonce(READY_NONCE_PREFIX, &short_nonce(7));
        let mut out = BytesMut::from(&b"head"[..]);
        seal_into(&a, &n, b"hello", &mut out).unwrap();
        assert_eq!(out.len(), 4 + 16 + 5);
        assert_eq!(&open(&b, &n, &out[4..]).unwrap()[..], b"hello");
        let mut bad = out.to_vec();
        bad[10] ^= 1;
        assert_eq!(
            open(&b, &n, &bad[4..]).err(),
            Some(ProtocolError::Cryptographic)
        );
        assert_eq!(
            open(&b, &n, &out[4..10]).err(),
            Some(ProtocolError::Cryptographic)
        );
    }
}
