//! The design matrix's products, each one pass over the stored cells: X·v (margins), Xᵀr, and
//! the diagonal of XᵀDX. `Encoded` keeps the design sparse — dense columns for numbers and
//! missing indicators, one code per row for each categorical block — so a pass costs
//! O(rows × (dense columns + categorical features)), whatever the number of one-hot columns.
//!
//! Sums run in row order, one thread: the same bits natively and in the browser. Each product is
//! its own non-inlined function, called once per solver step (see DEVELOPERS.md, "Speed in the
//! browser").

use super::design::Encoded;

impl Encoded {
    /// Margins xᵢ·w + b of every row.
    pub fn margins(&self, w: &[f64], b: f64) -> Vec<f64> {
        let mut m = vec![0.0; self.n];
        self.margins_into(w, b, &mut m);
        m
    }

    /// [`Encoded::margins`] written into `m` (length `n`).
    #[inline(never)]
    pub fn margins_into(&self, w: &[f64], b: f64, m: &mut [f64]) {
        m.iter_mut().for_each(|m| *m = b);
        for (col, &wj) in self.dense.iter().zip(w) {
            m.iter_mut().zip(col).for_each(|(m, x)| *m += wj * x);
        }
        for (offset, cols) in &self.blocks {
            let wb = &w[*offset..];
            for (m, &c) in m.iter_mut().zip(cols) {
                if let Some(wc) = wb.get(c as usize) {
                    *m += wc;
                }
            }
        }
    }

    /// Xᵀr (one value per column) and Σr.
    pub fn transpose_times(&self, r: &[f64]) -> (Vec<f64>, f64) {
        let mut out = vec![0.0; self.p];
        let sum = self.transpose_times_into(r, &mut out);
        (out, sum)
    }

    /// Xᵀr written into `out` (length `p`, overwritten); returns Σr.
    #[inline(never)]
    pub fn transpose_times_into(&self, r: &[f64], out: &mut [f64]) -> f64 {
        out.iter_mut().for_each(|o| *o = 0.0);
        for (o, col) in out.iter_mut().zip(&self.dense) {
            *o = col.iter().zip(r).map(|(x, r)| x * r).sum();
        }
        self.add_block_sums(r, out);
        r.iter().sum()
    }

    /// The diagonal of XᵀDX for row weights `d`, and Σd (the intercept's entry).
    #[inline(never)]
    pub fn weighted_squares(&self, d: &[f64]) -> (Vec<f64>, f64) {
        let mut out = vec![0.0; self.p];
        for (o, col) in out.iter_mut().zip(&self.dense) {
            *o = col.iter().zip(d).map(|(x, d)| x * x * d).sum();
        }
        // A one-hot cell is 1, so its square is 1: the same sums as Xᵀd.
        self.add_block_sums(d, &mut out);
        (out, d.iter().sum())
    }

    /// Adds, for every row, `r` to the entry of its one-hot column in each block.
    fn add_block_sums(&self, r: &[f64], out: &mut [f64]) {
        for (offset, cols) in &self.blocks {
            let ob = &mut out[*offset..];
            for (&c, &ri) in cols.iter().zip(r) {
                if let Some(o) = ob.get_mut(c as usize) {
                    *o += ri;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two dense columns and one block of three labels (row 3 has none), four rows.
    fn small() -> Encoded {
        Encoded {
            n: 4,
            dense: vec![vec![1.0, -2.0, 0.5, 0.0], vec![0.0, 1.0, 1.0, 3.0]],
            blocks: vec![(2, vec![0, 2, 2, u32::MAX])],
            p: 5,
        }
    }

    /// The same rows written out in full (columns: two dense, then the three one-hot ones).
    const FULL: [[f64; 5]; 4] = [
        [1.0, 0.0, 1.0, 0.0, 0.0],
        [-2.0, 1.0, 0.0, 0.0, 1.0],
        [0.5, 1.0, 0.0, 0.0, 1.0],
        [0.0, 3.0, 0.0, 0.0, 0.0],
    ];

    #[test]
    fn products_equal_the_full_matrix_s() {
        let x = small();
        let (w, b) = ([0.5, -1.0, 2.0, 7.0, -3.0], 0.25);
        let m = x.margins(&w, b);
        for (i, row) in FULL.iter().enumerate() {
            let want: f64 = b + row.iter().zip(&w).map(|(a, w)| a * w).sum::<f64>();
            assert_eq!(m[i], want, "row {i}");
        }
        let r = [1.0, -0.5, 2.0, 4.0];
        let (t, s) = x.transpose_times(&r);
        assert_eq!(s, 6.5);
        // Written over whatever `out` held.
        let mut again = vec![9.0; 5];
        assert_eq!(x.transpose_times_into(&r, &mut again), 6.5);
        assert_eq!(again, t);
        for j in 0..5 {
            let want: f64 = (0..4).map(|i| FULL[i][j] * r[i]).sum();
            assert_eq!(t[j], want, "column {j}");
        }
        let d = [0.25, 0.5, 0.125, 1.0];
        let (q, sd) = x.weighted_squares(&d);
        assert_eq!(sd, 1.875);
        // Column 0: 1·0.25 + 4·0.5 + 0.25·0.125 = 2.28125; column 4: 0.5 + 0.125.
        assert_eq!(q, vec![2.28125, 0.5 + 0.125 + 9.0, 0.25, 0.0, 0.625]);
    }
}
