//! A batch explanation split among Web Workers: the bytes a helper worker needs (the forest and
//! the rows to explain) and the bytes it sends back (their contributions).
//!
//! Why: exact TreeSHAP pays every leaf of every tree to every row (see `bench/RESULTS.md`), so
//! the page's global explanation of 1,000 held-out customers takes seconds to a minute of CPU;
//! the browser gives one thread per worker, so the worker pool shares the rows among its
//! workers as it shares trees when training. Each row's contributions depend on that row alone
//! ([`Explainer::explain_rows`]), so rows explained in any worker and put back in order are
//! bit for bit the ones one worker computes.
//!
//! Job: `MNEXPL1\n`, header length (u32), header JSON (the forest in the model file's layout,
//! each column's labels or none for a number, row count), then each column's cells (f64 or u32
//! codes, little-endian). Result: `MNEXPR1\n`, feature count, row count, base, then the rows'
//! probabilities and their row-major contributions (f64 each).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::contributions::Contributions;
use super::explainer::Explainer;
use super::ExplainError;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{f64_le, put_u32, u32_le, Forest, Reader, WireError};

const JOB_MAGIC: &[u8; 8] = b"MNEXPL1\n";
const RESULT_MAGIC: &[u8; 8] = b"MNEXPR1\n";

/// What a helper worker explains: a forest and the rows to explain (all rows of `cols`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainJob {
    pub forest: Forest,
    pub cols: Vec<FeatureValues>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    forest: Forest,
    /// Per column: its labels (categorical) or None (numeric).
    levels: Vec<Option<Vec<String>>>,
    rows: usize,
}

/// `rows` of `cols` (columns aligned with a forest) as columns of their own, in that order.
pub fn take_rows(
    cols: &[FeatureValues],
    rows: &[usize],
) -> Result<Vec<FeatureValues>, ExplainError> {
    let n = cols.first().map_or(0, column_len);
    if let Some(&row) = rows.iter().find(|&&r| r >= n) {
        return Err(ExplainError::NoSuchRow { row, rows: n });
    }
    Ok(cols
        .iter()
        .map(|c| match c {
            FeatureValues::Numeric(v) => {
                FeatureValues::Numeric(rows.iter().map(|&r| v[r]).collect::<Vec<_>>().into())
            }
            FeatureValues::Categorical { codes, levels } => FeatureValues::Categorical {
                codes: rows.iter().map(|&r| codes[r]).collect::<Vec<_>>().into(),
                levels: levels.clone(),
            },
        })
        .collect())
}

fn column_len(c: &FeatureValues) -> usize {
    match c {
        FeatureValues::Numeric(v) => v.len(),
        FeatureValues::Categorical { codes, .. } => codes.len(),
    }
}

impl ExplainJob {
    /// The job of explaining `rows` of `cols` with `forest`, as bytes (see the module
    /// documentation).
    pub fn to_bytes(
        forest: &Forest,
        cols: &[FeatureValues],
        rows: &[usize],
    ) -> Result<Vec<u8>, ExplainError> {
        let cols = take_rows(cols, rows)?;
        let levels = cols
            .iter()
            .map(|c| match c {
                FeatureValues::Numeric(_) => None,
                FeatureValues::Categorical { levels, .. } => Some(levels.clone()),
            })
            .collect();
        let header = Header { forest: forest.clone(), levels, rows: rows.len() };
        let json = serde_json::to_vec(&header).map_err(|e| WireError::Header(e.to_string()))?;
        let mut out = Vec::with_capacity(12 + json.len() + 8 * rows.len() * cols.len());
        out.extend_from_slice(JOB_MAGIC);
        put_u32(&mut out, json.len());
        out.extend_from_slice(&json);
        for c in &cols {
            match c {
                FeatureValues::Numeric(v) => {
                    v.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()))
                }
                FeatureValues::Categorical { codes, .. } => {
                    codes.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()))
                }
            }
        }
        Ok(out)
    }

    /// A job written by [`ExplainJob::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ExplainJob, WireError> {
        let mut r = Reader::new(bytes);
        let header: Header = r.json_header(JOB_MAGIC, "explanation job")?;
        let n = header.rows;
        let mut cols = Vec::with_capacity(header.levels.len());
        for levels in header.levels {
            cols.push(match levels {
                None => FeatureValues::Numeric(r.array(n, 8, "numbers", f64_le)?.into()),
                Some(levels) => {
                    let codes = r.array(n, 4, "codes", u32_le)?.into();
                    FeatureValues::Categorical { codes, levels }
                }
            });
        }
        if !r.at_end() {
            return Err(WireError::Inconsistent("length of the explanation job"));
        }
        Ok(ExplainJob { forest: header.forest, cols })
    }

    /// Explains the job's rows `rows`, `chunk` rows at a time with `progress(rows done)`
    /// between chunks; the result's rows are indices into the job's rows.
    pub fn explain(
        &self,
        rows: Range<usize>,
        chunk: usize,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Contributions, ExplainError> {
        let explainer = Explainer::new(&self.forest)?;
        let all: Vec<usize> = rows.collect();
        let mut out = Contributions::default();
        for part in all.chunks(chunk.max(1)) {
            out.append(explainer.explain_rows(&self.cols, part, Some(1))?);
            progress(out.len());
        }
        if out.features.is_empty() {
            out = explainer.explain_rows(&self.cols, &[], Some(1))?;
        }
        Ok(out)
    }
}

