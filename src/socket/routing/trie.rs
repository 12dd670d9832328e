//! Subscription tries (libzmq `trie_t` and `mtrie_t`).
//!
//! `Trie` counts subscriptions per prefix (SUB/XSUB filter); `MTrie` keeps
//! the set of pipes subscribed to each prefix (PUB/XPUB). A message matches
//! a subscription when the subscription is a prefix of its first frame; the
//! empty subscription matches everything.
//!
//! Nodes live in an arena and are linked by index, so neither lookups,
//! pruning nor dropping recurse: subscriptions come from peers and may be
//! arbitrarily long.

use crate::socket::pattern::PipeId;

const ROOT: usize = 0;

#[derive(Debug, Default)]
struct Node<V> {
    parent: usize,
    /// The byte on the edge from `parent`.
    byte: u8,
    /// Sorted by byte.
    children: Vec<(u8, usize)>,
    value: V,
}

/// A byte trie with one value per node.
#[derive(Debug)]
struct Tree<V> {
    nodes: Vec<Node<V>>,
    free: Vec<usize>,
}

impl<V: Default> Tree<V> {
    fn new() -> Self {
        Tree {
            nodes: vec![Node::default()],
            free: Vec::new(),
        }
    }

    fn child(&self, node: usize, byte: u8) -> Option<usize> {
        let children = &self.nodes[node].children;
        children
            .binary_search_by_key(&byte, |&(b, _)| b)
            .ok()
            .map(|i| children[i].1)
    }

    fn find(&self, prefix: &[u8]) -> Option<usize> {
        let mut node = ROOT;
        for &b in prefix {
            node = self.child(node, b)?;
        }
        Some(node)
    }

    fn find_or_insert(&mut self, prefix: &[u8]) -> usize {
        let mut node = ROOT;
        for &b in prefix {
            node = match self.nodes[node]
                .children
                .binary_search_by_key(&b, |&(c, _)| c)
            {
                Ok(i) => self.nodes[node].children[i].1,
                Err(i) => {
                    let fresh = Node {
                        parent: node,
                        byte: b,
                        children: Vec::new(),
                        value: V::default(),
                    };
                    let new = match self.free.pop() {
                        Some(slot) => {
                            self.nodes[slot] = fresh;
                            slot
                        }
                        None => {
                            self.nodes.push(fresh);
                            self.nodes.len() - 1
                        }
                    };
                    self.nodes[node].children.insert(i, (b, new));
                    new
                }
            };
        }
        node
    }

    /// Removes `node` and its ancestors while they hold nothing.
    fn prune(&mut self, mut node: usize, is_empty: impl Fn(&V) -> bool) {
        while node != ROOT
            && self.nodes[node].children.is_empty()
            && is_empty(&self.nodes[node].value)
        {
            let parent = self.nodes[node].parent;
            let byte = self.nodes[node].byte;
            let siblings = &mut self.nodes[parent].children;
            if let Ok(i) = siblings.binary_search_by_key(&byte, |&(b, _)| b) {
                siblings.remove(i);
            }
            self.nodes[node].value = V::default();
            self.free.push(node);
            node = parent;
        }
    }

    /// Visits the nodes on the path of `data`: every node whose prefix is a
    /// prefix of `data`, root first.
    fn for_each_prefix_of(&self, data: &[u8], mut f: impl FnMut(&V)) {
        let mut node = ROOT;
        f(&self.nodes[node].value);
        for &b in data {
            match self.child(node, b) {
                Some(next) => node = next,
                None => return,
            }
            f(&self.nodes[node].value);
        }
    }

    /// Visits every node in depth-first order with its prefix.
    fn for_each_node(&mut self, mut f: impl FnMut(&[u8], usize, &mut Self)) {
        let mut prefix = Vec::new();
        // (node, next child index to visit)
        let mut stack = vec![(ROOT, 0usize)];
        f(&prefix, ROOT, self);
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            match self.nodes[node].children.get(next).copied() {
                Some((b, child)) => {
                    top.1 += 1;
                    prefix.push(b);
                    f(&prefix, child, self);
                    stack.push((child, 0));
                }
                None => {
                    stack.pop();
                    prefix.pop();
                }
            }
        }
    }
}

/// Counted subscriptions (SUB, XSUB).
#[derive(Debug)]
pub struct Trie {
    tree: Tree<u32>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie { tree: Tree::new() }
    }
}

