//! Detecting problems and proposing a cleaning log.
//!
//! Suggestion is progressive: each proposed step is applied to a working copy before the next
//! problem is looked for, so learnt values (medians, bounds, mappings) describe the data as it
//! will be when the step runs, and replaying the log reproduces exactly what was shown.
//! Order: missing tokens → category spellings → formatted numbers → dates → target labels → rows
//! missing the target → impossible values → far outliers → duplicate rows → imputation.
//!
//! Pre-selection: every fix is pre-selected except clipping far outliers ([`preselected`]). A
//! far value may be a real customer (a high earner); a value outside the plausible range (a
//! negative or 999-year age) is flagged missing by the impossible-values step, which is. So the
//! clipping steps are proposed (in [`analyze`]'s log and problems) but neither applied to the
//! working copy nor in [`suggest`]'s log: the later steps describe the data without them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::apply::{apply_step, level_counts};
use super::duplicates::repeat_count;
use super::learn::{tukey_fences, FAR_OUT_K};
use super::{CleaningLog, CleaningStep, ImputeStrategy, OutlierMethod};
use crate::engine::ingest::dates::column_date_format;
use crate::engine::ingest::{infer_kind, is_missing_token, target_mapping};
use crate::engine::stats::{quantile_sorted, sorted_present};
use crate::engine::table::{Column, ColumnData, Kind, Table};

/// A detected problem, with the step that fixes it when there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Column concerned (None: the whole table).
    pub column: Option<String>,
    /// Machine key: `missing_tokens`, `category_spellings`, `formatted_numbers`, `dates`,
    /// `target_labels`,
    /// `missing_target`, `impossible_values`, `outliers`, `duplicates`, `missing_values`,
    /// `target_not_binary`, `all_missing`, `constant`.
    pub kind: String,
    /// What was found, in words.
    pub message: String,
    /// Cells or rows concerned.
    pub count: usize,
    /// The suggested fix.
    pub fix: Option<CleaningStep>,
    /// Whether the fix is chosen by default (see [`preselected`]).
    #[serde(default = "yes")]
    pub preselected: bool,
}

fn yes() -> bool {
    true
}

/// Whether a suggested step is chosen by default: every step but outlier clipping and turning
/// dates into features (a choice of what to model, not a repair).
pub fn preselected(step: &CleaningStep) -> bool {
    !matches!(step, CleaningStep::ClipOutliers { .. } | CleaningStep::DateParts { .. })
}

/// Problems found in `table` (with their suggested fixes).
pub fn detect(table: &Table, target: Option<&str>) -> Vec<Problem> {
    analyze(table, target).0
}

/// The suggested cleaning log for `table`: the pre-selected steps only.
pub fn suggest(table: &Table, target: Option<&str>) -> CleaningLog {
    suggest_for(table, target, None)
}

/// [`suggest`] with the target's positive label (mapped to 1; None: guessed).
pub fn suggest_for(table: &Table, target: Option<&str>, positive: Option<&str>) -> CleaningLog {
    analyze_for(table, target, positive).1.into_iter().filter(preselected).collect()
}

/// Problems and the log that fixes what can be fixed, optional steps included (see
/// [`preselected`]).
pub fn analyze(table: &Table, target: Option<&str>) -> (Vec<Problem>, CleaningLog) {
    analyze_for(table, target, None)
}

/// [`analyze`] with the target's positive label (mapped to 1; None: guessed).
pub fn analyze_for(
    table: &Table,
    target: Option<&str>,
    positive: Option<&str>,
) -> (Vec<Problem>, CleaningLog) {
    let mut s = Suggester {
        t: table.clone(),
        problems: Vec::new(),
        log: Vec::new(),
        positive: positive.map(str::to_string),
    };
    let target = target.and_then(|n| table.index_of(n)).map(|i| table.columns[i].name.clone());
    s.missing_tokens();
    s.category_spellings(target.as_deref());
    s.formatted_numbers(target.as_deref());
    s.dates(target.as_deref());
    if let Some(tg) = &target {
        s.target_labels(tg);
        s.missing_target(tg);
    }
    s.impossible_values(target.as_deref());
    s.outliers(target.as_deref());
    s.duplicates();
    s.impute(target.as_deref());
    s.unfixable(target.as_deref());
    (s.problems, s.log)
}

struct Suggester {
    t: Table,
    problems: Vec<Problem>,
    log: CleaningLog,
    /// The target label the user chose as positive.
    positive: Option<String>,
}

