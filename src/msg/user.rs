//! Bodies owned by the C caller (`zmq_msg_init_data`): the caller's free
//! function runs exactly once, when the last message sharing the body goes.

use crate::capi::types::zmq_free_fn;
use std::os::raw::c_void;

/// A caller-provided buffer and how to give it back. `bytes::Bytes::from_owner`
/// keeps it behind a reference count and drops it with the last reference,
/// which gives exactly-once release without a refcount of our own.
pub(super) struct UserBuffer {
    data: *mut u8,
    size: usize,
    ffn: zmq_free_fn,
    hint: *mut c_void,
}

// SAFETY: zmq_msg_init_data(3) hands the buffer over to the library: the
// caller may not touch it until ffn runs, and libzmq documents that ffn may
// be called from any thread (its I/O threads release sent messages). The
// pointers are only read through `as_ref` or passed to ffn.
unsafe impl Send for UserBuffer {}
// SAFETY: shared access is read-only (`as_ref`); see `Send` above.
unsafe impl Sync for UserBuffer {}

impl UserBuffer {
    /// # Safety
    /// `data` must be valid for reads of `size` bytes until `ffn(data, hint)`
    /// is called, and must not be NULL unless `size` is 0.
    pub(super) unsafe fn new(
        data: *mut u8,
        size: usize,
        ffn: zmq_free_fn,
        hint: *mut c_void,
    ) -> UserBuffer {
        UserBuffer {
            data,
            size,
            ffn,
            hint,
        }
    }
}

impl AsRef<[u8]> for UserBuffer {
    fn as_ref(&self) -> &[u8] {
        if self.data.is_null() || self.size == 0 {
            return &[];
        }
        // SAFETY: `new`'s contract: data is valid for `size` bytes until ffn runs,
        // and ffn only runs in `drop`, after every borrow has ended.
        unsafe { std::slice::from_raw_parts(self.data, self.size) }
    }
}

impl Drop for UserBuffer {
    fn drop(&mut self) {
        // SAFETY: ffn is the caller's release function for exactly this
        // (data, hint); Drop runs once, so it is called exactly once.
        unsafe { (self.ffn)(self.data.cast(), self.hint) }
    }
}
