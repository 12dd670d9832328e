//! Z85 (ZeroMQ RFC 32) for the option layer: CURVE keys given as text
//! (`ZMQ_CURVE_*KEY` with 40 or 41 bytes), through the codec in `util::z85`
//! that `zmq_z85_encode` and `zmq_z85_decode` use too.

use crate::util::z85 as codec;

/// Encodes `data` (length a multiple of 4) as Z85 text; `None` otherwise.
pub fn encode(data: &[u8]) -> Option<String> {
    codec::encode(data).ok()
}

/// Decodes Z85 text (length a multiple of 5); `None` on a bad length, a
/// character outside the alphabet, or a group whose value overflows 32 bits.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    codec::decode(text).ok()
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
