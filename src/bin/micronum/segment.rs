//! `micronum segment FILE --target COL`: micro-segments with n, Wilson intervals, shrunk rates
//! and lifts, as a CSV for pipelines (`--out`) and row assignments (`--assignments`).
//! `report` reuses its defaults ([`defaults`]) and its segmenting ([`segment`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use micronum::engine::clean::{apply, suggest};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::segment::{
    decile_segments, grid_segments, kmeans_segments, rule_segments, segment_stats, GridParams,
    KMeansParams, RulesParams, SegmentTable, Segmentation,
};
use micronum::engine::table::Table;
use micronum::engine::target::binary_target;

use crate::common::{read_model, read_table, write_file};

/// Arguments of `segment`.
#[derive(clap::Args)]
pub struct Args {
    /// The labelled CSV file.
    pub file: PathBuf,
    /// Target column (the purchase flag).
    #[arg(long)]
    pub target: String,
    /// grid, kmeans, tree, deciles or discover.
    #[arg(long, default_value = "grid")]
    pub method: String,
    /// Grid columns (1–3), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub by: Vec<String>,
    /// Quantile bins per numeric grid column.
    #[arg(long, default_value_t = 4)]
    pub bins: usize,
    /// Number of clusters for kmeans, or "auto" (silhouette over 2–8).
    #[arg(long, default_value = "auto")]
    pub k: String,
    /// Segments smaller than this are flagged small_n (and the rule tree's leaf size).
    #[arg(long, default_value_t = 30)]
    pub min_support: u64,
    /// Depth of the rule tree (method tree).
    #[arg(long, default_value_t = 3)]
    pub max_depth: usize,
    /// A model: its cleaning log is used, and its probabilities give deciles and mean_proba.
    #[arg(long)]
    pub model: Option<PathBuf>,
    #[arg(long, alias = "seed", default_value_t = 42)]
    pub random_state: u64,
    /// Write the segment table (CSV) here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write `row,segment` for every input record here.
    #[arg(long)]
    pub assignments: Option<PathBuf>,
    #[command(flatten)]
    pub discover: crate::discover::DiscoverArgs,
}

/// `segment`'s arguments with every default, as if the command line were
/// `micronum segment FILE --target TARGET --by BY` (clap fills the defaults).
pub fn defaults(file: &Path, target: &str, by: &[String]) -> anyhow::Result<Args> {
    #[derive(clap::Parser)]
    struct Only {
        #[command(flatten)]
        args: Args,
    }
    let argv: [OsString; 4] =
        ["segment".into(), format!("--target={target}").into(), "--".into(), file.into()];
    let mut args = <Only as clap::Parser>::try_parse_from(argv)?.args;
    args.by = by.to_vec();
    Ok(args)
}

/// How the segments of `args` are made, in words.
pub fn method_text(args: &Args) -> String {
    match args.method.as_str() {
        "grid" => format!(
            "Grid of {} ({} quantile bins per numeric column)",
            args.by.join(" × "),
            args.bins
        ),
        "kmeans" => format!("k-means clusters (k = {})", args.k),
        "tree" => format!("Leaves of a rule tree of depth {}", args.max_depth),
        other => format!("{other} segments"),
    }
}

/// The rows of `table` whose target is known: that sub-table, their 0/1 target, and their
/// positions in `table`.
pub fn labelled(
    table: &Table,
    target: &str,
    positive: Option<&str>,
) -> anyhow::Result<(Table, Vec<u8>, Vec<usize>)> {
    let t = binary_target(table, target, positive)?;
    let keep: Vec<usize> = (0..table.n_rows()).filter(|&i| t.y[i].is_some()).collect();
    let y = keep.iter().map(|&i| t.y[i].unwrap_or(0)).collect();
    Ok((table.take_rows(&keep), y, keep))
}

/// Runs `segment`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let file = args.file.display().to_string();
    let got = read_table(&args.file)?;
    let model = args.model.as_ref().map(|p| read_model(p)).transpose()?;
    let (table, proba) = match &model {
        Some(m) => {
            let scored = m.predict_table(&got.table).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
            let clean = scored.cleaned.clone().context("cleaned table")?;
            (clean, Some(scored.proba))
        }
        None => {
            let log = suggest(&got.table, Some(&args.target));
            (apply(&got.table, &log).with_context(|| file.clone())?.0, None)
        }
    };
    let positive = model.as_ref().map(|m| m.target.labels[1].as_str());
    let (labelled_table, y, keep) =
        labelled(&table, &args.target, positive).with_context(|| file.clone())?;
    if keep.len() < table.n_rows() {
        eprintln!(
            "warning: {} rows without a target value are left out",
            table.n_rows() - keep.len()
        );
    }
    let table = labelled_table;
    let proba: Option<Vec<f64>> = proba.map(|p| keep.iter().map(|&i| p[i]).collect());
    if args.method == "discover" {
        return crate::discover::run(&args, &table, positive, proba.as_deref());
    }
    let (seg, stats) = segment(&args, &table, &y, proba.as_deref())?;
    match &args.out {
        Some(path) => write_file(path, stats.to_csv().as_bytes())?,
        None => print!("{}", stats.to_csv()),
    }
    eprintln!(
        "{} segments over {} rows; overall rate {:.4}; prior {}",
        stats.segments.len(),
        stats.n,
        stats.overall_rate,
        stats.prior.method
    );
    if let Some(path) = &args.assignments {
        let mut out = String::from("row,segment\n");
        for (i, s) in seg.assignment.iter().enumerate() {
            out += &format!("{},{s}\n", table.row_ids[i]);
        }
        write_file(path, out.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Segments the labelled `table` (target `y`, model probabilities `proba`) with the method of
/// `args`, and their statistics.
pub fn segment(
    args: &Args,
    table: &Table,
    y: &[u8],
    proba: Option<&[f64]>,
) -> anyhow::Result<(Segmentation, SegmentTable)> {
    let seg: Segmentation = match args.method.as_str() {
        "grid" => {
            if args.by.is_empty() {
                bail!("--method grid needs --by COL[,COL[,COL]]");
            }
            grid_segments(
                table,
                &GridParams {
                    columns: args.by.clone(),
                    bins: args.bins,
                    edges: Default::default(),
                },
            )?
        }
        "kmeans" => {
            let k = match args.k.as_str() {
                "auto" => None,
                s => Some(
                    s.parse::<usize>()
                        .with_context(|| format!("--k must be a number or auto, got {s:?}"))?,
                ),
            };
            let p = KMeansParams {
                columns: (!args.by.is_empty()).then(|| args.by.clone()),
                exclude: vec![args.target.clone()],
                k,
                random_state: args.random_state,
                n_init: 4,
                max_iter: 100,
            };
            kmeans_segments(table, &p)?.0
        }
        "tree" => {
            let data = Dataset::from_table(
                table,
                &TargetSpec { target: args.target.clone(), ..Default::default() },
            )?;
            rule_segments(
                &data,
                &RulesParams {
                    max_depth: args.max_depth,
                    min_support: args.min_support as usize,
                    random_state: args.random_state,
                },
            )?
        }
        "deciles" => match proba {
            Some(p) => decile_segments(p, 10),
            None => bail!(
                "--method deciles needs --model M.json (the propensities come from the model)"
            ),
        },
        other => bail!("--method must be grid, kmeans, tree or deciles, got {other:?}"),
    };
    let stats = segment_stats(&seg, y, proba, args.min_support)?;
    Ok((seg, stats))
}
