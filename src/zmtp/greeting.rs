//! The greeting (RFC 23/37 "Version Negotiation"), sent and read in
//! libzmq's three stages so that a later ZMTP 2.0/1.0 downgrade can slot in:
//!
//! 1. both sides send the 10-byte signature at once;
//! 2. on the peer's signature, send our major version (3);
//! 3. on the peer's major version, send the rest of a 3.x greeting (minor,
//!    mechanism, as-server, filler) -- or, for a 1.0/2.0 peer, what that
//!    version expects (not implemented: such peers are refused for now).
//!
//! The signature's 8 padding bytes carry `routing id length + 1` big-endian,
//! as libzmq sends them: a ZMTP 1.0 peer reads the signature as the header
//! of an identity frame.

use super::error::ProtocolError;
use bytes::{Buf, BytesMut};

pub const SIGNATURE_SIZE: usize = 10;
pub const V3_GREETING_SIZE: usize = 64;
pub const REVISION_POS: usize = 10;
pub const MINOR_POS: usize = 11;
pub const MECHANISM_POS: usize = 12;
pub const MECHANISM_SIZE: usize = 20;
pub const AS_SERVER_POS: usize = 32;

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
    t[0] = MINOR_3_1;
    let name = mechanism.get(..MECHANISM_SIZE).unwrap_or(mechanism);
    t[1..1 + name.len()].copy_from_slice(name);
    t[1 + MECHANISM_SIZE] = u8::from(as_server);
    t
}

/// A mechanism name as it appears in the greeting.
pub fn mechanism_field(name: &[u8]) -> [u8; MECHANISM_SIZE] {
    let mut f = [0u8; MECHANISM_SIZE];
    let name = name.get(..MECHANISM_SIZE).unwrap_or(name);
    f[..name.len()].copy_from_slice(name);
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
    /// The peer's major version: send the rest of our greeting.
    Revision(u8),
    /// The whole 3.x greeting is in.
    Complete(PeerGreeting),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Signature,
    Revision,
    V3,
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
        if let (Some(dst), Some(src)) = (self.buf.get_mut(self.len..self.len + n), input.get(..n)) {
            dst.copy_from_slice(src);
            self.len += n;
            input.advance(n);
        }
        self.len >= upto
    }

    /// Advances by at most one stage. Call again while it returns events.
    pub fn read(&mut self, input: &mut BytesMut) -> Result<Option<GreetingEvent>, ProtocolError> {
        match self.stage {
            Stage::Signature => {
                let done = self.fill(input, SIGNATURE_SIZE);
                // libzmq decides "unversioned" on the very first byte.
                if self.len >= 1 && self.buf[0] != 0xFF {
                    return Err(ProtocolError::Unversioned);
                }
                if !done {
                    return Ok(None);
                }
                if self.buf[9] & 0x01 == 0 {
                    return Err(ProtocolError::Unversioned);
                }
                self.stage = Stage::Revision;
                Ok(Some(GreetingEvent::Signature))
            }
            Stage::Revision => {
                if !self.fill(input, REVISION_POS + 1) {
                    return Ok(None);
                }
                let major = self.buf[REVISION_POS];
                // 1.0 and 2.0 would continue with their own (shorter)
                // greetings here; until they exist the caller refuses them.
                self.stage = if major >= ZMTP_3 {
                    Stage::V3
                } else {
                    Stage::Done
                };
                Ok(Some(GreetingEvent::Revision(major)))
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
    fn rejects_unversioned() {
        let mut r = GreetingReader::default();
        assert_eq!(
            r.read(&mut BytesMut::from(&b"G"[..])),
            Err(ProtocolError::Unversioned)
        );
        let mut r = GreetingReader::default();
        let mut sig = signature(0);
        sig[9] = 0x7E;
        assert_eq!(
            r.read(&mut BytesMut::from(&sig[..])),
            Err(ProtocolError::Unversioned)
        );
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
