//! L2-regularised logistic regression fitted exactly: truncated Newton. Each step solves
//! H·s = −g by preconditioned conjugate gradients (`cg`) with Hessian-vector products — two
//! passes over the sparse design, no p × p matrix — only as accurately as the step needs, then a
//! backtracking line search along s.
//!
//! Objective (scikit-learn's `LogisticRegression(C)`, intercept not penalised):
//! f(w, b) = Σᵢ log(1 + exp(−sᵢ·(xᵢ·w + b))) + ‖w‖²/(2C), sᵢ = ±1.
//! Gradient: Xᵀ(p − y) + w/C and Σ(p − y); Hessian: XᵀDX + I/C with D = diag(p(1 − p)).
//! It is strictly convex, so the minimum is unique. Stopping (what `tol` and `max_iter` mean):
//! the fit stops when the largest gradient component divided by the rows is at most `tol`, after
//! `max_iter` Newton steps, or when no step along s lowers f any more (floating point's limit).
//! The optimum reached is therefore set by `tol` alone, not by how each step was solved.
//!
//! Cost: a step's conjugate gradients stop once the residual's largest component is below
//! η·‖g‖∞ (η = min(½, √(‖g‖₁/rows)): loose far from the optimum, tight near it — the forcing
//! sequence of inexact Newton, which keeps the convergence superlinear) or below tol·rows/2
//! (the model's gradient is then under the stopping rule), with the Jacobi preconditioner
//! diag(H). Each product costs O(rows × stored cells per row).
//!
//! Categorical blocks: when every row has a label of a block (always so on training rows: a
//! missing label is filled in), adding t to all its coefficients and −t to the intercept leaves
//! every margin unchanged and changes only the penalty, whose derivative there is Σw/C. So the
//! optimum has Σw = 0 over each such block, and the steps are taken within that subspace (the
//! gradient, the products and the preconditioned residual projected onto it). Without this, each
//! block adds a direction of curvature 1/C beside the rows' curvature, and the conjugate
//! gradients needed about ten times more products at 150 label columns.
//!
//! Sums run in row order, one thread: the same numbers natively and in the browser.

use super::cg;
use super::design::Encoded;
use crate::engine::math::{exp, ln_1p};

/// Coefficients of every column and the intercept.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub coef: Vec<f64>,
    pub intercept: f64,
    /// Newton steps taken.
    pub iterations: usize,
    /// Hessian-vector products taken by the conjugate gradients, in all.
    pub products: usize,
    /// Largest gradient component at the end, divided by the rows.
    pub gradient: f64,
}

/// log(1 + exp(z)) without overflow.
fn log1p_exp(z: f64) -> f64 {
    if z > 0.0 {
        z + ln_1p(exp(-z))
    } else {
        ln_1p(exp(z))
    }
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

fn largest(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, v| a.max(v.abs()))
}

/// The objective and its derivatives; coefficient vectors are packed as (w₁ … w_p, b).
struct Problem<'a> {
    x: &'a Encoded,
    y: &'a [u8],
    c: f64,
}

