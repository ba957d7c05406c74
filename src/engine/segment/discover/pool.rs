//! The best candidates of the search, kept in a bounded heap.
//!
//! Order (total, so the result never depends on the order of discovery): higher quality first,
//! then the smaller list of condition ids. The worst kept quality is the bar that the optimistic
//! estimates must reach for a branch to be searched.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::quality::Direction;

/// A scored conjunction of search conditions.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Candidate {
    /// Condition ids, ascending (1–3 of them).
    pub selectors: Vec<u32>,
    pub quality: f64,
    pub direction: Direction,
    /// Rows and buyers in the search half.
    pub n: u64,
    pub k: u64,
}

impl Candidate {
    /// `Less` when `self` ranks before `other`.
    fn rank(&self, other: &Candidate) -> Ordering {
        other.quality.total_cmp(&self.quality).then_with(|| self.selectors.cmp(&other.selectors))
    }
}

/// Heap entry whose maximum is the worst candidate.
struct Worst(Candidate);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.rank(&other.0)
    }
}

/// The `capacity` best candidates with positive quality.
pub(super) struct Pool {
    heap: BinaryHeap<Worst>,
    capacity: usize,
}

impl Pool {
    pub fn new(capacity: usize) -> Pool {
        Pool { heap: BinaryHeap::with_capacity(capacity + 1), capacity: capacity.max(1) }
    }

    /// The quality a candidate must exceed (or tie with smaller ids) to be kept: 0 until full.
    pub fn bar(&self) -> f64 {
        match self.heap.peek() {
            Some(w) if self.heap.len() >= self.capacity => w.0.quality,
            _ => 0.0,
        }
    }

    /// Keeps `c` if it ranks among the best.
    pub fn offer(&mut self, c: Candidate) {
        if c.quality.is_nan() || c.quality <= 0.0 || c.quality < self.bar() {
            return;
        }
        if self.heap.len() < self.capacity {
            self.heap.push(Worst(c));
        } else if self.heap.peek().is_some_and(|w| c.rank(&w.0) == Ordering::Less) {
            self.heap.pop();
            self.heap.push(Worst(c));
        }
    }

    /// The kept candidates, best first.
    pub fn into_sorted(self) -> Vec<Candidate> {
        let mut v: Vec<Candidate> = self.heap.into_iter().map(|w| w.0).collect();
        v.sort_by(|a, b| a.rank(b));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(q: f64, ids: &[u32]) -> Candidate {
        Candidate { selectors: ids.to_vec(), quality: q, direction: Direction::Above, n: 1, k: 1 }
    }

    #[test]
    fn keeps_the_best_whatever_the_order() {
        let items = [
            c(1.0, &[1]),
            c(3.0, &[2]),
            c(2.0, &[3]),
            c(3.0, &[0, 4]),
            c(-1.0, &[5]),
            c(2.0, &[0]),
        ];
        let mut forward = Pool::new(3);
        items.iter().cloned().for_each(|x| forward.offer(x));
        let mut backward = Pool::new(3);
        items.iter().rev().cloned().for_each(|x| backward.offer(x));
        let a = forward.into_sorted();
        assert_eq!(a, backward.into_sorted());
        // Ties on quality go to the smaller ids: [0, 4] before [2]; [0] before [3].
        let ids: Vec<Vec<u32>> = a.iter().map(|x| x.selectors.clone()).collect();
        assert_eq!(ids, vec![vec![0, 4], vec![2], vec![0]]);
    }

    #[test]
    fn the_bar_rises_when_full() {
        let mut p = Pool::new(2);
        assert_eq!(p.bar(), 0.0);
        p.offer(c(0.0, &[1]));
        assert_eq!(p.into_sorted().len(), 0, "quality must be positive");
        let mut p = Pool::new(2);
        p.offer(c(5.0, &[1]));
        p.offer(c(4.0, &[2]));
        assert_eq!(p.bar(), 4.0);
        p.offer(c(4.5, &[3]));
        assert_eq!(p.bar(), 4.5);
    }
}
