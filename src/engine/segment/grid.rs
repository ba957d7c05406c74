//! Grid segments: every combination of bins of 1–3 columns. Numeric columns are cut at
//! quantiles (columns with few distinct values get one bin per value), categorical columns keep
//! their labels (the 29 most frequent, then "other"), and missing values get their own bin.
//! The cut points and kept labels are returned as a [`GridTagging`], so new rows are binned by
//! the training bins (see `definitions`). Bin labels are distinct within a column.

use super::definitions::{GridColumn, GridTagging};
use super::method::ValidGridParams;
use super::{distinct_labels, short, SegmentError, Segmentation};
use crate::engine::stats::{quantile_sorted, sorted_present};
use crate::engine::table::{Column, ColumnData, Table, MISSING_CODE};

/// Bin code of each row and the bin labels of one column.
struct ColumnBins {
    codes: Vec<usize>,
    labels: Vec<String>,
    column: GridColumn,
}

/// Segments from the grid of `p.columns`.
pub fn grid_segments(table: &Table, p: &ValidGridParams) -> Result<Segmentation, SegmentError> {
    grid_fit(table, p).map(|(seg, _)| seg)
}

/// Segments from the grid of `p.columns`, and the bins that tag new rows.
pub fn grid_fit(
    table: &Table,
    p: &ValidGridParams,
) -> Result<(Segmentation, GridTagging), SegmentError> {
    let mut per_column = Vec::new();
    for name in &p.columns {
        let col = table.column(name).ok_or_else(|| SegmentError::NoSuchColumn {
            name: name.clone(),
            available: table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
        })?;
        let explicit =
            p.edges.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_slice());
        per_column.push(column_bins(col, p.bins, explicit));
    }
    // Combination code of each row, then compact ids in code order.
    let mut combo = vec![0usize; table.n_rows()];
    let mut stride = 1;
    for cb in &per_column {
        for (r, c) in combo.iter_mut().enumerate() {
            *c += cb.codes[r] * stride;
        }
        stride *= cb.labels.len();
    }
    let mut used: Vec<usize> = combo.clone();
    used.sort_unstable();
    used.dedup();
    let labels = used
        .iter()
        .map(|&code| {
            let mut rest = code;
            per_column
                .iter()
                .map(|cb| {
                    let l = cb.labels[rest % cb.labels.len()].clone();
                    rest /= cb.labels.len();
                    l
                })
                .collect::<Vec<_>>()
                .join(" × ")
        })
        .collect();
    let assignment = combo.iter().map(|c| used.binary_search(c).unwrap_or(0)).collect();
    let cells = used
        .iter()
        .map(|&code| {
            let mut rest = code;
            per_column
                .iter()
                .map(|cb| {
                    let b = rest % cb.labels.len();
                    rest /= cb.labels.len();
                    b
                })
                .collect()
        })
        .collect();
    let columns = per_column.into_iter().map(|cb| cb.column).collect();
    Ok((Segmentation { assignment, labels }, GridTagging { columns, cells }))
}

fn column_bins(col: &Column, bins: usize, explicit: Option<&[f64]>) -> ColumnBins {
    let name = &col.name;
    match &col.data {
        ColumnData::Numeric(v) => {
            let sorted = sorted_present(v);
            let mut distinct = sorted.clone();
            distinct.dedup();
            let edges: Vec<f64> = if let Some(e) = explicit {
                let mut e: Vec<f64> = e.iter().copied().filter(|x| x.is_finite()).collect();
                e.sort_by(f64::total_cmp);
                e.dedup();
                e
            } else if distinct.len() <= bins {
                distinct.iter().take(distinct.len().saturating_sub(1)).copied().collect()
            } else {
                let mut e: Vec<f64> =
                    (1..bins).map(|k| quantile_sorted(&sorted, k as f64 / bins as f64)).collect();
                e.dedup();
                e
            };
            let nb = edges.len() + 1;
            let code = |x: f64| if x.is_nan() { nb } else { edges.partition_point(|&e| e < x) };
            let mut lo = vec![f64::INFINITY; nb];
            let mut hi = vec![f64::NEG_INFINITY; nb];
            for &x in v.iter().filter(|x| !x.is_nan()) {
                let b = code(x);
                lo[b] = lo[b].min(x);
                hi[b] = hi[b].max(x);
            }
            let mut labels: Vec<String> = (0..nb)
                .map(|b| match (lo[b], hi[b]) {
                    (l, h) if l == h => format!("{name} = {}", short(l)),
                    (l, h) if l.is_finite() => format!("{name} {}–{}", short(l), short(h)),
                    _ => format!("{name} (empty)"),
                })
                .collect();
            labels.push(format!("{name} missing"));
            distinct_labels(&mut labels);
            let column = GridColumn::Numeric {
                name: name.clone(),
                edges: edges.clone(),
                labels: labels.clone(),
            };
            ColumnBins { codes: v.iter().map(|&x| code(x)).collect(), labels, column }
        }
        ColumnData::Categorical { codes, levels } => {
            let mut counts: Vec<(usize, usize)> = (0..levels.len()).map(|l| (l, 0)).collect();
            for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
                counts[c as usize].1 += 1;
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let keep = counts.len().min(29);
            let mut map = vec![keep; levels.len()];
            let mut labels: Vec<String> = Vec::new();
            for (i, &(l, _)) in counts.iter().take(keep).enumerate() {
                map[l] = i;
                labels.push(format!("{name} {}", levels[l]));
            }
            labels.push(format!("{name} other"));
            labels.push(format!("{name} missing"));
            distinct_labels(&mut labels);
            let missing = labels.len() - 1;
            let kept = counts.iter().take(keep).map(|&(l, _)| levels[l].clone()).collect();
            ColumnBins {
                codes: codes
                    .iter()
                    .map(|&c| if c == MISSING_CODE { missing } else { map[c as usize] })
                    .collect(),
                column: GridColumn::Categorical {
                    name: name.clone(),
                    levels: kept,
                    labels: labels.clone(),
                },
                labels,
            }
        }
    }
}
