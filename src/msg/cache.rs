//! Recycles the blocks of message bodies between threads.
//!
//! A message is usually allocated by the sending thread and freed by the
//! receiving one. glibc serves such a free under the allocating arena's
//! lock (for blocks above its lock-free fastbin sizes), and the sender's
//! next malloc waits on the same lock, so at a few million messages a
//! second the two threads contend on it and the arena's top is trimmed and
//! faulted back in over and over (libzmq pays this too, less often).
//! Freed blocks of 50 B to 64 KiB are therefore kept here, per size class,
//! and handed to the next allocation of that class: one short critical
//! section each way instead of a malloc and a free. Small bodies
//! (glibc fastbins, freed without a lock) gain too: the sender's malloc
//! still takes the arena lock and the receiver's free still walks glibc's
//! checks, where the cache costs one uncontended lock on each side.
//!
//! Nobody ever waits on a class: both sides only `try_lock` it, and a class
//! held by another thread sends that one allocation or free to malloc, so
//! many threads sending the same size degrade to plain malloc, never to a
//! convoy on one lock.
//!
//! A block is taken only when it is at least as large as asked for; its
//! real size travels in the body's header, so it is freed with the layout
//! it was allocated with.
//!
//! A class has to hold a whole burst to help: a sender blocked at its high
//! water mark wakes when half the pipe has drained, and then allocates
//! several hundred messages in a row while the other thread frees as many.
//! So a class keeps up to `MAX_BLOCKS` blocks (the default high water
//! mark) or `CLASS_BUDGET` bytes, and all classes together at most
//! `TOTAL_BUDGET` bytes; beyond that, blocks go back to malloc.

use parking_lot::Mutex;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The smallest block a body that is not inline needs (header + 34 bytes).
const MIN_CACHED: usize = 50;
/// 64 KiB bodies and their header. The whole budget holds 64 such blocks;
/// a class of larger ones would hold too few to cover a burst.
pub(super) const MAX_CACHED: usize = 64 * 1024 + 64;
const CLASS_BUDGET: usize = 4 * 1024 * 1024;
const MIN_BLOCKS: usize = 4;
const MAX_BLOCKS: usize = 1000;
const TOTAL_BUDGET: usize = 4 * 1024 * 1024;
/// Classes per power of two: sizes within a class differ by at most 1/8.
const STEPS: u32 = 8;
const FIRST_OCTAVE: u32 = 5; // 32 < size <= 64
const LAST_OCTAVE: u32 = 16; // holds MAX_CACHED
const CLASSES: usize = ((LAST_OCTAVE - FIRST_OCTAVE + 1) * STEPS) as usize;
const _: () = assert!(MAX_CACHED - 1 < 1 << (LAST_OCTAVE + 1));

struct Block(NonNull<u8>);
// SAFETY: a cached block is memory no message refers to any more; whoever
// takes it out of the list owns it.
unsafe impl Send for Block {}

struct Class {
    blocks: Vec<(Block, usize)>,
}

static CACHE: [Mutex<Class>; CLASSES] =
    [const { Mutex::new(Class { blocks: Vec::new() }) }; CLASSES];

/// Bytes held by all classes together. Changed under a class lock; read
/// without one, so it may overshoot `TOTAL_BUDGET` by a block per thread.
static TOTAL: AtomicUsize = AtomicUsize::new(0);

/// Whether blocks of `size` bytes are cached (cheap: callers check it
/// first, so small and large messages skip the cache entirely).
#[inline]
pub(super) fn cached(size: usize) -> bool {
    (MIN_CACHED..=MAX_CACHED).contains(&size)
}

/// The class of a block of `size` bytes, if such blocks are cached.
fn class_of(size: usize) -> Option<usize> {
    if !cached(size) {
        return None;
    }
    let s = size - 1;
    let octave = usize::BITS - 1 - s.leading_zeros(); // >= FIRST_OCTAVE
    let shift = octave - STEPS.trailing_zeros();
    let step = (s >> shift) as u32 & (STEPS - 1);
    let idx = ((octave - FIRST_OCTAVE) * STEPS + step) as usize;
    (idx < CLASSES).then_some(idx)
}

fn limit(size: usize) -> usize {
    (CLASS_BUDGET / size.max(1)).clamp(MIN_BLOCKS, MAX_BLOCKS)
}

/// A cached block of at least `size` bytes, with its real size.
pub(super) fn take(size: usize) -> Option<(NonNull<u8>, usize)> {
    let idx = class_of(size)?;
    // Never wait: a class another thread holds just means malloc this time.
    let mut class = CACHE.get(idx)?.try_lock()?;
    match class.blocks.last() {
        Some((_, cap)) if *cap >= size => {
            let (block, cap) = class.blocks.pop()?;
            TOTAL.fetch_sub(cap, Ordering::Relaxed);
            Some((block.0, cap))
        }
        _ => None,
    }
}

/// Keeps a freed block of `cap` bytes for reuse; gives it back (`Err`)
/// when its class is full or not cached, for the caller to free.
pub(super) fn give(block: NonNull<u8>, cap: usize) -> Result<(), NonNull<u8>> {
    let Some(class) = class_of(cap).and_then(|i| CACHE.get(i)) else {
        return Err(block);
    };
    // Never wait: a class another thread holds means free this one.
    let Some(mut class) = class.try_lock() else {
        return Err(block);
    };
    let max = limit(cap);
    if class.blocks.len() >= max || TOTAL.load(Ordering::Relaxed) + cap > TOTAL_BUDGET {
        return Err(block);
    }
    if class.blocks.capacity() == 0 {
        // Once per class, so pushing below never allocates (nor fails).
        if class.blocks.try_reserve_exact(max).is_err() {
            return Err(block);
        }
    }
    class.blocks.push((Block(block), cap));
    TOTAL.fetch_add(cap, Ordering::Relaxed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_the_range_in_order() {
        assert_eq!(class_of(MIN_CACHED - 1), None);
        assert_eq!(class_of(MIN_CACHED), Some(4));
        assert_eq!(class_of(MAX_CACHED + 1), None);
        let mut last = 0;
        for size in (MIN_CACHED..=MAX_CACHED).step_by(7) {
            let c = class_of(size).unwrap();
            assert!(c >= last && c < CLASSES);
            last = c;
            // A class spans at most 1/8 of its sizes.
            let lo = (MIN_CACHED..=size)
                .rev()
                .take_while(|&s| class_of(s) == Some(c))
                .last()
                .unwrap();
            assert!(size - lo <= lo / 8, "{size} {lo}");
        }
    }
}
