//! Segment jobs of the worker: run the chosen segmenter on the working table and keep the
//! assignment so that one segment's rows can be summarised afterwards.

use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::eda::summarize;
use crate::engine::segment::{
    decile_segments, gains, grid_segments, kmeans_segments, rule_segments, segment_stats,
    GridParams, KMeansParams, RulesParams, Segmentation,
};
use crate::engine::table::Table;
use crate::engine::target::binary_target;
use crate::protocol::{Event, SegmentRequest, SegmentResult};

/// The last segmentation: which working-table rows were used and where each went.
#[derive(Debug, Default)]
pub struct LastSegments {
    rows: Vec<usize>,
    seg: Option<Segmentation>,
}

/// Runs a segment request. `honest` holds out-of-bag or held-out model scores per working row.
pub fn run(
    table: &Table,
    req: &SegmentRequest,
    honest: Option<&[f64]>,
    last: &mut LastSegments,
) -> Result<SegmentResult, String> {
    let target =
        binary_target(table, &req.target, req.positive.as_deref()).map_err(|e| e.to_string())?;
    let rows: Vec<usize> = (0..table.n_rows()).filter(|&i| target.y[i].is_some()).collect();
    let sub = table.take_rows(&rows);
    let y: Vec<u8> = rows.iter().map(|&i| target.y[i].unwrap_or(0)).collect();
    let proba: Option<Vec<f64>> =
        honest.filter(|h| h.len() == table.n_rows()).map(|h| rows.iter().map(|&i| h[i]).collect());
    let mut kmeans = None;
    let seg = match req.method.as_str() {
        "grid" => grid_segments(&sub, &GridParams { columns: req.by.clone(), bins: req.bins, edges: Default::default() }).map_err(|e| e.to_string())?,
        "kmeans" => {
            let p = KMeansParams { columns: (!req.by.is_empty()).then(|| req.by.clone()), exclude: vec![req.target.clone()], k: req.k, random_state: req.random_state, n_init: 4, max_iter: 100 };
            let (seg, info) = kmeans_segments(&sub, &p).map_err(|e| e.to_string())?;
            kmeans = Some(info);
            seg
        }
        "tree" => {
            let spec = TargetSpec { target: req.target.clone(), positive: req.positive.clone(), ..Default::default() };
            let data = Dataset::from_table(&sub, &spec).map_err(|e| e.to_string())?;
            let p = RulesParams { max_depth: req.max_depth, min_support: req.min_support as usize, random_state: req.random_state };
            rule_segments(&data, &p).map_err(|e| e.to_string())?
        }
        "deciles" => match &proba {
            Some(p) => decile_segments(p, 10),
            None => return Err("deciles rank customers by a model's probability: train a model in the Model step first".into()),
        },
        other => return Err(format!("unknown segment method {other:?}")),
    };
    let table_stats =
        segment_stats(&seg, &y, proba.as_deref(), req.min_support).map_err(|e| e.to_string())?;
    let gains =
        (req.method == "deciles").then(|| proba.as_ref().map(|p| gains(&y, p, 10))).flatten();
    *last = LastSegments { rows, seg: Some(seg) };
    Ok(SegmentResult {
        request: req.clone(),
        table: table_stats,
        gains,
        kmeans,
        with_model: proba.is_some(),
    })
}

/// Summary of the rows of `segment` in the last segmentation.
pub fn rows_of(table: &Table, segment: usize, last: &LastSegments) -> Result<Event, String> {
    let seg = last.seg.as_ref().ok_or("no segments yet")?;
    let label = seg.labels.get(segment).cloned().ok_or("no such segment")?;
    let rows: Vec<usize> = last
        .rows
        .iter()
        .zip(&seg.assignment)
        .filter(|(_, s)| **s == segment)
        .map(|(r, _)| *r)
        .collect();
    Ok(Event::SegmentRows { segment, label, summary: summarize(&table.take_rows(&rows)) })
}
