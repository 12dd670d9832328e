//! Routing strategies, pure data structures over `PipeSet`: load balancing,
//! fair queueing, distribution, the subscription tries.
//!
//! Each keeps its pipes in one vector partitioned into an active prefix and
//! an inactive suffix, as libzmq's `array_t` does, so activation and
//! deactivation are O(1) swaps and the hot path never allocates.

mod active_pipes;
pub mod dist;
pub mod fq;
pub mod lb;
pub mod trie;

#[cfg(test)]
pub(crate) mod fake;

use crate::socket::pattern::PipeId;

/// Position of `id` in `pipes`; the vectors are small (one entry per peer).
pub(crate) fn index_of(pipes: &[PipeId], id: PipeId) -> Option<usize> {
    pipes.iter().position(|&p| p == id)
}
