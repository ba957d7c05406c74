//! `micronum export-onnx --model M.json --out F.onnx`: write the model as an ONNX file (its
//! cleaning steps and the forest as one ai.onnx.ml `TreeEnsemble`) that onnxruntime scores
//! exactly as `micronum predict` does.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use micronum::engine::model_io::onnx::{to_onnx, ML_OPSET, OPSET, OUTPUT};

use crate::common::{read_model, write_file};

/// Arguments of `export-onnx`.
#[derive(clap::Args)]
pub struct Args {
    /// The model file written by `train`.
    #[arg(long)]
    pub model: PathBuf,
    /// Write the ONNX file here.
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `export-onnx`: the cleaning notes and the inputs go to standard error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let export = to_onnx(&model).with_context(|| args.model.display().to_string())?;
    if export.notes.is_empty() {
        eprintln!("cleaning: none");
    }
    for note in &export.notes {
        eprintln!("{note}");
    }
    let inputs: Vec<String> = export
        .inputs
        .iter()
        .map(|(name, text)| format!("{name} ({})", if *text { "string" } else { "double" }))
        .collect();
    eprintln!("inputs [N, 1]: {}", inputs.join(", "));
    eprintln!(
        "output {OUTPUT} [N, 1]: P({} = {}); {} trees, opsets ai.onnx {OPSET} + ai.onnx.ml {ML_OPSET}, {} bytes",
        model.target.column,
        model.target.labels[1],
        model.forest.trees.len(),
        export.bytes.len()
    );
    write_file(&args.out, &export.bytes)?;
    Ok(ExitCode::SUCCESS)
}
