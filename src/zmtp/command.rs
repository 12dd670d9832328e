//! Command frames (RFC 37 "Commands"): `name-size:u8 name data`.

use bytes::Bytes;

pub const READY: &[u8] = b"READY";
pub const ERROR: &[u8] = b"ERROR";
pub const SUBSCRIBE: &[u8] = b"SUBSCRIBE";
pub const CANCEL: &[u8] = b"CANCEL";
pub const PING: &[u8] = b"PING";
pub const PONG: &[u8] = b"PONG";

/// `\x09SUBSCRIBE`: the prefix of a ZMTP 3.1 subscription command body.
pub const SUBSCRIBE_PREFIX: &[u8] = b"\x09SUBSCRIBE";
/// `\x06CANCEL`.
pub const CANCEL_PREFIX: &[u8] = b"\x06CANCEL";
/// `\x04PING`.
pub const PING_PREFIX: &[u8] = b"\x04PING";
/// `\x04PONG`.
pub const PONG_PREFIX: &[u8] = b"\x04PONG";

/// A PONG echoes at most this much of the PING's context (RFC 37).
pub const MAX_PING_CONTEXT: usize = 16;

/// A parsed command: its name and the bytes after it (shared with the frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub name: Bytes,
    pub data: Bytes,
}

impl Command {
    /// Splits a command frame body. `None` when the body is empty or the
    /// name runs past its end.
    pub fn parse(body: &Bytes) -> Option<Command> {
        let name_len = usize::from(*body.first()?);
        let end = 1 + name_len;
        if body.len() < end {
            return None;
        }
        Some(Command {
            name: body.slice(1..end),
            data: body.slice(end..),
        })
    }

    pub fn is(&self, name: &[u8]) -> bool {
        self.name[..] == *name
    }
}

/// The prefix `name-size name` of a command body; `name` is at most 255.
pub fn prefix(name: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(name.len().saturating_add(1));
    v.push(u8::try_from(name.len()).unwrap_or(u8::MAX));
    v.extend_from_slice(name.get(..255).unwrap_or(name));
    v
}

/// Reads a data frame as a ZMTP 3.0-style subscription: `\x01topic`
/// subscribes, `\x00topic` cancels. `Some((subscribe, topic))`, the topic
/// shared with `body`. libzmq's XPUB reads the first frame of any incoming
/// message this way, whatever the peer's version.
pub fn legacy_subscription(body: &Bytes) -> Option<(bool, Bytes)> {
    match body.first() {
        Some(1) => Some((true, body.slice(1..))),
        Some(0) => Some((false, body.slice(1..))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_subscriptions() {
        let sub = Bytes::from_static(b"\x01ab");
        assert_eq!(
            legacy_subscription(&sub),
            Some((true, Bytes::from_static(b"ab")))
        );
        let cancel = Bytes::from_static(b"\x00");
        assert_eq!(legacy_subscription(&cancel), Some((false, Bytes::new())));
        assert_eq!(legacy_subscription(&Bytes::from_static(b"\x02")), None);
        assert_eq!(legacy_subscription(&Bytes::new()), None);
    }

    #[test]
    fn parse_commands() {
        let c = Command::parse(&Bytes::from_static(b"\x05READYabc")).unwrap();
        assert!(c.is(READY));
        assert_eq!(&c.data[..], b"abc");
        assert!(Command::parse(&Bytes::new()).is_none());
        assert!(Command::parse(&Bytes::from_static(b"\x05READ")).is_none());
        let c = Command::parse(&Bytes::from_static(b"\x00")).unwrap();
        assert!(c.name.is_empty() && c.data.is_empty());
        assert_eq!(prefix(SUBSCRIBE), SUBSCRIBE_PREFIX);
        assert_eq!(prefix(CANCEL), CANCEL_PREFIX);
    }
}
