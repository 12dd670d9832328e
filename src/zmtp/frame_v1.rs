//! ZMTP 1.0 framing (RFC 13 "The Framing Layer"), spoken to libzmq 2.x
//! peers: a length that counts the flags byte (one octet for 1..=254, or
//! 0xFF then 8 bytes big-endian), the flags byte (bit 0 MORE, the rest
//! ignored), then the body.
//!
//! Decoded as libzmq's `v1_decoder` does: a length of 0 is an error (there
//! must be a flags byte), the body size (length - 1) is checked against
//! ZMQ_MAXMSGSIZE as soon as the length is in, and only MORE survives from
//! the flags. Encoded as its `v1_encoder`: the short form only while the
//! length (body + 1) is below 255.

use super::error::ProtocolError;
use super::frame::{checked_body_size, take_body, Frame, FLAG_MORE};
use bytes::{Buf, BufMut, BytesMut};

/// The length octet that announces an 8-byte length.
pub const LONG_ESCAPE: u8 = 0xFF;

/// Largest header: escape, 8-byte length, flags.
pub const MAX_HEADER_SIZE: usize = 10;

/// Appends a ZMTP 1.0 frame header for a body of `len` bytes.
pub fn put_header(out: &mut impl BufMut, more: bool, len: usize) {
    let flags = if more { FLAG_MORE } else { 0 };
    // usize is at most 64 bits on every target we build for; a body of
    // u64::MAX bytes cannot exist, so the +1 cannot wrap in practice.
    let length = (len as u64).saturating_add(1);
    match u8::try_from(length) {
        Ok(short) if short < LONG_ESCAPE => out.put_u8(short),
        _ => {
            out.put_u8(LONG_ESCAPE);
            out.put_u64(length);
        }
    }
    out.put_u8(flags);
}

/// Incremental ZMTP 1.0 frame decoder, with the same contract as
/// [`super::frame::Decoder`]: bodies are split off the read buffer.
#[derive(Debug)]
pub struct V1Decoder {
    max_msg_size: i64,
    /// Header consumed; the MORE flag and the body size still awaited.
    pending: Option<(u8, usize)>,
}

impl V1Decoder {
    /// `max_msg_size` is ZMQ_MAXMSGSIZE: negative means unlimited.
    pub fn new(max_msg_size: i64) -> V1Decoder {
        V1Decoder {
            max_msg_size,
            pending: None,
        }
    }

