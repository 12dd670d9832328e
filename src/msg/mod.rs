//! Messages.
//!
//! A [`Msg`] is one frame. It is small enough (at most 64 bytes, 8-aligned) to
//! live inside the caller's `zmq_msg_t`, and holds no pointer into itself, so C
//! code may `memcpy` a `zmq_msg_t` as libzmq allows.
//!
//! Kinds of body, chosen by an explicit `kind` byte (never a Rust enum
//! discriminant, so a garbage or closed `zmq_msg_t` can be recognised, see
//! [`c_slot`]):
//! - inline: up to [`MAX_INLINE`] bytes stored in the message itself, no
//!   allocation (libzmq's "very small message", same threshold);
//! - shared: a reference-counted `bytes::Bytes`: heap buffers, slices of the
//!   engine's read buffer (no copy), and caller-owned buffers from
//!   `zmq_msg_init_data` whose free function runs when the last reference goes;
//! - constant: a borrowed buffer that is never freed (`zmq_send_const`,
//!   `zmq_msg_init_data` without a free function);
//! - raw: a reference-counted block of our own ([`raw`]) holding count and
//!   body in one allocation, as libzmq's `content_t`: what
//!   `zmq_msg_init_size` makes, with the body left uninitialised for the C
//!   caller to fill, as libzmq does.
//!
//! Copy shares the body ([`Clone`], [`Msg::share`]); move transfers it.

mod c_slot;
mod cache;
mod metadata;
mod raw;
mod user;

pub use metadata::{Metadata, SOURCE_FD_PROPERTY};

use raw::RawBody;

use crate::capi::types::zmq_free_fn;
use crate::error::{Error, Result};
use bytes::Bytes;
use std::ffi::{CStr, CString};
use std::mem::ManuallyDrop;
use std::os::raw::c_void;
use std::sync::Arc;

/// Flag bits of a message frame.
pub const MORE: u8 = 1;
pub const COMMAND: u8 = 2;

/// Bodies up to this size are stored inline. 33 is libzmq's `max_vsm_size` on
/// 64-bit targets; using the same threshold makes `zmq_msg_get(ZMQ_SHARED)`
/// answer as libzmq does.
pub const MAX_INLINE: usize = 33;

/// The longest group name (ZMQ_GROUP_MAX_LENGTH of zmq.h).
pub const GROUP_MAX_LENGTH: usize = 255;

/// Values of the `kind` byte. 0 (what a zeroed or closed `zmq_msg_t` holds) and
/// anything else mean "not a message".
const KIND_CLOSED: u8 = 0;
const KIND_INLINE: u8 = 0x5a;
const KIND_SHARED: u8 = 0x5b;
const KIND_CONST: u8 = 0x5c;
const KIND_RAW: u8 = 0x5d;

#[repr(C)]
union Body {
    inline: [u8; MAX_INLINE],
    /// Live when kind is KIND_SHARED or KIND_CONST.
    shared: ManuallyDrop<Bytes>,
    /// Live when kind is KIND_RAW.
    raw: ManuallyDrop<RawBody>,
}

/// One message frame.
#[repr(C)]
pub struct Msg {
    body: Body,
    metadata: Option<Arc<Metadata>>,
    routing_id: u32,
    /// Body length when inline (<= MAX_INLINE); unused otherwise.
    inline_len: u8,
    /// MORE | COMMAND.
    flags: u8,
    /// 1 once the body has been shared by `zmq_msg_copy`; sticky, as libzmq's
    /// `shared` flag, and reported by `zmq_msg_get(ZMQ_SHARED)`.
    shared_flag: u8,
    /// Which member of `body` is live; checked before C memory is trusted.
    kind: u8,
    /// The RADIO/DISH group (zmq_msg_set_group), NUL-terminated so that
    /// zmq_msg_group can hand C a pointer into it. Rare: a pointer when unset.
    group: Option<Arc<CString>>,
}

// A Msg is written into the caller's zmq_msg_t.
const _: () = assert!(std::mem::size_of::<Msg>() <= 64);
const _: () = assert!(std::mem::align_of::<Msg>() <= 8);
const _: () =
    assert!(std::mem::align_of::<Msg>() <= std::mem::align_of::<crate::capi::types::zmq_msg_t>());
// Messages cross threads through pipes and I/O threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Msg>();
};

impl Msg {
    /// An empty frame.
    pub const fn new() -> Msg {
        Msg {
            body: Body {
                inline: [0; MAX_INLINE],
            },
            metadata: None,
            routing_id: 0,
            inline_len: 0,
            flags: 0,
            shared_flag: 0,
            kind: KIND_INLINE,
            group: None,
        }
    }