impl Problem<'_> {
    /// f at coefficients `theta` whose margins are `m`.
    #[inline(never)]
    fn objective(&self, theta: &[f64], m: &[f64]) -> f64 {
        let loss: f64 =
            m.iter().zip(self.y).map(|(&z, &y)| log1p_exp(if y == 1 { -z } else { z })).sum();
        let w = &theta[..self.x.p];
        loss + w.iter().map(|v| v * v).sum::<f64>() / (2.0 * self.c)
    }

    /// The gradient and the Hessian's row weights p(1 − p) at `theta` with margins `m`.
    fn gradient(&self, theta: &[f64], m: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let p: Vec<f64> = m.iter().map(|&z| sigmoid(z)).collect();
        let r: Vec<f64> = p.iter().zip(self.y).map(|(p, &y)| p - y as f64).collect();
        let mut g = vec![0.0; theta.len()];
        let (gw, gb) = g.split_at_mut(self.x.p);
        gb[0] = self.x.transpose_times_into(&r, gw);
        gw.iter_mut().zip(theta).for_each(|(g, w)| *g += w / self.c);
        (g, p.iter().map(|p| p * (1.0 - p)).collect())
    }

    /// diag(H) for row weights `d` (the preconditioner; every entry positive).
    fn hessian_diagonal(&self, d: &[f64]) -> Vec<f64> {
        let (mut h, hb) = self.x.weighted_squares(d);
        h.iter_mut().for_each(|h| *h += 1.0 / self.c);
        // Σ p(1 − p) underflows only when every row is fitted to certainty.
        h.push(hb.max(f64::MIN_POSITIVE));
        h
    }

    /// Writes H·v into `out` for row weights `d`, using `m` (length rows) as scratch.
    fn hessian_times(&self, d: &[f64], v: &[f64], m: &mut [f64], out: &mut [f64]) {
        let p = self.x.p;
        self.x.margins_into(&v[..p], v[p], m);
        m.iter_mut().zip(d).for_each(|(m, d)| *m *= d);
        let (hw, hb) = out.split_at_mut(p);
        hb[0] = self.x.transpose_times_into(m, hw);
        hw.iter_mut().zip(v).for_each(|(h, v)| *h += v / self.c);
    }

    /// Margins of packed coefficients.
    fn margins(&self, theta: &[f64]) -> Vec<f64> {
        let p = self.x.p;
        self.x.margins(&theta[..p], theta[p])
    }
}

/// The largest t in 1, ½, ¼, … (down to 1e-10) with f(θ + t·s) ≤ f + 10⁻⁴·t·gᵀs (Armijo),
/// allowing rounding noise of 10⁻¹³·(|f| + 1): the new θ, or None when no t lowers f.
fn line_search(
    problem: &Problem,
    theta: &[f64],
    m: &[f64],
    f: f64,
    g: &[f64],
    s: &[f64],
) -> Option<Vec<f64>> {
    let ms = problem.x.margins(&s[..problem.x.p], 0.0);
    let (sb, slope) = (s[problem.x.p], g.iter().zip(s).map(|(g, s)| g * s).sum::<f64>());
    let noise = 1e-13 * (f.abs() + 1.0);
    let mut t = 1.0;
    let mut trial_m = vec![0.0; m.len()];
    while t >= 1e-10 {
        trial_m.iter_mut().zip(m.iter().zip(&ms)).for_each(|(o, (m, d))| *o = m + t * (d + sb));
        let trial: Vec<f64> = theta.iter().zip(s).map(|(w, s)| w + t * s).collect();
        let f_new = problem.objective(&trial, &trial_m);
        if f_new <= f + 1e-4 * t * slope + noise {
            return Some(trial);
        }
        t *= 0.5;
    }
    None
}

/// (first column, columns) of every categorical block in which each row has a column (blocks
/// are consecutive and last: each ends where the next starts, the last at `p`).
fn covering_blocks(x: &Encoded) -> Vec<(usize, usize)> {
    let mut ends: Vec<usize> = x.blocks.iter().map(|(offset, _)| *offset).skip(1).collect();
    ends.push(x.p);
    x.blocks
        .iter()
        .zip(ends)
        .filter(|((_, cols), _)| cols.iter().all(|&c| c != u32::MAX))
        .map(|((offset, _), end)| (*offset, end - offset))
        .collect()
}

/// Removes from `v` its mean over each block of `blocks` (the Euclidean projection onto
/// {Σ of each block's coefficients = 0}).
fn project(blocks: &[(usize, usize)], v: &mut [f64]) {
    for &(offset, len) in blocks {
        let part = &mut v[offset..offset + len];
        let mean = part.iter().sum::<f64>() / len.max(1) as f64;
        part.iter_mut().for_each(|v| *v -= mean);
    }
}

