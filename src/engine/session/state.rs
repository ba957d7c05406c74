//! [`Session`]: the one owner of an analysis's state. Every request names the stage instance it
//! builds on (a [`Gen`]); one that names a replaced stage gets [`SessionError::Stale`], never a
//! result computed from other data. Failed steps leave the session as it was.

use super::error::SessionError;
use super::lineage::{Basis, Gen, Lineage, Stage};
use super::stages::{CleanStage, Cleaning, DataStage, Loaded, ModelStage, Segments};
use crate::engine::clean::{self, CleaningLog};
use crate::engine::forest::FitProgress;
use crate::engine::segment::definitions::SegmentDefinitions;
use crate::engine::segment::{self, SegmentSpec};
use crate::engine::table::Table;

/// The state of one analysis: data → cleaning → model, and what was derived from them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Session {
    data: DataStage,
}

impl Session {
    /// An empty session (generation 0, no data).
    pub fn new() -> Self {
        Self::default()
    }

    /// The current generation of every stage.
    pub fn lineage(&self) -> Lineage {
        Lineage {
            data: self.data.gen,
            cleaning: self.data.cleaning.gen,
            model: self.data.cleaning.model.as_ref().map(|m| m.gen),
        }
    }

    /// Ok when `basis` is the current instance of its stage; else why not.
    pub fn check(&self, basis: Basis) -> Result<(), SessionError> {
        let lineage = self.lineage();
        if lineage.is_current(basis) {
            return Ok(());
        }
        Err(SessionError::Stale {
            stage: basis.stage,
            asked: basis.gen,
            current: lineage.gen(basis.stage),
        })
    }

    /// Replaces everything with a newly read file (generation `gen`, cleaned by nothing yet).
    pub fn load(&mut self, gen: Gen, loaded: Loaded) {
        let cleaning = CleanStage { gen, ..CleanStage::default() };
        self.data = DataStage { gen, loaded: Some(loaded), cleaning };
    }

    /// The file of data generation `at`.
    pub fn loaded(&self, at: Gen) -> Result<&Loaded, SessionError> {
        self.check(Basis::new(Stage::Data, at))?;
        self.data.loaded.as_ref().ok_or(SessionError::NoData)
    }

    /// Applies `log` to the data of generation `at`; the result becomes cleaning generation
    /// `gen` (dropping the previous cleaning and everything computed from it). On error nothing
    /// changes.
    pub fn clean(&mut self, gen: Gen, at: Gen, log: &CleaningLog) -> Result<(), SessionError> {
        let raw = &self.loaded(at)?.table;
        let (table, steps) = clean::apply(raw, log)?;
        // The log as applied: steps marked `relearn` carry the values they learnt, so the model
        // (and every batch it scores later) reuses them instead of learning again.
        let log = steps.iter().map(|r| r.step.clone()).collect();
        let table = (!steps.is_empty()).then_some(table);
        self.data.cleaning =
            CleanStage { gen, applied: Cleaning { log, steps }, table, ..CleanStage::default() };
        Ok(())
    }

    /// The cleaning of generation `at`.
    pub fn cleaning(&self, at: Gen) -> Result<&Cleaning, SessionError> {
        self.check(Basis::new(Stage::Cleaning, at))?;
        Ok(&self.data.cleaning.applied)
    }

    /// The table later steps work on at cleaning generation `at` (the cleaned table, or the data
    /// as read while nothing was cleaned).
    pub fn working(&self, at: Gen) -> Result<&Table, SessionError> {
        self.check(Basis::new(Stage::Cleaning, at))?;
        self.data.working().ok_or(SessionError::NoData)
    }

    /// The data as read and the working table, at cleaning generation `at`.
    pub fn tables(&self, at: Gen) -> Result<(&Loaded, &Table), SessionError> {
        let working = self.working(at)?;
        Ok((self.data.loaded.as_ref().ok_or(SessionError::NoData)?, working))
    }

