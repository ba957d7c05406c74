//! Preconditioned conjugate gradients: solves A·x = b for a symmetric positive definite A known
//! only through its products A·v, with a diagonal preconditioner M (Jacobi: M = diag(A)).
//!
//! Why: the Newton step of the logistic regression is H·s = −g with H = XᵀDX + I/C; forming H
//! costs rows × columns², while a product H·v costs two passes over the sparse design. Each
//! iteration is one product and a few vector operations. Stops when the largest component of
//! the residual b − A·x (updated by the recurrence) is at most `stop`, when the curvature
//! qᵀA·q along a direction is not positive (A is not positive definite there, in floating
//! point), or after `max_steps` products. Starts at x = 0, so any stop after at least one
//! product returns a descent direction for the quadratic ½xᵀAx − bᵀx.

/// The approximate solution, the products it took and the residual's largest component.
#[derive(Debug, Clone, PartialEq)]
pub struct Solve {
    pub x: Vec<f64>,
    pub products: usize,
    pub residual: f64,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

fn largest(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, v| a.max(v.abs()))
}

/// Solves `times`·x = `b`, where `times(v, out)` writes A·v into `out`, with the
/// preconditioner `precondition(r, z)` that writes M⁻¹·r into `z` (M symmetric positive
/// definite, e.g. [`jacobi`]).
pub fn solve(
    times: &mut dyn FnMut(&[f64], &mut [f64]),
    precondition: &dyn Fn(&[f64], &mut [f64]),
    b: &[f64],
    stop: f64,
    max_steps: usize,
) -> Solve {
    let mut x = vec![0.0; b.len()];
    let mut r = b.to_vec();
    let mut z = vec![0.0; b.len()];
    precondition(&r, &mut z);
    let mut q = z.clone();
    let mut aq = vec![0.0; b.len()];
    let mut rz = dot(&r, &z);
    let mut products = 0;
    while largest(&r) > stop && products < max_steps {
        times(&q, &mut aq);
        products += 1;
        let curvature = dot(&q, &aq);
        if curvature.is_nan() || curvature <= 0.0 {
            break;
        }
        let alpha = rz / curvature;
        x.iter_mut().zip(&q).for_each(|(x, q)| *x += alpha * q);
        r.iter_mut().zip(&aq).for_each(|(r, a)| *r -= alpha * a);
        precondition(&r, &mut z);
        let next = dot(&r, &z);
        let beta = next / rz;
        q.iter_mut().zip(&z).for_each(|(q, z)| *q = z + beta * *q);
        rz = next;
    }
    let residual = largest(&r);
    Solve { x, products, residual }
}

/// The Jacobi preconditioner of a positive diagonal `m`: z = r / m.
pub fn jacobi(m: &[f64]) -> impl Fn(&[f64], &mut [f64]) + '_ {
    move |r, z| z.iter_mut().zip(r.iter().zip(m)).for_each(|(z, (r, m))| *z = r / m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]] (symmetric, diagonally dominant: positive definite).
    fn a_times(v: &[f64], out: &mut [f64]) {
        out[0] = 4.0 * v[0] + v[1];
        out[1] = v[0] + 3.0 * v[1] + v[2];
        out[2] = v[1] + 2.0 * v[2];
    }

    #[test]
    fn three_unknowns_solve_exactly_in_three_products() {
        // det A = 4·(3·2 − 1) − 1·(1·2 − 0) = 18. Cramer: x₀ = det[[1,1,0],[2,3,1],[3,1,2]]/18
        // = (1·5 − 1·1 + 0)/18 = 4/18; x₁ = det[[4,1,0],[1,2,1],[0,3,2]]/18 = (4·1 − 1·2)/18
        // = 2/18; x₂ = det[[4,1,1],[1,3,2],[0,1,3]]/18 = (4·7 − 1·3 + 1·1)/18 = 26/18.
        // Check row 1: 4/18 + 6/18 + 26/18 = 36/18 = 2 ✓.
        for m in [[1.0, 1.0, 1.0], [4.0, 3.0, 2.0]] {
            let s = solve(&mut a_times, &jacobi(&m), &[1.0, 2.0, 3.0], 1e-14, 10);
            let want = [4.0 / 18.0, 2.0 / 18.0, 26.0 / 18.0];
            for (x, w) in s.x.iter().zip(want) {
                assert!((x - w).abs() < 1e-14, "{s:?}");
            }
            assert!(s.products <= 3, "{s:?}");
        }
    }

    #[test]
    fn a_loose_stop_returns_early_with_a_descent_direction() {
        let b = [1.0, 2.0, 3.0];
        // One product: A·b = (6, 10, 8), α = b·b / bᵀA·b = 14/50, residual b − α·A·b =
        // (−0.68, −0.8, 0.76), largest 0.8.
        let s = solve(&mut a_times, &jacobi(&[1.0; 3]), &b, 2.9, 10);
        assert_eq!(s.products, 1);
        assert!(s.residual <= 2.9 && dot(&s.x, &b) > 0.0, "{s:?}");
        let none = solve(&mut a_times, &jacobi(&[1.0; 3]), &[0.0; 3], 0.0, 10);
        assert_eq!((none.products, none.x), (0, vec![0.0; 3]));
    }
}
