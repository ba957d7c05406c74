//! The checks every model passes, the same before it is written and after it is read: a model
//! that fails them is refused by the writer ([`check_writable`]), so it never becomes a file
//! that the reader ([`check`]) would call damaged; a damaged or hostile file is refused here, so
//! that prediction can index the arrays without further checks.

use super::{FeatureProfile, Model, ModelIoError, MODEL_FORMAT, MODEL_VERSION};
use crate::engine::finite::check_finite;
use crate::engine::forest::{FeatureSpec, Tree};

/// Checks a model read from a file: a problem means the file is damaged.
pub fn check(m: &Model) -> Result<(), ModelIoError> {
    problem(m).map_err(ModelIoError::Invalid)
}

/// Checks a model about to be written: a problem means it would not read back.
pub fn check_writable(m: &Model) -> Result<(), ModelIoError> {
    problem(m).map_err(ModelIoError::Unwritable)
}

/// The first problem of `m`: its tag and version, every tree, the schema, the profiles, and
/// (what JSON would lose) any number that is not finite.
fn problem(m: &Model) -> Result<(), String> {
    if m.format != MODEL_FORMAT || !(1..=MODEL_VERSION).contains(&m.version) {
        return Err(format!(
            "format \"{}\" version {} is not a model this micronum writes",
            m.format, m.version
        ));
    }
    let f = &m.forest;
    if f.features.is_empty() {
        return Err("the model has no features".into());
    }
    if f.trees.is_empty() {
        return Err("the model has no trees".into());
    }
    if f.importances.len() != f.features.len() {
        return Err("importances do not match the features".into());
    }
    for (t, tree) in f.trees.iter().enumerate() {
        check_tree(tree, &f.features).map_err(|e| format!("tree {t}: {e}"))?;
    }
    for p in m.profiles.iter().chain(m.score_profile.iter()) {
        check_profile(p).map_err(|e| format!("profile of \"{}\": {e}", p.name))?;
    }
    check_finite(m).map_err(|e| e.to_string())
}

/// Bins, shares and edges agree, so drift can bin a batch without further checks.
fn check_profile(p: &FeatureProfile) -> Result<(), String> {
    if p.bins.is_empty() || p.shares.len() != p.bins.len() {
        return Err("bins and shares differ in number".into());
    }
    if !p.edges.is_empty() && p.bins.len() != p.edges.len() + 2 {
        return Err("bins do not match the edges".into());
    }
    if !p.edges.iter().all(|e| e.is_finite()) || !p.edges.windows(2).all(|w| w[0] < w[1]) {
        return Err("edges are not increasing finite numbers".into());
    }
    if !p.shares.iter().all(|s| (0.0..=1.0).contains(s)) {
        return Err("a share is not a fraction".into());
    }
    Ok(())
}

fn check_tree(t: &Tree, features: &[FeatureSpec]) -> Result<(), String> {
    t.check(features)
}