impl Contributions {
    /// The rows' probabilities and contributions as bytes (their row indices and feature names
    /// stay with whoever asked: see [`Contributions::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(28 + 8 * (self.proba.len() + self.values.len()));
        out.extend_from_slice(RESULT_MAGIC);
        put_u32(&mut out, self.features.len());
        put_u32(&mut out, self.proba.len());
        out.extend_from_slice(&self.base.to_le_bytes());
        self.proba.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        self.values.iter().for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        out
    }

    /// The contributions of `rows` (in order) of a model with `features`, from bytes written by
    /// [`Contributions::to_bytes`].
    pub fn from_bytes(
        bytes: &[u8],
        features: &[String],
        rows: &[usize],
    ) -> Result<Contributions, WireError> {
        let mut r = Reader::new(bytes);
        if r.take(8, "header")? != RESULT_MAGIC {
            return Err(WireError::Magic("explanation result"));
        }
        let (m, n) = (r.u32("feature count")? as usize, r.u32("row count")? as usize);
        if m != features.len() || n != rows.len() {
            return Err(WireError::Inconsistent("features or rows of the explanation"));
        }
        let base = r.array(1, 8, "base", f64_le)?[0];
        let proba = r.array(n, 8, "probabilities", f64_le)?;
        let values = r.array(n * m, 8, "contributions", f64_le)?;
        if !r.at_end() {
            return Err(WireError::Inconsistent("length of the explanation result"));
        }
        Ok(Contributions { features: features.to_vec(), base, rows: rows.to_vec(), proba, values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explain::tests::{cases, model_and_batch};
    use crate::engine::forest::ForestParams;

    /// A fitted forest and 150 new customers aligned with it (missing numbers, missing and
    /// unseen labels among them).
    fn fixture() -> (Forest, Vec<FeatureValues>) {
        let (model, _, cols) = model_and_batch(ForestParams::new().n_estimators(5), false);
        assert_eq!(cases(&model.forest, &cols), (true, true, true));
        (model.forest, cols)
    }

    #[test]
    fn rows_explained_in_shares_through_bytes_are_the_rows_explained_at_once() {
        let (f, cols) = fixture();
        let sample = [149, 0, 77, 3, 12, 5];
        let whole = Explainer::new(&f).unwrap().explain_rows(&cols, &sample, Some(1)).unwrap();
        let job =
            ExplainJob::from_bytes(&ExplainJob::to_bytes(&f, &cols, &sample).unwrap()).unwrap();
        assert_eq!(job.forest, f);
        let mut merged = Contributions::default();
        let mut seen = Vec::new();
        for range in [0..1, 1..6] {
            let part = job.explain(range.clone(), 2, &mut |done| seen.push(done)).unwrap();
            let back = Contributions::from_bytes(&part.to_bytes(), &part.features, &sample[range])
                .unwrap();
            merged.append(back);
        }
        assert_eq!(seen, [1, 2, 4, 5]);
        // Bit for bit (NaN-free: every number compares equal to itself).
        assert_eq!(merged, whole);
        assert_eq!(merged.rows, sample);
    }

    #[test]
    fn bad_bytes_and_rows_are_refused_with_what_is_wrong() {
        let (f, cols) = fixture();
        assert_eq!(
            ExplainJob::to_bytes(&f, &cols, &[150]).unwrap_err(),
            ExplainError::NoSuchRow { row: 150, rows: 150 }
        );
        let bytes = ExplainJob::to_bytes(&f, &cols, &[0, 1]).unwrap();
        assert_eq!(
            ExplainJob::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err(),
            WireError::Truncated("numbers")
        );
        assert_eq!(
            ExplainJob::from_bytes(b"MNPLAN1\n").unwrap_err(),
            WireError::Magic("explanation job")
        );
        let part = ExplainJob::from_bytes(&bytes).unwrap().explain(0..2, 64, &mut |_| ()).unwrap();
        let names = part.features.clone();
        assert_eq!(
            Contributions::from_bytes(&part.to_bytes(), &names, &[0]).unwrap_err(),
            WireError::Inconsistent("features or rows of the explanation")
        );
    }
}
