//! Grid tagging: each column binned by the training bins (a number by the training cut points,
//! a label by the kept labels, else "other"; missing in its own bin), and each row's cell looked
//! up among the training segments. A cell no training row was in becomes a new segment,
//! labelled as the grid labels cells, in order of first appearance.

use rustc_hash::FxHashMap;

use super::assignment::Assignment;
use super::columns::{cells, Cells};
use super::condition::ColumnKind;
use super::tagging::{GridColumn, GridTagging};
use super::DefinitionsError;
use crate::engine::table::Table;

/// A cell of a grid of at most three columns (unused places are 0).
type Cell = [usize; 3];

/// How one column of the batch is binned.
struct Binner<'t> {
    cells: Cells<'t>,
    how: How<'t>,
}

enum How<'a> {
    /// Training cut points; the missing bin is `edges.len() + 1`.
    Edges(&'a [f64]),
    /// Bin of each batch label code (`other` when the label was not kept), and the missing bin.
    Labels { bin_of_code: Vec<usize>, missing: usize },
}

impl Binner<'_> {
    fn bin(&self, r: usize) -> usize {
        match &self.how {
            How::Edges(edges) => {
                let x = self.cells.number(r);
                if x.is_nan() {
                    edges.len() + 1
                } else {
                    edges.partition_point(|&e| e < x)
                }
            }
            How::Labels { bin_of_code, missing } => {
                self.cells.code(r).map_or(*missing, |c| bin_of_code[c])
            }
        }
    }
}

/// Tags every row of `clean` into `out`.
pub fn tag(g: &GridTagging, clean: &Table, out: &mut Assignment) -> Result<(), DefinitionsError> {
    let mut binners = Vec::with_capacity(g.columns.len());
    for c in &g.columns {
        binners.push(match c {
            GridColumn::Numeric { name, edges, .. } => {
                Binner { cells: cells(clean, name, ColumnKind::Numeric)?, how: How::Edges(edges) }
            }
            GridColumn::Categorical { name, levels, .. } => {
                let cells = cells(clean, name, ColumnKind::Categorical)?;
                let other = levels.len();
                let bin_of_code =
                    cells.positions(levels).into_iter().map(|p| p.unwrap_or(other)).collect();
                Binner { cells, how: How::Labels { bin_of_code, missing: other + 1 } }
            }
        });
    }
    let mut segment_of: FxHashMap<Cell, usize> =
        g.cells.iter().enumerate().map(|(s, bins)| (key(bins.iter().copied()), s)).collect();
    for r in 0..clean.n_rows() {
        let cell = cell_of(&binners, r);
        let s = match segment_of.get(&cell) {
            Some(&s) => s,
            None => {
                let label = g
                    .columns
                    .iter()
                    .zip(cell)
                    .map(|(c, b)| c.labels()[b].as_str())
                    .collect::<Vec<_>>()
                    .join(" × ");
                out.labels.push(label);
                segment_of.insert(cell, out.labels.len() - 1);
                out.labels.len() - 1
            }
        };
        out.pairs.push((r, s));
    }
    Ok(())
}

/// The cell of row `r`. Not inlined: it runs once per row, and in the browser a function runs
/// unoptimised until it is called again (see `ingest::push_record`).
#[inline(never)]
fn cell_of(binners: &[Binner], r: usize) -> Cell {
    key(binners.iter().map(|b| b.bin(r)))
}

fn key(bins: impl Iterator<Item = usize>) -> Cell {
    let mut cell = [0; 3];
    for (place, b) in cell.iter_mut().zip(bins) {
        *place = b;
    }
    cell
}
