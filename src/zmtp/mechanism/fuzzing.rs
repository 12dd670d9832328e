//! Entry points for the mechanism fuzz targets (fuzz/fuzz_targets/) and the
//! corpus replay test: each takes arbitrary bytes and must never panic.
//!
//! Input: a mode byte, then chunks of `length:u16le bytes` (a length past
//! the end takes what is left). Random bytes cannot forge a box, so most
//! modes run an honest peer up to some point and then either feed the
//! chunks as the next commands or XOR them over the honest command, which
//! reaches every check behind the cryptography.

use super::curve_client::CurveClient;
use super::curve_server::CurveServer;
use super::plain::{PlainClient, PlainServer};
use super::{Mechanism, OwnProperties, Secret32, SecretBytes, Status, ZapReply};
use crate::zmtp::frame::{FLAG_COMMAND, FLAG_MORE};
use crate::zmtp::socket_type::SocketType;
use bytes::{Bytes, BytesMut};

/// Fixed long-term keys, so inputs replay the same way (short-term keys
/// are still fresh per run).
const SERVER_SECRET: [u8; 32] = [0x51; 32];
const CLIENT_SECRET: [u8; 32] = [0xC1; 32];

fn public_of(secret: &[u8; 32]) -> [u8; 32] {
    crate::util::curve_keys::public_of(secret)
}

/// Splits the input into its mode byte and chunks.
fn parse(data: &[u8]) -> (u8, Vec<Bytes>) {
    let Some((&mode, mut rest)) = data.split_first() else {
        return (0, Vec::new());
    };
    let mut chunks = Vec::new();
    while let Some((len, tail)) = rest.split_first_chunk::<2>() {
        let len = usize::from(u16::from_le_bytes(*len)).min(tail.len());
        let (chunk, tail) = tail.split_at(len);
        chunks.push(Bytes::copy_from_slice(chunk));
        rest = tail;
    }
    (mode, chunks)
}

/// `honest` with `noise` XORed in from its start (cut or extended to the
/// noise's length when the mode says so).
fn mutate(honest: &[u8], noise: &[u8], resize: bool) -> Bytes {
    let mut v = honest.to_vec();
    if resize && !noise.is_empty() {
        v.resize(noise.len(), 0);
    }
    for (b, n) in v.iter_mut().zip(noise) {
        *b ^= n;
    }
    Bytes::from(v)
}

fn zap_reply(selector: u8) -> ZapReply {
    ZapReply {
        status_code: [200, 300, 400, 500, 200, 201]
            .get(usize::from(selector % 6))
            .copied()
            .unwrap_or(200),
        status_text: Bytes::new(),
        user_id: Bytes::from_static(b"fuzz"),
        metadata: Vec::new(),
    }
}

/// Lets `m` say and ask everything it has to; the ZAP handler answers by
/// `selector` (or is absent).
fn drain(m: &mut dyn Mechanism, selector: u8) -> Vec<Bytes> {
    let mut sent = Vec::new();
    for _ in 0..4 {
        if let Some(req) = m.poll_zap_request() {
            assert!(!req.mechanism.is_empty());
            let _ = if selector & 0x80 != 0 {
                m.zap_unavailable()
            } else {
                m.handle_zap_reply(zap_reply(selector))
            };
        }
        match m.next_handshake_command() {
            Ok(Some(cmd)) => sent.push(cmd.freeze()),
            _ => break,
        }
    }
    sent
}

/// Feeds commands to `m`, answering as it goes; stops at its first error.
/// Returns what `m` sent meanwhile.
fn feed(m: &mut dyn Mechanism, chunks: &[Bytes], selector: u8) -> Vec<Bytes> {
    let mut sent = Vec::new();
    for chunk in chunks {
        if m.process_handshake_command(chunk).is_err() {
            assert_ne!(m.status(), Status::Ready);
            break;
        }
        sent.extend(drain(m, selector));
    }
    sent
}

/// After Ready: chunks as received MESSAGE bodies, and each chunk boxed by
/// `from` must come out of `to` unchanged.
fn traffic(from: &mut dyn Mechanism, to: &mut dyn Mechanism, chunks: &[Bytes]) {
    if from.status() != Status::Ready || to.status() != Status::Ready {
        return;
    }
    for (i, chunk) in chunks.iter().enumerate() {
        let _ = to.decode(0, chunk.clone());
        let more = i % 2 == 1;
        let command = i % 3 == 1;
        let mut wire = BytesMut::new();
        if from.encode_into(more, command, chunk, &mut wire).is_err() {
            return;
        }
        let at = if wire.len() > 2 + 255 { 9 } else { 2 };
        let body = wire.split_off(at).freeze();
        if let Ok((flags, plain)) = to.decode(0, body) {
            assert_eq!(plain, *chunk);
            assert_eq!(flags & FLAG_MORE != 0, more);
            assert_eq!(flags & FLAG_COMMAND != 0, command);
        }
    }
}

fn curve_pair() -> Option<(CurveClient, CurveServer)> {
    let server_public = public_of(&SERVER_SECRET);
    let mut own = OwnProperties::new(SocketType::Dealer);
    own.routing_id = Bytes::from_static(b"fuzz");
    let client = CurveClient::new(
        &own,
        public_of(&CLIENT_SECRET),
        Secret32(CLIENT_SECRET),
        server_public,
    )
    .ok()?;
    let server = CurveServer::new(
        &OwnProperties::new(SocketType::Router),
        server_public,
        Secret32(SERVER_SECRET),
    )
    .ok()?;
    Some((client, server))
}

