//! The greeting (RFC 23/37 "Version Negotiation", RFC 15 "Backwards
//! Interoperability"), sent and read in libzmq's stages so that ZMTP 2.0
//! and 1.0 peers are detected and served:
//!
//! 1. both sides send the 10-byte signature at once;
//! 2. the peer's first byte is not 0xFF, or its 10th byte lacks bit 0: it
//!    is an unversioned ZMTP 1.0 peer, and what it sent is the start of its
//!    identity frame (left in the input for the 1.0 decoder). Otherwise, on
//!    its whole signature, send our major version (3);
//! 3. on the peer's major version: 3 or more (2 included, as libzmq does),
//!    send the rest of a 3.x greeting (minor, mechanism, as-server, filler)
//!    and read the rest of its 64 bytes; 0 or 1 (ZMTP 1.0 with a revision,
//!    ZMTP 2.0), send our socket type byte and read the peer's.
//!
//! The signature's 8 padding bytes carry `routing id length + 1` big-endian
//! and its last byte is 0x7F, as libzmq sends them: a ZMTP 1.0 peer reads
//! the signature as the header of our identity frame, whose body follows
//! once we know it speaks 1.0.

use super::error::ProtocolError;
use bytes::{Buf, BytesMut};

pub const SIGNATURE_SIZE: usize = 10;
pub const V3_GREETING_SIZE: usize = 64;
pub const REVISION_POS: usize = 10;
pub const MINOR_POS: usize = 11;
pub const MECHANISM_POS: usize = 12;
pub const MECHANISM_SIZE: usize = 20;
pub const AS_SERVER_POS: usize = 32;

/// Where a 1.0/2.0 peer's socket type byte sits, and its greeting's size.
pub const SOCKET_TYPE_POS: usize = 11;
pub const V2_GREETING_SIZE: usize = 12;

/// Major version numbers as they appear at [`REVISION_POS`].
pub const ZMTP_1_0: u8 = 0;
pub const ZMTP_2_0: u8 = 1;
pub const ZMTP_3: u8 = 3;

/// Our minor version.
pub const MINOR_3_1: u8 = 1;

/// Stage 1: the signature.
pub fn signature(routing_id_len: usize) -> [u8; SIGNATURE_SIZE] {
    let mut s = [0u8; SIGNATURE_SIZE];
    s[0] = 0xFF;
    let len = (routing_id_len as u64).saturating_add(1);
    s[1..9].copy_from_slice(&len.to_be_bytes());
    s[9] = 0x7F;
    s
}

/// Stage 3 for a 3.x peer: minor version, mechanism (NUL padded to 20),
/// as-server, 31 filler bytes.
pub fn v3_tail(mechanism: &[u8], as_server: bool) -> [u8; V3_GREETING_SIZE - REVISION_POS - 1] {
    let mut t = [0u8; V3_GREETING_SIZE - REVISION_POS - 1];
    if let Some(minor) = t.first_mut() {
        *minor = MINOR_3_1;
    }
    for (dst, src) in t.iter_mut().skip(1).zip(mechanism_field(mechanism)) {
        *dst = src;
    }
    if let Some(server) = t.get_mut(1 + MECHANISM_SIZE) {
        *server = u8::from(as_server);
    }
    t
}

/// A mechanism name as it appears in the greeting.
pub fn mechanism_field(name: &[u8]) -> [u8; MECHANISM_SIZE] {
    let mut f = [0u8; MECHANISM_SIZE];
    for (dst, src) in f.iter_mut().zip(name) {
        *dst = *src;
    }
    f
}

/// The peer's complete 3.x greeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerGreeting {
    pub major: u8,
    pub minor: u8,
    pub mechanism: [u8; MECHANISM_SIZE],
    pub as_server: bool,
}

/// What the reader learned from the latest input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GreetingEvent {
    /// A valid versioned signature: send our major version.
    Signature,
    /// The peer's major version: send the rest of our greeting (a 3.x
    /// tail, or for [`ZMTP_1_0`]/[`ZMTP_2_0`] our socket type byte).
    Revision(u8),
    /// The whole 3.x greeting is in.
    Complete(PeerGreeting),
    /// The peer speaks ZMTP 1.0 without a signature. What it sent so far is
    /// back at the front of the input: the start of its identity frame.
    Unversioned,
    /// The whole 12-byte greeting of a ZMTP 1.0 (revision 0) or 2.0
    /// (revision 1) peer is in.
    Legacy { revision: u8, socket_type: u8 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Signature,
    Revision,
    V3,
    SocketType,
    Done,
}