    /// Makes `stage` (trained on cleaning generation `basis`) the model; refused when that
    /// cleaning was replaced meanwhile.
    pub fn set_trained(&mut self, stage: ModelStage, basis: Gen) -> Result<(), SessionError> {
        self.check(Basis::new(Stage::Cleaning, basis))?;
        self.data.cleaning.model = Some(stage);
        Ok(())
    }

    /// Makes `stage` (a model from a file) the model of the current cleaning.
    pub fn use_model(&mut self, stage: ModelStage) {
        self.data.cleaning.model = Some(stage);
    }

    /// The model of generation `at`.
    pub fn model(&self, at: Gen) -> Result<&ModelStage, SessionError> {
        self.check_model(at)?;
        self.data.cleaning.model.as_ref().ok_or(SessionError::NoModel)
    }

    /// The model of generation `at`, to add what is derived from it.
    pub fn model_mut(&mut self, at: Gen) -> Result<&mut ModelStage, SessionError> {
        self.check_model(at)?;
        self.data.cleaning.model.as_mut().ok_or(SessionError::NoModel)
    }

    fn check_model(&self, at: Gen) -> Result<(), SessionError> {
        match self.data.cleaning.model {
            None => Err(SessionError::NoModel),
            Some(_) => self.check(Basis::new(Stage::Model, at)),
        }
    }

    /// Segments the working table of cleaning generation `at` as `spec` says; the segmentation
    /// gets generation `gen`. The current model's honest scores are used when it has them (its
    /// segments then go with it).
    pub fn segment(
        &mut self,
        gen: Gen,
        at: Gen,
        spec: SegmentSpec,
        progress: &mut dyn FnMut(FitProgress) -> bool,
    ) -> Result<&Segments, SessionError> {
        let table = self.working(at)?;
        let model = self.data.cleaning.model.as_ref();
        let honest = model
            .and_then(|m| m.fit.as_ref().map(|f| (m.gen, f.honest.as_slice())))
            .filter(|(_, h)| h.len() == table.n_rows());
        let run = segment::run(table, &spec, honest.map(|(_, h)| h), progress)?;
        let basis = match honest {
            Some((model, _)) => Basis::new(Stage::Model, model),
            None => Basis::new(Stage::Cleaning, at),
        };
        self.data.cleaning.store_segments(Segments { gen, basis, spec, run });
        self.segments(gen)
    }

    /// The current segmentation, if any.
    pub fn current_segments(&self) -> Option<&Segments> {
        self.data.cleaning.segments()
    }

    /// The segmentation of generation `at`.
    pub fn segments(&self, at: Gen) -> Result<&Segments, SessionError> {
        match self.data.cleaning.segments() {
            Some(current) if current.gen == at => Ok(current),
            current => {
                Err(SessionError::StaleSegments { asked: at, current: current.map(|c| c.gen) })
            }
        }
    }

    /// The definitions of segmentation `at` (they tag new batches as these segments were made,
    /// after the cleaning they were made after; deciles carry the model's fingerprint).
    pub fn definitions(&self, at: Gen, created: &str) -> Result<SegmentDefinitions, SessionError> {
        let s = self.segments(at)?;
        let table = self.data.working().ok_or(SessionError::NoData)?;
        let log = self.data.cleaning.applied.log.clone();
        let model = self.data.cleaning.model.as_ref().map(|m| &m.model);
        let defs = SegmentDefinitions::new(table, &s.spec, &s.run, log, model, created.into())?;
        Ok(defs)
    }

    /// The working-table rows of segment `segment` of segmentation `at`, and its label.
    pub fn segment_members(
        &self,
        at: Gen,
        segment: usize,
    ) -> Result<(String, Table), SessionError> {
        let s = self.segments(at)?;
        let labels = &s.run.segmentation.labels;
        let no_such = || SessionError::NoSuchSegment { segment, count: labels.len() };
        let label = labels.get(segment).cloned().ok_or_else(no_such)?;
        let members = s.run.members(segment).ok_or_else(no_such)?;
        let rows: Vec<usize> = members.iter().map(|&i| s.run.rows[i]).collect();
        let table = self.data.working().ok_or(SessionError::NoData)?;
        Ok((label, table.take_rows(&rows)))
    }
}
