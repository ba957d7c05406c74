//! A target's labels: counting them, folding yes/no spellings into 0/1, and choosing the label
//! that means the event ("positive"), with the evidence for the choice.
//!
//! Positive label, in order: a yes-like label (`1`, `yes`, `true`, `y`, `t`); a label naming the
//! event (`bad`, `default`, `churned`, `attrited`, `fraud`, `purchased`, …) or, failing that,
//! the other label when one names the usual outcome (`good`, `existing`, `stayed`, `paid`, …):
//! for default-type targets the event of interest is the adverse, usually rarer, one; else the
//! second label in scikit-learn's order (numbers by value, else text), which is what its
//! `pos_label=1` would be.

use std::collections::BTreeMap;

use super::names::words;
use crate::engine::ingest::is_missing_token;
use crate::engine::table::{format_number, Column, ColumnData, MISSING_CODE};

/// Labels that read as "yes" (lower case).
const YES: [&str; 6] = ["1", "yes", "true", "y", "t", "1.0"];
/// Labels that read as "no" (lower case).
const NO: [&str; 6] = ["0", "no", "false", "n", "f", "0.0"];

/// Words of a label naming the event of interest (the adverse or sought outcome).
const EVENT_WORDS: [&str; 26] = [
    "bad",
    "default",
    "defaulted",
    "churn",
    "churned",
    "attrited",
    "attrition",
    "left",
    "leave",
    "fraud",
    "fraudulent",
    "purchased",
    "bought",
    "buyer",
    "converted",
    "subscribed",
    "responded",
    "positive",
    "event",
    "fail",
    "failed",
    "failure",
    "delinquent",
    "dead",
    "died",
    "malignant",
];
/// Words of a label naming the usual outcome (so the other label is the event).
const USUAL_WORDS: [&str; 14] = [
    "good", "existing", "stayed", "stay", "retained", "current", "paid", "negative", "ok",
    "normal", "benign", "alive", "healthy", "active",
];

/// Labels of `column` with their counts, missing cells and missing tokens left out, in order of
/// first appearance (numbers as printed); None when it has more than `max` labels.
pub fn label_counts(column: &Column, max: usize) -> Option<Vec<(String, usize)>> {
    match &column.data {
        ColumnData::Numeric(v) => {
            let mut seen: Vec<(f64, usize)> = Vec::new();
            for &x in v.iter().filter(|x| !x.is_nan()) {
                if let Some((_, k)) = seen.iter_mut().find(|(s, _)| *s == x) {
                    *k += 1;
                } else if seen.len() == max {
                    return None;
                } else {
                    seen.push((x, 1));
                }
            }
            Some(seen.into_iter().map(|(x, k)| (format_number(x), k)).collect())
        }
        ColumnData::Categorical { codes, levels } => {
            let mut counts = vec![0usize; levels.len()];
            codes.iter().filter(|&&c| c != MISSING_CODE).for_each(|&c| counts[c as usize] += 1);
            let present: Vec<(String, usize)> = levels
                .iter()
                .zip(counts)
                .filter(|(l, k)| *k > 0 && !is_missing_token(l))
                .map(|(l, k)| (l.clone(), k))
                .collect();
            (present.len() <= max).then_some(present)
        }
    }
}

/// Maps two target labels (in any spelling) to "0"/"1"; None when they are not two classes.
/// `positive`, when given and present (any case), is the label mapped to "1".
pub fn target_mapping(
    labels: &[(String, usize)],
    positive: Option<&str>,
) -> Option<BTreeMap<String, String>> {
    let mut mapping = BTreeMap::new();
    let mut others: Vec<String> = Vec::new();
    for (l, _) in labels {
        let k = l.trim().to_lowercase();
        if YES.contains(&k.as_str()) {
            mapping.insert(l.clone(), "1".to_string());
        } else if NO.contains(&k.as_str()) {
            mapping.insert(l.clone(), "0".to_string());
        } else {
            others.push(l.clone());
        }
    }
    if others.is_empty() {
        let ones = mapping.values().filter(|v| *v == "1").count();
        let mut mapping = (ones > 0 && ones < mapping.len()).then_some(mapping)?;
        // An explicit "no"-like positive (say "0") flips the classes.
        let chosen =
            positive.and_then(|p| mapping.keys().find(|l| l.trim().eq_ignore_ascii_case(p.trim())));
        if chosen.is_some_and(|l| mapping[l] == "0") {
            mapping.values_mut().for_each(|v| *v = if v == "1" { "0".into() } else { "1".into() });
        }
        return Some(mapping);
    }
    if !mapping.is_empty() || others.len() != 2 {
        return None;
    }
    let explicit =
        positive.and_then(|p| others.iter().find(|l| l.trim().eq_ignore_ascii_case(p.trim())));
    let positive = explicit.cloned().or_else(|| guess_positive(&others))?;
    Some(
        others
            .into_iter()
            .map(|l| {
                let v = if l == positive { "1" } else { "0" };
                (l, v.to_string())
            })
            .collect(),
    )
}

