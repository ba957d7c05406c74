//! k-means tagging: each row encoded as the clustering encoded its training rows — a number as
//! (x − mean) / sd with the training mean and sd (0 when missing), a label as one-hot over the
//! training labels (all 0 when missing or unseen) — then placed at the nearest centre by the
//! clustering's own distance and tie rule (`kmeans::nearest_centre`), so the arithmetic is the
//! same to the bit.

use super::assignment::Assignment;
use super::columns::{cells, Cells};
use super::condition::ColumnKind;
use super::tagging::{KMeansColumn, KMeansTagging};
use super::DefinitionsError;
use crate::engine::segment::kmeans::nearest_centre;
use crate::engine::table::Table;

/// One feature column of the batch, ready to encode.
enum Encoder<'t> {
    Number {
        cells: Cells<'t>,
        mean: f64,
        sd: f64,
    },
    /// Coordinate (offset by the column's first) of each batch label code.
    OneHot {
        cells: Cells<'t>,
        coordinate_of_code: Vec<Option<usize>>,
        width: usize,
    },
}

/// Tags every row of `clean` into `out`.
pub fn tag(m: &KMeansTagging, clean: &Table, out: &mut Assignment) -> Result<(), DefinitionsError> {
    let mut encoders = Vec::with_capacity(m.columns.len());
    for c in &m.columns {
        encoders.push(match c {
            KMeansColumn::Numeric { name, mean, sd } => Encoder::Number {
                cells: cells(clean, name, ColumnKind::Numeric)?,
                mean: *mean,
                sd: *sd,
            },
            KMeansColumn::Categorical { name, levels } => {
                let cells = cells(clean, name, ColumnKind::Categorical)?;
                let coordinate_of_code = cells.positions(levels);
                Encoder::OneHot { cells, coordinate_of_code, width: levels.len() }
            }
        });
    }
    let d: usize = m.columns.iter().map(KMeansColumn::width).sum();
    let k = m.centres.len();
    let centres: Vec<f64> = m.centres.iter().flatten().copied().collect();
    let mut row = vec![0.0; d];
    for r in 0..clean.n_rows() {
        out.pairs.push((r, cluster_of(&encoders, r, &mut row, &centres, k)));
    }
    Ok(())
}

/// Encodes row `r` into `row` and returns its nearest centre. Not inlined: it runs once per row,
/// and in the browser a function runs unoptimised until it is called again.
#[inline(never)]
fn cluster_of(encoders: &[Encoder], r: usize, row: &mut [f64], centres: &[f64], k: usize) -> usize {
    let mut j = 0;
    for e in encoders {
        match e {
            Encoder::Number { cells, mean, sd } => {
                let x = cells.number(r);
                row[j] = if x.is_nan() { 0.0 } else { (x - mean) / sd };
                j += 1;
            }
            Encoder::OneHot { cells, coordinate_of_code, width } => {
                let hot = cells.code(r).and_then(|c| coordinate_of_code[c]);
                for (i, v) in row[j..j + width].iter_mut().enumerate() {
                    *v = if hot == Some(i) { 1.0 } else { 0.0 };
                }
                j += width;
            }
        }
    }
    nearest_centre(row, centres, k, row.len()).0
}
