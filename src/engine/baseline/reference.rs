//! The truncated-Newton fit (`newton`) against an independent exact one on seeded random
//! problems: the design written out as a full matrix, the Hessian formed entry by entry and each
//! Newton step solved by Cholesky — the textbook method, sharing no code with the sparse
//! products, the conjugate gradients or the block projection.

use super::design::Encoded;
use super::newton::{fit, sigmoid};
use crate::engine::rng;

/// A problem: the sparse design, the same design as full rows, and the classes.
struct Case {
    x: Encoded,
    full: Vec<Vec<f64>>,
    y: Vec<u8>,
}

/// `n` rows: three numbers on different scales, a block of 7 labels every row has one of, and
/// a block of 5 labels that about one row in five lacks; y drawn from a logistic score.
fn case(seed: u64, n: usize) -> Case {
    let mut r = rng::rng(seed);
    let dense: Vec<Vec<f64>> = (0..3)
        .map(|j| (0..n).map(|_| (rng::unit(&mut r) * 4.0 - 2.0) * (1.0 + j as f64)).collect())
        .collect();
    let a: Vec<u32> = (0..n).map(|_| rng::below(&mut r, 7) as u32).collect();
    let b: Vec<u32> = (0..n)
        .map(|_| if rng::unit(&mut r) < 0.2 { u32::MAX } else { rng::below(&mut r, 5) as u32 })
        .collect();
    let mut full = vec![vec![0.0; 15]; n];
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        (0..3).for_each(|j| full[i][j] = dense[j][i]);
        full[i][3 + a[i] as usize] = 1.0;
        if b[i] != u32::MAX {
            full[i][10 + b[i] as usize] = 1.0;
        }
        let score = dense[0][i] - 0.5 * dense[1][i] + if a[i] < 2 { 1.0 } else { -0.5 };
        y.push((rng::unit(&mut r) < sigmoid(score)) as u8);
    }
    let x = Encoded { n, dense, blocks: vec![(3, a), (10, b)], p: 15 };
    Case { x, full, y }
}

/// Gradient of Σ log-loss + ‖w‖²/(2C) at (w, b) from the full rows, and the row weights p(1 − p).
fn full_gradient(case: &Case, theta: &[f64], c: f64) -> (Vec<f64>, Vec<f64>) {
    let p = theta.len() - 1;
    let mut g: Vec<f64> = theta[..p].iter().map(|w| w / c).chain([0.0]).collect();
    let mut d = Vec::with_capacity(case.y.len());
    for (row, &y) in case.full.iter().zip(&case.y) {
        let z = theta[p] + row.iter().zip(theta).map(|(x, w)| x * w).sum::<f64>();
        let q = sigmoid(z);
        row.iter().chain([&1.0]).zip(g.iter_mut()).for_each(|(x, g)| *g += x * (q - y as f64));
        d.push(q * (1.0 - q));
    }
    (g, d)
}

/// Solves the symmetric positive definite `h`·s = `rhs` by Cholesky (h = LLᵀ).
fn cholesky_solve(h: &[Vec<f64>], rhs: &[f64]) -> Vec<f64> {
    let k = rhs.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = h[i][j] - (0..j).map(|m| l[i][m] * l[j][m]).sum::<f64>();
            l[i][j] = if i == j { s.sqrt() } else { s / l[j][j] };
        }
    }
    let mut z = vec![0.0; k];
    for i in 0..k {
        z[i] = (rhs[i] - (0..i).map(|m| l[i][m] * z[m]).sum::<f64>()) / l[i][i];
    }
    let mut s = vec![0.0; k];
    for i in (0..k).rev() {
        s[i] = (z[i] - (i + 1..k).map(|m| l[m][i] * s[m]).sum::<f64>()) / l[i][i];
    }
    s
}

/// Newton's method with the full Hessian XᵀDX + I/C (intercept unpenalised), full steps, until
/// the gradient stops shrinking; returns (w…, b).
fn dense_newton(case: &Case, c: f64) -> Vec<f64> {
    let p = case.x.p;
    let mut theta = vec![0.0; p + 1];
    for _ in 0..40 {
        let (g, d) = full_gradient(case, &theta, c);
        let mut h = vec![vec![0.0; p + 1]; p + 1];
        for (row, &di) in case.full.iter().zip(&d) {
            let row: Vec<f64> = row.iter().copied().chain([1.0]).collect();
            for i in 0..=p {
                for j in 0..=p {
                    h[i][j] += di * row[i] * row[j];
                }
            }
        }
        (0..p).for_each(|i| h[i][i] += 1.0 / c);
        let minus_g: Vec<f64> = g.iter().map(|g| -g).collect();
        let s = cholesky_solve(&h, &minus_g);
        theta.iter_mut().zip(&s).for_each(|(t, s)| *t += s);
    }
    theta
}

fn largest(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, v| a.max(v.abs()))
}

#[test]
fn the_sparse_fit_equals_dense_newton_on_random_problems() {
    for seed in 0..5 {
        for c in [0.05, 1.0, 20.0] {
            let case = case(seed, 300);
            let want = dense_newton(&case, c);
            // The reference is at its optimum: its gradient is at the level of rounding.
            let (g, _) = full_gradient(&case, &want, c);
            assert!(largest(&g) < 1e-11, "seed {seed}, C {c}: reference gradient {g:?}");
            let s = fit(&case.x, &case.y, c, 1e-13, 100);
            let got: Vec<f64> = s.coef.iter().copied().chain([s.intercept]).collect();
            let worst = got.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
            assert!(worst < 1e-9, "seed {seed}, C {c}: {worst:e}\n{got:?}\n{want:?}");
        }
    }
}

#[test]
fn the_fit_stops_at_tol_and_after_max_iter() {
    let case = case(11, 400);
    let s = fit(&case.x, &case.y, 1.0, 1e-10, 100);
    // The stopping rule, checked with the full rows' gradient: largest component / rows ≤ tol.
    let theta: Vec<f64> = s.coef.iter().copied().chain([s.intercept]).collect();
    let (g, _) = full_gradient(&case, &theta, 1.0);
    assert!(largest(&g) / 400.0 <= 1e-10, "{:e}", largest(&g));
    assert!((s.gradient - largest(&g) / 400.0).abs() < 1e-12);
    // Every row has a label of the first block, so shifting all 7 of its coefficients by t and
    // the intercept by −t leaves every margin as it is and changes only the penalty, by
    // (2t·Σw + 7t²)/(2C): at the optimum its derivative at t = 0, Σw/C, is 0.
    let sum: f64 = s.coef[3..10].iter().sum();
    assert!(sum.abs() < 1e-9, "{sum:e}");
    // The second block is not covered (some rows lack its labels): no such rule, and its sum is
    // not 0 here.
    assert!(s.coef[10..15].iter().sum::<f64>().abs() > 1e-3);
    let one = fit(&case.x, &case.y, 1.0, 1e-10, 1);
    assert_eq!(one.iterations, 1);
    assert!(one.gradient > 1e-10 && one.products > 0, "{one:?}");
}
