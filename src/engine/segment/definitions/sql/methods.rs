//! The tagging part of the query, per method: extra common table expressions (k-means,
//! overlapping rules) and the final `SELECT` of `row`, the id and `segment`.

use super::super::assignment::NO_SEGMENT;
use super::super::tagging::{GridColumn, GridTagging, KMeansColumn, KMeansTagging, RuleSet};
use super::exprs::{number, rule};
use crate::engine::model_io::sql::{string, Dialect, SqlError};

/// Where the cleaned rows come from and what the output carries.
pub struct Output<'a> {
    /// The quoted id column, when the definitions have one.
    pub id: Option<&'a str>,
    /// The last cleaning expression.
    pub from: &'a str,
    pub d: Dialect,
}

impl Output<'_> {
    /// `SELECT row, id, <segment> FROM <from> ORDER BY row;`
    fn select(&self, segment: &str, from: &str) -> String {
        let id = self.id.map(|id| format!(",\n    mn_id AS {id}")).unwrap_or_default();
        format!(
            "SELECT\n    mn_row AS \"row\"{id},\n    {segment} AS \"segment\"\nFROM {from}\nORDER BY mn_row;\n"
        )
    }

    /// The carried columns (`mn_row`, and `mn_id` when there is an id).
    fn carried(&self) -> &'static str {
        if self.id.is_some() {
            "mn_row, mn_id"
        } else {
            "mn_row"
        }
    }
}

/// Column name → its cleaned expression name.
pub type ColumnOf<'a> = &'a dyn Fn(&str) -> String;

/// The grid: each column's bin label, joined by " × ".
pub fn grid(g: &GridTagging, column: ColumnOf, out: &Output) -> Result<String, SqlError> {
    let d = out.d;
    let mut parts = Vec::with_capacity(g.columns.len());
    for col in &g.columns {
        let c = column(col.name());
        let labels = col.labels();
        let missing = string(&labels[labels.len() - 1])?;
        let mut e = format!("CASE WHEN {c} IS NULL THEN {missing}");
        let last = match col {
            GridColumn::Numeric { edges, .. } => {
                for (edge, label) in edges.iter().zip(labels) {
                    e.push_str(&format!(
                        " WHEN {c} <= {} THEN {}",
                        d.float(*edge)?,
                        string(label)?
                    ));
                }
                &labels[edges.len()]
            }
            GridColumn::Categorical { levels, .. } => {
                for (level, label) in levels.iter().zip(labels) {
                    e.push_str(&format!(" WHEN {c} = {} THEN {}", string(level)?, string(label)?));
                }
                &labels[levels.len()]
            }
        };
        e.push_str(&format!(" ELSE {} END", string(last)?));
        parts.push(e);
    }
    let segment = parts.join(&format!("\n      || {} || ", string(" × ")?));
    Ok(out.select(&segment, out.from))
}

/// Tree leaves: the label of the first rule met, as `assign` takes it. `names` are the
/// segments' quoted labels.
pub fn first_rule(
    set: &RuleSet,
    names: &[String],
    column: ColumnOf,
    out: &Output,
) -> Result<String, SqlError> {
    let mut e = "CASE".to_string();
    for (r, label) in set.rules.iter().zip(names) {
        e.push_str(&format!("\n      WHEN {} THEN {label}", rule(r, column, out.d)?));
    }
    e.push_str(&format!("\n      ELSE {} END", string(NO_SEGMENT)?));
    Ok(out.select(&e, out.from))
}

