//! The Explore job: summary, class balance, a histogram, rates by category, a scatter and the
//! correlation heatmap of the working table (its numeric columns most associated with the target),
//! and every column ranked by that association.

use super::error::WorkerError;
use super::figures;
use crate::charts::ChartStyle;
use crate::engine::display::Outcome;
use crate::engine::eda;
use crate::engine::table::{Kind, Table};
use crate::engine::target::binary_target;
use crate::engine::useful::rank_by_association;
use crate::protocol::{ExploreRequest, ExploreResult};

/// The Explore step's statistics of `table`.
pub fn explore(
    table: &Table,
    req: &ExploreRequest,
    style: &ChartStyle,
) -> Result<ExploreResult, WorkerError> {
    let target = &req.target;
    let features: Vec<&crate::engine::table::Column> =
        table.columns.iter().filter(|c| !c.name.eq_ignore_ascii_case(target)).collect();
    let numeric: Vec<String> =
        features.iter().filter(|c| c.kind == Kind::Numeric).map(|c| c.name.clone()).collect();
    let categories: Vec<String> = features
        .iter()
        .filter(|c| matches!(c.kind, Kind::Categorical | Kind::Boolean))
        .map(|c| c.name.clone())
        .collect();
    // The charts open on the columns that tell most about the target.
    let useful = useful(table, Some(target));
    let first_of = |names: &[String]| useful.iter().find(|u| names.contains(u)).cloned();
    let (best_numeric, best_category) = (first_of(&numeric), first_of(&categories));
    let positive = &req.positive;
    let balance = eda::class_balance(table, target, positive)?;
    let histogram =
        match req.histogram_column.clone().or(best_numeric).or_else(|| numeric.first().cloned()) {
            Some(col) => {
                Some(eda::histogram_by_class(table, &col, target, positive, req.bins.max(2))?)
            }
            None => None,
        };
    let rates =
        match req.category_column.clone().or(best_category).or_else(|| categories.first().cloned())
        {
            Some(col) => {
                let r = eda::rate_by_category(table, &col, target, positive)?;
                Some((col, r))
            }
            None => None,
        };
    let mut ranked: Vec<&String> = useful.iter().filter(|u| numeric.contains(u)).collect();
    ranked.extend(numeric.iter().filter(|n| !useful.contains(n)));
    let axes = req.scatter.clone().or_else(|| match ranked.as_slice() {
        [a, b, ..] => Some(((*a).clone(), (*b).clone())),
        _ => None,
    });
    let scatter = match axes {
        Some((x, y)) => Some(eda::scatter(table, &x, &y, target, positive, 4000, 7)?),
        None => None,
    };
    let ranking = eda::associations(table, target, positive)?;
    let correlation = match req.heatmap_columns.is_empty() {
        true => eda::correlation_top(table, &ranking),
        false => {
            let chosen = req.heatmap_columns.iter().take(eda::MAX_CORRELATED);
            eda::correlation_of(table, &chosen.map(String::as_str).collect::<Vec<_>>())
        }
    };
    let charts = figures::explore(
        histogram.as_ref(),
        rates.as_ref().map(|(c, r)| (c.as_str(), r.as_slice())),
        balance.positive_rate,
        scatter.as_ref(),
        &correlation,
        &Outcome::new(target, &balance.labels[1]),
        style,
    );
    Ok(ExploreResult {
        summary: eda::summarize(table),
        balance,
        histogram_column: histogram.map(|h| h.column),
        category_column: rates.map(|(c, _)| c),
        numeric_columns: numeric,
        heatmap_columns: correlation.names.clone(),
        category_columns: categories,
        useful,
        associations: super::views::associations(&ranking),
        charts,
    })
}

/// The feature columns of `table`, most associated with `target` first (none without a binary
/// target).
pub fn useful(table: &Table, target: Option<&str>) -> Vec<String> {
    let Some(target) = target else { return Vec::new() };
    let Ok(t) = binary_target(table, target, None) else { return Vec::new() };
    rank_by_association(table, &t.column, &t.y).into_iter().map(|f| f.name).collect()
}