    fn from_shared(bytes: Bytes, kind: u8) -> Msg {
        Msg {
            body: Body {
                shared: ManuallyDrop::new(bytes),
            },
            metadata: None,
            routing_id: 0,
            inline_len: 0,
            flags: 0,
            shared_flag: 0,
            kind,
            group: None,
        }
    }

    fn from_raw_body(body: RawBody) -> Msg {
        Msg {
            body: Body {
                raw: ManuallyDrop::new(body),
            },
            metadata: None,
            routing_id: 0,
            inline_len: 0,
            flags: 0,
            shared_flag: 0,
            kind: KIND_RAW,
            group: None,
        }
    }

    fn inline_copy(data: &[u8]) -> Msg {
        let mut msg = Msg::new();
        let n = data.len().min(MAX_INLINE);
        // SAFETY: writing a Copy array member of a union is always safe to do;
        // it is the live member since msg is inline.
        let buf = unsafe { &mut msg.body.inline };
        buf[..n].copy_from_slice(&data[..n]);
        msg.inline_len = n as u8;
        msg
    }

    /// A frame of `size` zero bytes. Never aborts on a huge size: a failed
    /// allocation is `Error::NoMem`.
    pub fn with_size(size: usize) -> Result<Msg> {
        if size <= MAX_INLINE {
            let mut msg = Msg::new();
            msg.inline_len = size as u8;
            return Ok(msg);
        }
        let body = RawBody::alloc_zeroed(size).ok_or(Error::NoMem)?;
        Ok(Msg::from_raw_body(body))
    }

    /// A frame of `size` bytes whose content is not initialised
    /// (`zmq_msg_init_size`, as libzmq: the caller fills it through
    /// `zmq_msg_data`, and clearing it would cost more than the rest of the
    /// message's trip). Never aborts on a huge size: `Error::NoMem`.
    ///
    /// # Safety
    /// Nothing in Rust may read the body ([`Msg::data`], [`Msg::data_mut`],
    /// [`Msg::to_bytes`], a clone's `data`, ...) before it has been written,
    /// through [`Msg::data_ptr`] by Rust or by the foreign code that pointer
    /// was handed to. Only its size, flags and pointer may be looked at.
    pub unsafe fn with_size_uninit(size: usize) -> Result<Msg> {
        if size <= MAX_INLINE {
            return Msg::with_size(size);
        }
        // SAFETY: forwarded from this function's contract.
        let body = unsafe { RawBody::alloc_uninit(size) }.ok_or(Error::NoMem)?;
        Ok(Msg::from_raw_body(body))
    }

    /// A frame holding a copy of `data`.
    pub fn from_slice(data: &[u8]) -> Msg {
        if data.len() <= MAX_INLINE {
            Msg::inline_copy(data)
        } else {
            Msg::from_shared(Bytes::copy_from_slice(data), KIND_SHARED)
        }
    }

    /// A frame taking ownership of `data` (small bodies are copied inline and
    /// the vector freed).
    pub fn from_vec(data: Vec<u8>) -> Msg {
        if data.len() <= MAX_INLINE {
            Msg::inline_copy(&data)
        } else {
            Msg::from_shared(Bytes::from(data), KIND_SHARED)
        }
    }

    /// A frame sharing `data` without copying, whatever its size.
    pub fn from_bytes(data: Bytes) -> Msg {
        Msg::from_shared(data, KIND_SHARED)
    }

    /// A frame over a static buffer that is never freed.
    pub fn from_static(data: &'static [u8]) -> Msg {
        Msg::from_shared(Bytes::from_static(data), KIND_CONST)
    }

