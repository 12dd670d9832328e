//! Messages.
//!
//! PROVISIONAL: this body is a placeholder with the final public API; it is
//! replaced by the 64-byte in-place representation described in DESIGN.md
//! (inline / shared / user / constant kinds, no self-pointers).

use crate::error::{Error, Result};

/// Flag bits of a message frame.
pub const MORE: u8 = 1;
pub const COMMAND: u8 = 2;

/// One message frame.
#[derive(Clone, Default)]
pub struct Msg {
    body: Vec<u8>,
    flags: u8,
    routing_id: u32,
}

impl Msg {
    /// An empty frame.
    pub fn new() -> Msg {
        Msg::default()
    }

    /// A frame of `size` zero bytes.
    pub fn with_size(size: usize) -> Result<Msg> {
        let mut body = Vec::new();
        body.try_reserve_exact(size).map_err(|_| Error::NoMem)?;
        body.resize(size, 0);
        Ok(Msg {
            body,
            ..Msg::default()
        })
    }

    /// A frame holding a copy of `data`.
    pub fn from_slice(data: &[u8]) -> Msg {
        Msg {
            body: data.to_vec(),
            ..Msg::default()
        }
    }

    /// A frame taking ownership of `data` without copying.
    pub fn from_vec(data: Vec<u8>) -> Msg {
        Msg {
            body: data,
            ..Msg::default()
        }
    }

    /// A frame sharing `data` without copying.
    pub fn from_bytes(data: bytes::Bytes) -> Msg {
        Msg {
            body: data.to_vec(),
            ..Msg::default()
        }
    }

    pub fn data(&self) -> &[u8] {
        &self.body
    }

    pub fn data_mut(&mut self) -> &mut [u8] {
        &mut self.body
    }

    pub fn size(&self) -> usize {
        self.body.len()
    }

    pub fn flags(&self) -> u8 {
        self.flags
    }

    pub fn more(&self) -> bool {
        self.flags & MORE != 0
    }

    pub fn set_more(&mut self, more: bool) {
        if more {
            self.flags |= MORE;
        } else {
            self.flags &= !MORE;
        }
    }

    pub fn is_command(&self) -> bool {
        self.flags & COMMAND != 0
    }

    pub fn set_command(&mut self, command: bool) {
        if command {
            self.flags |= COMMAND;
        } else {
            self.flags &= !COMMAND;
        }
    }

    pub fn routing_id(&self) -> u32 {
        self.routing_id
    }

    pub fn set_routing_id(&mut self, id: u32) {
        self.routing_id = id;
    }
}