/// True when `labels` are two classes: two labels, or yes/no spellings of two.
pub fn two_classes(labels: &[(String, usize)]) -> bool {
    labels.len() == 2 || target_mapping(labels, None).is_some()
}

/// The label meaning the event: see the module doc for the rule.
pub fn guess_positive(labels: &[String]) -> Option<String> {
    positive_rule(labels).map(|(label, _)| label)
}

/// Which rule picked the positive label.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PositiveRule {
    YesLike,
    Event,
    OtherIsUsual,
    SortOrder,
}

fn positive_rule(labels: &[String]) -> Option<(String, PositiveRule)> {
    for want in ["1", "yes", "true", "y", "t"] {
        if let Some(l) = labels.iter().find(|l| l.trim().eq_ignore_ascii_case(want)) {
            return Some((l.clone(), PositiveRule::YesLike));
        }
    }
    if labels.len() == 2 {
        let has = |l: &str, list: &[&str]| words(l).iter().any(|w| list.contains(&w.as_str()));
        let event: Vec<&String> = labels.iter().filter(|l| has(l, &EVENT_WORDS)).collect();
        let usual: Vec<&String> = labels.iter().filter(|l| has(l, &USUAL_WORDS)).collect();
        if let [only] = event.as_slice() {
            return Some(((*only).clone(), PositiveRule::Event));
        }
        if let [only] = usual.as_slice() {
            let other = labels.iter().find(|l| *l != *only)?;
            return Some((other.clone(), PositiveRule::OtherIsUsual));
        }
    }
    let mut sorted: Vec<&String> = labels.iter().collect();
    // One rule for the whole list: comparing numbers by value and other pairs as text is not an
    // order (9 < 10 < "1a" < 9), and `sort_by` may panic on it.
    if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
        let value = |l: &str| l.parse::<f64>().unwrap_or(f64::NAN);
        sorted.sort_by(|a, b| value(a).total_cmp(&value(b)));
    } else {
        sorted.sort();
    }
    sorted.get(1).map(|s| ((*s).clone(), PositiveRule::SortOrder))
}

/// The positive label of `labels` (with counts) and the evidence for it.
pub fn positive_with_evidence(labels: &[(String, usize)]) -> Option<(String, String)> {
    let names: Vec<String> = labels.iter().map(|(l, _)| l.clone()).collect();
    let (label, rule) = positive_rule(&names)?;
    let total: usize = labels.iter().map(|(_, k)| k).sum();
    let count = labels.iter().find(|(l, _)| *l == label).map_or(0, |(_, k)| *k);
    let share = format!("{count} of {total} rows");
    let other = names.iter().find(|l| **l != label).cloned().unwrap_or_default();
    let evidence = match rule {
        PositiveRule::YesLike => format!("{label:?} reads as yes ({share})"),
        PositiveRule::Event => {
            format!("{label:?} names the event of interest ({share}), against {other:?}")
        }
        PositiveRule::OtherIsUsual => format!(
            "{other:?} reads as the usual outcome, so {label:?} is the event of interest ({share})"
        ),
        PositiveRule::SortOrder => format!(
            "no label reads as yes or names an event; {label:?} comes second in scikit-learn's \
             label order ({share})"
        ),
    };
    Some((label, evidence))
}
