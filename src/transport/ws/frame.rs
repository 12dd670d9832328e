//! WebSocket framing (RFC 6455 section 5) as libzmq 4.3's ws engine uses it
//! for ZWS 2.0: every ZMTP frame is one final binary message whose payload
//! is a flags byte (bit 0 MORE, bit 1 COMMAND) and then the frame body; the
//! client masks everything it sends (flags byte included), the server
//! nothing; heartbeats are WebSocket PING/PONG control frames.
//!
//! Decoding is strict, and every violation is fatal to the connection
//! only: a fragment or continuation (libzmq supports none), a text or
//! unknown opcode, reserved bits, a mask bit that does not match the
//! peer's role, a binary message without its flags byte, a control frame
//! over 125 bytes, a length with the top bit set, a body over
//! ZMQ_MAXMSGSIZE. Nothing is allocated from a length: a frame is taken
//! only once all its bytes are in the caller's buffer, and
//! [`Decoder::bytes_needed`] tells how many are missing.
#![forbid(unsafe_code)]
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use bytes::{Buf, Bytes, BytesMut};

/// Payload flags byte of a ZWS binary message.
pub const FLAG_MORE: u8 = 0x01;
pub const FLAG_COMMAND: u8 = 0x02;

/// The opcodes libzmq's ws engine sends or accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opcode {
    Binary,
    Close,
    Ping,
    Pong,
}

impl Opcode {
    fn code(self) -> u8 {
        match self {
            Opcode::Binary => 0x2,
            Opcode::Close => 0x8,
            Opcode::Ping => 0x9,
            Opcode::Pong => 0xA,
        }
    }

    fn from_code(code: u8) -> Option<Opcode> {
        match code {
            0x2 => Some(Opcode::Binary),
            0x8 => Some(Opcode::Close),
            0x9 => Some(Opcode::Ping),
            0xA => Some(Opcode::Pong),
            _ => None,
        }
    }

    fn is_control(self) -> bool {
        self != Opcode::Binary
    }
}

/// Why a frame was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// FIN clear or a continuation frame: libzmq does not fragment.
    Fragmented,
    /// Text or an unknown opcode.
    UnsupportedOpcode(u8),
    /// RSV1-3 set without a negotiated extension.
    ReservedBits,
    /// A client frame without mask, or a server frame with one.
    MaskMismatch,
    /// A binary message without its ZWS flags byte.
    MissingFlags,
    /// A control frame over 125 bytes (RFC 6455 5.5).
    ControlTooLong,
    /// A 64-bit length with the most significant bit set.
    BadLength,
    /// The frame body is over ZMQ_MAXMSGSIZE (or the address space).
    TooLarge(u64),
}

/// One decoded frame with its payload unmasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub opcode: Opcode,
    /// Binary messages: the ZWS flags byte (0 for control frames).
    pub flags: u8,
    /// The frame body (binary: after the flags byte; control: the payload).
    pub body: Bytes,
}

impl Message {
    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }

    pub fn is_command(&self) -> bool {
        self.flags & FLAG_COMMAND != 0
    }
}

/// A parsed frame header.
struct Header {
    opcode: Opcode,
    mask: Option<[u8; 4]>,
    header_len: usize,
    payload_len: usize,
}

/// Decodes frames sent by a client (`expect_masked`) or by a server.
#[derive(Debug, Clone)]
pub struct Decoder {
    expect_masked: bool,
    /// Largest body accepted (ZMQ_MAXMSGSIZE); negative: no limit.
    max_body: i64,
}

impl Decoder {
    pub fn new(expect_masked: bool, max_body: i64) -> Decoder {
        Decoder {
            expect_masked,
            max_body,
        }
    }

