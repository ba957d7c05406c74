//! Cleaning on small inline tables (the shared messy files are covered in `tests/clean_files.rs`).

use super::*;
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::table::{ColumnData, Kind, Table};

fn table(text: &str) -> Table {
    ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
}

const MESSY: &str = "id,Gender,Age,Salary,Purchased\n\
1,Male,19,19000,0\n2,male,35,NA,1\n3,F,26,\"52,000\",yes\n4,Female,999,$30000,no\n\
5,Female,40,41000,0\n5,Female,40,41000,0\n6,Male,,50000,1\n";

#[test]
fn suggested_log_fixes_the_messy_sample() {
    let t = table(MESSY);
    let (problems, log) = analyze(&t, Some("Purchased"));
    assert!(problems.iter().all(|p| p.fix.is_some()), "{problems:?}");
    let (clean, reports) = apply(&t, &log).unwrap();
    assert_eq!(reports.len(), log.len());
    let gender = clean.column("Gender").unwrap();
    assert_eq!(level_counts(&gender.data).len(), 2);
    let salary = clean.column("Salary").unwrap();
    assert!(matches!(salary.data, ColumnData::Numeric(_)));
    assert_eq!(salary.data.missing_count(), 0);
    assert_eq!(clean.column("Age").unwrap().data.missing_count(), 0);
    assert_eq!(clean.n_rows(), 6, "one duplicate dropped");
    let target = clean.column("Purchased").unwrap();
    assert_eq!(target.kind, Kind::Boolean);
    assert_eq!(target.data, ColumnData::numbers(vec![0.0, 1.0, 1.0, 0.0, 0.0, 1.0]));
    assert_eq!(clean.row_ids, vec![0, 1, 2, 3, 4, 6]);
}

#[test]
fn replaying_the_log_is_deterministic_and_leaves_the_input_alone() {
    let t = table(MESSY);
    let log = suggest(&t, Some("Purchased"));
    let (a, _) = apply(&t, &log).unwrap();
    let (b, _) = apply(&t, &log).unwrap();
    // NaN != NaN, so compare the printed tables.
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_eq!(format!("{t:?}"), format!("{:?}", table(MESSY)));
    let json = serde_json::to_string(&log).unwrap();
    let back: CleaningLog = serde_json::from_str(&json).unwrap();
    assert_eq!(back, log);
}

#[test]
fn a_clean_table_needs_no_steps_and_cleaning_it_changes_nothing() {
    let t = table("Gender,Age,Purchased\nMale,19,0\nFemale,35,1\nMale,26,1\n");
    let log = suggest(&t, Some("Purchased"));
    assert!(log.is_empty(), "{log:?}");
    let (c, _) = apply(&t, &log).unwrap();
    assert_eq!(c, t);
}

#[test]
fn batches_without_the_target_skip_target_steps() {
    let train = table(MESSY);
    let log = suggest(&train, Some("Purchased"));
    let batch = table("id,Gender,Age,Salary\n9,male,30,\"61,000\"\n");
    let (clean, reports) = apply(&batch, &log).unwrap();
    assert_eq!(clean.column("Gender").unwrap().data.text(0), "Male");
    assert_eq!(clean.column("Salary").unwrap().data.text(0), "61000");
    assert!(reports.iter().any(|r| r.description.contains("skipped")));
}

#[test]
fn bad_parameters_are_errors_naming_the_step() {
    let t = table("Age\n1\n");
    let log = vec![CleaningStep::FlagImpossible { column: "Age".into(), min: 5.0, max: 1.0 }];
    assert_eq!(
        apply(&t, &log).unwrap_err(),
        CleanError::EmptyRange { step: 1, column: "Age".into(), min: 5.0, max: 1.0 }
    );
    let log = vec![CleaningStep::Impute {
        column: "Age".into(),
        strategy: ImputeStrategy::Constant,
        value: "x".into(),
        relearn: false,
    }];
    assert!(matches!(apply(&t, &log), Err(CleanError::BadFillValue { step: 1, .. })));
}

#[test]
fn a_three_label_target_is_reported_not_fixed() {
    let t = table("x,Purchased\n1,yes\n2,no\n3,maybe\n");
    let problems = detect(&t, Some("Purchased"));
    assert!(problems.iter().any(|p| p.kind == "target_not_binary" && p.fix.is_none()));
}

