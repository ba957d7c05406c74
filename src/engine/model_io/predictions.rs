//! The predictions file of a scored batch: `row[,id],proba,y_pred`, one line per record, cells
//! escaped against spreadsheet formulas. Written the same way by the CLI and the app.

use super::Scored;
use crate::engine::csv_out::{escape_cell, writer};
use crate::engine::metrics::label_at;

impl Scored {
    /// Header of the predictions file; `id_name` is the model's id column when the batch has it.
    pub fn prediction_header(&self, id_name: Option<&str>) -> Vec<String> {
        let mut header = vec!["row".to_string()];
        if self.ids.is_some() {
            header.extend(id_name.map(escape_cell));
        }
        header.extend(["proba".to_string(), "y_pred".to_string()]);
        header
    }

    /// Record `i` of the predictions file as text, with `y_pred` at `threshold`.
    pub fn prediction_record(&self, i: usize, threshold: f64) -> Vec<String> {
        let mut rec = vec![self.row_ids[i].to_string()];
        if let Some(ids) = &self.ids {
            rec.push(escape_cell(&ids[i]));
        }
        rec.push(self.proba[i].to_string());
        rec.push(label_at(self.proba[i], threshold).to_string());
        rec
    }

    /// The whole predictions file as CSV bytes.
    pub fn predictions_csv(&self, id_name: Option<&str>, threshold: f64) -> Vec<u8> {
        let mut buf = Vec::new();
        {
            let mut out = writer(&mut buf);
            let header = self.prediction_header(id_name);
            // Writing into memory cannot fail.
            let _ = out.write_record(&header);
            for i in 0..self.proba.len() {
                let _ = out.write_record(self.prediction_record(i, threshold));
            }
            let _ = out.flush();
        }
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictions_file_has_ids_escaped_and_labels_at_the_threshold() {
        let scored = Scored {
            row_ids: vec![0, 2],
            proba: vec![0.25, 0.75],
            ids: Some(vec!["A1".into(), "=cmd()".into()]),
            warnings: Vec::new(),
            cleaned: None,
            steps: Vec::new(),
        };
        let text = String::from_utf8(scored.predictions_csv(Some("User ID"), 0.5)).expect("utf8");
        assert_eq!(text, "row,User ID,proba,y_pred\n0,A1,0.25,0\n2,'=cmd(),0.75,1\n");
        let no_ids = Scored { ids: None, ..scored };
        assert_eq!(no_ids.prediction_header(Some("User ID")), ["row", "proba", "y_pred"]);
        assert_eq!(no_ids.prediction_record(1, 0.8), ["2", "0.75", "0"]);
    }
}
