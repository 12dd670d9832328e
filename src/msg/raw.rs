//! Heap bodies allocated by the library (`zmq_msg_init_size`): one block
//! holding a reference count, the length and the body, as libzmq's
//! `content_t`. One allocation per message, and none more when the message
//! is copied (a `bytes::Bytes` built from a `Vec` allocates its shared
//! header on the first clone).
//!
//! Blocks of middle sizes are recycled between threads by [`super::cache`].
//!
//! The body may be left uninitialised ([`RawBody::alloc_uninit`]): the C
//! caller of `zmq_msg_init_size` fills it through `zmq_msg_data`, and libzmq
//! does not clear it either (clearing a 64 KiB body costs more than
//! everything else a message does). Rust code therefore never looks at the
//! body through a reference or a read until foreign code has had the chance
//! to write it; see `alloc_uninit`'s contract.

use super::cache;
use std::alloc::Layout;
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicU32, Ordering};

#[repr(C)]
struct Header {
    refs: AtomicU32,
    /// The block's size when it may be larger than `BODY_OFFSET + len` (a
    /// recycled block, at most `cache::MAX_CACHED`); 0: exactly that.
    cap: u32,
    len: usize,
}

/// The body starts right after the header; 16-aligned as malloc's blocks,
/// so `zmq_msg_data` is as aligned as libzmq's (and as a `Vec`'s was).
const ALIGN: usize = 16;
const BODY_OFFSET: usize = 16;
const _: () = assert!(std::mem::size_of::<Header>() <= BODY_OFFSET);
const _: () = assert!(BODY_OFFSET.is_multiple_of(ALIGN));

/// One reference to a raw body. Clone adds a reference, drop removes one;
/// the last one frees the block.
pub(super) struct RawBody(NonNull<Header>);

// SAFETY: the block is reference-counted with atomics (as `Arc<[u8]>`);
// the body is written only through a unique reference (`is_unique`) or by
// the C caller through `zmq_msg_data`, which zmq_msg_copy(3) forbids once
// the message is shared; the free happens once, after an Acquire fence.
unsafe impl Send for RawBody {}
// SAFETY: shared access only reads the length and the count (atomic).
unsafe impl Sync for RawBody {}

fn block_layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size, ALIGN).ok()
}

const _: () = assert!(cache::MAX_CACHED <= u32::MAX as usize);

impl RawBody {
    /// A body of `len` bytes whose content is left as the allocator hands
    /// it out. `None` when the allocation fails (or `len` is absurd).
    ///
    /// # Safety
    /// The body is uninitialised: the caller must not let Rust read it (nor
    /// make a `&[u8]` over it: `as_slice`, `AsRef`, `Msg::data`) before it
    /// has been written, by Rust through `as_mut_ptr` or by foreign code
    /// that received that pointer (`zmq_msg_data`). Once the pointer has
    /// been handed to C, Rust cannot see whether C wrote the bytes, so any
    /// later look at them is a look at memory written by foreign code, as
    /// for a buffer filled by a syscall; libzmq sends such bytes as they
    /// are as well.
    pub(super) unsafe fn alloc_uninit(len: usize) -> Option<RawBody> {
        let size = BODY_OFFSET.checked_add(len)?;
        let recycled = if cache::cached(size) {
            cache::take(size)
        } else {
            None
        };
        let (p, cap) = match recycled {
            // A recycled block's size fits in u32 (at most MAX_CACHED).
            Some((p, cap)) => (p, cap as u32),
            None => {
                let layout = block_layout(size)?;
                // SAFETY: the layout's size is at least BODY_OFFSET > 0.
                let p = NonNull::new(unsafe { std::alloc::alloc(layout) })?;
                (
                    p,
                    if size <= cache::MAX_CACHED {
                        size as u32
                    } else {
                        0
                    },
                )
            }
        };
        let p = p.cast::<Header>();
        // SAFETY: p is a block of at least `size` bytes, ALIGN-aligned, that
        // nothing else refers to (fresh, or taken out of the cache); the
        // header is written, the body is not touched.
        unsafe {
            p.as_ptr().write(Header {
                refs: AtomicU32::new(1),
                cap,
                len,
            })
        };
        Some(RawBody(p))
    }

    /// A body of `len` zero bytes.
    pub(super) fn alloc_zeroed(len: usize) -> Option<RawBody> {
        // SAFETY: the body is fully written below before anything else
        // can see it.
        let body = unsafe { RawBody::alloc_uninit(len)? };
        // SAFETY: as_mut_ptr is valid for len bytes of writes.
        unsafe { body.as_mut_ptr().write_bytes(0, len) };
        Some(body)
    }

    fn header(&self) -> &Header {
        // SAFETY: the block lives as long as any reference to it.
        unsafe { self.0.as_ref() }
    }

    pub(super) fn len(&self) -> usize {
        self.header().len
    }