impl Suggester {
    /// Records a problem and, when its fix is pre-selected, applies it to the working copy.
    fn fix(
        &mut self,
        column: Option<&str>,
        kind: &str,
        message: String,
        count: usize,
        step: CleaningStep,
    ) {
        let number = self.log.len() + 1;
        let chosen = preselected(&step);
        let ok = if chosen {
            apply_step(&mut self.t, &step, number).is_ok()
        } else {
            // Checked on a copy: the later steps see the data without it.
            apply_step(&mut self.t.clone(), &step, number).is_ok()
        };
        if ok {
            self.problems.push(Problem {
                column: column.map(str::to_string),
                kind: kind.into(),
                message,
                count,
                fix: Some(step.clone()),
                preselected: chosen,
            });
            self.log.push(step);
        }
    }

    fn note(&mut self, column: Option<&str>, kind: &str, message: String, count: usize) {
        self.problems.push(Problem {
            column: column.map(str::to_string),
            kind: kind.into(),
            message,
            count,
            fix: None,
            preselected: false,
        });
    }

    fn features(&self, target: Option<&str>) -> Vec<usize> {
        (0..self.t.n_cols())
            .filter(|&i| {
                Some(self.t.columns[i].name.as_str()) != target
                    && self.t.columns[i].kind != Kind::Id
            })
            .collect()
    }

    fn missing_tokens(&mut self) {
        let mut found: BTreeMap<String, usize> = BTreeMap::new();
        for col in &self.t.columns {
            for (label, k) in level_counts(&col.data) {
                if is_missing_token(&label) {
                    *found.entry(label.trim().to_string()).or_default() += k;
                }
            }
        }
        if found.is_empty() {
            return;
        }
        let count = found.values().sum();
        let tokens: Vec<String> = found.keys().cloned().collect();
        let msg = format!("{count} cells spell a missing value ({})", tokens.join(", "));
        self.fix(None, "missing_tokens", msg, count, CleaningStep::MissingTokens { tokens });
    }

    fn category_spellings(&mut self, target: Option<&str>) {
        for i in self.features(target) {
            let col = &self.t.columns[i];
            if !matches!(col.kind, Kind::Categorical | Kind::Boolean) {
                continue;
            }
            let mapping = spelling_map(&level_counts(&col.data));
            if mapping.is_empty() {
                continue;
            }
            let name = col.name.clone();
            let count: usize = level_counts(&col.data)
                .iter()
                .filter(|(l, _)| mapping.contains_key(l))
                .map(|(_, k)| k)
                .sum();
            let msg = format!(
                "{count} cells spell a category differently ({})",
                mapping.iter().map(|(a, b)| format!("{a}→{b}")).collect::<Vec<_>>().join(", ")
            );
            self.fix(
                Some(&name),
                "category_spellings",
                msg,
                count,
                CleaningStep::NormalizeCategories { column: name.clone(), mapping },
            );
        }
    }

    fn formatted_numbers(&mut self, target: Option<&str>) {
        for i in self.features(target) {
            let col = &self.t.columns[i];
            if !matches!(col.data, ColumnData::Categorical { .. })
                || infer_kind(col).0 != Kind::Numeric
            {
                continue;
            }
            let count = level_counts(&col.data)
                .iter()
                .filter(|(l, _)| l.trim().parse::<f64>().is_err())
                .map(|(_, k)| k)
                .sum();
            let name = col.name.clone();
            let msg = format!("{count} numbers are written with separators or currency");
            self.fix(
                Some(&name),
                "formatted_numbers",
                msg,
                count,
                CleaningStep::ParseFormattedNumbers { column: name.clone() },
            );
        }
    }

    /// Columns of dates: proposed (not pre-selected) as year, month and weekday features.
    fn dates(&mut self, target: Option<&str>) {
        // Every column but the target: dates that are all distinct read as ids.
        let columns =
            (0..self.t.n_cols()).filter(|&i| Some(self.t.columns[i].name.as_str()) != target);
        for i in columns.collect::<Vec<_>>() {
            let col = &self.t.columns[i];
            let Some(format) = column_date_format(col) else { continue };
            let (name, n) = (col.name.clone(), col.data.len() - col.data.missing_count());
            let msg = format!(
                "{}: not used as a feature as read; year, month and weekday can be",
                format.describe()
            );
            self.fix(
                Some(&name),
                "dates",
                msg,
                n,
                CleaningStep::DateParts { column: name.clone() },
            );
        }
    }

