//! k-means++ clusters on standardized numeric features plus one-hot categories, seeded; k given
//! or chosen by the silhouette over 2..=8 (on a seeded sample of at most 2,000 rows). The
//! scaling, the one-hot labels and the centres of the final assignment are returned as a
//! [`KMeansTagging`], so new rows are placed by the same arithmetic ([`nearest_centre`]).

use serde::{Deserialize, Serialize};

use super::definitions::{KMeansColumn, KMeansTagging};
use super::method::{KMeansParams, ValidKMeansParams};
use super::{SegmentError, Segmentation};
use crate::engine::ingest::{effective_roles, Role};
use crate::engine::rng;
use crate::engine::stats::{mean, sd};
use crate::engine::table::{ColumnData, Table, MISSING_CODE};

/// A cluster's mean of each numeric feature (original units) next to the overall mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterProfile {
    pub segment: usize,
    pub size: usize,
    /// (feature, cluster mean, overall mean).
    pub means: Vec<(String, f64, f64)>,
}

/// What was chosen and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeansInfo {
    pub k: usize,
    pub silhouette_by_k: Vec<(usize, f64)>,
    pub profiles: Vec<ClusterProfile>,
    pub inertia: f64,
}

/// Row-major matrix, its width, the numeric columns (name, values) for profiles, and how each
/// feature column was encoded.
type Features = (Vec<f64>, usize, Vec<(String, Vec<f64>)>, Vec<KMeansColumn>);

/// Row-major feature matrix and the numeric columns (name, values) for profiles.
fn features(table: &Table, p: &KMeansParams, target: &str) -> Result<Features, SegmentError> {
    // Without a list: the columns whose role is feature (no row numbers, ids, dates, text), never
    // the target.
    let roles = if p.columns.is_empty() {
        effective_roles(table, None, &[], &[target.to_string()])
    } else {
        Vec::new()
    };
    let chosen = |i: usize, name: &str| {
        if p.columns.is_empty() {
            roles[i].role == Role::Feature
        } else {
            p.columns.iter().any(|c| c.eq_ignore_ascii_case(name))
        }
    };
    let n = table.n_rows();
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mut numeric = Vec::new();
    let mut encoding = Vec::new();
    let picked = table.columns.iter().enumerate().filter(|(i, c)| chosen(*i, &c.name));
    for (_, c) in picked {
        match &c.data {
            ColumnData::Numeric(v) => {
                let (m, s) = (mean(v), sd(v));
                let s = if s.is_finite() && s > 0.0 { s } else { 1.0 };
                cols.push(v.iter().map(|x| if x.is_nan() { 0.0 } else { (x - m) / s }).collect());
                numeric.push((c.name.clone(), v.to_vec()));
                encoding.push(KMeansColumn::Numeric { name: c.name.clone(), mean: m, sd: s });
            }
            ColumnData::Categorical { codes, levels } if levels.len() <= 30 => {
                for l in 0..levels.len() as u32 {
                    cols.push(
                        codes.iter().map(|&c| (c != MISSING_CODE && c == l) as u8 as f64).collect(),
                    );
                }
                let levels = levels.clone();
                encoding.push(KMeansColumn::Categorical { name: c.name.clone(), levels });
            }
            _ => {}
        }
    }
    if cols.is_empty() {
        return Err(SegmentError::NoFeatures);
    }
    let d = cols.len();
    let mut x = vec![0.0; n * d];
    for (j, c) in cols.iter().enumerate() {
        for (i, v) in c.iter().enumerate() {
            x[i * d + j] = *v;
        }
    }
    Ok((x, d, numeric, encoding))
}

fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The centre nearest to `row` among the `k` centres of width `d` (row-major), and its squared
/// distance; the first one on a tie.
pub(crate) fn nearest_centre(row: &[f64], centres: &[f64], k: usize, d: usize) -> (usize, f64) {
    (0..k)
        .map(|c| (c, dist2(row, &centres[c * d..(c + 1) * d])))
        .fold((0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a })
}

