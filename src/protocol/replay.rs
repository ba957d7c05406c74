//! The requests that rebuild a worker's state, kept by the page so that Cancel (which stops the
//! worker and starts a fresh one) and a reload can restore the data, the cleaning, the model and
//! what was derived from them.
//!
//! The rule is the session's own: an entry is kept while the stage instance it built, or was
//! computed from, is in the worker's current [`Lineage`] (every worker message carries it).
//! Replayed with their original job ids, the entries rebuild the same generations, so results
//! the page shows stay current after a Cancel.

use super::Event;
use crate::engine::session::{Basis, Gen, Lineage, Stage};

/// What an entry rebuilds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A stage instance (the load, the cleaning, the model).
    Stage(Stage),
    /// The current segmentation (only the latest is kept).
    Segments,
    /// A labelled batch kept for retraining (all are kept).
    Batch,
}

#[derive(Debug, Clone, PartialEq)]
struct Entry<T> {
    id: u64,
    slot: Slot,
    basis: Basis,
    item: T,
}

/// The requests that rebuild the current state, each with its job id.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay<T> {
    lineage: Lineage,
    entries: Vec<Entry<T>>,
}

impl<T> Default for Replay<T> {
    fn default() -> Self {
        Replay { lineage: Lineage::default(), entries: Vec::new() }
    }
}

impl<T> Replay<T> {
    /// Records that job `id` (`item`) succeeded and built `slot`; `basis` is what a derived
    /// result was computed from (for a stage, the stage instance job `id` created). Call
    /// [`Replay::sync`] with the lineage of the same message afterwards.
    pub fn record(&mut self, id: u64, slot: Slot, basis: Basis, item: T) {
        if slot == Slot::Segments {
            self.entries.retain(|e| e.slot != Slot::Segments);
        }
        self.entries.push(Entry { id, slot, basis, item });
    }

    /// Records job `id` (`item`) when its result `event` rebuilds part of the worker's state,
    /// then follows the worker's `lineage` (sent with the event). Returns whether the entries
    /// changed.
    pub fn on_result(&mut self, id: u64, event: &Event, lineage: Lineage, item: T) -> bool {
        let built = match event {
            Event::Loaded(_) => Some((Slot::Stage(Stage::Data), Self::created(Stage::Data, id))),
            Event::Cleaned(_) => {
                Some((Slot::Stage(Stage::Cleaning), Self::created(Stage::Cleaning, id)))
            }
            Event::Trained(_) | Event::ModelInfo(_) => {
                Some((Slot::Stage(Stage::Model), Self::created(Stage::Model, id)))
            }
            Event::Segmented(r) => Some((Slot::Segments, r.basis)),
            Event::BatchScored(b) if b.metrics.is_some() => {
                lineage.basis(Stage::Model).map(|basis| (Slot::Batch, basis))
            }
            _ => None,
        };
        let before = self.entries.len();
        if let Some((slot, basis)) = built {
            self.record(id, slot, basis, item);
        }
        self.sync(lineage);
        built.is_some() || self.entries.len() != before
    }

    /// The basis of what job `id` built as `stage`.
    pub fn created(stage: Stage, id: u64) -> Basis {
        Basis::new(stage, Gen(id))
    }

    /// Drops the entries whose stage instance is no longer in the worker's `lineage`.
    pub fn sync(&mut self, lineage: Lineage) {
        self.lineage = lineage;
        self.entries.retain(|e| lineage.is_current(e.basis));
    }

    /// The lineage the entries rebuild.
    pub fn lineage(&self) -> Lineage {
        self.lineage
    }

    /// The entries in the order they ran (job id, what it built, the request).
    pub fn entries(&self) -> impl Iterator<Item = (u64, Slot, &T)> {
        let mut order: Vec<&Entry<T>> = self.entries.iter().collect();
        order.sort_by_key(|e| e.id);
        order.into_iter().map(|e| (e.id, e.slot, &e.item))
    }

    /// Forgets everything (a fresh page).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.lineage = Lineage::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(lineage: Lineage, stage: Stage, id: u64) -> Lineage {
        lineage.advance(stage, Gen(id))
    }

    #[test]
    fn entries_follow_the_lineage() {
        let mut r = Replay::default();
        let l = after(Lineage::default(), Stage::Data, 1);
        r.record(1, Slot::Stage(Stage::Data), Replay::<&str>::created(Stage::Data, 1), "load");
        r.sync(l);
        // Segments on the raw data (no model), then a model, then a batch scored with it.
        r.record(2, Slot::Segments, Basis::new(Stage::Cleaning, Gen(1)), "grid");
        r.sync(l);
        let l = after(l, Stage::Model, 3);
        r.record(3, Slot::Stage(Stage::Model), Replay::<&str>::created(Stage::Model, 3), "train");
        r.sync(l);
        r.record(4, Slot::Batch, Basis::new(Stage::Model, Gen(3)), "batch");
        r.sync(l);
        let items: Vec<&str> = r.entries().map(|(_, _, i)| *i).collect();
        assert_eq!(items, ["load", "grid", "train", "batch"]);
        // New segments replace the old ones.
        r.record(5, Slot::Segments, Basis::new(Stage::Model, Gen(3)), "deciles");
        r.sync(l);
        let items: Vec<&str> = r.entries().map(|(_, _, i)| *i).collect();
        assert_eq!(items, ["load", "train", "batch", "deciles"]);
        // A new cleaning drops the model and everything derived from it or the old cleaning.
        let l = after(l, Stage::Cleaning, 6);
        r.record(
            6,
            Slot::Stage(Stage::Cleaning),
            Replay::<&str>::created(Stage::Cleaning, 6),
            "clean",
        );
        r.sync(l);
        let items: Vec<&str> = r.entries().map(|(_, _, i)| *i).collect();
        assert_eq!(items, ["load", "clean"]);
        assert_eq!(r.lineage(), l);
        // A new file drops everything.
        let l = after(l, Stage::Data, 7);
        r.record(7, Slot::Stage(Stage::Data), Replay::<&str>::created(Stage::Data, 7), "load 2");
        r.sync(l);
        assert_eq!(r.entries().count(), 1);
    }
}
