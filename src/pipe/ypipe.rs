//! A lock-free single-producer single-consumer queue with libzmq's wake-up
//! protocol (`yqueue_t` + `ypipe_t`).
//!
//! Storage is a linked list of fixed-size chunks (`CHUNK` items each). The
//! reader hands the chunk it leaves to the writer through a one-slot `spare`
//! exchange, so a queue in steady state allocates nothing.
//!
//! Positions are counted from 0 for the life of the queue. The writer keeps
//! `back` (items pushed), `f` (end of the last complete message) and `w` (what
//! was last published); the reader keeps `front` (items popped) and `r` (what
//! it may read without touching shared state). The one shared word is `c`:
//! the published end, or `ASLEEP` when the reader found nothing and wants a
//! wake-up.
//!
//! - `flush` publishes with one CAS `c: w -> f`. If it fails, `c` was
//!   `ASLEEP`: the writer stores `f` and returns `false`, telling the caller
//!   to wake the reader (libzmq: send `activate_read`).
//! - `check_read` with nothing cached CASes `c: front -> ASLEEP`. Success
//!   means the queue is empty and the reader now sleeps; failure returns the
//!   newly published end.

use crate::util::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::ptr;
use std::sync::Arc;

/// Items per chunk: libzmq's `message_pipe_granularity`.
#[cfg(not(loom))]
const CHUNK: usize = 256;
/// Under loom, chunks of two: a few items cross chunk boundaries and reuse
/// the spare chunk, in a model small enough to explore exhaustively.
#[cfg(loom)]
const CHUNK: usize = 2;
const ASLEEP: u64 = u64::MAX;

struct Chunk<T> {
    values: [UnsafeCell<MaybeUninit<T>>; CHUNK],
    /// Written by the writer before the first item of the next chunk is
    /// published through `c`, so the reader sees it after its acquire on `c`.
    next: AtomicPtr<Chunk<T>>,
    /// Writer only: lets `unwrite` step back over a chunk boundary.
    prev: *mut Chunk<T>,
}

impl<T> Chunk<T> {
    fn alloc() -> *mut Chunk<T> {
        Box::into_raw(Box::new(Chunk {
            values: std::array::from_fn(|_| UnsafeCell::new(MaybeUninit::uninit())),
            next: AtomicPtr::new(ptr::null_mut()),
            prev: ptr::null_mut(),
        }))
    }
}

struct Shared<T> {
    /// Published end of readable items, or `ASLEEP`. Release on publish,
    /// acquire on read: the items below it are fully written.
    c: AtomicU64,
    /// One recycled chunk, exchanged with swap (reader puts, writer takes).
    spare: AtomicPtr<Chunk<T>>,
    /// Set by each end as it is dropped, so the last owner can free the items
    /// and chunks left in between.
    final_front: AtomicU64,
    final_front_chunk: AtomicPtr<Chunk<T>>,
    final_back: AtomicU64,
}

// SAFETY: the items are moved between threads (T: Send); every access to a
// chunk slot is ordered by `c` (see the module docs), and each end's private
// state lives in its own `Writer`/`Reader`.
unsafe impl<T: Send> Send for Shared<T> {}
// SAFETY: as above; shared fields are atomics.
unsafe impl<T: Send> Sync for Shared<T> {}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        // Both ends are gone: items in [front, back) are initialised.
        let mut pos = self.final_front.load(Ordering::Acquire);
        let back = self.final_back.load(Ordering::Acquire);
        let mut chunk = self.final_front_chunk.load(Ordering::Acquire);
        while pos < back {
            if pos.is_multiple_of(CHUNK as u64) && pos != 0 {
                // SAFETY: chunk is live; items beyond it were pushed, so next is set.
                let next = unsafe { (*chunk).next.load(Ordering::Relaxed) };
                // SAFETY: we own every chunk now; this one is finished.
                drop(unsafe { Box::from_raw(chunk) });
                chunk = next;
            }
            // SAFETY: slot `pos` is initialised and not yet dropped.
            unsafe { (*(*chunk).values[(pos % CHUNK as u64) as usize].get()).assume_init_drop() };
            pos += 1;
        }
        // The chunk holding `pos` (or the last one) and any later ones.
        while !chunk.is_null() {
            // SAFETY: chunks are owned by the queue; their items were dropped above.
            let next = unsafe { (*chunk).next.load(Ordering::Relaxed) };
            // SAFETY: as above.
            drop(unsafe { Box::from_raw(chunk) });
            chunk = next;
        }
        let spare = self.spare.load(Ordering::Acquire);
        if !spare.is_null() {
            // SAFETY: the spare chunk holds no items and is owned by the queue.
            drop(unsafe { Box::from_raw(spare) });
        }
    }
}