/// One k-means++ run: (assignment, the centres it was made with, inertia).
fn run_once(
    x: &[f64],
    d: usize,
    k: usize,
    seed: u64,
    max_iter: usize,
) -> (Vec<usize>, Vec<f64>, f64) {
    let n = x.len() / d;
    let mut g = rng::rng(seed);
    let mut centres: Vec<f64> = Vec::with_capacity(k * d);
    let first = rng::below(&mut g, n);
    centres.extend_from_slice(&x[first * d..(first + 1) * d]);
    let mut nearest: Vec<f64> =
        (0..n).map(|i| dist2(&x[i * d..(i + 1) * d], &centres[0..d])).collect();
    for _ in 1..k {
        let total: f64 = nearest.iter().sum();
        let mut target = rng::unit(&mut g) * total;
        let mut pick = n - 1;
        for (i, w) in nearest.iter().enumerate() {
            if target < *w {
                pick = i;
                break;
            }
            target -= w;
        }
        let c = centres.len() / d;
        centres.extend_from_slice(&x[pick * d..(pick + 1) * d]);
        for i in 0..n {
            nearest[i] =
                nearest[i].min(dist2(&x[i * d..(i + 1) * d], &centres[c * d..(c + 1) * d]));
        }
    }
    let mut assign = vec![0usize; n];
    let mut inertia = f64::INFINITY;
    let mut used = centres.clone();
    for _ in 0..max_iter {
        let mut changed = false;
        inertia = 0.0;
        used.clone_from(&centres);
        for i in 0..n {
            let (best, dbest) = nearest_centre(&x[i * d..(i + 1) * d], &centres, k, d);
            changed |= assign[i] != best;
            assign[i] = best;
            inertia += dbest;
        }
        let mut sums = vec![0.0; k * d];
        let mut counts = vec![0usize; k];
        for i in 0..n {
            counts[assign[i]] += 1;
            for j in 0..d {
                sums[assign[i] * d + j] += x[i * d + j];
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                for j in 0..d {
                    centres[c * d + j] = sums[c * d + j] / counts[c] as f64;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (assign, used, inertia)
}

/// Mean silhouette of `assign` on the rows `sample`.
fn silhouette(x: &[f64], d: usize, assign: &[usize], k: usize, sample: &[usize]) -> f64 {
    let mut total = 0.0;
    for &i in sample {
        let mut sum = vec![0.0; k];
        let mut cnt = vec![0usize; k];
        for &j in sample {
            if i != j {
                sum[assign[j]] += dist2(&x[i * d..(i + 1) * d], &x[j * d..(j + 1) * d]).sqrt();
                cnt[assign[j]] += 1;
            }
        }
        let own = assign[i];
        if cnt[own] == 0 {
            continue;
        }
        let a = sum[own] / cnt[own] as f64;
        let b = (0..k)
            .filter(|&c| c != own && cnt[c] > 0)
            .map(|c| sum[c] / cnt[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            total += (b - a) / a.max(b).max(1e-12);
        }
    }
    total / sample.len().max(1) as f64
}

/// The best clustering so far: k, assignment, inertia, silhouette, centres.
type Best = (usize, Vec<usize>, f64, f64, Vec<f64>);

/// Clusters of `table` as segments, with profiles; the `target` column is never a feature.
pub fn kmeans_segments(
    table: &Table,
    p: &ValidKMeansParams,
    target: &str,
) -> Result<(Segmentation, KMeansInfo), SegmentError> {
    kmeans_fit(table, p, target).map(|(seg, info, _)| (seg, info))
}

/// [`kmeans_segments`], and the scaling and centres that place new rows.
pub fn kmeans_fit(
    table: &Table,
    p: &ValidKMeansParams,
    target: &str,
) -> Result<(Segmentation, KMeansInfo, KMeansTagging), SegmentError> {
    let (x, d, numeric, encoding) = features(table, p, target)?;
    let n = table.n_rows();
    if n < 10 {
        return Err(SegmentError::TooFewRows(n));
    }
    let best_of = |k: usize| {
        let seeds = rng::derive_seeds(p.random_state ^ k as u64, p.n_init);
        seeds.iter().map(|&s| run_once(&x, d, k, s, p.max_iter)).fold(
            None,
            |acc: Option<(Vec<usize>, Vec<f64>, f64)>, r| match acc {
                Some(a) if a.2 <= r.2 => Some(a),
                _ => Some(r),
            },
        )
    };
    let mut sample: Vec<usize> = (0..n).collect();
    rng::shuffle(&mut rng::rng(p.random_state), &mut sample);
    sample.truncate(2000);
    let candidates: Vec<usize> = match p.k {
        Some(k) => vec![k],
        None => (2..=8.min(n - 1)).collect(),
    };
    let mut scored = Vec::new();
    let mut best: Option<Best> = None;
    for k in candidates {
        let Some((assign, centres, inertia)) = best_of(k) else { continue };
        let s = silhouette(&x, d, &assign, k, &sample);
        scored.push((k, s));
        if best.as_ref().is_none_or(|b| s > b.3) {
            best = Some((k, assign, inertia, s, centres));
        }
    }
    let (k, assign, inertia, _, centres) = best.ok_or(SegmentError::NoFeatures)?;
    let profiles = (0..k)
        .map(|c| {
            let rows: Vec<usize> = (0..n).filter(|&i| assign[i] == c).collect();
            let means = numeric
                .iter()
                .map(|(name, v)| {
                    let sub: Vec<f64> = rows.iter().map(|&i| v[i]).collect();
                    (name.clone(), mean(&sub), mean(v))
                })
                .collect();
            ClusterProfile { segment: c, size: rows.len(), means }
        })
        .collect::<Vec<_>>();
    let labels = profiles.iter().map(cluster_label).collect();
    Ok((
        Segmentation { assignment: assign, labels },
        KMeansInfo { k, silhouette_by_k: scored, profiles, inertia },
        KMeansTagging::new(encoding, &centres),
    ))
}

/// "cluster 2: Age ↑, EstimatedSalary ↓" from the largest relative deviations.
fn cluster_label(p: &ClusterProfile) -> String {
    let mut dev: Vec<(&str, f64)> = p
        .means
        .iter()
        .filter(|(_, _, o)| *o != 0.0)
        .map(|(n, m, o)| (n.as_str(), (m - o) / o.abs()))
        .collect();
    dev.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let parts: Vec<String> = dev
        .iter()
        .take(2)
        .filter(|(_, d)| d.abs() > 0.05)
        .map(|(n, d)| format!("{n} {}", if *d > 0.0 { "high" } else { "low" }))
        .collect();
    if parts.is_empty() {
        format!("cluster {}", p.segment + 1)
    } else {
        format!("cluster {}: {}", p.segment + 1, parts.join(", "))
    }
}
