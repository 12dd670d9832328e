//! ZMTP 3.x framing (RFC 23/37 section "Framing"): a flags byte, a 1-byte
//! or 8-byte big-endian size, then the body.
//!
//! The decoder reads from the engine's `BytesMut` read buffer and hands each
//! body out as `Bytes` split off that buffer (zero-copy). The size is checked
//! against ZMQ_MAXMSGSIZE and the address space as soon as the header is
//! in, before the body is awaited, and nothing is allocated for it here.
//! Data frames of at most [`INLINE_BODY_MAX`] bytes are instead copied out
//! of the buffer ([`Decoder::decode_data`]): splitting a `Bytes` off costs
//! more than copying a few bytes, and the message copies them again anyway.

use super::error::ProtocolError;
use bytes::{Buf, BufMut, Bytes, BytesMut};
use std::collections::VecDeque;
use std::io::IoSlice;

/// Bit 0: more frames follow in this message.
pub const FLAG_MORE: u8 = 0x01;
/// Bit 1: the size field is 8 bytes.
pub const FLAG_LONG: u8 = 0x02;
/// Bit 2: a command frame.
pub const FLAG_COMMAND: u8 = 0x04;
/// Bits 7..3 MUST be zero.
pub const FLAGS_RESERVED: u8 = 0xF8;

/// Largest header: flags + 8-byte size.
pub const MAX_HEADER_SIZE: usize = 9;

/// A decoded frame. `flags` keeps only MORE and COMMAND; LONG is framing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub flags: u8,
    pub body: Bytes,
}

impl Frame {
    pub fn more(&self) -> bool {
        self.flags & FLAG_MORE != 0
    }
    pub fn is_command(&self) -> bool {
        self.flags & FLAG_COMMAND != 0
    }
}

/// Data bodies up to this size are copied out of the read buffer rather
/// than split off it: the size of libzmq's (and our `Msg`'s) inline body.
pub const INLINE_BODY_MAX: usize = 33;

/// A data frame's body: copied when small, else shared with the read buffer.
#[derive(Clone)]
pub enum Body {
    Inline {
        len: u8,
        data: [u8; INLINE_BODY_MAX],
    },
    Shared(Bytes),
}

impl Body {
    /// A copy of `src`, inline when it fits.
    pub fn copy_from_slice(src: &[u8]) -> Body {
        let mut data = [0u8; INLINE_BODY_MAX];
        match (data.get_mut(..src.len()), u8::try_from(src.len())) {
            (Some(dst), Ok(len)) => {
                dst.copy_from_slice(src);
                Body::Inline { len, data }
            }
            _ => Body::Shared(Bytes::copy_from_slice(src)),
        }
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Body::Inline { len, data } => data.get(..usize::from(*len)).unwrap_or(&[]),
            Body::Shared(b) => b,
        }
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Body {}

impl PartialEq<[u8]> for Body {
    fn eq(&self, other: &[u8]) -> bool {
        &self[..] == other
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Shown like `Bytes`, whichever way it is stored.
        std::fmt::Debug::fmt(&Bytes::copy_from_slice(self), f)
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Body {
        Body::Shared(b)
    }
}

impl From<&'static str> for Body {
    fn from(s: &'static str) -> Body {
        Body::Shared(Bytes::from_static(s.as_bytes()))
    }
}

impl From<&'static [u8]> for Body {
    fn from(s: &'static [u8]) -> Body {
        Body::Shared(Bytes::from_static(s))
    }
}

impl From<Vec<u8>> for Body {
    fn from(v: Vec<u8>) -> Body {
        Body::Shared(Bytes::from(v))
    }
}

/// The body size a frame header announced, refused when it exceeds
/// ZMQ_MAXMSGSIZE (`max_msg_size`, negative: unlimited) or any buffer this
/// process could hold. Checked before anything is allocated or awaited; shared
/// by every framing version.
pub(crate) fn checked_body_size(size: u64, max_msg_size: i64) -> Result<usize, ProtocolError> {
    let too_large = ProtocolError::MessageTooLarge { size };
    if let Ok(max) = u64::try_from(max_msg_size) {
        if size > max {
            return Err(too_large);
        }
    }
    // No buffer can hold more than isize::MAX bytes.
    match usize::try_from(size) {
        Ok(size) if isize::try_from(size).is_ok() => Ok(size),
        _ => Err(too_large),
    }
}

