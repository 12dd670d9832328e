//! Connection metadata: the properties a peer announced in its ZMTP handshake
//! (Socket-Type, Identity, ...) plus the ones the engine adds (Peer-Address,
//! User-Id). Built once per connection, then shared read-only by every message
//! received on it through an `Arc`, and read by `zmq_msg_gets`.

use std::ffi::CStr;

/// An immutable list of name/value properties. Names compare ASCII
/// case-insensitively, as ZMTP 3 (RFC 37) says property names do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Metadata {
    properties: Vec<Property>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Property {
    name: String,
    /// The value followed by one NUL, so C callers can be handed a pointer to
    /// it as a string that lives as long as the metadata does.
    value_nul: Vec<u8>,
}

/// The property holding the fd a message was received on, read by
/// `zmq_msg_get(ZMQ_SRCFD)` (libzmq's name, also visible to `zmq_msg_gets`).
pub const SOURCE_FD_PROPERTY: &str = "__fd";

/// The name libzmq 4.3 still answers for the routing id of the peer.
const DEPRECATED_IDENTITY: &str = "Identity";
const ROUTING_ID: &str = "Routing-Id";

impl Metadata {
    /// Metadata holding `properties` in order. A later property with the same
    /// name as an earlier one is shadowed by the earlier one.
    pub fn from_properties<I, N, V>(properties: I) -> Metadata
    where
        I: IntoIterator<Item = (N, V)>,
        N: Into<String>,
        V: AsRef<[u8]>,
    {
        let properties = properties
            .into_iter()
            .map(|(name, value)| {
                let value = value.as_ref();
                let mut value_nul = Vec::with_capacity(value.len() + 1);
                value_nul.extend_from_slice(value);
                value_nul.push(0);
                Property {
                    name: name.into(),
                    value_nul,
                }
            })
            .collect();
        Metadata { properties }
    }

    /// The value of property `name` (case-insensitive). As in libzmq,
    /// "Identity" falls back to "Routing-Id" when absent.
    pub fn get(&self, name: impl AsRef<[u8]>) -> Option<&[u8]> {
        let name = name.as_ref();
        self.find(name)
            .or_else(|| {
                if name.eq_ignore_ascii_case(DEPRECATED_IDENTITY.as_bytes()) {
                    self.find(ROUTING_ID.as_bytes())
                } else {
                    None
                }
            })
            .map(|p| p.value_nul.split_last().map_or(&[][..], |(_, v)| v))
    }

    /// The value of property `name` as a C string (cut at its first NUL, as
    /// C sees it); the pointer lives as long as `self`.
    pub fn get_cstr(&self, name: impl AsRef<[u8]>) -> Option<&CStr> {
        let name = name.as_ref();
        let p = self.find(name).or_else(|| {
            if name.eq_ignore_ascii_case(DEPRECATED_IDENTITY.as_bytes()) {
                self.find(ROUTING_ID.as_bytes())
            } else {
                None
            }
        })?;
        CStr::from_bytes_until_nul(&p.value_nul).ok()
    }

    /// All properties in order, as (name, value).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.properties.iter().map(|p| {
            (
                p.name.as_str(),
                p.value_nul.split_last().map_or(&[][..], |(_, v)| v),
            )
        })
    }

    pub fn len(&self) -> usize {
        self.properties.len()
    }

    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    fn find(&self, name: &[u8]) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| p.name.as_bytes().eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive() {
        let m = Metadata::from_properties([("Socket-Type", "DEALER"), ("X-Hello", "world")]);
        assert_eq!(m.get("socket-type"), Some(&b"DEALER"[..]));
        assert_eq!(m.get("SOCKET-TYPE"), Some(&b"DEALER"[..]));
        assert_eq!(
            m.get_cstr("x-hello").map(|c| c.to_bytes()),
            Some(&b"world"[..])
        );
        assert_eq!(m.get("Peer-Address"), None);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn identity_falls_back_to_routing_id() {
        let m = Metadata::from_properties([("Routing-Id", "abc")]);
        assert_eq!(m.get("Identity"), Some(&b"abc"[..]));
        let m = Metadata::from_properties([("Identity", "x"), ("Routing-Id", "abc")]);
        assert_eq!(m.get("Identity"), Some(&b"x"[..]));
    }

    #[test]
    fn binary_values_are_kept_whole_but_cut_for_c() {
        let m = Metadata::from_properties([("Routing-Id", &b"a\0b"[..])]);
        assert_eq!(m.get("Routing-Id"), Some(&b"a\0b"[..]));
        assert_eq!(
            m.get_cstr("Routing-Id").map(|c| c.to_bytes()),
            Some(&b"a"[..])
        );
    }
}