/// The writing end.
pub struct Writer<T> {
    shared: Arc<Shared<T>>,
    back_chunk: *mut Chunk<T>,
    back: u64,
    f: u64,
    w: u64,
}

/// The reading end.
pub struct Reader<T> {
    shared: Arc<Shared<T>>,
    front_chunk: *mut Chunk<T>,
    front: u64,
    r: u64,
}

// SAFETY: the raw chunk pointers are private to this end; see Shared.
unsafe impl<T: Send> Send for Writer<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Send for Reader<T> {}

/// A new empty queue.
pub fn ypipe<T>() -> (Writer<T>, Reader<T>) {
    let first = Chunk::alloc();
    let shared = Arc::new(Shared {
        c: AtomicU64::new(0),
        spare: AtomicPtr::new(ptr::null_mut()),
        final_front: AtomicU64::new(0),
        final_front_chunk: AtomicPtr::new(first),
        final_back: AtomicU64::new(0),
    });
    (
        Writer {
            shared: shared.clone(),
            back_chunk: first,
            back: 0,
            f: 0,
            w: 0,
        },
        Reader {
            shared,
            front_chunk: first,
            front: 0,
            r: 0,
        },
    )
}

impl<T> Writer<T> {
    /// Appends `value`. With `incomplete`, it stays invisible to the reader
    /// until a later complete item is written and flushed.
    pub fn write(&mut self, value: T, incomplete: bool) {
        let slot = (self.back % CHUNK as u64) as usize;
        if slot == 0 && self.back != 0 {
            let mut chunk = self.shared.spare.swap(ptr::null_mut(), Ordering::Acquire);
            if chunk.is_null() {
                chunk = Chunk::alloc();
            } else {
                // SAFETY: the reader gave this chunk up entirely; we own it.
                unsafe { (*chunk).next.store(ptr::null_mut(), Ordering::Relaxed) };
            }
            // SAFETY: chunk is ours; back_chunk is live (the reader never frees
            // the chunk the writer is on).
            unsafe {
                (*chunk).prev = self.back_chunk;
                (*self.back_chunk).next.store(chunk, Ordering::Release);
            }
            self.back_chunk = chunk;
        }
        // SAFETY: slot `back` is beyond everything published, so only the
        // writer touches it.
        unsafe { (*(*self.back_chunk).values[slot].get()).write(value) };
        self.back += 1;
        if !incomplete {
            self.f = self.back;
        }
    }

    /// Takes back the last item if it is not part of a complete message.
    pub fn unwrite(&mut self) -> Option<T> {
        if self.back == self.f {
            return None;
        }
        self.back -= 1;
        let slot = (self.back % CHUNK as u64) as usize;
        // SAFETY: slot `back` was written and never published.
        let value = unsafe { (*(*self.back_chunk).values[slot].get()).assume_init_read() };
        if slot == 0 && self.back != 0 {
            // The chunk is now empty and unpublished: step back and free it.
            let empty = self.back_chunk;
            // SAFETY: prev was set when this chunk was linked; the reader cannot
            // have reached `empty` (its first position is >= f).
            unsafe {
                self.back_chunk = (*empty).prev;
                (*self.back_chunk)
                    .next
                    .store(ptr::null_mut(), Ordering::Relaxed);
                drop(Box::from_raw(empty));
            }
        }
        Some(value)
    }

    /// Publishes every complete item. `false` when the reader was asleep and
    /// must be woken by the caller.
    pub fn flush(&mut self) -> bool {
        if self.w == self.f {
            return true;
        }
        // Release: the items below f are visible to the reader's acquire.
        let woke = match self.shared.c.compare_exchange(
            self.w,
            self.f,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => true,
            Err(_) => {
                // c is ASLEEP; the reader will not touch it until woken.
                self.shared.c.store(self.f, Ordering::Release);
                false
            }
        };
        self.w = self.f;
        woke
    }
}

impl<T> Drop for Writer<T> {
    fn drop(&mut self) {
        self.shared.final_back.store(self.back, Ordering::Release);
    }
}

impl<T> Reader<T> {
    /// Whether an item can be read. When not, the reader is asleep and the
    /// writer's next flush returns `false`.
    pub fn check_read(&mut self) -> bool {
        if self.front < self.r {
            return true;
        }
        match self.shared.c.compare_exchange(
            self.front,
            ASLEEP,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => false,
            Err(ASLEEP) => false,
            Err(end) => {
                self.r = end;
                end > self.front
            }
        }
    }

