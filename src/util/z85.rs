//! Z85 (ZeroMQ RFC 32): 4 bytes <-> 5 printable characters, big-endian
//! base 85. Used for CURVE keys in text form.
#![forbid(unsafe_code)]

use crate::error::{Error, Result};

const ENCODER: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Character -> digit; 0xFF marks characters outside the alphabet.
const DECODER: [u8; 256] = {
    let mut table = [0xFF_u8; 256];
    let mut i = 0;
    while i < ENCODER.len() {
        table[ENCODER[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Length of the text for `n` bytes (`n` a multiple of 4).
pub const fn encoded_len(n: usize) -> usize {
    n / 4 * 5
}

/// Length of the bytes for `n` characters (`n` a multiple of 5).
pub const fn decoded_len(n: usize) -> usize {
    n / 5 * 4
}

/// Encodes `data`, whose length must be a multiple of 4 (RFC 32), into `out`
/// (at least `encoded_len(data.len())` bytes).
pub fn encode_into(data: &[u8], out: &mut [u8]) -> Result<()> {
    if !data.len().is_multiple_of(4) || out.len() < encoded_len(data.len()) {
        return Err(Error::Inval);
    }
    for (chunk, dst) in data.chunks_exact(4).zip(out.chunks_exact_mut(5)) {
        let mut value = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        for d in dst.iter_mut().rev() {
            *d = ENCODER[(value % 85) as usize];
            value /= 85;
        }
    }
    Ok(())
}

/// Encodes `data`, whose length must be a multiple of 4.
pub fn encode(data: &[u8]) -> Result<String> {
    let mut out = vec![0; encoded_len(data.len())];
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
            let digit = DECODER[c as usize];
            if digit == 0xFF {
                return Err(Error::Inval);
            }
            value = value * 85 + u64::from(digit);
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
