//! The one validation of segment definitions, run before writing and after reading: what passes
//! here can be written, read back and applied to any batch without a panic (every index is in
//! range, every number finite, every kind consistent).

use std::collections::HashSet;

use super::condition::{ColumnKind, Condition};
use super::file::{SegmentDefinitions, SEGMENTS_FORMAT, SEGMENTS_VERSION};
use super::tagging::{DecileTagging, GridColumn, GridTagging, KMeansTagging, RuleSet, Tagging};
use super::DefinitionsError;
use crate::engine::clean::{CleaningLog, CleaningStep};

fn bad(msg: String) -> DefinitionsError {
    DefinitionsError::Invalid(msg)
}

/// Checks everything; the first problem found is the error.
pub fn check(d: &SegmentDefinitions) -> Result<(), DefinitionsError> {
    if d.format != SEGMENTS_FORMAT {
        return Err(DefinitionsError::NotDefinitions(format!("format is \"{}\"", d.format)));
    }
    if d.version == 0 || d.version > SEGMENTS_VERSION {
        return Err(DefinitionsError::UnsupportedVersion {
            found: d.version.into(),
            supported: SEGMENTS_VERSION,
        });
    }
    if d.target.column.is_empty() {
        return Err(bad("the target has no name".into()));
    }
    check_cleaning(&d.cleaning)?;
    check_segments(d)?;
    check_columns(d)?;
    let k = d.segments.len();
    match &d.tagging {
        Tagging::Grid(g) => check_grid(g, d).map_err(|e| bad(format!("grid: {e}")))?,
        Tagging::Rules(r) => check_rules(r, k).map_err(|e| bad(format!("rules: {e}")))?,
        Tagging::KMeans(m) => check_kmeans(m, k).map_err(|e| bad(format!("k-means: {e}")))?,
        Tagging::Deciles(t) => check_deciles(t, k).map_err(|e| bad(format!("deciles: {e}")))?,
    }
    if matches!(d.tagging, Tagging::Deciles(_)) && d.model.is_none() {
        return Err(DefinitionsError::NeedsModel);
    }
    Ok(())
}

/// Steps replay as they did in training: none learns its value again, none has an empty range
/// (`clean::apply` refuses those).
fn check_cleaning(log: &CleaningLog) -> Result<(), DefinitionsError> {
    for (i, step) in log.iter().enumerate() {
        let problem = match step {
            CleaningStep::Impute { relearn: true, .. }
            | CleaningStep::ClipOutliers { relearn: true, .. } => {
                Some("it learns its value again on every batch; give the log as it was applied")
            }
            CleaningStep::FlagImpossible { min, max, .. } if empty(*min, *max) => {
                Some("its range is empty")
            }
            CleaningStep::ClipOutliers { lo, hi, .. } if empty(*lo, *hi) => {
                Some("its range is empty")
            }
            _ => None,
        };
        if let Some(p) = problem {
            return Err(bad(format!("cleaning step {}: {p}", i + 1)));
        }
    }
    Ok(())
}

/// No number is in [lo, hi] (NaN bounds included).
fn empty(lo: f64, hi: f64) -> bool {
    lo.partial_cmp(&hi).is_none_or(|o| o.is_gt())
}

/// Segments exist, have distinct labels, and their counts add up.
fn check_segments(d: &SegmentDefinitions) -> Result<(), DefinitionsError> {
    if d.segments.is_empty() {
        return Err(bad("no segments".into()));
    }
    let mut seen = HashSet::new();
    for (i, s) in d.segments.iter().enumerate() {
        if !seen.insert(s.label.as_str()) {
            return Err(bad(format!("segments {i} and another share the label \"{}\"", s.label)));
        }
        if s.positives > s.n || s.n > d.rows {
            return Err(bad(format!("segment {i}: counts do not add up")));
        }
    }
    let total: u64 = d.segments.iter().map(|s| s.n).sum();
    if !d.overlapping() && total != d.rows {
        return Err(bad(format!("the segments hold {total} rows, not {}", d.rows)));
    }
    Ok(())
}

/// The column list is what the tagging reads, each with a definite kind it can be read as.
fn check_columns(d: &SegmentDefinitions) -> Result<(), DefinitionsError> {
    let needs = d.tagging.needs();
    if needs.len() != d.columns.len() {
        return Err(bad(format!(
            "{} columns listed, but the segments read {}",
            d.columns.len(),
            needs.len()
        )));
    }
    for ((name, kind), listed) in needs.iter().zip(&d.columns) {
        let fits =
            listed.kind != ColumnKind::Any && (*kind == ColumnKind::Any || *kind == listed.kind);
        if listed.name != *name || !fits {
            return Err(bad(format!("the column list does not match the segments at \"{name}\"")));
        }
    }
    Ok(())
}

