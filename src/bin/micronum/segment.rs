//! `micronum segment FILE --target COL`: micro-segments with n, Wilson intervals, shrunk rates
//! and lifts, as a CSV for pipelines (`--out`), row assignments (`--assignments`) and the
//! segment definitions that tag new batches (`--save`, see `segments_file`).
//! `report` reuses its defaults ([`defaults`]) and its segmenting ([`segment`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use micronum::engine::clean::{apply, suggest};
use micronum::engine::segment::{
    self, DecileParams, GridParams, KMeansParams, RulesParams, SegmentMethod, SegmentRun,
    SegmentSpec,
};
use micronum::engine::table::Table;

use crate::common::{read_model, read_table, write_file};

/// The segment methods of `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// A grid of bins of 1–3 columns (--by).
    Grid,
    /// k-means clusters (--k).
    Kmeans,
    /// Leaves of a shallow rule tree (--max-depth).
    Tree,
    /// Propensity deciles of a model (--model).
    Deciles,
    /// Rules found by searching every column, tested on held-out rows (--fdr, --members).
    Discover,
}

/// Arguments of `segment`.
#[derive(clap::Args)]
pub struct Args {
    /// The labelled CSV file.
    pub file: PathBuf,
    /// Target column (the purchase flag).
    #[arg(long)]
    pub target: String,
    #[arg(long, value_enum, default_value_t = MethodArg::Grid)]
    pub method: MethodArg,
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
    /// Write the segment definitions here (for `assign` and `export-sql --segments`).
    #[arg(long)]
    pub save: Option<PathBuf>,
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

/// The checked segment method of `args`.
pub fn method(args: &Args) -> anyhow::Result<SegmentMethod> {
    Ok(match args.method {
        MethodArg::Grid => {
            if args.by.is_empty() {
                bail!("--method grid needs --by COL[,COL[,COL]]");
            }
            SegmentMethod::Grid(GridParams::new(args.by.clone()).bins(args.bins).check()?)
        }
        MethodArg::Kmeans => {
            let k = match args.k.as_str() {
                "auto" => None,
                s => Some(
                    s.parse::<usize>()
                        .with_context(|| format!("--k must be a number or auto, got {s:?}"))?,
                ),
            };
            let p =
                KMeansParams::new().columns(args.by.clone()).k(k).random_state(args.random_state);
            SegmentMethod::KMeans(p.check()?)
        }
        MethodArg::Tree => SegmentMethod::Rules(
            RulesParams::new().max_depth(args.max_depth).random_state(args.random_state).check()?,
        ),
        MethodArg::Deciles => SegmentMethod::Deciles(DecileParams::new().check()?),
        MethodArg::Discover => SegmentMethod::Discover(crate::discover::params(args).check()?),
    })
}

/// What `args` asks for, checked.
pub fn spec(args: &Args, positive: Option<&str>) -> anyhow::Result<SegmentSpec> {
    Ok(SegmentSpec {
        target: args.target.clone(),
        positive: positive.map(str::to_string),
        method: method(args)?,
        min_support: args.min_support,
    })
}

/// Runs `segment`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let file = args.file.display().to_string();
    let got = read_table(&args.file)?;
    let model = args.model.as_ref().map(|p| read_model(p)).transpose()?;
    let (table, proba, applied) = match &model {
        Some(m) => {
            let scored = m.predict_table(&got.table).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
            let clean = scored.cleaned.clone().context("cleaned table")?;
            (clean, Some(scored.proba), m.cleaning.clone())
        }
        None => {
            let log = suggest(&got.table, Some(&args.target));
            let (clean, steps) = apply(&got.table, &log).with_context(|| file.clone())?;
            (clean, None, steps.into_iter().map(|s| s.step).collect())
        }
    };
    let positive = model.as_ref().map(|m| m.target.labels[1].as_str());
    let spec = spec(&args, positive)?;
    if spec.method.needs_model() && proba.is_none() {
        bail!("--method deciles needs --model M.json (the propensities come from the model)");
    }
    if spec.method.slug() == "discover" && args.assignments.is_some() {
        bail!(
            "--method discover finds overlapping segments: use --members FILE, not --assignments"
        );
    }
    let start = std::time::Instant::now();
    let run = segment::run(&table, &spec, proba.as_deref(), &mut |_| true)
        .with_context(|| file.clone())?;
    let seconds = start.elapsed().as_secs_f64();
    if run.rows.len() < table.n_rows() {
        eprintln!(
            "warning: {} rows without a target value are left out",
            table.n_rows() - run.rows.len()
        );
    }
    if let Some(path) = &args.save {
        crate::segments_file::save(path, (&table, &spec, &run), applied, model.as_ref())?;
    }
    if let Some(found) = &run.discovery {
        return crate::discover::write(&args, found, &table, &run, seconds, proba.is_some());
    }
    let stats = &run.table;
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
        write_file(path, assignments(&table, &run).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `row,segment` for every segmented row (row: 0-based record index in the input file).
fn assignments(table: &Table, run: &SegmentRun) -> String {
    let mut out = String::from("row,segment\n");
    for (&r, s) in run.rows.iter().zip(&run.segmentation.assignment) {
        out += &format!("{},{s}\n", table.row_ids[r]);
    }
    out
}
