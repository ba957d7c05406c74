//! Plain `micronum train FILE --target purchased` against the best possible accuracy on
//! generated data (`gen_customers.py --truth`): on the test rows, the Bayes-optimal rule predicts
//! a purchase iff the true probability `p_true` is above 0.5.
//!
//! The truth column is removed from the file before training (it would be a perfect feature),
//! so the command line is exactly the user's. Two sizes:
//! - 20,000 rows, seeds 1–3 (issue 19's goal): on average within 0.8 point of the Bayes-optimal
//!   accuracy. `#[ignore]`d: a debug build takes minutes; run it with
//!   `cargo test --release --test defaults_bayes -- --ignored`. Measured (release, 2026-12-07):
//!   0.18, 0.46 and 0.40 points (mean 0.35) with `auto`; 1.84, 1.92, 1.18 with leaf 1.
//! - 4,000 rows, seeds 11–13 (always run): within 2 points on average. Fewer training rows sit
//!   further from the optimum: over seeds 11–22 `auto` was 1.22 points below it on average
//!   (SD 0.66 per seed, so about 0.38 for a mean of three), leaf 1 was 1.95; 2 points is two such
//!   SDs above the expected gap, and below what leaf 1 gets on these seeds (2.3 on average).

mod common;

use std::collections::HashMap;
use std::process::Command;

/// The generated file (without `p_true`) in a temporary folder, and `p_true` by record index.
fn generate(rows: usize, seed: u64) -> (String, Vec<f64>) {
    let out = Command::new("python3")
        .arg(common::shared("tools/gen_customers.py"))
        .args(["--rows", &rows.to_string(), "--seed", &seed.to_string(), "--truth"])
        .output()
        .expect("python3 runs gen_customers.py");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut csv = String::new();
    let mut truth = Vec::with_capacity(rows);
    for (i, line) in text.lines().enumerate() {
        let (rest, p) = line.rsplit_once(',').unwrap();
        csv += rest;
        csv.push('\n');
        if i > 0 {
            truth.push(p.parse().unwrap());
        }
    }
    let dir = std::env::temp_dir().join(format!("micronum-bayes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("customers_{rows}_{seed}.csv"));
    std::fs::write(&path, csv).unwrap();
    (path.display().to_string(), truth)
}

/// Test accuracy of plain `train` and of the Bayes-optimal rule on the same test rows.
fn accuracies(rows: usize, seed: u64) -> (f64, f64) {
    let (path, p_true) = generate(rows, seed);
    let preds = format!("{path}.predictions.csv");
    let (code, _, err) =
        common::micronum(&["train", &path, "--target", "purchased", "--predictions", &preds]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&preds).unwrap();
    let (mut right, mut bayes, mut n) = (0usize, 0usize, 0usize);
    let mut seen = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (row, y, pred): (usize, u8, u8) =
            (f[0].parse().unwrap(), f[1].parse().unwrap(), f[2].parse().unwrap());
        assert!(seen.insert(row, ()).is_none(), "row {row} twice");
        right += (y == pred) as usize;
        bayes += (y == (p_true[row] > 0.5) as u8) as usize;
        n += 1;
    }
    (right as f64 / n as f64, bayes as f64 / n as f64)
}

fn mean_gap(rows: usize, seeds: &[u64]) -> f64 {
    let gaps: Vec<f64> = seeds
        .iter()
        .map(|&s| {
            let (model, bayes) = accuracies(rows, s);
            println!("{rows} rows, seed {s}: accuracy {model:.4}, Bayes-optimal {bayes:.4}");
            bayes - model
        })
        .collect();
    gaps.iter().sum::<f64>() / gaps.len() as f64
}

#[test]
fn small_files_come_within_two_points_of_the_best_possible_accuracy() {
    let gap = mean_gap(4_000, &[11, 12, 13]);
    assert!(gap < 0.02, "mean gap {:.2} points", gap * 100.0);
}

#[test]
#[ignore = "minutes in a debug build: cargo test --release --test defaults_bayes -- --ignored"]
fn twenty_thousand_rows_come_within_0_8_points_of_the_best_possible_accuracy() {
    let gap = mean_gap(20_000, &[1, 2, 3]);
    assert!(gap < 0.008, "mean gap {:.2} points", gap * 100.0);
}
