//! L2-regularised logistic regression fitted exactly: Newton's method, each step solved by
//! conjugate gradients with Hessian-vector products (no p × p matrix, so a thousand one-hot
//! columns cost no more than their rows), and a backtracking line search.
//!
//! Objective (scikit-learn's `LogisticRegression(C)`, intercept not penalised):
//! f(w, b) = Σᵢ log(1 + exp(−sᵢ·(xᵢ·w + b))) + ‖w‖²/(2C), sᵢ = ±1.
//! Gradient: Xᵀ(p − y) + w/C and Σ(p − y); Hessian: XᵀDX + I/C with D = diag(p(1 − p)).
//! It is strictly convex, so the minimum is unique; iterations stop when the largest gradient
//! component is below `tol` (relative to the rows). Sums run in row order, one thread: the same
//! numbers natively and in the browser.

use super::design::Encoded;
use crate::engine::math::{exp, ln_1p};

/// Coefficients of every column and the intercept.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub coef: Vec<f64>,
    pub intercept: f64,
    pub iterations: usize,
    /// Largest gradient component at the end, divided by the rows.
    pub gradient: f64,
}

impl Encoded {
    /// Margins xᵢ·w + b of every row.
    pub fn margins(&self, w: &[f64], b: f64) -> Vec<f64> {
        let mut m = vec![b; self.n];
        for (col, &wj) in self.dense.iter().zip(w) {
            m.iter_mut().zip(col).for_each(|(m, x)| *m += wj * x);
        }
        for (offset, cols) in &self.blocks {
            for (m, &c) in m.iter_mut().zip(cols) {
                if c != u32::MAX {
                    *m += w[offset + c as usize];
                }
            }
        }
        m
    }

    /// Xᵀr (one value per column) and Σr.
    pub fn transpose_times(&self, r: &[f64]) -> (Vec<f64>, f64) {
        let mut out = vec![0.0; self.p];
        for (o, col) in out.iter_mut().zip(&self.dense) {
            *o = col.iter().zip(r).map(|(x, r)| x * r).sum();
        }
        for (offset, cols) in &self.blocks {
            for (&c, &ri) in cols.iter().zip(r) {
                if c != u32::MAX {
                    out[offset + c as usize] += ri;
                }
            }
        }
        (out, r.iter().sum())
    }
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

struct Problem<'a> {
    x: &'a Encoded,
    y: &'a [u8],
    c: f64,
}

impl Problem<'_> {
    fn objective(&self, w: &[f64], b: f64) -> f64 {
        let m = self.x.margins(w, b);
        let loss: f64 =
            m.iter().zip(self.y).map(|(&z, &y)| log1p_exp(if y == 1 { -z } else { z })).sum();
        loss + w.iter().map(|v| v * v).sum::<f64>() / (2.0 * self.c)
    }

    /// Gradient (w part, b part) and the Hessian weights p(1 − p) at (w, b).
    fn gradient(&self, w: &[f64], b: f64) -> (Vec<f64>, f64, Vec<f64>) {
        let m = self.x.margins(w, b);
        let p: Vec<f64> = m.iter().map(|&z| sigmoid(z)).collect();
        let r: Vec<f64> = p.iter().zip(self.y).map(|(p, &y)| p - y as f64).collect();
        let (mut g, gb) = self.x.transpose_times(&r);
        g.iter_mut().zip(w).for_each(|(g, w)| *g += w / self.c);
        (g, gb, p.iter().map(|p| p * (1.0 - p)).collect())
    }

    /// H·(v, vb) for Hessian weights `d`.
    fn hessian_times(&self, d: &[f64], v: &[f64], vb: f64) -> (Vec<f64>, f64) {
        let m = self.x.margins(v, vb);
        let dm: Vec<f64> = m.iter().zip(d).map(|(m, d)| m * d).collect();
        let (mut h, hb) = self.x.transpose_times(&dm);
        h.iter_mut().zip(v).for_each(|(h, v)| *h += v / self.c);
        (h, hb)
    }

    /// Solves H·s = −g by conjugate gradients to a relative residual of `rel`.
    fn newton_step(&self, d: &[f64], g: &[f64], gb: f64, rel: f64) -> (Vec<f64>, f64) {
        let dim = g.len() + 1;
        let pack =
            |v: &[f64], b: f64| v.iter().copied().chain(std::iter::once(b)).collect::<Vec<_>>();
        let mut s = vec![0.0; dim];
        let mut r: Vec<f64> = pack(g, gb).iter().map(|x| -x).collect();
        let mut q = r.clone();
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
        let mut rr = dot(&r, &r);
        let stop = rr * rel * rel;
        for _ in 0..dim.max(10) * 2 {
            if rr <= stop || rr == 0.0 {
                break;
            }
            let (h, hb) = self.hessian_times(d, &q[..dim - 1], q[dim - 1]);
            let hq = pack(&h, hb);
            let alpha = rr / dot(&q, &hq);
            s.iter_mut().zip(&q).for_each(|(s, q)| *s += alpha * q);
            r.iter_mut().zip(&hq).for_each(|(r, h)| *r -= alpha * h);
            let next = dot(&r, &r);
            let beta = next / rr;
            q.iter_mut().zip(&r).for_each(|(q, r)| *q = r + beta * *q);
            rr = next;
        }
        let b = s.pop().unwrap_or(0.0);
        (s, b)
    }
}

/// Fits the regularised logistic regression of `y` on `x` with inverse strength `c`.
pub fn fit(x: &Encoded, y: &[u8], c: f64, tol: f64, max_iter: usize) -> Solution {
    let problem = Problem { x, y, c };
    let n = x.n.max(1) as f64;
    let (mut w, mut b) = (vec![0.0; x.p], 0.0);
    let mut f = problem.objective(&w, b);
    let mut iterations = 0;
    let mut largest = f64::INFINITY;
    while iterations < max_iter {
        let (g, gb, d) = problem.gradient(&w, b);
        largest = g.iter().chain(std::iter::once(&gb)).fold(0.0f64, |a, v| a.max(v.abs())) / n;
        if largest <= tol {
            break;
        }
        iterations += 1;
        let (s, sb) = problem.newton_step(&d, &g, gb, 1e-12);
        // Backtracking (Armijo) on the objective; a full step almost always passes.
        let slope: f64 = g.iter().zip(&s).map(|(g, s)| g * s).sum::<f64>() + gb * sb;
        let mut t = 1.0;
        loop {
            let w_new: Vec<f64> = w.iter().zip(&s).map(|(w, s)| w + t * s).collect();
            let b_new = b + t * sb;
            let f_new = problem.objective(&w_new, b_new);
            if f_new <= f + 1e-4 * t * slope || t < 1e-10 {
                (w, b, f) = (w_new, b_new, f_new);
                break;
            }
            t *= 0.5;
        }
    }
    Solution { coef: w, intercept: b, iterations, gradient: largest }
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
