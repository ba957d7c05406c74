//! Random tables as CSV text: 1 to 4 features, numeric or categorical, with missing cells,
//! constant columns, duplicate rows, extreme numbers (±1e308, ±f64::MAX, −0.0, subnormals),
//! integers beyond 2^53 written as text, and long, quoted or non-ASCII labels; the target has
//! two labels (plain, long, or integers beyond 2^53) and at least two rows of each.

use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::table::Table;
use proptest::prelude::*;

/// Numbers that break naive code: the extremes of f64, −0.0, the smallest subnormal.
pub const EXTREMES: [f64; 9] =
    [1e308, -1e308, f64::MAX, -f64::MAX, -0.0, 0.0, 5e-324, -2.2250738585072014e-308, 1.5];

/// Integers beyond 2^53 (not all exactly representable), as a file writes them.
pub const BIG_INTEGERS: [&str; 5] = [
    "9007199254740993",
    "9007199254740995",
    "-9223372036854775809",
    "18446744073709551617",
    "123456789012345678901234567890",
];

/// How the cells of a numeric column are drawn.
#[derive(Debug, Clone, Copy)]
pub enum Numbers {
    /// 0 to 5.
    Small,
    /// Decimals in [−1000, 1000], written with every digit.
    Decimals,
    /// From [`EXTREMES`].
    Extreme,
    /// From [`BIG_INTEGERS`].
    Big,
    /// One value for every row.
    Constant(f64),
}

/// One feature column.
#[derive(Debug, Clone)]
pub enum ColumnGen {
    Numeric {
        numbers: Numbers,
        missing: f64,
    },
    /// `levels` labels drawn from [`label`]`(style, k)`.
    Categorical {
        style: u8,
        levels: usize,
        missing: f64,
    },
}

/// A label of style `style` (0 plain, 1 long, 2 quotes and commas, 3 non-ASCII).
pub fn label(style: u8, k: usize) -> String {
    match style % 4 {
        0 => format!("L{k}"),
        1 => format!("{}{k}", "long label ".repeat(30)),
        2 => format!("say \"{k}\", then; go"),
        _ => format!("Ünïcødé {k} ✓"),
    }
}

/// A random table as CSV text, with the name of its target column.
#[derive(Debug, Clone)]
pub struct GenTable {
    pub csv: String,
    pub target: String,
}

impl GenTable {
    /// The table as micronum reads it.
    pub fn table(&self) -> Table {
        let opts = IngestOptions {
            delimiter: Some(b','),
            decimal_comma: Some(false),
            ..IngestOptions::default()
        };
        ingest(self.csv.as_bytes(), &opts).expect("generated CSV reads").table
    }
}

/// Names that some suggestions react to (plausible ranges of ages and salaries).
pub(super) const NAMES: [&str; 4] = ["age", "estimated_salary", "x", "score"];

/// Target labels `[first, second]`.
const TARGETS: [[&str; 2]; 4] = [
    ["0", "1"],
    ["no", "yes"],
    ["9007199254740993", "9007199254740997"],
    ["did not buy, sadly", "bought \"it\""],
];

fn numbers() -> impl Strategy<Value = Numbers> {
    prop_oneof![
        3 => Just(Numbers::Small),
        3 => Just(Numbers::Decimals),
        2 => Just(Numbers::Extreme),
        1 => Just(Numbers::Big),
        1 => proptest::sample::select(EXTREMES.to_vec()).prop_map(Numbers::Constant),
    ]
}

fn missing_share() -> impl Strategy<Value = f64> {
    prop_oneof![2 => Just(0.0), 3 => Just(0.15), 1 => Just(0.6)]
}

/// One feature column's generator.
pub fn column() -> impl Strategy<Value = ColumnGen> {
    prop_oneof![
        3 => (numbers(), missing_share())
            .prop_map(|(numbers, missing)| ColumnGen::Numeric { numbers, missing }),
        2 => (0u8..4, 1usize..6, missing_share())
            .prop_map(|(style, levels, missing)| ColumnGen::Categorical { style, levels, missing }),
    ]
}

/// The text of one cell of `col`, from the random numbers `(u, v)` in [0, 1).
fn cell(col: &ColumnGen, u: f64, v: f64) -> String {
    let pick = |n: usize| ((v * n as f64) as usize).min(n - 1);
    match col {
        ColumnGen::Numeric { missing, .. } | ColumnGen::Categorical { missing, .. }
            if u < *missing =>
        {
            String::new()
        }
        ColumnGen::Numeric { numbers: Numbers::Small, .. } => pick(6).to_string(),
        ColumnGen::Numeric { numbers: Numbers::Decimals, .. } => {
            format!("{:?}", v * 2000.0 - 1000.0)
        }
        ColumnGen::Numeric { numbers: Numbers::Extreme, .. } => {
            format!("{:e}", EXTREMES[pick(EXTREMES.len())])
        }
        ColumnGen::Numeric { numbers: Numbers::Big, .. } => {
            BIG_INTEGERS[pick(BIG_INTEGERS.len())].to_string()
        }
        ColumnGen::Numeric { numbers: Numbers::Constant(x), .. } => format!("{x:e}"),
        ColumnGen::Categorical { style, levels, .. } => label(*style, pick(*levels)),
    }
}

/// Random tables (see the module documentation).
pub fn table() -> impl Strategy<Value = GenTable> {
    let shape = (proptest::collection::vec(column(), 1..=4), 0..TARGETS.len(), 6usize..60);
    shape
        .prop_flat_map(|(columns, target, rows)| {
            let cells = proptest::collection::vec(
                (
                    proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64), columns.len()),
                    any::<bool>(),
                ),
                rows,
            );
            let duplicates = proptest::collection::vec(any::<proptest::sample::Index>(), 0..4);
            (Just(columns), Just(target), cells, duplicates)
        })
        .prop_map(|(columns, target, cells, duplicates)| {
            let labels = TARGETS[target];
            let mut rows: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(i, (draws, y))| {
                    let mut row: Vec<String> =
                        columns.iter().zip(draws).map(|(c, &(u, v))| cell(c, u, v)).collect();
                    // At least two rows of each class, so that every split keeps both.
                    let y = if i < 4 { i % 2 == 1 } else { *y };
                    row.push(labels[y as usize].to_string());
                    row
                })
                .collect();
            for d in duplicates {
                let copy = rows[d.index(rows.len())].clone();
                rows.push(copy);
            }
            let mut header: Vec<String> = (0..columns.len())
                .map(|j| NAMES.get(j).map_or(format!("f{j}"), |n| n.to_string()))
                .collect();
            header.push("target".into());
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&header).expect("in memory");
            rows.iter().for_each(|r| w.write_record(r).expect("in memory"));
            let csv = String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8");
            GenTable { csv, target: "target".into() }
        })
}
