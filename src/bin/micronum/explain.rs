//! `micronum explain FILE --model M --out contributions.csv [--rows LIST]`: replay the model's
//! cleaning log on a batch and write, for each row, its probability, the model's base value and
//! one exact TreeSHAP contribution per model feature (`row,proba,base,<features>`), so that
//! `base + Σ contributions = proba`.
//!
//! Rows are 0-based record numbers of the batch, as in `predict`'s `row` column.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use micronum::engine::clean::apply;
use micronum::engine::csv_out::{escape_cell, writer};
use micronum::engine::dataset::{Dataset, FeatureValues};
use micronum::engine::explain::{Contributions, Explainer};
use micronum::engine::model_io::Model;
use micronum::engine::table::Table;

use crate::common::{read_model, read_table, write_file};

/// Arguments of `explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The CSV batch whose rows to explain.
    pub file: PathBuf,
    /// The model file written by `train`.
    #[arg(long)]
    pub model: PathBuf,
    /// Write the contributions here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Rows to explain: record numbers as in `predict`'s `row` column, comma-separated, ranges
    /// allowed (`3,10-20`). Default: every row.
    #[arg(long)]
    pub rows: Option<String>,
    /// Threads (the numbers do not depend on it; default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// A batch after the model's cleaning log, with the model's features aligned.
pub struct Batch {
    pub clean: Table,
    /// The model's features by name, with the batch's own labels.
    pub data: Dataset,
    /// The same columns aligned with the forest (training label codes).
    pub aligned: Vec<FeatureValues>,
}

/// Cleans `raw` with the model's log and aligns its features with the model.
pub fn prepare(model: &Model, raw: &Table) -> anyhow::Result<Batch> {
    let (clean, _) = apply(raw, &model.cleaning)?;
    prepare_clean(model, clean)
}

/// Aligns the features of `clean` (a batch after the model's cleaning log) with the model.
pub fn prepare_clean(model: &Model, clean: Table) -> anyhow::Result<Batch> {
    let data = model.batch_dataset(&clean)?;
    let aligned = model.forest.align(&data)?;
    Ok(Batch { clean, data, aligned })
}

/// Runs `explain`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let raw = read_table(&args.file)?.table;
    let file = args.file.display().to_string();
    let batch = prepare(&model, &raw).with_context(|| file.clone())?;
    let rows = match &args.rows {
        Some(list) => select_rows(list, &batch.clean.row_ids)?,
        None => (0..batch.clean.n_rows()).collect(),
    };
    let start = Instant::now();
    let explainer = Explainer::new(&model.forest).with_context(|| file.clone())?;
    let c = explainer.explain_rows(&batch.aligned, &rows, args.threads)?;
    eprintln!(
        "explained {} rows with {} trees in {:.2} s",
        rows.len(),
        model.forest.trees.len(),
        start.elapsed().as_secs_f64()
    );
    let buf = contributions_csv(&c, &batch.clean.row_ids);
    match &args.out {
        Some(path) => write_file(path, &buf)?,
        None => std::io::stdout().write_all(&buf)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `row,proba,base,<features>` for every explained row; `row_ids` maps table rows to records.
fn contributions_csv(c: &Contributions, row_ids: &[usize]) -> Vec<u8> {
    let mut buf = Vec::new();
    {
        let mut out = writer(&mut buf);
        let mut header = vec!["row".to_string(), "proba".into(), "base".into()];
        header.extend(c.features.iter().map(|f| escape_cell(f)));
        // Writing into memory cannot fail.
        let _ = out.write_record(&header);
        for (i, &r) in c.rows.iter().enumerate() {
            let mut rec = vec![row_ids[r].to_string(), c.proba[i].to_string(), c.base.to_string()];
            rec.extend(c.row(i).iter().map(|v| v.to_string()));
            let _ = out.write_record(&rec);
        }
        let _ = out.flush();
    }
    buf
}

/// Table rows of the records listed in `list` (`3,10-20`), in the order given.
pub fn select_rows(list: &str, row_ids: &[usize]) -> anyhow::Result<Vec<usize>> {
    let mut records = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let number = |s: &str| {
            s.trim().parse::<usize>().with_context(|| {
                format!("--rows: \"{part}\" is not a record number or a range like 10-20")
            })
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    bail!("--rows: the range \"{part}\" runs backwards");
                }
                records.extend(a..=b);
            }
            None => records.push(number(part)?),
        }
    }
    if records.is_empty() {
        bail!("--rows lists no record");
    }
    // Table row of each record number (cleaning may have dropped records).
    let mut table_row = vec![usize::MAX; row_ids.iter().max().map_or(0, |m| m + 1)];
    for (i, &rec) in row_ids.iter().enumerate() {
        table_row[rec] = i;
    }
    records
        .into_iter()
        .map(|rec| match table_row.get(rec) {
            Some(&i) if i != usize::MAX => Ok(i),
            Some(_) => bail!("--rows: record {rec} was dropped by the model's cleaning log"),
            None => bail!(
                "--rows: there is no record {rec}; the batch has {} records after cleaning",
                row_ids.len()
            ),
        })
        .collect()
}
