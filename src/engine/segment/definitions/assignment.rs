//! The segments of a tagged batch, and its file `row[,id],segment`: one line per row of a
//! partition, one line per (row, segment) of an overlapping rule set (a row in no segment gets
//! one line with [`NO_SEGMENT`]). Cells are escaped against spreadsheet formulas, as the
//! predictions file is.

use serde::{Deserialize, Serialize};

use crate::engine::csv_out::{escape_cell, writer};

/// The segment of a row that meets no rule of a rule set.
pub const NO_SEGMENT: &str = "(no segment)";

/// The segments of every row of a cleaned batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// 0-based record index in the batch file of each row (rows the cleaning dropped are not
    /// here).
    pub row_ids: Vec<usize>,
    /// Id column text per row, when the definitions name an id column and the batch has it.
    pub ids: Option<Vec<String>>,
    /// Segment labels: the definitions' segments first (same index), then the segments only
    /// this batch has (a grid cell empty in training; [`NO_SEGMENT`]).
    pub labels: Vec<String>,
    /// (row, segment): row is a position in `row_ids`, segment an index into `labels`; ordered
    /// by row, then segment. Exactly one per row unless `overlapping`.
    pub pairs: Vec<(usize, usize)>,
    /// Whether a row may be in several segments.
    pub overlapping: bool,
    /// Things to know (labels the definitions do not list).
    pub warnings: Vec<String>,
}

impl Assignment {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.row_ids.len()
    }

    /// Rows in each segment (same order as `labels`).
    pub fn counts(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.labels.len()];
        for &(_, s) in &self.pairs {
            counts[s] += 1;
        }
        counts
    }

    /// The segment of each row, when every row has exactly one.
    pub fn segments(&self) -> Option<Vec<usize>> {
        let one_each = self.pairs.len() == self.n_rows()
            && self.pairs.iter().enumerate().all(|(i, &(r, _))| r == i);
        one_each.then(|| self.pairs.iter().map(|&(_, s)| s).collect())
    }

    /// Header of the assignments file; `id_name` is the definitions' id column.
    pub fn header(&self, id_name: Option<&str>) -> Vec<String> {
        let mut header = vec!["row".to_string()];
        if self.ids.is_some() {
            header.extend(id_name.map(escape_cell));
        }
        header.push("segment".into());
        header
    }

    /// The line of pair `i` as text.
    pub fn record(&self, i: usize) -> Vec<String> {
        let (r, s) = self.pairs[i];
        let mut rec = vec![self.row_ids[r].to_string()];
        if let Some(ids) = &self.ids {
            rec.push(escape_cell(&ids[r]));
        }
        rec.push(escape_cell(&self.labels[s]));
        rec
    }

    /// The whole assignments file as CSV bytes.
    pub fn to_csv(&self, id_name: Option<&str>) -> Vec<u8> {
        let mut buf = Vec::new();
        {
            let mut out = writer(&mut buf);
            // Writing into memory cannot fail.
            let _ = out.write_record(self.header(id_name));
            for i in 0..self.pairs.len() {
                let _ = out.write_record(self.record(i));
            }
            let _ = out.flush();
        }
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_has_one_line_per_pair_with_ids_escaped() {
        let a = Assignment {
            row_ids: vec![0, 2, 3],
            ids: Some(vec!["A1".into(), "=cmd()".into(), "C3".into()]),
            labels: vec!["Age ≤ 30".into(), "-young, rich".into(), NO_SEGMENT.into()],
            pairs: vec![(0, 0), (0, 1), (1, 2), (2, 1)],
            overlapping: true,
            warnings: Vec::new(),
        };
        let text = String::from_utf8(a.to_csv(Some("id"))).unwrap();
        assert_eq!(
            text,
            "row,id,segment\n0,A1,Age ≤ 30\n0,A1,\"'-young, rich\"\n2,'=cmd(),(no segment)\n3,C3,\"'-young, rich\"\n"
        );
        assert_eq!(a.counts(), vec![1, 2, 1]);
        assert_eq!(a.segments(), None);
        let one_each = Assignment { pairs: vec![(0, 1), (1, 1), (2, 0)], ids: None, ..a };
        assert_eq!(one_each.segments(), Some(vec![1, 1, 0]));
        assert_eq!(one_each.header(Some("id")), ["row", "segment"]);
    }
}