/// Takes the first `size` bytes off `buf`, which holds at least that many.
/// A buffer that is exactly one body and no more (the engine reads a large
/// body into a buffer of its own size) is taken whole: splitting it would
/// set up a shared reference count, an allocation, for nothing.
pub(crate) fn take_body(buf: &mut BytesMut, size: usize) -> Bytes {
    if buf.len() == size && buf.capacity() == size {
        std::mem::take(buf).freeze()
    } else {
        buf.split_to(size).freeze()
    }
}

/// Appends a frame header for a body of `len` bytes. Short form up to 255
/// bytes, as libzmq's encoder does.
pub fn put_header(out: &mut impl BufMut, more: bool, command: bool, len: usize) {
    let mut flags = 0u8;
    if more {
        flags |= FLAG_MORE;
    }
    if command {
        flags |= FLAG_COMMAND;
    }
    match u8::try_from(len) {
        Ok(short) => {
            out.put_u8(flags);
            out.put_u8(short);
        }
        Err(_) => {
            out.put_u8(flags | FLAG_LONG);
            // usize is at most 64 bits on every target we build for.
            out.put_u64(len as u64);
        }
    }
}

/// Incremental frame decoder.
#[derive(Debug)]
pub struct Decoder {
    max_msg_size: i64,
    /// Header consumed, body of this size still awaited.
    pending: Option<(u8, usize)>,
}

impl Decoder {
    /// `max_msg_size` is ZMQ_MAXMSGSIZE: -1 (any negative) means unlimited.
    pub fn new(max_msg_size: i64) -> Decoder {
        Decoder {
            max_msg_size,
            pending: None,
        }
    }

    /// Takes one complete frame off the front of `buf`, or returns
    /// `Ok(None)` when more input is needed. A header is consumed as soon as
    /// it is complete and valid; the body only once it is all in.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, ProtocolError> {
        Ok(self.next(buf, false)?.map(|(flags, body)| Frame {
            flags,
            body: match body {
                Body::Shared(b) => b,
                // `next` copies only when asked to.
                Body::Inline { .. } => Bytes::copy_from_slice(&body),
            },
        }))
    }

    /// As [`Decoder::decode`], for frames after the handshake: a data body
    /// of at most [`INLINE_BODY_MAX`] bytes is copied out and the buffer
    /// advanced past it (no `Bytes` is split off); larger bodies and
    /// commands are shared with `buf` as `decode` does.
    #[inline(always)]
    pub fn decode_data(&mut self, buf: &mut BytesMut) -> Result<Option<(u8, Body)>, ProtocolError> {
        self.next(buf, true)
    }

    #[inline(always)]
    fn next(
        &mut self,
        buf: &mut BytesMut,
        inline: bool,
    ) -> Result<Option<(u8, Body)>, ProtocolError> {
        let (flags, size, header_len): (u8, usize, usize) = match self.pending {
            Some((flags, size)) => (flags, size, 0),
            None => {
                let Some(&flags) = buf.first() else {
                    return Ok(None);
                };
                if flags & FLAGS_RESERVED != 0 {
                    return Err(ProtocolError::ReservedFlags { flags });
                }
                let (header_len, size) = if flags & FLAG_LONG != 0 {
                    let Some(raw) = buf.get(1..9) else {
                        return Ok(None);
                    };
                    let mut be = [0u8; 8];
                    be.copy_from_slice(raw);
                    (9, u64::from_be_bytes(be))
                } else {
                    let Some(&short) = buf.get(1) else {
                        return Ok(None);
                    };
                    (2, u64::from(short))
                };
                let size = self.check_size(size)?;
                (flags & (FLAG_MORE | FLAG_COMMAND), size, header_len)
            }
        };
        let end = header_len.saturating_add(size);
        if buf.len() < end {
            // The header is consumed now; the body is awaited.
            if header_len != 0 {
                buf.advance(header_len);
                self.pending = Some((flags, size));
            }
            return Ok(None);
        }
        self.pending = None;
        if inline && flags & FLAG_COMMAND == 0 && size <= INLINE_BODY_MAX {
            // A fixed-size copy is a few moves rather than a memcpy call;
            // bytes past the body are ignored.
            let body = match buf.get(header_len..header_len + INLINE_BODY_MAX) {
                Some(window) => {
                    let mut data = [0u8; INLINE_BODY_MAX];
                    data.copy_from_slice(window);
                    // `size <= INLINE_BODY_MAX`, which fits a u8.
                    Some(Body::Inline {
                        len: size as u8,
                        data,
                    })
                }
                None => buf.get(header_len..end).map(Body::copy_from_slice),
            };
            if let Some(body) = body {
                // Header and body leave the buffer in one step.
                buf.advance(end);
                return Ok(Some((flags, body)));
            }
        }
        buf.advance(header_len);
        Ok(Some((flags, Body::Shared(take_body(buf, size)))))
    }

    fn check_size(&self, size: u64) -> Result<usize, ProtocolError> {
        checked_body_size(size, self.max_msg_size)
    }

    /// How many more bytes `buf` needs before the next `decode` can make
    /// progress. The engine may use it to size its next read; it should
    /// still grow its buffer gradually, since the peer need not send them.
    pub fn bytes_needed(&self, buf: &BytesMut) -> usize {
        match self.pending {
            Some((_, size)) => size.saturating_sub(buf.len()),
            None => match buf.first() {
                None => 2,
                Some(&f) if f & FLAG_LONG != 0 => 9usize.saturating_sub(buf.len()),
                Some(_) => 2usize.saturating_sub(buf.len()),
            },
        }
    }
}