    /// The body's address. Writing through it is allowed while the body is
    /// unique (see `is_unique`); never reads anything.
    pub(super) fn as_mut_ptr(&self) -> *mut u8 {
        // SAFETY: BODY_OFFSET is within the block (the layout's size is
        // BODY_OFFSET + len), and the result stays inside it or one past.
        unsafe { self.0.as_ptr().cast::<u8>().add(BODY_OFFSET) }
    }

    /// The body as bytes.
    ///
    /// Callers must respect `alloc_uninit`'s contract (that is why `Msg`
    /// only builds uninitialised bodies for `zmq_msg_init_size`).
    pub(super) fn as_slice(&self) -> &[u8] {
        // SAFETY: the block holds len body bytes after the header, alive as
        // long as `self`; they are initialised by alloc_uninit's contract
        // (written by Rust, or by the C caller through zmq_msg_data).
        unsafe { std::slice::from_raw_parts(self.as_mut_ptr(), self.len()) }
    }

    /// Whether this is the only reference (the body may then be written).
    pub(super) fn is_unique(&self) -> bool {
        // Acquire pairs with the Release decrement of a reference dropped
        // on another thread, so its last reads happen before our writes.
        self.header().refs.load(Ordering::Acquire) == 1
    }
}

impl Clone for RawBody {
    fn clone(&self) -> RawBody {
        // Relaxed, as Arc: the new reference is made from an existing one.
        let old = self.header().refs.fetch_add(1, Ordering::Relaxed);
        // A count this large means references are leaked in a loop; abort
        // rather than wrap and free early (as Arc does).
        if old > i32::MAX as u32 {
            std::process::abort();
        }
        RawBody(self.0)
    }
}

impl Drop for RawBody {
    fn drop(&mut self) {
        if self.header().refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Every other reference's use happens before the free (or reuse).
        fence(Ordering::Acquire);
        let h = self.header();
        let size = match h.cap {
            0 => BODY_OFFSET + h.len, // did not overflow at allocation
            cap => cap as usize,
        };
        let mut block = self.0.cast::<u8>();
        if cache::cached(size) {
            match cache::give(block, size) {
                Ok(()) => return,
                Err(b) => block = b,
            }
        }
        // The layout was valid at allocation with this same size.
        if let Some(layout) = block_layout(size) {
            // SAFETY: the block was allocated by alloc_uninit with this
            // layout, and this was the last reference, so nothing uses it.
            unsafe { std::alloc::dealloc(block.as_ptr(), layout) };
        }
    }
}

/// Lets a raw body travel as `bytes::Bytes` (the engine writes large bodies
/// straight from their buffer).
impl AsRef<[u8]> for RawBody {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeroed_clone_unique_and_free_once() {
        let a = RawBody::alloc_zeroed(100).unwrap();
        assert_eq!(a.len(), 100);
        assert!(a.as_slice().iter().all(|&b| b == 0));
        assert_eq!(a.as_mut_ptr() as usize % ALIGN, 0);
        assert!(a.is_unique());
        let b = a.clone();
        assert!(!a.is_unique() && !b.is_unique());
        let t = std::thread::spawn(move || drop(b));
        t.join().unwrap();
        assert!(a.is_unique());
        assert!(RawBody::alloc_zeroed(usize::MAX).is_none());
        assert!(RawBody::alloc_zeroed(usize::MAX - 8).is_none());
    }

    #[test]
    fn recycled_blocks_keep_their_size() {
        // A size class no other test uses, so the block comes back here.
        let a = RawBody::alloc_zeroed(13_000).unwrap();
        let p = a.as_mut_ptr();
        drop(a);
        let b = RawBody::alloc_zeroed(12_990).unwrap();
        assert_eq!(b.as_mut_ptr(), p, "reused");
        assert_eq!(b.len(), 12_990);
        assert!(b.as_slice().iter().all(|&x| x == 0));
        // Too large for the cached block: a new one.
        let c = RawBody::alloc_zeroed(13_000).unwrap();
        assert_eq!(c.len(), 13_000);
        drop(b);
        drop(c);
        for n in [
            200,
            1024,
            5000,
            cache::MAX_CACHED,
            cache::MAX_CACHED + 1,
            100_000,
        ] {
            let v: Vec<RawBody> = (0..100)
                .map(|_| RawBody::alloc_zeroed(n).unwrap())
                .collect();
            assert!(v.iter().all(|b| b.len() == n && b.as_slice()[n - 1] == 0));
        }
    }

    #[test]
    fn uninit_body_written_then_read() {
        // SAFETY: written in full before it is read.
        let a = unsafe { RawBody::alloc_uninit(64) }.unwrap();
        // SAFETY: valid for 64 bytes of writes; the body is unique.
        unsafe { a.as_mut_ptr().write_bytes(7, 64) };
        assert_eq!(a.as_slice(), &[7; 64]);
        let bytes = bytes::Bytes::from_owner(a.clone());
        assert_eq!(bytes.as_ptr(), a.as_mut_ptr().cast_const());
        drop(a);
        assert_eq!(&bytes[..], &[7; 64]);
    }
}