fn check_grid(g: &GridTagging, d: &SegmentDefinitions) -> Result<(), String> {
    if g.columns.is_empty() || g.columns.len() > 3 {
        return Err(format!("{} columns (1 to 3 expected)", g.columns.len()));
    }
    for c in &g.columns {
        check_grid_column(c).map_err(|e| format!("column \"{}\": {e}", c.name()))?;
    }
    distinct(g.columns.iter().map(|c| c.name()), "column")?;
    if g.cells.len() != d.segments.len() {
        return Err(format!("{} cells for {} segments", g.cells.len(), d.segments.len()));
    }
    let mut seen = HashSet::new();
    for (s, cell) in g.cells.iter().enumerate() {
        if cell.len() != g.columns.len() || !seen.insert(cell) {
            return Err(format!("segment {s}: not one distinct bin per column"));
        }
        let mut parts = Vec::with_capacity(cell.len());
        for (c, &b) in g.columns.iter().zip(cell) {
            parts.push(c.labels().get(b).ok_or(format!("segment {s}: bin {b} does not exist"))?);
        }
        let label = parts.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" × ");
        if d.segments[s].label != label {
            return Err(format!(
                "segment {s} is labelled \"{}\", not \"{label}\"",
                d.segments[s].label
            ));
        }
    }
    Ok(())
}

fn check_grid_column(c: &GridColumn) -> Result<(), String> {
    let bins = match c {
        GridColumn::Numeric { edges, labels, .. } => {
            if !edges.iter().all(|e| e.is_finite()) || !edges.windows(2).all(|w| w[0] < w[1]) {
                return Err("edges are not increasing finite numbers".into());
            }
            (edges.len() + 2, labels)
        }
        GridColumn::Categorical { levels, labels, .. } => {
            distinct(levels.iter().map(String::as_str), "level")?;
            (levels.len() + 2, labels)
        }
    };
    if bins.1.len() != bins.0 {
        return Err(format!("{} labels for {} bins", bins.1.len(), bins.0));
    }
    distinct(bins.1.iter().map(String::as_str), "bin label")
}

fn check_rules(r: &RuleSet, k: usize) -> Result<(), String> {
    if r.rules.len() != k {
        return Err(format!("{} rules for {k} segments", r.rules.len()));
    }
    let mut kinds: Vec<(&str, ColumnKind)> = Vec::new();
    for (i, c) in
        r.rules.iter().enumerate().flat_map(|(i, r)| r.conditions.iter().map(move |c| (i, c)))
    {
        if c.column().is_empty() {
            return Err(format!("rule {i}: a condition names no column"));
        }
        if let Condition::Range { lower, upper, .. } = c {
            if lower.iter().chain(upper).any(|b| !b.value.is_finite()) {
                return Err(format!(
                    "rule {i}: a bound of \"{}\" is not a finite number",
                    c.column()
                ));
            }
        }
        match (kinds.iter().find(|(n, _)| *n == c.column()), c.kind()) {
            (_, ColumnKind::Any) => {}
            (Some((_, k)), kind) if *k != kind => {
                return Err(format!("\"{}\" is read both as numbers and as labels", c.column()));
            }
            (Some(_), _) => {}
            (None, kind) => kinds.push((c.column(), kind)),
        }
    }
    Ok(())
}

fn check_kmeans(m: &KMeansTagging, k: usize) -> Result<(), String> {
    if m.columns.is_empty() {
        return Err("no feature columns".into());
    }
    distinct(m.columns.iter().map(|c| c.name()), "column")?;
    for c in &m.columns {
        match c {
            super::KMeansColumn::Numeric { name, mean, sd } => {
                if !mean.is_finite() || !sd.is_finite() || *sd <= 0.0 {
                    return Err(format!(
                        "\"{name}\": the scaling is not a finite mean and a positive sd"
                    ));
                }
            }
            super::KMeansColumn::Categorical { name, levels } => {
                if levels.is_empty() {
                    return Err(format!("\"{name}\" has no labels"));
                }
                distinct(levels.iter().map(String::as_str), "label")?;
            }
        }
    }
    let width: usize = m.columns.iter().map(|c| c.width()).sum();
    if m.centres.len() != k {
        return Err(format!("{} centres for {k} segments", m.centres.len()));
    }
    for (i, c) in m.centres.iter().enumerate() {
        if c.len() != width || !c.iter().all(|x| x.is_finite()) {
            return Err(format!("centre {i} is not {width} finite numbers"));
        }
    }
    Ok(())
}

fn check_deciles(t: &DecileTagging, k: usize) -> Result<(), String> {
    if t.cuts.len() + 1 != k {
        return Err(format!("{} cut points for {k} groups", t.cuts.len()));
    }
    if !t.cuts.iter().all(|c| (0.0..=1.0).contains(c)) || !t.cuts.windows(2).all(|w| w[0] >= w[1]) {
        return Err("cut points are not decreasing probabilities".into());
    }
    Ok(())
}

/// Refuses a repeated name.
fn distinct<'a>(names: impl Iterator<Item = &'a str>, what: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    for n in names {
        if !seen.insert(n) {
            return Err(format!("the {what} \"{n}\" appears twice"));
        }
    }
    Ok(())
}