/// Bytes ready for the wire: `head` then `body`. `body` is a large frame's
/// body shared with the sender's buffer (not copied); it is empty when the
/// whole transmit was batched into `head`. Implements [`Buf`], so
/// `chunks_vectored` gives the writev slices and `advance` records a partial
/// write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transmit {
    pub head: Bytes,
    pub body: Bytes,
}

impl Transmit {
    pub fn len(&self) -> usize {
        self.head.len() + self.body.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Both parts as one contiguous vector (for tests and slow paths).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len());
        v.extend_from_slice(&self.head);
        v.extend_from_slice(&self.body);
        v
    }
}

impl Buf for Transmit {
    fn remaining(&self) -> usize {
        self.len()
    }
    fn chunk(&self) -> &[u8] {
        if self.head.is_empty() {
            &self.body
        } else {
            &self.head
        }
    }
    fn advance(&mut self, cnt: usize) {
        // Clamped rather than panicking on an over-long count.
        let from_head = cnt.min(self.head.len());
        self.head.advance(from_head);
        let from_body = (cnt - from_head).min(self.body.len());
        self.body.advance(from_body);
    }
    fn chunks_vectored<'a>(&'a self, dst: &mut [IoSlice<'a>]) -> usize {
        let mut n = 0;
        for part in [&self.head, &self.body] {
            if part.is_empty() {
                continue;
            }
            let Some(slot) = dst.get_mut(n) else { break };
            *slot = IoSlice::new(part);
            n += 1;
        }
        n
    }
}

/// Bodies at least this long are sent from the caller's buffer rather than
/// copied into the batch.
pub const ZERO_COPY_THRESHOLD: usize = 1024;
/// A batch this full is sealed into its own transmit.
pub const BATCH_SIZE: usize = 8192;

/// The longest frame header of any framing: ZMTP 1.0's escape byte, 8-byte
/// length and flags.
pub const MAX_HEADER: usize = 10;

/// One encoded frame header, built on the stack.
#[derive(Debug, Clone, Copy)]
pub struct FrameHeader {
    bytes: [u8; MAX_HEADER],
    len: u8,
}

