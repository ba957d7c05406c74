//! Progress events of one job: the one place that turns the engine's progress callbacks into
//! `Progress` messages for the page.

use crate::engine::session::Lineage;
use crate::protocol::{Event, FromWorker};

/// Sends `Progress` events of job `id` to `emit`.
pub struct Reporter<'a> {
    id: u64,
    lineage: Lineage,
    emit: &'a mut dyn FnMut(FromWorker),
}

impl<'a> Reporter<'a> {
    /// Progress of job `id`, sent while the worker is at `lineage`.
    pub fn new(id: u64, lineage: Lineage, emit: &'a mut dyn FnMut(FromWorker)) -> Self {
        Reporter { id, lineage, emit }
    }

    /// Reports `done` of `total` units of `phase` (0 total: unknown).
    pub fn report(&mut self, phase: &str, done: u64, total: u64) {
        let event = Event::Progress { phase: phase.to_string(), done, total };
        (self.emit)(FromWorker::new(self.id, self.lineage, event));
    }

    /// The engine's callback (phase, done, total) → keep going. The page cancels by stopping
    /// the worker, so it never asks the engine to stop.
    pub fn engine(&mut self) -> impl FnMut(&str, usize, usize) -> bool + use<'_, 'a> {
        move |phase, done, total| {
            self.report(phase, done as u64, total as u64);
            true
        }
    }
}
