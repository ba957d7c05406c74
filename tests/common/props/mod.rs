//! Proptest generators shared by the round-trip property tests (and meant for any test of a
//! saved artefact: models, cleaning logs, sessions, registry records): random CSV tables in the
//! shapes users bring ([`tables`]), every forest and evaluation setting the UI and CLI offer and
//! a training that takes a table to a model as `micronum train` and the worker do ([`fit`]),
//! and random cleaning steps ([`steps`]). Case counts: [`config`].
// Each test file uses some of what is re-exported here.
#![allow(unused_imports)]

mod fit;
mod steps;
mod tables;

pub use fit::{settings, train, Settings, Trained};
pub use steps::{extra_steps, step};
pub use tables::{column, label, table, ColumnGen, GenTable, Numbers, BIG_INTEGERS, EXTREMES};

use micronum::engine::table::{ColumnData, Table};
use proptest::test_runner::Config;

/// `default_cases` cases, unless the `PROPTEST_CASES` environment variable says how many.
pub fn config(default_cases: u32) -> Config {
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default_cases;
    }
    c
}

/// The bits of every cell, kind and name of `t`, to compare tables exactly (`Table`'s `==`
/// says NaN ≠ NaN and −0.0 = 0.0).
pub fn table_bits(t: &Table) -> String {
    let mut out = format!("rows {:?}\n", t.row_ids);
    for c in &t.columns {
        out.push_str(&format!("{:?} {:?}: ", c.name, c.kind));
        match &c.data {
            ColumnData::Numeric(v) => {
                v.iter().for_each(|x| out.push_str(&format!("{:016x} ", x.to_bits())))
            }
            ColumnData::Categorical { codes, levels } => {
                out.push_str(&format!("{codes:?} {levels:?}"))
            }
        }
        out.push('\n');
    }
    out
}

/// The bits of each probability, to compare them exactly.
pub fn bits(p: &[f64]) -> Vec<u64> {
    p.iter().map(|x| x.to_bits()).collect()
}