    /// A constant frame over a caller's buffer (`zmq_send_const`,
    /// `zmq_msg_init_data` with a NULL free function): never copied, never freed.
    ///
    /// # Safety
    /// `data` must be valid for reads of `size` bytes for as long as this
    /// message or any copy of it exists (also inside pipes and I/O threads);
    /// it may be NULL only when `size` is 0.
    pub unsafe fn from_raw_const(data: *const u8, size: usize) -> Msg {
        let slice: &'static [u8] = if data.is_null() || size == 0 {
            &[]
        } else {
            // SAFETY: the caller guarantees data is valid for size bytes for
            // the life of every copy of the message, which is all 'static
            // promises here.
            unsafe { std::slice::from_raw_parts(data, size) }
        };
        Msg::from_shared(Bytes::from_static(slice), KIND_CONST)
    }

    /// A frame over a caller's buffer that is released by `ffn(data, hint)`
    /// exactly once, when the last copy of the message goes (possibly on
    /// another thread).
    ///
    /// # Safety
    /// `data` must be valid for reads of `size` bytes until `ffn` is called,
    /// and may be NULL only when `size` is 0; `ffn` must be safe to call from
    /// any thread.
    pub unsafe fn from_raw_user(
        data: *mut u8,
        size: usize,
        ffn: zmq_free_fn,
        hint: *mut c_void,
    ) -> Msg {
        // SAFETY: forwarded from this function's contract.
        let owner = unsafe { user::UserBuffer::new(data, size, ffn, hint) };
        Msg::from_shared(Bytes::from_owner(owner), KIND_SHARED)
    }

    fn is_inline(&self) -> bool {
        self.kind == KIND_INLINE
    }

    fn shared_body(&self) -> Option<&Bytes> {
        if self.kind == KIND_SHARED || self.kind == KIND_CONST {
            // SAFETY: kind says `shared` is the live member.
            Some(unsafe { &self.body.shared })
        } else {
            None
        }
    }

    fn raw_body(&self) -> Option<&RawBody> {
        if self.kind == KIND_RAW {
            // SAFETY: kind says `raw` is the live member.
            Some(unsafe { &self.body.raw })
        } else {
            None
        }
    }

    pub fn data(&self) -> &[u8] {
        if let Some(b) = self.shared_body() {
            return b;
        }
        if let Some(r) = self.raw_body() {
            // with_size_uninit's contract: written before anyone reads.
            return r.as_slice();
        }
        // SAFETY: inline is a plain byte array; any bit pattern is valid.
        let buf = unsafe { &self.body.inline };
        buf.get(..self.inline_len as usize).unwrap_or(&[])
    }

    /// The body, writable. A body that other messages share, or that is
    /// constant or caller-owned, is first copied (copy-on-write), so writing
    /// never changes another message or a buffer we do not own.
    pub fn data_mut(&mut self) -> &mut [u8] {
        if self.kind == KIND_SHARED {
            // SAFETY: kind says `shared` is the live member.
            let unique = unsafe { self.body.shared.is_unique() };
            if unique {
                // Bytes reads the count with Relaxed; the Acquire fence pairs
                // with the Release decrement of a copy dropped on another
                // thread, so its last reads happen before our writes.
                std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
            } else {
                self.make_unique();
            }
        } else if self.kind == KIND_RAW {
            // SAFETY: kind says `raw` is the live member.
            if !unsafe { self.body.raw.is_unique() } {
                self.make_unique();
            }
        } else if self.kind == KIND_CONST {
            self.make_unique();
        }
        if self.kind == KIND_RAW {
            // SAFETY: kind says `raw` is the live member, and it is unique
            // (checked, or freshly copied), so `&mut self` is its only access
            // path; its bytes are initialised by with_size_uninit's contract.
            unsafe {
                let r = &self.body.raw;
                std::slice::from_raw_parts_mut(r.as_mut_ptr(), r.len())
            }
        } else if self.kind == KIND_SHARED {
            // SAFETY: the body is a heap buffer that no other Bytes refers to
            // (is_unique, or freshly copied), so `&mut self` is its only
            // access path; Bytes keeps it as a raw pointer, never behind `&`.
            unsafe {
                let b = &self.body.shared;
                std::slice::from_raw_parts_mut(b.as_ptr().cast_mut(), b.len())
            }
        } else {
            let len = self.inline_len as usize;
            // SAFETY: inline is a plain byte array; any bit pattern is valid.
            let buf = unsafe { &mut self.body.inline };
            buf.get_mut(..len).unwrap_or(&mut [])
        }
    }

    fn make_unique(&mut self) {
        let mut copy = Msg::from_shared(Bytes::from(self.data().to_vec()), KIND_SHARED);
        copy.metadata = self.metadata.take();
        copy.group = self.group.take();
        copy.routing_id = self.routing_id;
        copy.flags = self.flags;
        *self = copy;
    }

    /// Raw pointer to the body for `zmq_msg_data`. Unlike [`Msg::data_mut`]
    /// this never copies: as in libzmq, C writes through it are seen by every
    /// copy of the message (zmq_msg_copy(3) says not to do that).
    pub fn data_ptr(&mut self) -> *mut u8 {
        if let Some(r) = self.raw_body() {
            return r.as_mut_ptr();
        }
        match self.shared_body() {
            Some(b) => b.as_ptr().cast_mut(),
            // Taking the address of a union member reads nothing, so needs no unsafe.
            None => std::ptr::addr_of_mut!(self.body.inline).cast(),
        }
    }

    pub fn size(&self) -> usize {
        if let Some(r) = self.raw_body() {
            return r.len();
        }
        match self.shared_body() {
            Some(b) => b.len(),
            None => (self.inline_len as usize).min(MAX_INLINE),
        }
    }

    /// The body as `Bytes`: shared without copying when it is not inline.
    /// Lets the engine write large bodies straight from their buffer.
    pub fn to_bytes(&self) -> Bytes {
        if let Some(r) = self.raw_body() {
            // One small allocation for the Bytes' owner record; a raw body is
            // only turned into Bytes to be written out without a copy.
            return Bytes::from_owner(r.clone());
        }
        match self.shared_body() {
            Some(b) => b.clone(),
            None => Bytes::copy_from_slice(self.data()),
        }
    }

    /// The body as `Bytes`, moved out rather than cloned when it is not
    /// inline: no reference count is set up (cloning a `Bytes` made from a
    /// `Vec` allocates one), so the engine can queue a large body for
    /// writing without an allocation.
    pub fn into_bytes(mut self) -> Bytes {
        if self.kind == KIND_SHARED || self.kind == KIND_CONST {
            // SAFETY: kind says `shared` is the live member; it is taken
            // once, here, and kind is cleared so Drop does not touch it.
            let body = unsafe { ManuallyDrop::take(&mut self.body.shared) };
            self.kind = KIND_CLOSED;
            body
        } else if self.kind == KIND_RAW {
            // SAFETY: kind says `raw` is the live member; it is taken once,
            // here, and kind is cleared so Drop does not touch it.
            let raw = unsafe { ManuallyDrop::take(&mut self.body.raw) };
            self.kind = KIND_CLOSED;
            // One small allocation (the owner record), but no copy.
            Bytes::from_owner(raw)
        } else {
            Bytes::copy_from_slice(self.data())
        }
    }

    pub fn flags(&self) -> u8 {
        self.flags & (MORE | COMMAND)
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

    /// The metadata of the connection the message arrived on.
    /// The group set by [`Msg::set_group`], if any.
    pub fn group(&self) -> Option<&CStr> {
        self.group.as_deref().map(CString::as_c_str)
    }

    /// Sets the RADIO/DISH group: at most ZMQ_GROUP_MAX_LENGTH bytes, as libzmq.
    pub fn set_group(&mut self, group: &CStr) -> Result<()> {
        if group.to_bytes().len() > GROUP_MAX_LENGTH {
            return Err(Error::Inval);
        }
        self.group = Some(Arc::new(group.to_owned()));
        Ok(())
    }

    pub fn metadata(&self) -> Option<&Arc<Metadata>> {
        self.metadata.as_ref()
    }

    /// Attaches connection metadata (the engine does this to every frame it
    /// receives; one `Arc` clone, no allocation).
    pub fn set_metadata(&mut self, metadata: Option<Arc<Metadata>>) {
        self.metadata = metadata;
    }

    /// What `zmq_msg_get(ZMQ_SHARED)` reports: a constant body, or one that
    /// has been shared by a copy (sticky, as in libzmq).
    pub fn is_shared(&self) -> bool {
        self.kind == KIND_CONST || self.shared_flag != 0
    }

    /// `zmq_msg_copy`: a copy sharing the body; both this message and the
    /// copy then report `is_shared` unless the body is inline.
    pub fn share(&mut self) -> Msg {
        if !self.is_inline() {
            self.shared_flag = 1;
        }
        self.clone()
    }
}