    fn target_labels(&mut self, target: &str) {
        let Some(i) = self.t.index_of(target) else { return };
        let col = &self.t.columns[i];
        let labels: Vec<(String, usize)> = match &col.data {
            ColumnData::Categorical { .. } => level_counts(&col.data),
            ColumnData::Numeric(v) => {
                let mut m: BTreeMap<String, usize> = BTreeMap::new();
                for x in v.iter().filter(|x| !x.is_nan()) {
                    *m.entry(crate::engine::table::format_number(*x)).or_default() += 1;
                }
                m.into_iter().collect()
            }
        };
        let Some(mapping) = target_mapping(&labels, self.positive.as_deref()) else {
            let list: Vec<String> = labels.iter().map(|(l, k)| format!("{l} ({k})")).collect();
            let msg = format!(
                "the target has {} distinct values, not two: {}",
                labels.len(),
                list.join(", ")
            );
            self.note(Some(target), "target_not_binary", msg, labels.len());
            return;
        };
        if mapping.iter().all(|(k, v)| k == v) && matches!(col.data, ColumnData::Numeric(_)) {
            return;
        }
        let count = labels.iter().filter(|(l, _)| mapping.get(l) != Some(l)).map(|(_, k)| k).sum();
        let msg = format!(
            "target labels are spelled {}; they become 0/1",
            labels.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", ")
        );
        self.fix(
            Some(target),
            "target_labels",
            msg,
            count,
            CleaningStep::MapTargetLabels { target: target.into(), mapping },
        );
    }

    fn missing_target(&mut self, target: &str) {
        let Some(i) = self.t.index_of(target) else { return };
        let n = self.t.columns[i].data.missing_count();
        if n > 0 && n < self.t.n_rows() {
            let msg = format!("{n} rows have no target value");
            self.fix(
                Some(target),
                "missing_target",
                msg,
                n,
                CleaningStep::DropRowsMissingTarget { target: target.into() },
            );
        }
    }

    fn impossible_values(&mut self, target: Option<&str>) {
        for i in self.features(target) {
            let col = &self.t.columns[i];
            let Some((min, max)) = plausible_range(&col.name) else { continue };
            let ColumnData::Numeric(v) = &col.data else { continue };
            let n = v.iter().filter(|x| !x.is_nan() && (**x < min || **x > max)).count();
            if n > 0 {
                let name = col.name.clone();
                let msg = format!(
                    "{n} values are outside the plausible range [{min}, {}]",
                    fmt_bound(max)
                );
                self.fix(
                    Some(&name),
                    "impossible_values",
                    msg,
                    n,
                    CleaningStep::FlagImpossible { column: name.clone(), min, max },
                );
            }
        }
    }

    fn outliers(&mut self, target: Option<&str>) {
        for i in self.features(target) {
            let col = &self.t.columns[i];
            let ColumnData::Numeric(v) = &col.data else { continue };
            if col.kind != Kind::Numeric {
                continue;
            }
            let s = sorted_present(v);
            if s.len() < 20 {
                continue;
            }
            let (q1, q3) = (quantile_sorted(&s, 0.25), quantile_sorted(&s, 0.75));
            let iqr = q3 - q1;
            if iqr <= 0.0 {
                continue;
            }
            let (lo, hi) = tukey_fences(q1, q3);
            let n = s.iter().filter(|x| **x < lo || **x > hi).count();
            if n > 0 {
                let name = col.name.clone();
                let msg = format!("{n} values lie beyond {FAR_OUT_K}×IQR from the quartiles");
                let step = CleaningStep::ClipOutliers {
                    column: name.clone(),
                    method: OutlierMethod::Iqr,
                    lo,
                    hi,
                    relearn: false,
                };
                self.fix(Some(&name), "outliers", msg, n, step);
            }
        }
    }

    fn duplicates(&mut self) {
        let repeats = repeat_count(&self.t);
        if repeats > 0 {
            let msg = format!("{repeats} rows repeat an earlier row exactly");
            self.fix(None, "duplicates", msg, repeats, CleaningStep::DropDuplicates);
        }
    }

    fn impute(&mut self, target: Option<&str>) {
        for i in self.features(target) {
            let col = &self.t.columns[i];
            let n = col.data.missing_count();
            if n == 0 || n == col.data.len() {
                continue;
            }
            let (strategy, value) = fill_value(col);
            let name = col.name.clone();
            let msg = format!("{n} missing values");
            let step =
                CleaningStep::Impute { column: name.clone(), strategy, value, relearn: false };
            self.fix(Some(&name), "missing_values", msg, n, step);
        }
    }

    fn unfixable(&mut self, target: Option<&str>) {
        for i in self.features(target) {
            let col = &self.t.columns[i];
            let (name, n) = (col.name.clone(), col.data.len());
            if col.data.missing_count() == n {
                self.note(
                    Some(&name),
                    "all_missing",
                    "every value is missing: the column cannot be used".into(),
                    n,
                );
            }
        }
    }
}