    /// Reads the header at the front of `buf`; `Ok(None)` when incomplete.
    fn header(&self, buf: &[u8]) -> Result<Option<Header>, FrameError> {
        let (Some(&b0), Some(&b1)) = (buf.first(), buf.get(1)) else {
            return Ok(None);
        };
        if b0 & 0x70 != 0 {
            return Err(FrameError::ReservedBits);
        }
        let code = b0 & 0x0F;
        if code == 0 {
            return Err(FrameError::Fragmented);
        }
        let opcode = Opcode::from_code(code).ok_or(FrameError::UnsupportedOpcode(code))?;
        if b0 & 0x80 == 0 {
            return Err(FrameError::Fragmented);
        }
        let masked = b1 & 0x80 != 0;
        if masked != self.expect_masked {
            return Err(FrameError::MaskMismatch);
        }
        let (len, mut pos): (u64, usize) = match b1 & 0x7F {
            126 => match buf.get(2..4) {
                Some(&[a, b]) => (u64::from(u16::from_be_bytes([a, b])), 4),
                _ => return Ok(None),
            },
            127 => match buf.get(2..10).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
                Some(bytes) => (u64::from_be_bytes(bytes), 10),
                None => return Ok(None),
            },
            n => (u64::from(n), 2),
        };
        if len >> 63 != 0 {
            return Err(FrameError::BadLength);
        }
        if opcode.is_control() && len > 125 {
            return Err(FrameError::ControlTooLong);
        }
        if opcode == Opcode::Binary {
            if len == 0 {
                return Err(FrameError::MissingFlags);
            }
            let body = len.saturating_sub(1);
            if u64::try_from(self.max_body).is_ok_and(|max| body > max) {
                return Err(FrameError::TooLarge(body));
            }
        }
        let payload_len = usize::try_from(len).map_err(|_| FrameError::TooLarge(len))?;
        let mask = if masked {
            let end = pos.saturating_add(4);
            match buf.get(pos..end).and_then(|s| <[u8; 4]>::try_from(s).ok()) {
                Some(m) => {
                    pos = end;
                    Some(m)
                }
                None => return Ok(None),
            }
        } else {
            None
        };
        // A payload this long cannot be in memory anyway.
        pos.checked_add(payload_len)
            .ok_or(FrameError::TooLarge(len))?;
        Ok(Some(Header {
            opcode,
            mask,
            header_len: pos,
            payload_len,
        }))
    }

    /// Takes one complete frame off the front of `buf`. `Ok(None)`: more
    /// bytes are needed (nothing is consumed).
    pub fn decode(&self, buf: &mut BytesMut) -> Result<Option<Message>, FrameError> {
        let Some(h) = self.header(buf)? else {
            return Ok(None);
        };
        // `header` checked that this sum does not overflow.
        let total = h.header_len.saturating_add(h.payload_len);
        if buf.len() < total {
            return Ok(None);
        }
        let mut frame = buf.split_to(total);
        frame.advance(h.header_len);
        if let Some(mask) = h.mask {
            apply_mask(&mut frame, mask, 0);
        }
        let mut flags = 0;
        if h.opcode == Opcode::Binary {
            flags = frame.first().copied().unwrap_or(0);
            frame.advance(1);
        }
        Ok(Some(Message {
            opcode: h.opcode,
            flags,
            body: frame.freeze(),
        }))
    }

    /// How many more bytes the frame at the front of `buf` needs (0 when it
    /// is complete, or when its header is not even known yet: then at
    /// least one more read is needed anyway).
    pub fn bytes_needed(&self, buf: &[u8]) -> usize {
        match self.header(buf) {
            Ok(Some(h)) => h
                .header_len
                .saturating_add(h.payload_len)
                .saturating_sub(buf.len()),
            _ => 0,
        }
    }
}

/// XORs `data` with the masking key, starting at key position `offset`
/// (the position of `data`'s first byte within the frame payload).
pub fn apply_mask(data: &mut [u8], mask: [u8; 4], offset: usize) {
    let mut key = mask;
    key.rotate_left(offset % 4);
    let word = u32::from_ne_bytes(key);
    let mut chunks = data.chunks_exact_mut(4);
    for chunk in &mut chunks {
        if let Ok(bytes) = <[u8; 4]>::try_from(&*chunk) {
            chunk.copy_from_slice(&(u32::from_ne_bytes(bytes) ^ word).to_ne_bytes());
        }
    }
    for (b, k) in chunks.into_remainder().iter_mut().zip(key.iter()) {
        *b ^= k;
    }
}