#[test]
fn edited_steps_learn_their_values_on_apply() {
    let t = table("id,Age\n1,1\n2,2\n3,9\n4,\n");
    let step = CleaningStep::Impute {
        column: "Age".into(),
        strategy: ImputeStrategy::Mean,
        value: "2".into(),
        relearn: true,
    };
    let (clean, reports) = apply(&t, &vec![step]).unwrap();
    // mean of 1, 2, 9 = 4
    assert_eq!(clean.column("Age").unwrap().data.text(3), "4");
    assert_eq!(
        reports[0].step,
        CleaningStep::Impute {
            column: "Age".into(),
            strategy: ImputeStrategy::Mean,
            value: "4".into(),
            relearn: false
        }
    );
    let step = CleaningStep::ClipOutliers {
        column: "Age".into(),
        method: OutlierMethod::ZScore,
        lo: 0.0,
        hi: 0.0,
        relearn: true,
    };
    let (_, reports) = apply(&t, &vec![step]).unwrap();
    let CleaningStep::ClipOutliers { lo, hi, relearn: false, .. } = reports[0].step else {
        panic!("{:?}", reports[0].step)
    };
    // mean 4, sample sd √((9 + 4 + 25)/2) = √19 = 4.3589: bounds 4 ∓ 3·4.3589 = −9.0767, 17.0767
    assert!((lo + 9.0767).abs() < 1e-3 && (hi - 17.0767).abs() < 1e-3, "{lo} {hi}");
}