impl Trie {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one subscription to `prefix`; true when it is the first.
    pub fn add(&mut self, prefix: &[u8]) -> bool {
        let node = self.tree.find_or_insert(prefix);
        let count = &mut self.tree.nodes[node].value;
        *count = count.saturating_add(1);
        *count == 1
    }

    /// Removes one subscription to `prefix`; true when it was the last one.
    /// False (and no change) when there was none.
    pub fn rm(&mut self, prefix: &[u8]) -> bool {
        let Some(node) = self.tree.find(prefix) else {
            return false;
        };
        let count = &mut self.tree.nodes[node].value;
        if *count == 0 {
            return false;
        }
        *count -= 1;
        let last = *count == 0;
        if last {
            self.tree.prune(node, |&c| c == 0);
        }
        last
    }

    /// Whether some subscription is a prefix of `data`.
    pub fn check(&self, data: &[u8]) -> bool {
        let mut found = false;
        self.tree.for_each_prefix_of(data, |&c| found |= c > 0);
        found
    }

    /// Calls `f` once for every subscribed prefix.
    pub fn apply(&mut self, mut f: impl FnMut(&[u8])) {
        self.tree.for_each_node(|prefix, node, tree| {
            if tree.nodes[node].value > 0 {
                f(prefix);
            }
        });
    }
}

/// Outcome of removing one pipe's subscription from an `MTrie`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RmResult {
    /// The pipe was not subscribed to that prefix.
    NotFound,
    /// It was the last pipe subscribed to that prefix.
    LastValueRemoved,
    /// Other pipes remain subscribed to that prefix.
    ValuesRemain,
}

/// Subscriptions per pipe (PUB, XPUB). A pipe is subscribed to a prefix at
/// most once: repeating a subscription does not stack.
#[derive(Debug)]
pub struct MTrie {
    tree: Tree<Vec<PipeId>>,
}

impl Default for MTrie {
    fn default() -> Self {
        MTrie { tree: Tree::new() }
    }
}

impl MTrie {
    pub fn new() -> Self {
        Self::default()
    }

    /// Subscribes `pipe` to `prefix`; true when no pipe was subscribed to it
    /// before.
    pub fn add(&mut self, prefix: &[u8], pipe: PipeId) -> bool {
        let node = self.tree.find_or_insert(prefix);
        let pipes = &mut self.tree.nodes[node].value;
        let first = pipes.is_empty();
        if !pipes.contains(&pipe) {
            pipes.push(pipe);
        }
        first
    }

    /// Unsubscribes `pipe` from `prefix`.
    pub fn rm(&mut self, prefix: &[u8], pipe: PipeId) -> RmResult {
        let Some(node) = self.tree.find(prefix) else {
            return RmResult::NotFound;
        };
        let pipes = &mut self.tree.nodes[node].value;
        let Some(i) = pipes.iter().position(|&p| p == pipe) else {
            return RmResult::NotFound;
        };
        pipes.swap_remove(i);
        if pipes.is_empty() {
            self.tree.prune(node, |p| p.is_empty());
            RmResult::LastValueRemoved
        } else {
            RmResult::ValuesRemain
        }
    }

    /// Removes every subscription of `pipe`, calling `f` with each prefix it
    /// was removed from: all of them, or with `only_last` only those no pipe
    /// is subscribed to any more.
    pub fn rm_pipe(&mut self, pipe: PipeId, only_last: bool, mut f: impl FnMut(&[u8])) {
        let mut emptied = Vec::new();
        self.tree.for_each_node(|prefix, node, tree| {
            let pipes = &mut tree.nodes[node].value;
            if let Some(i) = pipes.iter().position(|&p| p == pipe) {
                pipes.swap_remove(i);
                if !only_last || pipes.is_empty() {
                    f(prefix);
                }
                if pipes.is_empty() {
                    emptied.push(node);
                }
            }
        });
        // Pruned afterwards so the walk above sees a stable tree.
        for node in emptied {
            if node < self.tree.nodes.len() && !self.tree.free.contains(&node) {
                self.tree.prune(node, |p| p.is_empty());
            }
        }
    }

    /// Calls `f` for each pipe subscribed to a prefix of `data`; a pipe with
    /// several matching subscriptions is reported once per subscription.
    pub fn match_pipes(&self, data: &[u8], mut f: impl FnMut(PipeId)) {
        self.tree.for_each_prefix_of(data, |pipes| {
            for &p in pipes {
                f(p);
            }
        });
    }