/// Reads the peer's greeting incrementally, consuming from the engine's read
/// buffer only the bytes that belong to the greeting.
#[derive(Debug)]
pub struct GreetingReader {
    buf: [u8; V3_GREETING_SIZE],
    len: usize,
    stage: Stage,
}

impl Default for GreetingReader {
    fn default() -> Self {
        GreetingReader {
            buf: [0; V3_GREETING_SIZE],
            len: 0,
            stage: Stage::Signature,
        }
    }
}

impl GreetingReader {
    fn fill(&mut self, input: &mut BytesMut, upto: usize) -> bool {
        let n = upto.saturating_sub(self.len).min(input.len());
        let end = self.len.saturating_add(n);
        if let (Some(dst), Some(src)) = (self.buf.get_mut(self.len..end), input.get(..n)) {
            dst.copy_from_slice(src);
            self.len = end;
            input.advance(n);
        }
        self.len >= upto
    }

    /// Puts the bytes read so far back in front of `input`: from an
    /// unversioned peer they are the start of its first frame. Happens once
    /// per connection, so the copy does not matter.
    fn give_back(&mut self, input: &mut BytesMut) {
        let mut all = BytesMut::with_capacity(self.len.saturating_add(input.len()));
        all.extend_from_slice(self.buf.get(..self.len).unwrap_or(&[]));
        all.extend_from_slice(input);
        *input = all;
        self.len = 0;
    }

    /// Advances by at most one stage. Call again while it returns events.
    pub fn read(&mut self, input: &mut BytesMut) -> Result<Option<GreetingEvent>, ProtocolError> {
        match self.stage {
            Stage::Signature => {
                let done = self.fill(input, SIGNATURE_SIZE);
                // libzmq decides "unversioned" on the very first byte, or
                // on a 10th byte without bit 0 (a 1.0 identity frame's
                // flags after a long length).
                let unversioned = (self.len >= 1 && self.buf[0] != 0xFF)
                    || (done && self.buf[SIGNATURE_SIZE - 1] & 0x01 == 0);
                if unversioned {
                    self.give_back(input);
                    self.stage = Stage::Done;
                    return Ok(Some(GreetingEvent::Unversioned));
                }
                if !done {
                    return Ok(None);
                }
                self.stage = Stage::Revision;
                Ok(Some(GreetingEvent::Signature))
            }
            Stage::Revision => {
                if !self.fill(input, REVISION_POS + 1) {
                    return Ok(None);
                }
                let major = self.buf[REVISION_POS];
                // Any revision above 2.0 continues as 3.x, as in libzmq.
                self.stage = if major <= ZMTP_2_0 {
                    Stage::SocketType
                } else {
                    Stage::V3
                };
                Ok(Some(GreetingEvent::Revision(major)))
            }
            Stage::SocketType => {
                if !self.fill(input, V2_GREETING_SIZE) {
                    return Ok(None);
                }
                self.stage = Stage::Done;
                Ok(Some(GreetingEvent::Legacy {
                    revision: self.buf[REVISION_POS],
                    socket_type: self.buf[SOCKET_TYPE_POS],
                }))
            }
            Stage::V3 => {
                if !self.fill(input, V3_GREETING_SIZE) {
                    return Ok(None);
                }
                self.stage = Stage::Done;
                let mut mechanism = [0u8; MECHANISM_SIZE];
                mechanism.copy_from_slice(&self.buf[MECHANISM_POS..MECHANISM_POS + MECHANISM_SIZE]);
                Ok(Some(GreetingEvent::Complete(PeerGreeting {
                    major: self.buf[REVISION_POS],
                    minor: self.buf[MINOR_POS],
                    mechanism,
                    as_server: self.buf[AS_SERVER_POS] != 0,
                })))
            }
            Stage::Done => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_bytes() {
        assert_eq!(signature(0), [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F]);
        assert_eq!(signature(5), [0xFF, 0, 0, 0, 0, 0, 0, 0, 6, 0x7F]);
    }

    #[test]
    fn tail_bytes() {
        let t = v3_tail(b"NULL", false);
        assert_eq!(t.len(), 53);
        assert_eq!(&t[..5], b"\x01NULL");
        assert!(t[5..].iter().all(|&b| b == 0));
        assert_eq!(v3_tail(b"PLAIN", true)[21], 1);
    }

    #[test]
    fn reads_in_stages_byte_by_byte() {
        let mut wire = signature(0).to_vec();
        wire.push(3);
        wire.extend_from_slice(&v3_tail(b"NULL", true));
        let mut r = GreetingReader::default();
        let mut input = BytesMut::new();
        let mut events = Vec::new();
        for b in wire {
            input.extend_from_slice(&[b]);
            while let Some(e) = r.read(&mut input).unwrap() {
                events.push(e);
            }
        }
        assert_eq!(events.len(), 3);
        assert_eq!(events[0], GreetingEvent::Signature);
        assert_eq!(events[1], GreetingEvent::Revision(3));
        let GreetingEvent::Complete(g) = &events[2] else {
            panic!()
        };
        assert_eq!((g.major, g.minor, g.as_server), (3, 1, true));
        assert_eq!(g.mechanism, mechanism_field(b"NULL"));
    }

    #[test]
    fn detects_unversioned_and_gives_its_bytes_back() {
        let mut r = GreetingReader::default();
        let mut input = BytesMut::from(&b"\x01\x00"[..]);
        assert_eq!(r.read(&mut input), Ok(Some(GreetingEvent::Unversioned)));
        assert_eq!(&input[..], b"\x01\x00");
        assert_eq!(r.read(&mut input), Ok(None));

        // Bytes consumed by an earlier call come back too.
        let mut r = GreetingReader::default();
        let mut input = BytesMut::from(&[0xFFu8, 0, 0][..]);
        assert_eq!(r.read(&mut input), Ok(None));
        assert!(input.is_empty());
        input.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0x00, b'x']);
        assert_eq!(r.read(&mut input), Ok(Some(GreetingEvent::Unversioned)));
        assert_eq!(&input[..], b"\xFF\x00\x00\x00\x00\x00\x00\x00\x01\x00x");

        // A long identity frame header: 0xFF, length, flags without MORE.
        let mut r = GreetingReader::default();
        let mut sig = signature(300);
        sig[9] = 0x00;
        let mut input = BytesMut::from(&sig[..9]);
        assert_eq!(r.read(&mut input), Ok(None));
        input.extend_from_slice(&sig[9..]);
        assert_eq!(r.read(&mut input), Ok(Some(GreetingEvent::Unversioned)));
        assert_eq!(&input[..], &sig[..]);
    }

