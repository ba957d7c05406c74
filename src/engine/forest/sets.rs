//! The label sets of a tree's categorical splits, one per node, stored compactly: most nodes
//! are numeric splits or leaves with an empty set, so each node holds a 4-byte index and only
//! categorical nodes own a set (a `Vec<u32>` per node would cost 24 bytes on every node of a
//! forest of millions). Serialised as a list of lists, one per node, like `Vec<Vec<u32>>`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Marks a node without a set in `SetList::index`.
const NONE: u32 = u32::MAX;

/// One (possibly empty) set of label codes per node.
#[derive(Debug, Clone, Default)]
pub struct SetList {
    /// Per node: position in `sets`, or [`NONE`].
    index: Vec<u32>,
    sets: Vec<Box<[u32]>>,
}

impl SetList {
    /// An empty list with room for `n` nodes.
    pub fn with_capacity(n: usize) -> SetList {
        SetList { index: Vec::with_capacity(n), sets: Vec::new() }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True without nodes.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Appends a node with set `set`.
    pub fn push(&mut self, set: Vec<u32>) {
        self.index.push(NONE);
        let last = self.index.len() - 1;
        self.set(last, set);
    }

    /// Replaces node `i`'s set (`i < len`).
    pub fn set(&mut self, i: usize, set: Vec<u32>) {
        self.index[i] = if set.is_empty() {
            NONE
        } else {
            self.sets.push(set.into_boxed_slice());
            (self.sets.len() - 1) as u32
        };
    }

    /// Node `i`'s set (empty for numeric splits and leaves).
    pub fn get(&self, i: usize) -> &[u32] {
        match self.index[i] {
            NONE => &[],
            k => &self.sets[k as usize],
        }
    }

    /// Every node's set in node order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Gives back spare capacity.
    pub fn shrink_to_fit(&mut self) {
        self.index.shrink_to_fit();
        self.sets.shrink_to_fit();
    }
}

impl std::ops::Index<usize> for SetList {
    type Output = [u32];

    fn index(&self, i: usize) -> &[u32] {
        self.get(i)
    }
}

impl PartialEq for SetList {
    fn eq(&self, other: &SetList) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl From<Vec<Vec<u32>>> for SetList {
    fn from(sets: Vec<Vec<u32>>) -> SetList {
        let mut out = SetList::with_capacity(sets.len());
        sets.into_iter().for_each(|s| out.push(s));
        out
    }
}

impl Serialize for SetList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for SetList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SetList, D::Error> {
        Vec::<Vec<u32>>::deserialize(d).map(SetList::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_by_node_round_trip_as_lists() {
        let mut s = SetList::with_capacity(4);
        s.push(Vec::new());
        s.push(vec![1, 3]);
        s.push(Vec::new());
        s.set(0, vec![2]);
        assert_eq!(s.len(), 3);
        assert_eq!((s.get(0), &s[1], s.get(2)), (&[2u32][..], &[1u32, 3][..], &[][..]));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "[[2],[1,3],[]]");
        let back: SetList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_ne!(back, SetList::from(vec![vec![2], vec![1, 3], vec![4]]));
    }
}