/// The CURVE server against arbitrary commands and mutated honest ones.
/// Returns whether the server reached Ready.
pub fn curve_server(data: &[u8]) -> bool {
    let Some((mut client, mut server)) = curve_pair() else {
        return false;
    };
    drive_curve_server(data, &mut client, &mut server);
    server.status() == Status::Ready
}

fn drive_curve_server(data: &[u8], client: &mut CurveClient, server: &mut CurveServer) {
    let (mode, chunks) = parse(data);
    let selector = chunks.first().and_then(|c| c.first()).copied().unwrap_or(0);
    let Some(hello) = drain(client, 0).pop() else {
        return;
    };
    match mode % 4 {
        0 => {
            feed(server, &chunks, selector);
        }
        1 => {
            let noise = chunks.first().cloned().unwrap_or_default();
            feed(
                server,
                &[mutate(&hello, &noise, mode & 0x10 != 0)],
                selector,
            );
            feed(server, chunks.get(1..).unwrap_or(&[]), selector);
        }
        _ => {
            for welcome in feed(server, &[hello], selector) {
                let _ = client.process_handshake_command(&welcome);
            }
            let Some(initiate) = drain(client, 0).pop() else {
                return;
            };
            if mode % 4 == 2 {
                let noise = chunks.first().cloned().unwrap_or_default();
                let initiate = mutate(&initiate, &noise, mode & 0x10 != 0);
                feed(server, &[initiate], selector);
                feed(server, chunks.get(1..).unwrap_or(&[]), selector);
            } else {
                for ready in feed(server, &[initiate], selector) {
                    let _ = client.process_handshake_command(&ready);
                }
                traffic(client, server, &chunks);
            }
        }
    }
}

/// The CURVE client against arbitrary WELCOME/READY/ERROR and mutated
/// honest ones.
/// Returns whether the client reached Ready.
pub fn curve_client(data: &[u8]) -> bool {
    let Some((mut client, mut server)) = curve_pair() else {
        return false;
    };
    drive_curve_client(data, &mut client, &mut server);
    client.status() == Status::Ready
}

fn drive_curve_client(data: &[u8], client: &mut CurveClient, server: &mut CurveServer) {
    let (mode, chunks) = parse(data);
    let selector = chunks.first().and_then(|c| c.first()).copied().unwrap_or(0);
    let Some(hello) = drain(client, 0).pop() else {
        return;
    };
    if mode % 4 == 0 {
        let _ = feed(client, &chunks, 0);
        return;
    }
    let Some(welcome) = feed(server, &[hello], selector).pop() else {
        return;
    };
    let noise = chunks.first().cloned().unwrap_or_default();
    if mode % 4 == 1 {
        feed(client, &[mutate(&welcome, &noise, mode & 0x10 != 0)], 0);
        feed(client, chunks.get(1..).unwrap_or(&[]), 0);
        return;
    }
    let Some(initiate) = feed(client, &[welcome], 0).pop() else {
        return;
    };
    let replies = feed(server, &[initiate], selector);
    if mode % 4 == 2 {
        for reply in &replies {
            feed(client, &[mutate(reply, &noise, mode & 0x10 != 0)], 0);
        }
        feed(client, chunks.get(1..).unwrap_or(&[]), 0);
    } else {
        feed(client, &replies, 0);
        traffic(server, client, &chunks);
    }
}

/// PLAIN client and server against arbitrary and mutated commands.
/// Returns whether both sides reached Ready.
pub fn plain_handshake(data: &[u8]) -> bool {
    let own = OwnProperties::new(SocketType::Req);
    let mut client = PlainClient::new(
        &own,
        Bytes::from_static(b"user"),
        SecretBytes(b"password".to_vec()),
    );
    let mut server = PlainServer::new(&OwnProperties::new(SocketType::Rep));
    drive_plain(data, &mut client, &mut server);
    client.status() == Status::Ready && server.status() == Status::Ready
}

fn drive_plain(data: &[u8], client: &mut PlainClient, server: &mut PlainServer) {
    let (mode, chunks) = parse(data);
    let selector = chunks.first().and_then(|c| c.first()).copied().unwrap_or(0);
    match mode % 3 {
        0 => {
            feed(server, &chunks, selector);
        }
        1 => {
            drain(client, 0);
            feed(client, &chunks, 0);
        }
        _ => {
            // An honest exchange where chunk i is XORed over command i.
            let mut i = 0usize;
            let mut to_server = drain(client, 0);
            for _ in 0..4 {
                let mut to_client = Vec::new();
                for cmd in to_server.drain(..) {
                    let noise = chunks.get(i).cloned().unwrap_or_default();
                    i = i.saturating_add(1);
                    let cmd = mutate(&cmd, &noise, mode & 0x10 != 0);
                    to_client.extend(feed(server, &[cmd], selector));
                }
                for cmd in to_client {
                    let noise = chunks.get(i).cloned().unwrap_or_default();
                    i = i.saturating_add(1);
                    let cmd = mutate(&cmd, &noise, mode & 0x10 != 0);
                    to_server.extend(feed(client, &[cmd], 0));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honest_inputs_reach_ready() {
        // Mode 3 with a chunk: honest handshake (ZAP 200), then traffic.
        assert!(curve_server(&[
            3, 1, 0, 0, 5, 0, b'h', b'e', b'l', b'l', b'o'
        ]));
        assert!(curve_client(&[3, 1, 0, 0, 44, 1]));
        assert!(plain_handshake(&[2]));
        assert!(plain_handshake(&[2, 0, 0]));
        assert!(!curve_server(&[0, 3, 0, 1, 2, 3]));
        for len in 0..64usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            curve_server(&data);
            curve_client(&data);
            plain_handshake(&data);
        }
    }
}