#[test]
fn every_step_round_trips_through_its_json_and_bad_steps_are_named() {
    use super::{ImputeStrategy, OutlierMethod};
    let mapping: std::collections::BTreeMap<String, String> =
        [("yes".to_string(), "1".to_string())].into_iter().collect();
    let log = vec![
        CleaningStep::MissingTokens { tokens: vec!["NA".into(), "?".into()] },
        CleaningStep::NormalizeCategories { column: "Gender".into(), mapping: mapping.clone() },
        CleaningStep::ParseFormattedNumbers { column: "Salary".into() },
        CleaningStep::FlagImpossible { column: "Age".into(), min: 0.0, max: f64::MAX },
        CleaningStep::ClipOutliers {
            column: "Age".into(),
            method: OutlierMethod::ZScore,
            lo: -1.5,
            hi: 99.25,
            relearn: true,
        },
        CleaningStep::ClipOutliers {
            column: "Age".into(),
            method: OutlierMethod::Manual,
            lo: 1.0,
            hi: 2.0,
            relearn: false,
        },
        CleaningStep::Impute {
            column: "Age".into(),
            strategy: ImputeStrategy::Median,
            value: "37".into(),
            relearn: false,
        },
        CleaningStep::DropDuplicates,
        CleaningStep::DropRowsMissingTarget { target: "Purchased".into() },
        CleaningStep::MapTargetLabels { target: "Purchased".into(), mapping },
    ];
    let json = serde_json::to_string(&log).unwrap();
    assert!(json.starts_with(r#"[{"step":"missing_tokens","tokens":["NA","?"]}"#), "{json}");
    assert!(json.contains(r#"{"step":"drop_duplicates"}"#));
    let back: Vec<CleaningStep> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, log);
    // Fields in any order; `relearn` defaults to false; unknown fields are ignored.
    let step: CleaningStep = serde_json::from_str(
        r#"{"value":"m","column":"Gender","note":1,"strategy":"mode","step":"impute"}"#,
    )
    .unwrap();
    assert_eq!(
        step,
        CleaningStep::Impute {
            column: "Gender".into(),
            strategy: ImputeStrategy::Mode,
            value: "m".into(),
            relearn: false
        }
    );
    let err = |text: &str| serde_json::from_str::<CleaningStep>(text).unwrap_err().to_string();
    assert!(err(r#"{"step":"impute","column":"Age","value":"1"}"#)
        .starts_with("missing field `strategy`"));
    assert!(err(r#"{"step":"shuffle"}"#).starts_with("unknown variant `shuffle`, expected one of"));
    assert!(err(r#"{"column":"Age"}"#).starts_with("missing field `step`"));
    assert!(err(r#"{"step":"flag_impossible","column":"Age","min":"low","max":1}"#)
        .contains("invalid type: string \"low\""));
}

#[test]
fn bounds_learnt_from_huge_values_stay_finite() {
    // 10 × −1.7e308, 10 × −1.6e308, 5 × 1e308: quartiles −1.7e308 and −1.6e308, IQR 1e307, so
    // the lower fence −1.7e308 − 3e307 overflows (it was −∞, which a saved log writes as null).
    let mut text = String::from("x,y\n");
    for (x, n) in [("-1.7e308", 10), ("-1.6e308", 10), ("1e308", 5)] {
        (0..n).for_each(|i| text.push_str(&format!("{x},{}\n", i % 2)));
    }
    let t = table(&text);
    // Clipping is proposed but not pre-selected: the whole proposal holds it.
    let log = analyze(&t, Some("y")).1;
    let clip = log.iter().find(|s| matches!(s, CleaningStep::ClipOutliers { .. }));
    let Some(CleaningStep::ClipOutliers { lo, hi, .. }) = clip else { panic!("{log:?}") };
    // Upper fence: −1.6e308 + 3·1e307 ≈ −1.3e308.
    assert_eq!((*lo, *hi), (-f64::MAX, -1.6e308 + 3.0 * 1e307));
    assert_eq!(crate::engine::finite::check_finite(&log), Ok(()));
    let (clean, _) = apply(&t, &vec![clip.unwrap().clone()]).unwrap();
    let x = clean.column("x").unwrap();
    let ColumnData::Numeric(v) = &x.data else { panic!("numeric") };
    // The lower bound changes nothing; the 1e308 values are clipped to the upper one.
    assert_eq!((v[0], v[10], v[24]), (-1.7e308, -1.6e308, *hi));
    // Relearnt with either method on values whose spread overflows: finite bounds again.
    for method in [OutlierMethod::Iqr, OutlierMethod::ZScore] {
        let v = [-1.7e308, 1.7e308, 0.0, 1e308, -1e308];
        if let Some((lo, hi)) = outlier_bounds(&v, method) {
            assert!(lo.is_finite() && hi.is_finite() && lo <= -1.7e308 && hi >= 1.7e308);
        }
    }
}

#[test]
fn the_mean_of_huge_values_fills_a_finite_number() {
    let t = table("x,y\n1e308,0\n1e308,1\n,0\n1e308,1\n");
    let col = t.column("x").unwrap();
    let value = impute_value(col, ImputeStrategy::Mean).unwrap();
    assert_eq!(value.parse::<f64>().unwrap(), 1e308);
    let step = CleaningStep::Impute {
        column: "x".into(),
        strategy: ImputeStrategy::Constant,
        value: "inf".into(),
        relearn: false,
    };
    assert!(matches!(apply(&t, &vec![step]), Err(CleanError::BadFillValue { .. })));
}

#[test]
fn dates_become_three_features_and_replay_on_a_batch() {
    let train = table("id,signup,y\n1,2024-02-29,0\n2,,1\n3,2023-12-31,1\n");
    let log = vec![CleaningStep::DateParts { column: "signup".into() }];
    let json = serde_json::to_string(&log).unwrap();
    assert_eq!(json, r#"[{"step":"date_parts","column":"signup"}]"#);
    assert_eq!(serde_json::from_str::<CleaningLog>(&json).unwrap(), log);
    let (clean, reports) = apply(&train, &log).unwrap();
    let names: Vec<&str> = clean.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "signup_year", "signup_month", "signup_weekday", "y"]);
    assert_eq!(reports[0].cells_affected, 2);
    // 2024-02-29 was a Thursday (4), 2023-12-31 a Sunday (7).
    assert_eq!(clean.columns[3].data.text(0), "4");
    assert_eq!(clean.columns[3].data.text(2), "7");
    let batch = table("id,signup\n9,2025-01-06\n");
    let (b, _) = apply(&batch, &log).unwrap();
    assert_eq!((b.columns[1].data.text(0), b.columns[3].data.text(0)), ("2025".into(), "1".into()));
    let not_dates = table("id,signup\n9,soon\n");
    assert!(matches!(apply(&not_dates, &log), Err(CleanError::NotDates { step: 1, .. })));
    assert!(columns_named(&log).contains("signup"));
}

#[test]
fn clipping_and_dates_are_proposed_but_not_preselected() {
    // 30 ages, one far out (300 is beyond 3×IQR but inside no impossible range: the column is
    // not named age), and a date column.
    let mut text = String::from("years,day,y\n");
    for i in 0..30 {
        let years = if i == 0 { 300 } else { 20 + i };
        text += &format!("{years},2024-01-{:02},{}\n", 1 + i % 28, i % 2);
    }
    let t = table(&text);
    let (problems, full) = analyze(&t, Some("y"));
    let kinds: Vec<(&str, bool)> =
        problems.iter().map(|p| (p.kind.as_str(), p.preselected)).collect();
    assert!(kinds.contains(&("outliers", false)) && kinds.contains(&("dates", false)), "{kinds:?}");
    assert!(full.iter().any(|s| matches!(s, CleaningStep::ClipOutliers { .. })));
    let chosen = suggest(&t, Some("y"));
    assert!(chosen.iter().all(preselected), "{chosen:?}");
    assert!(!chosen
        .iter()
        .any(|s| matches!(s, CleaningStep::ClipOutliers { .. } | CleaningStep::DateParts { .. })));
    // Impossible values (an age of 300) are flagged by default.
    let t = table(&text.replace("years", "age"));
    let chosen = suggest(&t, Some("y"));
    assert!(chosen.iter().any(|s| matches!(s, CleaningStep::FlagImpossible { .. })), "{chosen:?}");
}
