//! The target and positive-label guesses on headers shaped like public churn, attrition,
//! purchase and default tables (the real files are checked in `tests/roles_files.rs`).

use super::*;
use crate::engine::ingest::{ingest, IngestOptions, IngestReport};

/// A table of `rows` rows: `header`, then `row(i)` per row.
fn report(header: &str, rows: usize, row: impl Fn(usize) -> String) -> IngestReport {
    let mut s = format!("{header}\n");
    (0..rows).for_each(|i| s += &format!("{}\n", row(i)));
    ingest(s.as_bytes(), &IngestOptions::default()).unwrap().report
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

#[test]
fn names_split_at_separators_and_humps() {
    assert_eq!(words("Attrition_Flag"), ["attrition", "flag"]);
    assert_eq!(words("isChurned"), ["is", "churned"]);
    assert_eq!(words("HTTPStatusCode"), ["http", "status", "code"]);
    assert_eq!(words("default payment next month"), ["default", "payment", "next", "month"]);
    assert_eq!(words(" y.label-2 "), ["y", "label", "2"]);
    assert!(name_rank("Churn").is_some_and(|r| r.0 == 0));
    assert!(name_rank("customer-churned").is_some_and(|r| r.0 == 1));
    assert!(name_rank("Status").is_some_and(|r| r.0 == 2));
    assert_eq!(name_rank("marital_status"), None, "generic words count only as the whole name");
    assert_eq!(name_rank("PaperlessBilling"), None);
}

#[test]
fn telco_like_churn_beats_the_last_yes_no_column() {
    // R's export: rownames first; yes/no columns before and after the target.
    let r = report("rownames,gender,tenure,churn,paperless_billing,monthly_charges", 60, |i| {
        format!(
            "{},{},{},{},{},{}.5",
            i + 1,
            ["Male", "Female"][i % 2],
            i % 40,
            yes_no(i % 4 == 0),
            yes_no(i % 3 == 0),
            20 + i
        )
    });
    assert_eq!(r.target_guess.as_deref(), Some("churn"));
    assert_eq!(r.positive_guess.as_deref(), Some("Yes"));
    assert!(r.target_evidence.as_deref().unwrap().contains("usual name"), "{r:?}");
    assert_eq!(r.columns[0].role, Role::Id);
    assert_eq!(r.columns[3].role, Role::Target);
    assert_eq!(r.columns[4].role, Role::Feature);
}

#[test]
fn bank_churners_attrition_flag_names_its_event() {
    let r = report("CLIENTNUM,Attrition_Flag,Customer_Age,Gender", 80, |i| {
        let flag = ["Existing Customer", "Attrited Customer"][(i % 5 == 0) as usize];
        format!("{},{flag},{},{}", 700_000_000 + i * 37, 30 + i % 40, ["M", "F"][i % 2])
    });
    assert_eq!(r.target_guess.as_deref(), Some("Attrition_Flag"));
    assert_eq!(r.positive_guess.as_deref(), Some("Attrited Customer"));
    assert!(r.positive_evidence.as_deref().unwrap().contains("16 of 80"), "{r:?}");
    // Customer numbers 37 apart are too spread out to be a key by content alone (80²/(2·2,924)
    // ≈ 1 expected repeat), but distinct under a key-like name.
    assert_eq!(r.columns[0].role, Role::Id);
}

#[test]
fn hr_attrition_and_bank_marketing_y() {
    let r = report("Age,Attrition,BusinessTravel,OverTime,EmployeeNumber", 60, |i| {
        format!("{},{},Rarely,{},{}", 20 + i % 40, yes_no(i % 6 == 0), yes_no(i % 2 == 0), i + 1)
    });
    assert_eq!(r.target_guess.as_deref(), Some("Attrition"));
    let r = report("age,job,housing,loan,y", 40, |i| {
        format!(
            "{},admin,{},{},{}",
            20 + i,
            ["yes", "no"][i % 2],
            ["no", "yes"][i % 3 / 2],
            ["no", "yes"][(i % 7 == 0) as usize]
        )
    });
    assert_eq!(r.target_guess.as_deref(), Some("y"));
    assert_eq!(r.positive_guess.as_deref(), Some("yes"));
}

#[test]
fn default_of_credit_card_clients() {
    let r = report("ID,LIMIT_BAL,SEX,PAY_0,default payment next month", 50, |i| {
        format!("{},{},{},{},{}", i + 1, 10_000 * (1 + i % 9), 1 + i % 2, i % 3, (i % 4 == 0) as u8)
    });
    assert_eq!(r.target_guess.as_deref(), Some("default payment next month"));
    assert_eq!(r.positive_guess.as_deref(), Some("1"));
    assert_eq!(r.columns[0].role, Role::Id);
    // SEX (1/2) has two values but no outcome name: it is not chosen.
}

#[test]
fn good_bad_status_makes_bad_the_event() {
    let r = report("rownames,Status,Seniority,Records", 40, |i| {
        format!(
            "{},{},{},{}",
            i + 1,
            ["good", "bad"][(i % 3 == 0) as usize],
            i % 9,
            yes_no(i % 5 == 0)
        )
    });
    assert_eq!(r.target_guess.as_deref(), Some("Status"));
    assert_eq!(r.positive_guess.as_deref(), Some("bad"));
    let ev = r.positive_evidence.unwrap();
    assert!(ev.contains("names the event") && ev.contains("14 of 40"), "{ev}");
}

#[test]
fn without_a_name_the_edges_decide() {
    // CreditCard-like: the response first after rownames, yes/no columns later, a count last.
    let r = report("rownames,card,reports,owner,selfemp,active", 30, |i| {
        format!(
            "{},{},{},{},{},{}",
            i + 1,
            ["yes", "no"][i % 4 / 3],
            i % 5,
            ["yes", "no"][i % 2],
            ["no", "yes"][(i % 9 == 0) as usize],
            i % 11
        )
    });
    assert_eq!(r.target_guess.as_deref(), Some("card"));
    assert!(r.target_evidence.unwrap().contains("first column after the row numbers"));
    // The last column wins over the first when both have two values.
    let r = report("sex,x,z,v9", 30, |i| {
        format!("{},{},{},{}", ["M", "F"][i % 2], i % 7, i % 5, i % 3 / 2)
    });
    assert_eq!(r.target_guess.as_deref(), Some("v9"));
}

#[test]
fn messy_spellings_still_make_two_classes() {
    let labels = ["yes", "no", "Yes", "NO", "NA", "1", "0"];
    let r = report("age,Purchased", 28, |i| format!("{},{}", 20 + i, labels[i % 7]));
    assert_eq!(r.target_guess.as_deref(), Some("Purchased"));
}

#[test]
fn a_file_without_a_two_valued_column_names_what_was_considered() {
    let r = report("rownames,age,city,score", 30, |i| {
        format!("{},{},{},{}.5", i + 1, 20 + i % 13, ["Oslo", "Rome", "Lima"][i % 3], i)
    });
    assert_eq!(r.target_guess, None);
    let msg = r.target_evidence.unwrap();
    assert!(msg.starts_with("no column can be the target"), "{msg}");
    for part in ["rownames (row numbers", "age (more than 12 values)", "city (3 values)"] {
        assert!(msg.contains(part), "{part} not in {msg}");
    }
    let t = ingest(b"a,b\n1,x\n2,y\n3,z\n", &IngestOptions::default()).unwrap().table;
    let err = guess_target_with_evidence(&t, &crate::engine::ingest::infer_roles(&t)).unwrap_err();
    let TargetGuessError::NoCandidate { considered } = err;
    assert_eq!(considered.len(), 2);
}

#[test]
fn positive_label_rules() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(guess_positive(&s(&["0", "1"])).as_deref(), Some("1"));
    assert_eq!(guess_positive(&s(&["No", "Yes"])).as_deref(), Some("Yes"));
    assert_eq!(guess_positive(&s(&["good", "bad"])).as_deref(), Some("bad"));
    assert_eq!(
        guess_positive(&s(&["Existing Customer", "Attrited Customer"])).as_deref(),
        Some("Attrited Customer")
    );
    assert_eq!(
        guess_positive(&s(&["paid", "late"])).as_deref(),
        Some("late"),
        "the other of a usual outcome"
    );
    assert_eq!(guess_positive(&s(&["MM", "CH"])).as_deref(), Some("MM"));
    assert_eq!(guess_positive(&s(&["10", "9"])).as_deref(), Some("10"));
    assert_eq!(guess_positive(&s(&["10", "9", "2"])).as_deref(), Some("9"));
    // Mixed numbers and text sort as text (and must not panic, however many there are).
    assert_eq!(guess_positive(&s(&["9", "10", "1a"])).as_deref(), Some("1a"));
    let many: Vec<String> =
        (2..40).map(|i| if i % 3 == 0 { format!("{i}x") } else { i.to_string() }).collect();
    assert_eq!(guess_positive(&many).as_deref(), Some("11"));
}

#[test]
fn an_explicit_positive_label_decides_the_mapping() {
    let counts =
        |v: &[(&str, usize)]| v.iter().map(|(l, k)| (l.to_string(), *k)).collect::<Vec<_>>();
    let m = target_mapping(&counts(&[("good", 5), ("bad", 2)]), None).unwrap();
    assert_eq!((m["bad"].as_str(), m["good"].as_str()), ("1", "0"));
    let m = target_mapping(&counts(&[("good", 5), ("bad", 2)]), Some("GOOD")).unwrap();
    assert_eq!((m["bad"].as_str(), m["good"].as_str()), ("0", "1"));
    let m = target_mapping(&counts(&[("yes", 5), ("no", 2)]), Some("no")).unwrap();
    assert_eq!((m["yes"].as_str(), m["no"].as_str()), ("0", "1"));
    assert!(two_classes(&counts(&[("1", 3), ("2", 4)])));
    assert!(!two_classes(&counts(&[("1", 3), ("2", 4), ("3", 1)])));
}
