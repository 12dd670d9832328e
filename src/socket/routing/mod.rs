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
mod pipe_array;
pub mod trie;

#[cfg(test)]
pub(crate) mod fake;