/// Fits the regularised logistic regression of `y` on `x` with inverse strength `c`.
pub fn fit(x: &Encoded, y: &[u8], c: f64, tol: f64, max_iter: usize) -> Solution {
    let problem = Problem { x, y, c };
    let n = x.n.max(1) as f64;
    let dim = x.p + 1;
    let mut theta = vec![0.0; dim];
    let mut m = vec![0.0; x.n];
    let mut f = problem.objective(&theta, &m);
    let (mut iterations, mut products) = (0, 0);
    let mut scratch = vec![0.0; x.n];
    let blocks = covering_blocks(x);
    let gradient = loop {
        let (g, d) = problem.gradient(&theta, &m);
        let gmax = largest(&g);
        if gmax / n <= tol || iterations == max_iter {
            break gmax / n;
        }
        iterations += 1;
        let forcing = (g.iter().map(|g| g.abs()).sum::<f64>() / n).sqrt().min(0.5);
        let stop = (forcing * gmax).max(0.5 * tol * n);
        let mut minus_g: Vec<f64> = g.iter().map(|g| -g).collect();
        project(&blocks, &mut minus_g);
        let diagonal = problem.hessian_diagonal(&d);
        let jacobi = cg::jacobi(&diagonal);
        let precondition = |r: &[f64], z: &mut [f64]| {
            jacobi(r, z);
            project(&blocks, z);
        };
        let mut times = |v: &[f64], out: &mut [f64]| {
            problem.hessian_times(&d, v, &mut scratch, out);
            project(&blocks, out);
        };
        let step = cg::solve(&mut times, &precondition, &minus_g, stop, 2 * dim.max(10));
        products += step.products;
        match line_search(&problem, &theta, &m, f, &g, &step.x) {
            Some(next) => {
                // Margins (and f) recomputed from the coefficients, not accumulated.
                theta = next;
                m = problem.margins(&theta);
                f = problem.objective(&theta, &m);
            }
            None => break gmax / n,
        }
    };
    let intercept = theta.pop().unwrap_or(0.0);
    Solution { coef: theta, intercept, iterations, products, gradient }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_column(x: &[f64]) -> Encoded {
        Encoded { n: x.len(), dense: vec![x.to_vec()], blocks: Vec::new(), p: 1 }
    }

    #[test]
    fn the_optimum_zeroes_the_gradient_by_hand() {
        // x = (−1, 1), y = (0, 1), C = 1: by symmetry b = 0, and w solves
        // −σ(−w) + σ(w) − 1 + w = 0 ⇔ w = 2(1 − σ(w)): w ≈ 0.674832 (bisection:
        // σ(0.674832) = 0.662584, 2·(1 − 0.662584) = 0.674832).
        let s = fit(&one_column(&[-1.0, 1.0]), &[0, 1], 1.0, 1e-14, 50);
        assert!(s.intercept.abs() < 1e-12);
        assert!((s.coef[0] - 2.0 * (1.0 - sigmoid(s.coef[0]))).abs() < 1e-12, "{s:?}");
        assert!((s.coef[0] - 0.674_831_614).abs() < 1e-8);
    }

    #[test]
    fn separable_data_stays_finite_under_l2() {
        let s = fit(&one_column(&[-2.0, -1.0, 1.0, 2.0]), &[0, 0, 1, 1], 1.0, 1e-12, 100);
        assert!(s.coef[0].is_finite() && s.coef[0] > 0.0 && s.iterations < 30, "{s:?}");
    }

    #[test]
    fn one_hot_blocks_equal_dense_dummies() {
        // Three labels as a block, and the same as three dense 0/1 columns.
        let codes = vec![0u32, 1, 2, 0, 1, 2, 0, u32::MAX];
        let y = [1, 0, 0, 1, 1, 0, 1, 0];
        let block = Encoded { n: 8, dense: Vec::new(), blocks: vec![(0, codes.clone())], p: 3 };
        let dense = Encoded {
            n: 8,
            dense: (0..3u32)
                .map(|k| codes.iter().map(|&c| (c == k) as u8 as f64).collect())
                .collect(),
            blocks: Vec::new(),
            p: 3,
        };
        let (a, b) = (fit(&block, &y, 0.5, 1e-13, 50), fit(&dense, &y, 0.5, 1e-13, 50));
        assert_eq!(a.coef.len(), 3);
        for (x, z) in a.coef.iter().zip(&b.coef) {
            assert!((x - z).abs() < 1e-12);
        }
    }
}
