//! Z85 (ZeroMQ RFC 32): 4 bytes <-> 5 printable characters.
//!
//! Used for CURVE keys given as text (`ZMQ_CURVE_*KEY` with 40 or 41 bytes) and
//! reusable by `zmq_z85_encode` / `zmq_z85_decode`.

const ENCODER: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// The digit value of `c`, or `None` when `c` is not in the Z85 alphabet.
fn digit(c: u8) -> Option<u32> {
    ENCODER.iter().position(|&e| e == c).map(|p| p as u32)
}

/// Encodes `data` (length a multiple of 4) as Z85 text; `None` otherwise.
pub fn encode(data: &[u8]) -> Option<String> {
    if !data.len().is_multiple_of(4) {
        return None;
    }
    let mut out = String::with_capacity(data.len() / 4 * 5);
    for chunk in data.chunks_exact(4) {
        let mut value = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        let mut five = [0u8; 5];
        for slot in five.iter_mut().rev() {
            *slot = ENCODER[(value % 85) as usize];
            value /= 85;
        }
        out.extend(five.iter().map(|&c| c as char));
    }
    Some(out)
}

/// Decodes Z85 text (length a multiple of 5); `None` on a bad length, a
/// character outside the alphabet, or a group whose value overflows 32 bits.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(5) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 5 * 4);
    for group in text.chunks_exact(5) {
        let mut value: u32 = 0;
        for &c in group {
            value = value.checked_mul(85)?.checked_add(digit(c)?)?;
        }
        out.extend_from_slice(&value.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_test_vector() {
        let data = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];
        assert_eq!(encode(&data).as_deref(), Some("HelloWorld"));
        assert_eq!(decode(b"HelloWorld").as_deref(), Some(&data[..]));
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(encode(&[1, 2, 3]), None);
        assert_eq!(decode(b"Hell"), None);
        assert_eq!(decode(b"Hell "), None);
        // "%nSc1" is 2^32, one past the largest 32-bit group "%nSc0".
        assert_eq!(decode(b"%nSc1"), None);
        assert_eq!(
            decode(b"%nSc0").as_deref(),
            Some(&[0xff, 0xff, 0xff, 0xff][..])
        );
    }

    #[test]
    fn round_trip_key() {
        let key: Vec<u8> = (0u8..32).collect();
        let text = encode(&key).unwrap();
        assert_eq!(text, "009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337x");
        assert_eq!(decode(text.as_bytes()).unwrap(), key);
    }
}