    /// Whether nothing is subscribed.
    pub fn is_empty(&self) -> bool {
        self.tree.nodes[ROOT].value.is_empty() && self.tree.nodes[ROOT].children.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trie_prefix_match() {
        let mut t = Trie::new();
        assert!(!t.check(b"anything"));
        assert!(t.add(b"ab"));
        assert!(t.check(b"ab"));
        assert!(t.check(b"abc"));
        assert!(!t.check(b"a"));
        assert!(!t.check(b"b"));
        assert!(t.add(b""));
        assert!(t.check(b"zzz"));
        assert!(t.check(b""));
    }

    #[test]
    fn trie_counts_duplicates() {
        let mut t = Trie::new();
        assert!(t.add(b"x"));
        assert!(!t.add(b"x"));
        assert!(!t.rm(b"x"));
        assert!(t.check(b"x1"));
        assert!(t.rm(b"x"));
        assert!(!t.check(b"x1"));
        assert!(!t.rm(b"x"), "removing what is absent changes nothing");
        assert!(!t.rm(b"nothing"));
    }

    #[test]
    fn trie_apply_lists_each_prefix_once() {
        let mut t = Trie::new();
        t.add(b"a");
        t.add(b"a");
        t.add(b"abc");
        t.add(b"");
        t.add(b"b");
        t.rm(b"b");
        let mut seen = Vec::new();
        t.apply(|p| seen.push(p.to_vec()));
        seen.sort();
        assert_eq!(seen, vec![b"".to_vec(), b"a".to_vec(), b"abc".to_vec()]);
    }

    #[test]
    fn trie_prunes_and_reuses_nodes() {
        let mut t = Trie::new();
        for _ in 0..3 {
            t.add(b"hello");
            t.rm(b"hello");
        }
        assert_eq!(t.tree.nodes.len(), 6);
        assert!(t.tree.nodes[ROOT].children.is_empty());
    }

    #[test]
    fn trie_long_subscription_does_not_recurse() {
        let mut t = Trie::new();
        let long = vec![7u8; 200_000];
        t.add(&long);
        assert!(t.check(&long));
        t.rm(&long);
        t.add(&long);
        drop(t);
    }

    fn matches(m: &MTrie, data: &[u8]) -> Vec<PipeId> {
        let mut v = Vec::new();
        m.match_pipes(data, |p| v.push(p));
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn mtrie_match_and_rm() {
        let mut m = MTrie::new();
        assert!(m.add(b"a", 1));
        assert!(!m.add(b"a", 2));
        assert!(!m.add(b"a", 1));
        assert!(m.add(b"", 3));
        assert!(m.add(b"abc", 4));
        assert_eq!(matches(&m, b"abcd"), vec![1, 2, 3, 4]);
        assert_eq!(matches(&m, b"ab"), vec![1, 2, 3]);
        assert_eq!(matches(&m, b"x"), vec![3]);
        assert_eq!(m.rm(b"a", 1), RmResult::ValuesRemain);
        assert_eq!(m.rm(b"a", 1), RmResult::NotFound);
        assert_eq!(m.rm(b"a", 2), RmResult::LastValueRemoved);
        assert_eq!(m.rm(b"zz", 2), RmResult::NotFound);
        assert_eq!(matches(&m, b"abcd"), vec![3, 4]);
    }

    #[test]
    fn mtrie_rm_pipe_reports_prefixes() {
        let mut m = MTrie::new();
        m.add(b"a", 1);
        m.add(b"ab", 1);
        m.add(b"ab", 2);
        m.add(b"", 1);
        let mut all = Vec::new();
        m.rm_pipe(1, false, |p| all.push(p.to_vec()));
        all.sort();
        assert_eq!(all, vec![b"".to_vec(), b"a".to_vec(), b"ab".to_vec()]);
        assert_eq!(matches(&m, b"abc"), vec![2]);

        let mut m = MTrie::new();
        m.add(b"a", 1);
        m.add(b"ab", 1);
        m.add(b"ab", 2);
        let mut last = Vec::new();
        m.rm_pipe(1, true, |p| last.push(p.to_vec()));
        assert_eq!(last, vec![b"a".to_vec()]);
        m.rm_pipe(2, true, |_| {});
        assert!(m.is_empty());
    }
}
