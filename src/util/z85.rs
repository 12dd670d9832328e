//! Z85 (ZeroMQ RFC 32): 4 bytes <-> 5 printable characters, big-endian
//! base 85. Used for CURVE keys in text form.
#![forbid(unsafe_code)]
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

use crate::error::{Error, Result};

const ENCODER: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Character -> digit; 0xFF marks characters outside the alphabet.
// Built at compile time: a bad index here fails the build, not a call.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const DECODER: [u8; 256] = {
    let mut table = [0xFF_u8; 256];
    let mut i = 0;
    while i < ENCODER.len() {
        table[ENCODER[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Length of the text for `n` bytes (`n` a multiple of 4); `None` when
/// it would not fit in a `usize`.
pub const fn encoded_len(n: usize) -> Option<usize> {
    (n / 4).checked_mul(5)
}

/// Length of the bytes for `n` characters (`n` a multiple of 5); never
/// more than `n`.
pub const fn decoded_len(n: usize) -> usize {
    (n / 5).saturating_mul(4)
}

/// Encodes `data`, whose length must be a multiple of 4 (RFC 32), into `out`
/// (at least `encoded_len(data.len())` bytes).
pub fn encode_into(data: &[u8], out: &mut [u8]) -> Result<()> {
    let fits = encoded_len(data.len()).is_some_and(|n| out.len() >= n);
    if !data.len().is_multiple_of(4) || !fits {
        return Err(Error::Inval);
    }
    for (chunk, dst) in data.chunks_exact(4).zip(out.chunks_exact_mut(5)) {
        let mut value = u32::from_be_bytes(chunk.try_into().map_err(|_| Error::Inval)?);
        for d in dst.iter_mut().rev() {
            *d = encode_digit(value % 85);
            value /= 85;
        }
    }
    Ok(())
}

/// The character for digit `d` (< 85).
fn encode_digit(d: u32) -> u8 {
    usize::try_from(d)
        .ok()
        .and_then(|i| ENCODER.get(i))
        .copied()
        .unwrap_or(b'0')
}

/// Encodes `data`, whose length must be a multiple of 4.
pub fn encode(data: &[u8]) -> Result<String> {
    let mut out = vec![0; encoded_len(data.len()).ok_or(Error::Inval)?];
    encode_into(data, &mut out)?;
    // The alphabet is ASCII.
    String::from_utf8(out).map_err(|_| Error::Inval)
}

/// Decodes `text` into `out` (at least `decoded_len(text.len())` bytes).
/// The length must be a non-zero multiple of 5, every character in the
/// alphabet, and every group at most 2^32 - 1, as libzmq checks.
pub fn decode_into(text: &[u8], out: &mut [u8]) -> Result<()> {
    if text.is_empty() || !text.len().is_multiple_of(5) || out.len() < decoded_len(text.len()) {
        return Err(Error::Inval);
    }
    for (group, dst) in text.chunks_exact(5).zip(out.chunks_exact_mut(4)) {
        let mut value: u64 = 0;
        for &c in group {
            let digit = DECODER.get(usize::from(c)).copied().unwrap_or(0xFF);
            if digit == 0xFF {
                return Err(Error::Inval);
            }
            // At most 85^5 - 1 after five digits: no overflow in a u64.
            value = value.saturating_mul(85).saturating_add(u64::from(digit));
        }
        let value = u32::try_from(value).map_err(|_| Error::Inval)?;
        dst.copy_from_slice(&value.to_be_bytes());
    }
    Ok(())
}

/// Decodes `text` (see `decode_into`).
pub fn decode(text: &[u8]) -> Result<Vec<u8>> {
    let mut out = vec![0; decoded_len(text.len())];
    decode_into(text, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: [u8; 8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    #[test]
    fn rfc32_test_vector() {
        assert_eq!(encode(&HELLO).unwrap(), "HelloWorld");
        assert_eq!(decode(b"HelloWorld").unwrap(), HELLO);
    }

    #[test]
    fn round_trips_every_byte() {
        let data: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(encode(&data).unwrap().as_bytes()).unwrap(), data);
        assert_eq!(encode(&[0xFF; 4]).unwrap(), "%nSc0");
        assert_eq!(encode(&[]).unwrap(), "");
    }

    #[test]
    fn rejects_bad_lengths_characters_and_overflow() {
        assert_eq!(encode(&HELLO[..7]), Err(Error::Inval));
        assert_eq!(decode(b""), Err(Error::Inval));
        assert_eq!(decode(b"Hell"), Err(Error::Inval));
        assert_eq!(decode(b"Hell World"), Err(Error::Inval));
        assert_eq!(decode(b"Hell~World"), Err(Error::Inval));
        assert_eq!(decode(b"Hell\xffWorld"), Err(Error::Inval));
        assert_eq!(decode(b"%nSc1"), Err(Error::Inval));
        assert_eq!(decode(b"%%%%%"), Err(Error::Inval));
        let mut small = [0u8; 3];
        assert_eq!(decode_into(b"Hello", &mut small), Err(Error::Inval));
    }
}