impl Clone for Msg {
    /// Cheap: inline bodies are copied (at most 33 bytes), others shared.
    fn clone(&self) -> Msg {
        let mut copy = match (self.shared_body(), self.raw_body()) {
            (Some(b), _) => {
                let mut m = Msg::from_shared(b.clone(), self.kind);
                m.shared_flag = 1;
                m
            }
            (None, Some(r)) => {
                let mut m = Msg::from_raw_body(r.clone());
                m.shared_flag = 1;
                m
            }
            (None, None) => Msg::inline_copy(self.data()),
        };
        copy.metadata = self.metadata.clone();
        copy.group = self.group.clone();
        copy.routing_id = self.routing_id;
        copy.flags = self.flags;
        copy
    }
}

impl Default for Msg {
    fn default() -> Msg {
        Msg::new()
    }
}

impl Drop for Msg {
    fn drop(&mut self) {
        if self.kind == KIND_SHARED || self.kind == KIND_CONST {
            // SAFETY: kind says `shared` is the live member; it is dropped
            // once, here, and kind is cleared so nothing reads it again.
            unsafe { ManuallyDrop::drop(&mut self.body.shared) };
            self.kind = KIND_CLOSED;
        } else if self.kind == KIND_RAW {
            // SAFETY: kind says `raw` is the live member; dropped once, here.
            unsafe { ManuallyDrop::drop(&mut self.body.raw) };
            self.kind = KIND_CLOSED;
        }
    }
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            KIND_INLINE => "inline",
            KIND_SHARED => "shared",
            KIND_CONST => "const",
            KIND_RAW => "raw",
            _ => "closed",
        };
        f.debug_struct("Msg")
            .field("kind", &kind)
            .field("size", &self.size())
            .field("flags", &self.flags())
            .field("routing_id", &self.routing_id)
            .field("metadata", &self.metadata.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests;
