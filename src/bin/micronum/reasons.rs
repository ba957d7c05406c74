//! `micronum predict --reasons K`: the predictions file with, per row, its K largest exact
//! TreeSHAP contributions in words (`reason_1..K`, e.g. `age=58 (+0.12)`), so that a scored
//! batch says why. Rows with fewer non-zero contributions leave the last cells empty.

use micronum::engine::csv_out::{escape_cell, writer};
use micronum::engine::explain::{reasons_text, Explainer};
use micronum::engine::model_io::{Model, Scored};

use crate::explain::prepare_clean;

/// The predictions CSV of `scored` (threshold 0.5, as `predict` writes it) with `k` reasons
/// per row, explained on `threads` threads.
pub fn predictions_with_reasons(
    model: &Model,
    scored: &mut Scored,
    k: usize,
    threads: Option<usize>,
) -> anyhow::Result<Vec<u8>> {
    let clean =
        scored.cleaned.take().ok_or_else(|| anyhow::anyhow!("the cleaned batch is gone"))?;
    let batch = prepare_clean(model, clean)?;
    let rows: Vec<usize> = (0..batch.clean.n_rows()).collect();
    let c = Explainer::new(&model.forest)?.explain_rows(&batch.aligned, &rows, threads)?;
    let cols: Vec<_> = batch.data.features.iter().map(|f| f.values.clone()).collect();
    let mut buf = Vec::new();
    {
        let mut out = writer(&mut buf);
        let mut header = scored.prediction_header(model.id_column.as_deref());
        header.extend((1..=k).map(|i| format!("reason_{i}")));
        // Writing into memory cannot fail.
        let _ = out.write_record(&header);
        for i in 0..scored.proba.len() {
            let mut rec = scored.prediction_record(i, 0.5);
            let mut reasons = reasons_text(c.row(i), k, &c.features, &cols, i);
            reasons.resize(k, String::new());
            rec.extend(reasons.iter().map(|r| escape_cell(r)));
            let _ = out.write_record(&rec);
        }
        let _ = out.flush();
    }
    Ok(buf)
}