    /// Takes one complete frame off the front of `buf`, or `Ok(None)` when
    /// more input is needed.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
        if self.pending.is_none() {
            let Some(&first) = buf.first() else {
                return Ok(None);
            };
            let (header_len, length, flags) = if first == LONG_ESCAPE {
                let Some(raw) = buf.get(1..MAX_HEADER_SIZE) else {
                    // The size is checked once its 8 bytes are in, before
                    // the flags byte is awaited, as libzmq does.
                    if let Some(raw) = buf.get(1..9) {
                        let mut be = [0u8; 8];
                        be.copy_from_slice(raw);
                        self.check_length(u64::from_be_bytes(be))?;
                    }
                    return Ok(None);
                };
                let Some((be, [flags])) = raw.split_first_chunk::<8>() else {
                    return Ok(None);
                };
                (MAX_HEADER_SIZE, u64::from_be_bytes(*be), *flags)
            } else {
                self.check_length(u64::from(first))?;
                let Some(&flags) = buf.get(1) else {
                    return Ok(None);
                };
                (2, u64::from(first), flags)
            };
            let size = self.check_length(length)?;
            buf.advance(header_len);
            self.pending = Some((flags & FLAG_MORE, size));
        }
        match self.pending {
            Some((flags, size)) if buf.len() >= size => {
                self.pending = None;
                let body = take_body(buf, size);
                Ok(Some(Frame { flags, body }))
            }
            _ => Ok(None),
        }
    }

    /// The body size for a length field, or why it is refused.
    fn check_length(&self, length: u64) -> Result<usize, ProtocolError> {
        let Some(size) = length.checked_sub(1) else {
            return Err(ProtocolError::MalformedFrame);
        };
        checked_body_size(size, self.max_msg_size)
    }

    /// How many more bytes `buf` needs before `decode` can make progress.
    pub fn bytes_needed(&self, buf: &BytesMut) -> usize {
        match self.pending {
            Some((_, size)) => size.saturating_sub(buf.len()),
            None => match buf.first() {
                None => 2,
                Some(&LONG_ESCAPE) => MAX_HEADER_SIZE.saturating_sub(buf.len()),
                Some(_) => 2usize.saturating_sub(buf.len()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(more: bool, len: usize) -> Vec<u8> {
        let mut b = BytesMut::new();
        put_header(&mut b, more, len);
        b.to_vec()
    }

    fn decode_all(max: i64, bytes: &[u8]) -> Result<Vec<Frame>, ProtocolError> {
        let mut d = V1Decoder::new(max);
        let mut buf = BytesMut::from(bytes);
        let mut out = Vec::new();
        while let Some(f) = d.decode(&mut buf)? {
            out.push(f);
        }
        Ok(out)
    }

    #[test]
    fn header_bytes_and_the_254_255_boundary() {
        assert_eq!(header(false, 0), [1, 0]);
        assert_eq!(header(true, 3), [4, 1]);
        assert_eq!(header(false, 253), [254, 0]);
        // Length 255 (body 254) already takes the long form.
        assert_eq!(header(false, 254), [0xFF, 0, 0, 0, 0, 0, 0, 0, 255, 0]);
        assert_eq!(header(true, 300), [0xFF, 0, 0, 0, 0, 0, 0, 1, 45, 1]);
    }

    #[test]
    fn decodes_short_long_and_more() {
        let mut wire = vec![4, 1, b'a', b'b', b'c', 1, 0];
        wire.extend_from_slice(&[0xFF, 0, 0, 0, 0, 0, 0, 1, 45, 0]);
        wire.extend_from_slice(&[9u8; 300]);
        // The long form may carry a short length (RFC 13 allows it).
        wire.extend_from_slice(&[0xFF, 0, 0, 0, 0, 0, 0, 0, 2, 0xFE, b'z']);
        let f = decode_all(-1, &wire).unwrap();
        assert_eq!(f.len(), 4);
        assert!(f[0].more());
        assert_eq!(&f[0].body[..], b"abc");
        assert!(!f[1].more() && f[1].body.is_empty());
        assert_eq!(f[2].body.len(), 300);
        // Reserved flag bits are ignored, as libzmq does.
        assert_eq!(f[3].flags, 0);
        assert_eq!(&f[3].body[..], b"z");
    }

    #[test]
    fn zero_length_is_malformed() {
        assert_eq!(decode_all(-1, &[0]), Err(ProtocolError::MalformedFrame));
        assert_eq!(
            decode_all(-1, &[0xFF, 0, 0, 0, 0, 0, 0, 0, 0]),
            Err(ProtocolError::MalformedFrame)
        );
    }

    #[test]
    fn maxmsgsize_checked_on_the_length() {
        assert_eq!(
            decode_all(10, &[12]),
            Err(ProtocolError::MessageTooLarge { size: 11 })
        );
        assert_eq!(decode_all(10, &[11, 0]).unwrap().len(), 0);
        assert_eq!(
            decode_all(-1, &[0xFF; 9]),
            Err(ProtocolError::MessageTooLarge { size: u64::MAX - 1 })
        );
        // A plausible huge length is accepted and its body awaited, with
        // nothing allocated for it.
        let mut d = V1Decoder::new(-1);
        let mut buf = BytesMut::from(&[0xFF, 0x10, 0, 0, 0, 0, 0, 0, 0, 0][..]);
        assert_eq!(d.decode(&mut buf), Ok(None));
        assert!(buf.capacity() < 1024);
    }

    #[test]
    fn byte_by_byte() {
        let wire = [
            4u8, 1, b'a', b'b', b'c', 0xFF, 0, 0, 0, 0, 0, 0, 0, 2, 0, b'z',
        ];
        let mut d = V1Decoder::new(-1);
        let mut buf = BytesMut::new();
        let mut got = Vec::new();
        for &b in &wire {
            buf.put_u8(b);
            let _ = d.bytes_needed(&buf);
            while let Some(f) = d.decode(&mut buf).unwrap() {
                got.push(f);
            }
        }
        assert_eq!(got.len(), 2);
        assert_eq!(&got[1].body[..], b"z");
    }
}