impl FrameHeader {
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

/// The frame header layout an [`OutQueue`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Framing {
    /// Flags then size: ZMTP 2.0 (RFC 15) and 3.x.
    #[default]
    V2,
    /// Size (counting the flags byte) then flags: ZMTP 1.0 (RFC 13). It has
    /// no command frames; the command flag is dropped.
    V1,
}

/// Outgoing frames: small ones batched into one buffer, large bodies queued
/// by reference behind their header.
#[derive(Debug)]
pub struct OutQueue {
    batch: BytesMut,
    sealed: VecDeque<Transmit>,
    sealed_bytes: usize,
    framing: Framing,
}

impl Default for OutQueue {
    fn default() -> Self {
        OutQueue {
            batch: BytesMut::with_capacity(BATCH_SIZE),
            sealed: VecDeque::new(),
            sealed_bytes: 0,
            framing: Framing::V2,
        }
    }
}

impl OutQueue {
    /// Frames queued from now on use `framing` (set once the peer's version
    /// is known; bytes already queued are unaffected).
    pub fn set_framing(&mut self, framing: Framing) {
        self.framing = framing;
    }

    fn put_header(&mut self, more: bool, command: bool, len: usize) {
        match self.framing {
            Framing::V2 => put_header(&mut self.batch, more, command, len),
            Framing::V1 => super::frame_v1::put_header(&mut self.batch, more, len),
        }
    }

    /// Raw bytes (greeting).
    pub fn push_raw(&mut self, bytes: &[u8]) {
        self.batch.extend_from_slice(bytes);
        self.maybe_seal();
    }

    /// A frame whose body is copied into the batch.
    pub fn push_copy(&mut self, more: bool, command: bool, body: &[u8]) {
        self.put_header(more, command, body.len());
        self.batch.extend_from_slice(body);
        self.maybe_seal();
    }

    /// A frame whose body is `prefix` followed by `rest`, copied.
    pub fn push_copy2(&mut self, more: bool, command: bool, prefix: &[u8], rest: &[u8]) {
        self.put_header(more, command, prefix.len() + rest.len());
        self.batch.extend_from_slice(prefix);
        self.batch.extend_from_slice(rest);
        self.maybe_seal();
    }

    /// Lets `encode` append whole wire frames (a mechanism's boxes) to the
    /// batch.
    pub fn push_with<R>(&mut self, encode: impl FnOnce(&mut BytesMut) -> R) -> R {
        let r = encode(&mut self.batch);
        self.maybe_seal();
        r
    }

    /// The header of a data frame whose `len`-byte body the caller sends
    /// itself, right after everything polled so far (the engine sends a
    /// large body from the message's own buffer, its header beside it).
    /// Nothing is queued.
    pub fn header(&self, more: bool, len: usize) -> FrameHeader {
        let mut bytes = [0u8; MAX_HEADER];
        let mut rest: &mut [u8] = &mut bytes;
        // MAX_HEADER holds the longest header of either framing.
        match self.framing {
            Framing::V2 => put_header(&mut rest, more, false, len),
            Framing::V1 => super::frame_v1::put_header(&mut rest, more, len),
        }
        let len = MAX_HEADER - rest.len();
        FrameHeader {
            bytes,
            len: len as u8,
        }
    }

    /// A frame with a shared body: large bodies go out by reference.
    pub fn push_shared(&mut self, more: bool, command: bool, body: Bytes) {
        if body.len() < ZERO_COPY_THRESHOLD {
            self.push_copy(more, command, &body);
            return;
        }
        self.put_header(more, command, body.len());
        let head = self.batch.split().freeze();
        self.seal(Transmit { head, body });
    }

    fn maybe_seal(&mut self) {
        if self.batch.len() >= BATCH_SIZE {
            let head = self.batch.split().freeze();
            self.seal(Transmit {
                head,
                body: Bytes::new(),
            });
        }
    }

    fn seal(&mut self, t: Transmit) {
        self.sealed_bytes += t.len();
        self.sealed.push_back(t);
    }

