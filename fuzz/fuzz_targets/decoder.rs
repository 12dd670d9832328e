//! Frame decoders (ZMTP 3.x/2.0 and 1.0), command and metadata parsers over
//! arbitrary bytes, fed in arbitrary chunks; plus an encode -> decode round
//! trip of the frames found.
#![no_main]

use bytes::{Bytes, BytesMut};
use libfuzzer_sys::fuzz_target;
use zmq::zmtp::command::Command;
use zmq::zmtp::frame::{Decoder, Frame, Framing, OutQueue};
use zmq::zmtp::frame_v1::V1Decoder;
use zmq::zmtp::metadata;

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    // Low bits: maxmsgsize (unlimited or small); high bits: chunk size.
    let max = match ctl & 3 {
        0 => -1,
        1 => 0,
        2 => 255,
        _ => 300,
    };
    let chunk = 1 + usize::from(ctl >> 2);
    let mut d = Decoder::new(max);
    let mut buf = BytesMut::new();
    let mut frames = Vec::new();
    let mut failed = false;
    'feed: for piece in rest.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            match d.decode(&mut buf) {
                Ok(Some(f)) => {
                    if max >= 0 {
                        assert!(f.body.len() as i64 <= max);
                    }
                    if let Some(c) = Command::parse(&f.body) {
                        let _ = metadata::parse(&c.data);
                    }
                    frames.push(f);
                }
                Ok(None) => {
                    let _ = d.bytes_needed(&buf);
                    break;
                }
                Err(_) => {
                    failed = true;
                    break 'feed;
                }
            }
        }
    }

    // The data path (small bodies copied, not split) decodes the same
    // frames and fails on the same input.
    let mut d = Decoder::new(max);
    let mut buf = BytesMut::new();
    let mut data_frames = Vec::new();
    let mut data_failed = false;
    'feed_data: for piece in rest.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            match d.decode_data(&mut buf) {
                Ok(Some((flags, body))) => data_frames.push(Frame {
                    flags,
                    body: Bytes::copy_from_slice(&body),
                }),
                Ok(None) => break,
                Err(_) => {
                    data_failed = true;
                    break 'feed_data;
                }
            }
        }
    }
    assert_eq!(data_frames, frames);
    assert_eq!(data_failed, failed);

    // Re-encode what was decoded and decode it again.
    let mut q = OutQueue::default();
    for f in &frames {
        q.push_shared(f.more(), f.is_command(), Bytes::clone(&f.body));
    }
    let mut wire = BytesMut::new();
    while let Some(t) = q.poll() {
        wire.extend_from_slice(&t.to_vec());
    }
    let mut d = Decoder::new(-1);
    for f in &frames {
        let g = d.decode(&mut wire).expect("re-encoded frame decodes");
        assert_eq!(g.as_ref(), Some(f));
    }
    assert!(wire.is_empty());

    // The same bytes as ZMTP 1.0 frames, and their round trip.
    let mut d = V1Decoder::new(max);
    let mut buf = BytesMut::new();
    let mut frames: Vec<Frame> = Vec::new();
    'feed1: for piece in rest.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            match d.decode(&mut buf) {
                Ok(Some(f)) => {
                    if max >= 0 {
                        assert!(f.body.len() as i64 <= max);
                    }
                    assert!(!f.is_command());
                    frames.push(f);
                }
                Ok(None) => {
                    let _ = d.bytes_needed(&buf);
                    break;
                }
                Err(_) => break 'feed1,
            }
        }
    }
    let mut q = OutQueue::default();
    q.set_framing(Framing::V1);
    for f in &frames {
        q.push_shared(f.more(), false, Bytes::clone(&f.body));
    }
    let mut wire = BytesMut::new();
    while let Some(t) = q.poll() {
        wire.extend_from_slice(&t.to_vec());
    }
    let mut d = V1Decoder::new(-1);
    for f in &frames {
        let g = d.decode(&mut wire).expect("re-encoded 1.0 frame decodes");
        assert_eq!(g.as_ref(), Some(f));
    }
    assert!(wire.is_empty());
});