    #[test]
    fn reads_a_legacy_greeting() {
        for revision in [ZMTP_1_0, ZMTP_2_0] {
            let mut wire = signature(0).to_vec();
            wire.extend_from_slice(&[revision, 5, 0x00, 0x00]);
            let mut input = BytesMut::from(&wire[..]);
            let mut r = GreetingReader::default();
            let mut events = Vec::new();
            while let Some(e) = r.read(&mut input).unwrap() {
                events.push(e);
            }
            assert_eq!(
                events,
                [
                    GreetingEvent::Signature,
                    GreetingEvent::Revision(revision),
                    GreetingEvent::Legacy {
                        revision,
                        socket_type: 5
                    }
                ]
            );
            assert_eq!(&input[..], b"\x00\x00");
        }
    }

    #[test]
    fn revision_2_continues_as_3() {
        let mut wire = signature(0).to_vec();
        wire.push(2);
        wire.extend_from_slice(&v3_tail(b"NULL", false));
        let mut input = BytesMut::from(&wire[..]);
        let mut r = GreetingReader::default();
        let mut last = None;
        while let Some(e) = r.read(&mut input).unwrap() {
            last = Some(e);
        }
        assert!(matches!(last, Some(GreetingEvent::Complete(g)) if g.major == 2));
    }

    #[test]
    fn leaves_following_bytes() {
        let mut wire = signature(0).to_vec();
        wire.push(3);
        wire.extend_from_slice(&v3_tail(b"NULL", false));
        wire.extend_from_slice(b"rest");
        let mut input = BytesMut::from(&wire[..]);
        let mut r = GreetingReader::default();
        while r.read(&mut input).unwrap().is_some() {}
        assert_eq!(&input[..], b"rest");
    }
}
