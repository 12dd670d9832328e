//! Metadata properties (RFC 37 "The NULL Security Mechanism" / READY):
//! `name-size:u8 name value-size:u32be value`, repeated.

use super::error::ProtocolError;
use bytes::{BufMut, Bytes, BytesMut};

/// Property name of the socket type.
pub const SOCKET_TYPE: &str = "Socket-Type";
/// Property name of the routing id.
pub const IDENTITY: &str = "Identity";

/// Properties in the order the peer sent them. Names are ASCII in practice;
/// any other byte is replaced (lossy), values are verbatim.
pub type Properties = Vec<(String, Bytes)>;

/// Whether `name` can be encoded (1..=255 bytes) with a value of `len`.
pub fn is_encodable(name: &str, value_len: usize) -> bool {
    !name.is_empty() && name.len() <= 255 && u32::try_from(value_len).is_ok()
}

/// Appends one property. Callers check [`is_encodable`] first; an
/// unencodable property is skipped rather than written corrupt.
pub fn put_property(out: &mut BytesMut, name: &str, value: &[u8]) {
    let (Ok(name_len), Ok(value_len)) = (u8::try_from(name.len()), u32::try_from(value.len()))
    else {
        return;
    };
    out.put_u8(name_len);
    out.extend_from_slice(name.as_bytes());
    out.put_u32(value_len);
    out.extend_from_slice(value);
}

/// Parses a property list. Like libzmq, any leftover or cut-short bytes are
/// an error; values are slices of `data` (no copy).
pub fn parse(data: &Bytes) -> Result<Properties, ProtocolError> {
    let mut props = Vec::new();
    let bad = || ProtocolError::InvalidMetadata;
    let mut rest: &[u8] = data;
    while let Some((&name_len, tail)) = rest.split_first() {
        let (name, tail) = tail
            .split_at_checked(usize::from(name_len))
            .ok_or_else(bad)?;
        let (raw_len, tail) = tail.split_first_chunk::<4>().ok_or_else(bad)?;
        let value_len = usize::try_from(u32::from_be_bytes(*raw_len)).map_err(|_| bad())?;
        let (value, tail) = tail.split_at_checked(value_len).ok_or_else(bad)?;
        let name = String::from_utf8_lossy(name).into_owned();
        props.push((name, data.slice_ref(value)));
        rest = tail;
    }
    Ok(props)
}

/// The first value of `name`; property names compare case-insensitively.
pub fn get<'a>(props: &'a [(String, Bytes)], name: &str) -> Option<&'a Bytes> {
    props
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut b = BytesMut::new();
        put_property(&mut b, "Socket-Type", b"DEALER");
        put_property(&mut b, "X-Empty", b"");
        let b = b.freeze();
        let p = parse(&b).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(get(&p, "socket-type").unwrap(), &b"DEALER"[..]);
        assert_eq!(get(&p, "X-Empty").unwrap(), &b""[..]);
    }

    #[test]
    fn cut_short_or_trailing_is_invalid() {
        let mut b = BytesMut::new();
        put_property(&mut b, "A", b"xyz");
        let full = b.freeze();
        for cut in 1..full.len() {
            assert_eq!(
                parse(&full.slice(..cut)),
                Err(ProtocolError::InvalidMetadata)
            );
        }
        let mut t = full.to_vec();
        t.push(0);
        assert_eq!(parse(&Bytes::from(t)), Err(ProtocolError::InvalidMetadata));
        let huge = Bytes::from_static(b"\x01A\xff\xff\xff\xff");
        assert_eq!(parse(&huge), Err(ProtocolError::InvalidMetadata));
    }
}
