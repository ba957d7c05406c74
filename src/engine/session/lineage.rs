//! Generations and stages: the vocabulary every layer uses to say what a result was computed
//! from, and whether that is still the current state.
//!
//! An analysis is a chain of stages: the data as read → the cleaned table → the model. Each
//! stage instance gets a [`Gen`] (unique within a session; the worker uses the page's job id of
//! the request that created it, so a fresh worker that replays the same requests after Cancel
//! rebuilds the same generations). A result records its [`Basis`]: the one stage instance it was
//! computed from (a stage's generation implies every stage above it). It is current while the
//! session's [`Lineage`] still holds that generation. Replacing a stage ([`Lineage::advance`])
//! drops every stage below it, so the page's staleness flags, the worker's state and the Cancel
//! replay list all follow the same rule.

use serde::{Deserialize, Serialize};

/// Generation of one stage instance (or of a derived result).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Gen(pub u64);

impl std::fmt::Display for Gen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// The stages of an analysis, upstream first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The table as read from the file.
    Data,
    /// The table after the cleaning log (an empty log: the data as read).
    Cleaning,
    /// The model (trained on the cleaned table, or taken from a file).
    Model,
}

impl Stage {
    /// Every stage, upstream first.
    pub const ALL: [Stage; 3] = [Stage::Data, Stage::Cleaning, Stage::Model];

    /// What a user calls this stage's replacement, for "computed before …" messages.
    pub fn change(self) -> &'static str {
        match self {
            Stage::Data => "the file was replaced",
            Stage::Cleaning => "the last cleaning",
            Stage::Model => "the model changed",
        }
    }
}

/// The stage instance a result was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Basis {
    pub stage: Stage,
    pub gen: Gen,
}

impl Basis {
    pub fn new(stage: Stage, gen: Gen) -> Basis {
        Basis { stage, gen }
    }
}

/// Whether a result is still current (see [`Lineage::freshness`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Current,
    /// Computed before this stage was replaced: show it marked, with its actions disabled.
    Stale(Stage),
    /// Computed from another file: not worth showing.
    Gone,
}

/// The current generation of each stage. The model is optional; the data and cleaning stages
/// always exist (generation 0 before any file: an empty session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Lineage {
    pub data: Gen,
    pub cleaning: Gen,
    pub model: Option<Gen>,
}

impl Lineage {
    /// The lineage after `stage` was replaced by generation `gen`: the stages below it are gone
    /// (a new file is also its own, empty cleaning).
    pub fn advance(self, stage: Stage, gen: Gen) -> Lineage {
        match stage {
            Stage::Data => Lineage { data: gen, cleaning: gen, model: None },
            Stage::Cleaning => Lineage { cleaning: gen, model: None, ..self },
            Stage::Model => Lineage { model: Some(gen), ..self },
        }
    }

    /// The current generation of `stage` (None: no model).
    pub fn gen(&self, stage: Stage) -> Option<Gen> {
        match stage {
            Stage::Data => Some(self.data),
            Stage::Cleaning => Some(self.cleaning),
            Stage::Model => self.model,
        }
    }

    /// Whether a result computed from `basis` is still current.
    pub fn is_current(&self, basis: Basis) -> bool {
        self.gen(basis.stage) == Some(basis.gen)
    }

    /// The basis a new result computed now from `stage` gets (None: there is no model).
    pub fn basis(&self, stage: Stage) -> Option<Basis> {
        self.gen(stage).map(|gen| Basis { stage, gen })
    }

    /// How a result computed when the lineage was `then`, from `basis`, stands now: current,
    /// stale (and which stage changed since), or gone (it describes another file).
    pub fn freshness(&self, then: Lineage, basis: Basis) -> Freshness {
        if self.is_current(basis) {
            Freshness::Current
        } else if then.data != self.data {
            Freshness::Gone
        } else if then.cleaning != self.cleaning {
            Freshness::Stale(Stage::Cleaning)
        } else {
            Freshness::Stale(basis.stage)
        }
    }

    /// The deepest stage that exists: the model when there is one, else the cleaning.
    pub fn deepest(&self) -> Basis {
        match self.model {
            Some(gen) => Basis { stage: Stage::Model, gen },
            None => Basis { stage: Stage::Cleaning, gen: self.cleaning },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_a_stage_drops_the_ones_below() {
        let l = Lineage::default().advance(Stage::Data, Gen(1));
        assert_eq!(l, Lineage { data: Gen(1), cleaning: Gen(1), model: None });
        let l = l.advance(Stage::Cleaning, Gen(3)).advance(Stage::Model, Gen(4));
        assert_eq!(l, Lineage { data: Gen(1), cleaning: Gen(3), model: Some(Gen(4)) });
        // A new cleaning drops the model; a new file drops both.
        assert_eq!(l.advance(Stage::Cleaning, Gen(5)).model, None);
        assert_eq!(
            l.advance(Stage::Data, Gen(6)),
            Lineage { data: Gen(6), cleaning: Gen(6), model: None }
        );
        // A new model keeps the data and cleaning.
        assert_eq!(l.advance(Stage::Model, Gen(7)).cleaning, Gen(3));
    }

    #[test]
    fn a_result_is_current_while_its_stage_instance_is() {
        let l = Lineage::default().advance(Stage::Data, Gen(1)).advance(Stage::Model, Gen(2));
        let on_model = Basis::new(Stage::Model, Gen(2));
        let on_clean = Basis::new(Stage::Cleaning, Gen(1));
        assert!(l.is_current(on_model) && l.is_current(on_clean));
        let retrained = l.advance(Stage::Model, Gen(3));
        assert!(!retrained.is_current(on_model) && retrained.is_current(on_clean));
        let recleaned = l.advance(Stage::Cleaning, Gen(4));
        assert!(!recleaned.is_current(on_model) && !recleaned.is_current(on_clean));
        assert_eq!(recleaned.basis(Stage::Model), None);
        assert_eq!(recleaned.deepest(), Basis::new(Stage::Cleaning, Gen(4)));
    }

    #[test]
    fn freshness_names_what_changed() {
        let then = Lineage::default().advance(Stage::Data, Gen(1)).advance(Stage::Model, Gen(2));
        let on_model = Basis::new(Stage::Model, Gen(2));
        let on_clean = Basis::new(Stage::Cleaning, Gen(1));
        assert_eq!(then.freshness(then, on_model), Freshness::Current);
        let retrained = then.advance(Stage::Model, Gen(3));
        assert_eq!(retrained.freshness(then, on_model), Freshness::Stale(Stage::Model));
        assert_eq!(retrained.freshness(then, on_clean), Freshness::Current);
        let recleaned = then.advance(Stage::Cleaning, Gen(4));
        assert_eq!(recleaned.freshness(then, on_model), Freshness::Stale(Stage::Cleaning));
        assert_eq!(recleaned.freshness(then, on_clean), Freshness::Stale(Stage::Cleaning));
        let reloaded = then.advance(Stage::Data, Gen(5));
        assert_eq!(reloaded.freshness(then, on_clean), Freshness::Gone);
    }
}
