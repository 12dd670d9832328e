//! Routing strategies, pure data structures over `PipeSet`: load balancing,
//! fair queueing, distribution, the subscription trie.