/// Canonical spellings: labels equal up to case/spaces merge into the most frequent spelling;
/// a one-letter label merges into the only longer label starting with that letter.
pub fn spelling_map(labels: &[(String, usize)]) -> BTreeMap<String, String> {
    let mut groups: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (l, k) in labels {
        let key: String = l.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        groups.entry(key).or_default().push((l.clone(), *k));
    }
    let mut canon: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (key, members) in &groups {
        let total = members.iter().map(|m| m.1).sum();
        let best = members
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|m| m.0.clone())
            .unwrap_or_default();
        canon.insert(key.clone(), (best, total));
    }
    let mut mapping = BTreeMap::new();
    for (key, members) in &groups {
        let mut target = canon[key].0.clone();
        if key.chars().count() == 1 {
            let longer: Vec<&String> = canon
                .keys()
                .filter(|k| k.chars().count() > 1 && k.starts_with(key.as_str()))
                .collect();
            if let [only] = longer.as_slice() {
                target = canon[*only].0.clone();
            }
        }
        for (l, _) in members {
            if *l != target {
                mapping.insert(l.clone(), target.clone());
            }
        }
    }
    mapping
}

/// A plausible range for well-known customer attributes, from the column name.
pub fn plausible_range(name: &str) -> Option<(f64, f64)> {
    let n = name.to_lowercase();
    if n == "age" || n.ends_with("_age") || n.ends_with(" age") {
        Some((1.0, 120.0))
    } else if [
        "salary", "income", "price", "amount", "revenue", "spend", "tenure", "visits", "count",
        "months", "days",
    ]
    .iter()
    .any(|w| n.contains(w))
    {
        Some((0.0, f64::MAX))
    } else {
        None
    }
}

fn fmt_bound(x: f64) -> String {
    if x == f64::MAX {
        "∞".into()
    } else {
        crate::engine::table::format_number(x)
    }
}

/// Median for numbers, most frequent label for categories.
fn fill_value(col: &Column) -> (ImputeStrategy, String) {
    let strategy = match col.data {
        ColumnData::Numeric(_) => ImputeStrategy::Median,
        ColumnData::Categorical { .. } => ImputeStrategy::Mode,
    };
    (strategy, super::learn::impute_value(col, strategy).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(v: &[(&str, usize)]) -> Vec<(String, usize)> {
        v.iter().map(|(l, k)| (l.to_string(), *k)).collect()
    }

    #[test]
    fn spellings_merge_case_space_and_initials() {
        let m = spelling_map(&counts(&[
            ("Male", 50),
            ("male", 2),
            ("MALE", 1),
            ("M", 1),
            ("Female", 40),
            ("F", 2),
        ]));
        assert_eq!(m.get("male").map(String::as_str), Some("Male"));
        assert_eq!(m.get("MALE").map(String::as_str), Some("Male"));
        assert_eq!(m.get("M").map(String::as_str), Some("Male"));
        assert_eq!(m.get("F").map(String::as_str), Some("Female"));
        assert!(!m.contains_key("Male"));
    }

    fn target_mapping_of(labels: &[(String, usize)]) -> Option<BTreeMap<String, String>> {
        target_mapping(labels, None)
    }

    #[test]
    fn target_mappings() {
        let m = target_mapping_of(&counts(&[("0", 5), ("1", 3), ("yes", 1), ("no", 1)])).unwrap();
        assert_eq!(m["yes"], "1");
        assert_eq!(m["no"], "0");
        let m = target_mapping_of(&counts(&[("CH", 5), ("MM", 3)])).unwrap();
        assert_eq!((m["CH"].as_str(), m["MM"].as_str()), ("0", "1"));
        assert!(target_mapping_of(&counts(&[("yes", 1), ("no", 1), ("maybe", 1)])).is_none());
        assert!(target_mapping_of(&counts(&[("0", 4)])).is_none());
    }
}