/// Room for the longest header: 2 + 8 length + 4 mask, plus the flags byte.
pub const MAX_HEAD: usize = 15;

/// A frame header (and for binary messages the flags byte, masked when a
/// mask is given) for a payload body of `body_len` bytes.
#[derive(Debug, Clone, Copy)]
pub struct Head {
    bytes: [u8; MAX_HEAD],
    len: usize,
}

impl Head {
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

/// Encodes the head of one final frame. For `Opcode::Binary` the payload
/// is `flags` followed by the body; control frames carry the body alone
/// (`flags` ignored). With a mask, the flags byte is masked here and the
/// body must be masked with [`apply_mask`] at offset [`body_offset`].
pub fn head(opcode: Opcode, flags: u8, body_len: usize, mask: Option<[u8; 4]>) -> Head {
    let binary = opcode == Opcode::Binary;
    let payload = (body_len as u64).saturating_add(u64::from(binary));
    let mut bytes = [0u8; MAX_HEAD];
    let mut len = 0usize;
    let mut put = |b: u8| {
        if let Some(slot) = bytes.get_mut(len) {
            *slot = b;
        }
        len = len.saturating_add(1);
    };
    put(0x80 | opcode.code());
    let mask_bit = if mask.is_some() { 0x80 } else { 0 };
    if payload <= 125 {
        put(mask_bit | payload as u8);
    } else if let Ok(short) = u16::try_from(payload) {
        put(mask_bit | 126);
        short.to_be_bytes().into_iter().for_each(&mut put);
    } else {
        put(mask_bit | 127);
        payload.to_be_bytes().into_iter().for_each(&mut put);
    }
    if let Some(m) = mask {
        m.into_iter().for_each(&mut put);
    }
    if binary {
        put(flags ^ mask.map_or(0, |m| m[0]));
    }
    Head { bytes, len }
}

/// Where the body starts in the masked payload: after the flags byte of a
/// binary message.
pub fn body_offset(opcode: Opcode) -> usize {
    usize::from(opcode == Opcode::Binary)
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    fn encode(opcode: Opcode, flags: u8, body: &[u8], mask: Option<[u8; 4]>) -> BytesMut {
        let h = head(opcode, flags, body.len(), mask);
        let mut out = BytesMut::from(h.as_slice());
        let mut b = body.to_vec();
        if let Some(m) = mask {
            apply_mask(&mut b, m, body_offset(opcode));
        }
        out.extend_from_slice(&b);
        out
    }

    #[test]
    fn libzmq_ready_bytes() {
        // What libzmq 4.3.4's server sends first over ZWS2.0/NULL.
        let ready = b"\x05READY\x0bSocket-Type\x00\x00\x00\x03REP";
        let wire = encode(Opcode::Binary, FLAG_COMMAND, ready, None);
        assert_eq!(&wire[..3], b"\x82\x1a\x02");
        let mut buf = wire.clone();
        let m = Decoder::new(false, -1).decode(&mut buf).unwrap().unwrap();
        assert!(m.is_command() && !m.more());
        assert_eq!(&m.body[..], ready);
        assert!(buf.is_empty());
    }

    #[test]
    fn masked_round_trip_every_length_class() {
        for len in [0usize, 1, 3, 124, 125, 126, 65534, 65535, 65536, 70000] {
            let body: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let mask = [0xa3, 0x8e, 0x1f, 0x29];
            let mut wire = encode(Opcode::Binary, FLAG_MORE, &body, Some(mask));
            let d = Decoder::new(true, -1);
            // Every strict prefix is incomplete and consumes nothing.
            for cut in [1, 2, wire.len() / 2, wire.len() - 1] {
                let mut part = BytesMut::from(&wire[..cut]);
                assert_eq!(d.decode(&mut part).unwrap(), None);
                assert_eq!(part.len(), cut);
            }
            assert_eq!(d.bytes_needed(&wire[..wire.len() - 1]), 1);
            let m = d.decode(&mut wire).unwrap().unwrap();
            assert!(m.more());
            assert_eq!(&m.body[..], &body[..], "len {len}");
        }
    }

    #[test]
    fn libzmq_masked_subscription() {
        // A libzmq 4.3.4 SUB subscribing to "ab", as captured.
        let mut wire = BytesMut::from(&b"\x82\x84\xbd\x1bX\xba\xbd\x1a9\xd8"[..]);
        let m = Decoder::new(true, -1).decode(&mut wire).unwrap().unwrap();
        assert_eq!(
            (m.opcode, m.flags, &m.body[..]),
            (Opcode::Binary, 0, &b"\x01ab"[..])
        );
    }

    #[test]
    fn refusals() {
        let d = Decoder::new(true, 10);
        let err = |bytes: &[u8], d: &Decoder| d.decode(&mut BytesMut::from(bytes)).unwrap_err();
        assert_eq!(err(b"\x02\x80", &d), FrameError::Fragmented);
        assert_eq!(err(b"\x80\x80", &d), FrameError::Fragmented);
        assert_eq!(err(b"\x81\x80", &d), FrameError::UnsupportedOpcode(1));
        assert_eq!(err(b"\xc2\x80", &d), FrameError::ReservedBits);
        assert_eq!(err(b"\x82\x01\x00", &d), FrameError::MaskMismatch);
        assert_eq!(err(b"\x82\x80", &d), FrameError::MissingFlags);
        assert_eq!(err(b"\x89\xfe\x00\x7e", &d), FrameError::ControlTooLong);
        assert_eq!(err(b"\x82\x8c", &d), FrameError::TooLarge(11));
        assert_eq!(
            err(
                b"\x82\xff\x80\x00\x00\x00\x00\x00\x00\x00",
                &Decoder::new(true, -1)
            ),
            FrameError::BadLength
        );
        assert_eq!(
            err(b"\x82\x81\0\0\0\0\0", &Decoder::new(false, -1)),
            FrameError::MaskMismatch
        );
        // A huge announced length allocates nothing and waits.
        let mut huge =
            BytesMut::from(&b"\x82\xff\x00\x00\x10\x00\x00\x00\x00\x00\x01\x02\x03\x04"[..]);
        assert_eq!(Decoder::new(true, -1).decode(&mut huge).unwrap(), None);
    }

    #[test]
    fn control_frames() {
        let mut wire = encode(Opcode::Ping, 0, b"", Some([1, 2, 3, 4]));
        assert_eq!(&wire[..2], b"\x89\x80");
        let m = Decoder::new(true, -1).decode(&mut wire).unwrap().unwrap();
        assert_eq!((m.opcode, m.body.len()), (Opcode::Ping, 0));
        let mut close = encode(Opcode::Close, 0, b"\x03\xe8", None);
        let m = Decoder::new(false, -1).decode(&mut close).unwrap().unwrap();
        assert_eq!((m.opcode, &m.body[..]), (Opcode::Close, &b"\x03\xe8"[..]));
    }

    #[test]
    fn mask_offsets_agree_with_bytewise_xor() {
        let mask = [1, 2, 3, 4];
        for offset in 0..4 {
            for len in 0..11 {
                let mut fast: Vec<u8> = (0..len as u8).collect();
                let slow: Vec<u8> = fast
                    .iter()
                    .enumerate()
                    .map(|(i, b)| b ^ mask[(i + offset) % 4])
                    .collect();
                apply_mask(&mut fast, mask, offset);
                assert_eq!(fast, slow);
            }
        }
    }
}