/// Overlapping rules: a 0/1 flag per rule, then one line per (row, segment met); rows that meet
/// none get [`NO_SEGMENT`]. Returns the extra expression and the final `SELECT`.
pub fn overlapping(
    set: &RuleSet,
    names: &[String],
    column: ColumnOf,
    out: &Output,
) -> Result<(String, String), SqlError> {
    let carried = out.carried();
    let mut flags = Vec::with_capacity(set.rules.len());
    for (i, r) in set.rules.iter().enumerate() {
        flags.push(format!("CASE WHEN {} THEN 1 ELSE 0 END AS mn_m{i}", rule(r, column, out.d)?));
    }
    let cte = format!(
        ",\nmicronum_flags AS (\n  SELECT {carried},\n    {}\n  FROM {}\n)",
        flags.join(",\n    "),
        out.from
    );
    let mut branches = Vec::with_capacity(set.rules.len() + 1);
    for (i, label) in names.iter().enumerate() {
        branches.push(format!(
            "  SELECT {carried}, {label} AS mn_segment, {i} AS mn_k FROM micronum_flags WHERE mn_m{i} = 1"
        ));
    }
    let none: Vec<String> = (0..set.rules.len()).map(|i| format!("mn_m{i} = 0")).collect();
    branches.push(format!(
        "  SELECT {carried}, {} AS mn_segment, {} AS mn_k FROM micronum_flags{}",
        string(NO_SEGMENT)?,
        set.rules.len(),
        if none.is_empty() { String::new() } else { format!(" WHERE {}", none.join(" AND ")) }
    ));
    let id = out.id.map(|id| format!(",\n    mn_id AS {id}")).unwrap_or_default();
    let select = format!(
        "SELECT\n    mn_row AS \"row\"{id},\n    mn_segment AS \"segment\"\nFROM (\n{}\n) AS micronum_pairs\nORDER BY mn_row, mn_k;\n",
        branches.join("\n  UNION ALL\n")
    );
    Ok((cte, select))
}

/// k-means: standardized numbers, squared distances to each centre in micronum's order, and the
/// first nearest centre's label.
pub fn kmeans(
    m: &KMeansTagging,
    names: &[String],
    column: ColumnOf,
    out: &Output,
) -> Result<(String, String), SqlError> {
    let d = out.d;
    let carried = out.carried();
    // Each coordinate as SQL: a scaled number (z_j in micronum_scaled) or a label test.
    enum Coordinate {
        Scaled(String),
        Label { column: String, label: String },
    }
    let mut scaled = Vec::new();
    let mut coordinates = Vec::new();
    for col in &m.columns {
        let c = column(col.name());
        match col {
            KMeansColumn::Numeric { mean, sd, .. } => {
                let z = format!("z{}", scaled.len());
                scaled.push(format!(
                    "CASE WHEN {c} IS NULL THEN {} ELSE ({c} - {}) / {} END AS {z}",
                    number(d, 0.0)?,
                    number(d, *mean)?,
                    number(d, *sd)?
                ));
                coordinates.push(Coordinate::Scaled(z));
            }
            KMeansColumn::Categorical { levels: list, .. } => {
                scaled.push(c.clone());
                for level in list {
                    coordinates
                        .push(Coordinate::Label { column: c.clone(), label: string(level)? });
                }
            }
        }
    }
    let mut distances = Vec::with_capacity(m.centres.len());
    for (k, centre) in m.centres.iter().enumerate() {
        let mut terms = Vec::with_capacity(centre.len());
        for (coordinate, &v) in coordinates.iter().zip(centre) {
            terms.push(match coordinate {
                Coordinate::Scaled(z) => {
                    let v = number(d, v)?;
                    format!("({z} - {v}) * ({z} - {v})")
                }
                // (1 − v)² and (0 − v)², computed as micronum computes them.
                Coordinate::Label { column, label } => format!(
                    "CASE WHEN {column} = {label} THEN {} ELSE {} END",
                    number(d, (1.0 - v) * (1.0 - v))?,
                    number(d, (0.0 - v) * (0.0 - v))?
                ),
            });
        }
        distances.push(format!("{} AS mn_d{k}", terms.join("\n      + ")));
    }
    let ctes = format!(
        ",\nmicronum_scaled AS MATERIALIZED (\n  SELECT {carried},\n    {}\n  FROM {}\n),\nmicronum_distances AS (\n  SELECT {carried},\n    {}\n  FROM micronum_scaled\n)",
        scaled.join(",\n    "),
        out.from,
        distances.join(",\n    ")
    );
    let k = m.centres.len();
    let mut e = "CASE".to_string();
    for (c, name) in names.iter().enumerate().take(k.saturating_sub(1)) {
        let nearer: Vec<String> = (c + 1..k).map(|j| format!("mn_d{c} <= mn_d{j}")).collect();
        e.push_str(&format!("\n      WHEN {} THEN {name}", nearer.join(" AND ")));
    }
    e.push_str(&format!("\n      ELSE {} END", names[k.saturating_sub(1)]));
    Ok((ctes, out.select(&e, "micronum_distances")))
}
