//! The Explore job: summary, class balance, a histogram, rates by category, a scatter and the
//! correlation heatmap of the working table.

use super::error::WorkerError;
use super::figures;
use crate::charts::ChartStyle;
use crate::engine::eda;
use crate::engine::table::{Kind, Table};
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
    let positive = &req.positive;
    let balance = eda::class_balance(table, target, positive)?;
    let histogram = match req.histogram_column.clone().or_else(|| numeric.first().cloned()) {
        Some(col) => Some(eda::histogram_by_class(table, &col, target, positive, req.bins.max(2))?),
        None => None,
    };
    let rates = match req.category_column.clone().or_else(|| categories.first().cloned()) {
        Some(col) => {
            let r = eda::rate_by_category(table, &col, target, positive)?;
            Some((col, r))
        }
        None => None,
    };
    let axes = req.scatter.clone().or_else(|| match numeric.as_slice() {
        [a, b, ..] => Some((a.clone(), b.clone())),
        _ => None,
    });
    let scatter = match axes {
        Some((x, y)) => Some(eda::scatter(table, &x, &y, target, positive, 4000, 7)?),
        None => None,
    };
    let correlation = eda::correlation(table);
    let charts = figures::explore(
        histogram.as_ref(),
        rates.as_ref().map(|(c, r)| (c.as_str(), r.as_slice())),
        balance.positive_rate,
        scatter.as_ref(),
        &correlation,
        style,
    );
    Ok(ExploreResult {
        summary: eda::summarize(table),
        balance,
        histogram_column: histogram.map(|h| h.column),
        category_column: rates.map(|(c, _)| c),
        numeric_columns: numeric,
        category_columns: categories,
        charts,
    })
}