    /// The next item, without taking it.
    pub fn peek(&mut self) -> Option<&T> {
        if !self.check_read() {
            return None;
        }
        let chunk = self.chunk_for_front();
        let slot = (self.front % CHUNK as u64) as usize;
        // SAFETY: front < r: the slot is initialised and published.
        Some(unsafe { (*(*chunk).values[slot].get()).assume_init_ref() })
    }

    fn chunk_for_front(&self) -> *mut Chunk<T> {
        if self.front.is_multiple_of(CHUNK as u64) && self.front != 0 {
            // SAFETY: item `front` is published, so the writer linked its chunk.
            unsafe { (*self.front_chunk).next.load(Ordering::Acquire) }
        } else {
            self.front_chunk
        }
    }

    /// Takes the next item.
    pub fn read(&mut self) -> Option<T> {
        if !self.check_read() {
            return None;
        }
        let chunk = self.chunk_for_front();
        if chunk != self.front_chunk {
            let old = std::mem::replace(&mut self.front_chunk, chunk);
            // Recycle the finished chunk; free the previous spare if any.
            let prev = self.shared.spare.swap(old, Ordering::AcqRel);
            if !prev.is_null() {
                // SAFETY: the spare was owned by the queue and unused.
                drop(unsafe { Box::from_raw(prev) });
            }
        }
        let slot = (self.front % CHUNK as u64) as usize;
        // SAFETY: front < r: the slot is initialised and published; we move
        // it out and never read it again.
        let value = unsafe { (*(*chunk).values[slot].get()).assume_init_read() };
        self.front += 1;
        Some(value)
    }
}

impl<T> Drop for Reader<T> {
    fn drop(&mut self) {
        self.shared
            .final_front_chunk
            .store(self.front_chunk, Ordering::Relaxed);
        self.shared.final_front.store(self.front, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_thread_order_and_wakeups() {
        let (mut w, mut r) = ypipe::<u32>();
        assert!(!r.check_read()); // reader now asleep
        w.write(1, true);
        w.write(2, false);
        assert!(!w.flush()); // must wake the reader
        assert_eq!(r.read(), Some(1));
        assert_eq!(r.read(), Some(2));
        assert_eq!(r.read(), None);
        for i in 0..1000 {
            w.write(i, false);
        }
        assert!(!w.flush());
        for i in 0..1000 {
            assert_eq!(r.read(), Some(i));
        }
        w.write(7, false);
        w.write(8, true);
        assert_eq!(w.unwrite(), Some(8));
        assert_eq!(w.unwrite(), None);
        assert!(w.flush()); // the reader never found the queue empty
        assert_eq!(r.read(), Some(7));
    }

    #[test]
    fn unwrite_across_chunks_and_drop_leftovers() {
        let (mut w, mut r) = ypipe::<Box<u32>>();
        w.write(Box::new(0), false);
        for i in 1..600 {
            w.write(Box::new(i), true);
        }
        for _ in 1..600 {
            assert!(w.unwrite().is_some());
        }
        w.flush();
        assert_eq!(r.read().map(|b| *b), Some(0));
        for i in 0..700 {
            w.write(Box::new(i), i % 3 == 0);
        }
        w.flush();
        for i in 0..300 {
            assert_eq!(r.read().map(|b| *b), Some(i));
        }
        drop(r);
        drop(w); // leftovers freed without leaks (checked under miri/valgrind)
    }

    #[test]
    fn drop_at_chunk_boundaries_with_spare() {
        for (written, read) in [(512, 256), (1000, 600), (256, 256), (257, 0), (0, 0)] {
            let (mut w, mut r) = ypipe::<Box<u64>>();
            for i in 0..written {
                w.write(Box::new(i), false);
            }
            w.write(Box::new(7), true); // unflushed, incomplete
            w.flush();
            for i in 0..read {
                assert_eq!(r.read().map(|b| *b), Some(i));
            }
            if written % 2 == 0 {
                drop(w);
                drop(r);
            } else {
                drop(r);
                drop(w);
            }
        }
    }

    #[test]
    fn two_threads_millions() {
        const N: u64 = 2_000_000;
        let (mut w, mut r) = ypipe::<u64>();
        let t = std::thread::spawn(move || {
            for i in 0..N {
                w.write(i, false);
                if i % 7 == 0 {
                    w.flush();
                }
            }
            w.flush();
        });
        let mut expect = 0;
        while expect < N {
            match r.read() {
                Some(v) => {
                    assert_eq!(v, expect);
                    expect += 1;
                }
                None => std::thread::yield_now(),
            }
        }
        t.join().unwrap();
    }
}