    /// The next bytes to write, in order.
    pub fn poll(&mut self) -> Option<Transmit> {
        if let Some(t) = self.sealed.pop_front() {
            self.sealed_bytes -= t.len();
            return Some(t);
        }
        if self.batch.is_empty() {
            return None;
        }
        Some(Transmit {
            head: self.batch.split().freeze(),
            body: Bytes::new(),
        })
    }

    /// Bytes queued and not yet handed out by `poll`.
    pub fn len(&self) -> usize {
        self.sealed_bytes + self.batch.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(max: i64, bytes: &[u8]) -> Result<Vec<Frame>, ProtocolError> {
        let mut d = Decoder::new(max);
        let mut buf = BytesMut::from(bytes);
        let mut out = Vec::new();
        while let Some(f) = d.decode(&mut buf)? {
            out.push(f);
        }
        Ok(out)
    }

    #[test]
    fn short_frame_bytes() {
        let mut q = OutQueue::default();
        q.push_copy(true, false, b"abc");
        q.push_copy(false, false, b"");
        assert_eq!(q.poll().unwrap().to_vec(), b"\x01\x03abc\x00\x00");
        assert!(q.poll().is_none());
    }

    #[test]
    fn long_frame_bytes_and_zero_copy() {
        let body = Bytes::from(vec![7u8; 300]);
        let mut q = OutQueue::default();
        q.push_copy(false, true, b"x");
        q.push_shared(false, false, body.clone());
        let t = q.poll().unwrap();
        // 300 < threshold: copied, long header.
        let mut want = vec![0x04, 0x01, b'x', 0x02, 0, 0, 0, 0, 0, 0, 1, 44];
        want.extend_from_slice(&body);
        assert_eq!(t.to_vec(), want);

        let big = Bytes::from(vec![1u8; 5000]);
        q.push_copy(false, false, b"a");
        q.push_shared(true, false, big.clone());
        q.push_copy(false, false, b"b");
        let t = q.poll().unwrap();
        assert_eq!(
            &t.head[..],
            b"\x00\x01a\x03\x00\x00\x00\x00\x00\x00\x13\x88"
        );
        assert_eq!(t.body.as_ptr(), big.as_ptr(), "large body is not copied");
        assert_eq!(q.poll().unwrap().to_vec(), b"\x00\x01b");
        assert!(q.is_empty());
    }

    #[test]
    fn header_alone() {
        let mut q = OutQueue::default();
        assert_eq!(
            q.header(true, 5000).as_slice(),
            b"\x03\x00\x00\x00\x00\x00\x00\x13\x88"
        );
        assert_eq!(q.header(false, 255).as_slice(), b"\x00\xff");
        assert!(q.is_empty(), "a header alone queues nothing");
        q.set_framing(Framing::V1);
        assert_eq!(
            q.header(false, 5000).as_slice(),
            b"\xff\x00\x00\x00\x00\x00\x00\x13\x89\x00"
        );
        assert_eq!(q.header(true, 3).as_slice(), b"\x04\x01");
        // The longest header of all fits.
        assert_eq!(q.header(true, usize::MAX).as_slice().len(), MAX_HEADER);
    }

    #[test]
    fn boundary_255_256() {
        let mut q = OutQueue::default();
        q.push_copy(false, false, &[0u8; 255]);
        let t = q.poll().unwrap();
        assert_eq!(&t.head[..2], &[0x00, 0xFF]);
        q.push_copy(false, false, &[0u8; 256]);
        let t = q.poll().unwrap();
        assert_eq!(&t.head[..9], &[0x02, 0, 0, 0, 0, 0, 0, 1, 0]);
    }

    #[test]
    fn decode_short_and_long() {
        let frames = decode_all(
            -1,
            b"\x01\x03abc\x02\x00\x00\x00\x00\x00\x00\x00\x01z\x04\x00",
        )
        .unwrap();
        assert_eq!(frames.len(), 3);
        assert!(frames[0].more() && !frames[0].is_command());
        assert_eq!(&frames[0].body[..], b"abc");
        assert_eq!(frames[1].flags, 0);
        assert_eq!(&frames[1].body[..], b"z");
        assert!(frames[2].is_command());
        assert!(frames[2].body.is_empty());
    }

    #[test]
    fn reserved_bits_rejected() {
        for bit in 3..8 {
            let flags = 1u8 << bit;
            assert_eq!(
                decode_all(-1, &[flags, 0]),
                Err(ProtocolError::ReservedFlags { flags })
            );
        }
    }

    #[test]
    fn maxmsgsize_checked_on_header() {
        // Only the header is present: the error comes before the body.
        assert_eq!(
            decode_all(10, b"\x00\x0b"),
            Err(ProtocolError::MessageTooLarge { size: 11 })
        );
        assert_eq!(decode_all(10, b"\x00\x0a").unwrap().len(), 0);
        assert_eq!(
            decode_all(0, b"\x00\x01"),
            Err(ProtocolError::MessageTooLarge { size: 1 })
        );
        assert_eq!(decode_all(0, b"\x00\x00").unwrap().len(), 1);
        let absurd = b"\x02\xff\xff\xff\xff\xff\xff\xff\xff";
        assert_eq!(
            decode_all(-1, absurd),
            Err(ProtocolError::MessageTooLarge { size: u64::MAX })
        );
        let huge = b"\x02\x7f\xff\xff\xff\xff\xff\xff\xff";
        // Fits isize on 64-bit: accepted as a header, body awaited, nothing allocated.
        let mut d = Decoder::new(-1);
        let mut buf = BytesMut::from(&huge[..]);
        assert_eq!(d.decode(&mut buf), Ok(None));
        assert!(buf.capacity() < 1024);
    }

    #[test]
    fn body_in_a_buffer_of_its_own_is_taken_whole() {
        let mut d = Decoder::new(-1);
        let mut buf = BytesMut::from(&b"\x03\x00\x00\x00\x00\x00\x00\x01\x00"[..]);
        assert_eq!(d.decode(&mut buf), Ok(None));
        assert!(buf.is_empty());
        let mut body = BytesMut::with_capacity(256);
        body.resize(256, 7);
        let ptr = body.as_ptr();
        if body.capacity() == 256 {
            let frame = d.decode(&mut body).unwrap().unwrap();
            assert!(frame.more());
            assert_eq!(frame.body.as_ptr(), ptr, "not copied");
            assert_eq!(&frame.body[..], &[7u8; 256][..]);
        }
        // A body followed by more input is split off as before.
        let mut buf = BytesMut::from(&b"\x00\x01a\x00\x01b"[..]);
        assert_eq!(&d.decode(&mut buf).unwrap().unwrap().body[..], b"a");
        assert_eq!(&buf[..], b"\x00\x01b");
    }

    #[test]
    fn byte_by_byte_never_errors_early() {
        let wire = b"\x01\x03abc\x02\x00\x00\x00\x00\x00\x00\x00\x01z";
        let mut d = Decoder::new(-1);
        let mut buf = BytesMut::new();
        let mut got = Vec::new();
        for &b in wire.iter() {
            buf.put_u8(b);
            while let Some(f) = d.decode(&mut buf).unwrap() {
                got.push(f);
            }
        }
        assert_eq!(got.len(), 2);
        assert_eq!(&got[1].body[..], b"z");
    }

    fn is_inline(b: &Body) -> bool {
        matches!(b, Body::Inline { .. })
    }

    #[test]
    fn small_data_bodies_are_copied_not_split() {
        let mut wire = Vec::new();
        wire.extend_from_slice(b"\x01\x01a");
        wire.extend_from_slice(b"\x00\x00");
        wire.push(0x00);
        wire.push(33);
        wire.extend_from_slice(&[b'x'; 33]);
        wire.push(0x00);
        wire.push(34);
        wire.extend_from_slice(&[b'y'; 34]);
        wire.extend_from_slice(b"\x04\x02hi");
        wire.extend_from_slice(b"\x02\x00\x00\x00\x00\x00\x00\x00\x01z");
        wire.extend_from_slice(b"\x00\x05tr");
        let mut d = Decoder::new(-1);
        let mut buf = BytesMut::from(&wire[..]);
        let mut next = || d.decode_data(&mut buf).unwrap().unwrap();

        let (flags, body) = next();
        assert_eq!(
            (flags, &body[..], is_inline(&body)),
            (FLAG_MORE, &b"a"[..], true)
        );
        let (flags, body) = next();
        assert_eq!((flags, &body[..], is_inline(&body)), (0, &b""[..], true));
        let (flags, body) = next();
        assert_eq!(
            (flags, &body[..], is_inline(&body)),
            (0, &[b'x'; 33][..], true)
        );
        // One byte over the inline size: shared with the buffer as before.
        let (flags, body) = next();
        assert_eq!(
            (flags, &body[..], is_inline(&body)),
            (0, &[b'y'; 34][..], false)
        );
        // Commands are always shared (the connection parses them as `Bytes`).
        let (flags, body) = next();
        assert_eq!(
            (flags, &body[..], is_inline(&body)),
            (FLAG_COMMAND, &b"hi"[..], false)
        );
        // A long-form header for a small body: valid, and correct either way.
        let (flags, body) = next();
        assert_eq!((flags, &body[..]), (0, &b"z"[..]));
        // A complete header is consumed; the body is copied once all in.
        assert_eq!(d.decode_data(&mut buf), Ok(None));
        assert_eq!(&buf[..], b"tr");
        buf.extend_from_slice(b"ain");
        let (flags, body) = d.decode_data(&mut buf).unwrap().unwrap();
        assert_eq!(
            (flags, &body[..], is_inline(&body)),
            (0, &b"train"[..], true)
        );
        assert!(buf.is_empty());
    }

    #[test]
    fn small_data_bodies_check_flags_and_maxmsgsize() {
        let mut d = Decoder::new(4);
        let mut buf = BytesMut::from(&b"\x00\x05hello"[..]);
        assert_eq!(
            d.decode_data(&mut buf),
            Err(ProtocolError::MessageTooLarge { size: 5 })
        );
        let mut d = Decoder::new(5);
        let mut buf = BytesMut::from(&b"\x00\x05hello"[..]);
        assert_eq!(&d.decode_data(&mut buf).unwrap().unwrap().1[..], b"hello");
        let mut d = Decoder::new(-1);
        let mut buf = BytesMut::from(&b"\x08\x01a"[..]);
        assert_eq!(
            d.decode_data(&mut buf),
            Err(ProtocolError::ReservedFlags { flags: 0x08 })
        );
    }

    #[test]
    fn decode_data_byte_by_byte_matches_decode() {
        let wire = b"\x01\x03abc\x00\x00\x04\x02hi\x02\x00\x00\x00\x00\x00\x00\x00\x01z\x00\x01q";
        let whole = decode_all(-1, wire).unwrap();
        let mut d = Decoder::new(-1);
        let mut buf = BytesMut::new();
        let mut got = Vec::new();
        for &b in wire.iter() {
            buf.put_u8(b);
            while let Some((flags, body)) = d.decode_data(&mut buf).unwrap() {
                got.push(Frame {
                    flags,
                    body: Bytes::copy_from_slice(&body),
                });
            }
        }
        assert_eq!(got, whole);
        assert!(buf.is_empty());
    }

    #[test]
    fn body_copy_from_slice() {
        assert!(is_inline(&Body::copy_from_slice(&[1; 33])));
        let big = Body::copy_from_slice(&[1; 34]);
        assert!(!is_inline(&big));
        assert_eq!(&big[..], &[1; 34][..]);
        assert_eq!(Body::copy_from_slice(b"ab"), Body::from("ab"));
    }

    #[test]
    fn transmit_partial_writes() {
        let mut t = Transmit {
            head: Bytes::from_static(b"abc"),
            body: Bytes::from_static(b"defg"),
        };
        let mut slices = [IoSlice::new(&[]); 4];
        assert_eq!(t.chunks_vectored(&mut slices), 2);
        t.advance(4);
        assert_eq!(t.chunk(), b"efg");
        t.advance(100);
        assert_eq!(t.remaining(), 0);
    }
}
