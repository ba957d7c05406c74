//! `micronum segment --method discover` end to end on ../shared/data/customers_10k.csv: the two
//! files have the documented columns, members.csv agrees with segments.csv, the run repeats
//! exactly with the same seed, and misuse is an error (exit 2) that says what to do.

mod common;

use common::{micronum, shared};

fn run(dir: &std::path::Path, seed: &str) -> (String, String, String) {
    let file = shared("data/customers_10k.csv");
    let (out, members) = (dir.join(format!("seg{seed}.csv")), dir.join(format!("mem{seed}.csv")));
    let args = [
        "segment",
        file.to_str().unwrap(),
        "--target",
        "purchased",
        "--method",
        "discover",
        "--max-conditions",
        "2",
        "--min-support",
        "40",
        "--fdr",
        "0.05",
        "--seed",
        seed,
        "--out",
        out.to_str().unwrap(),
        "--members",
        members.to_str().unwrap(),
    ];
    let (code, _, err) = micronum(&args);
    assert_eq!(code, 0, "{err}");
    (std::fs::read_to_string(out).unwrap(), std::fs::read_to_string(members).unwrap(), err)
}

#[test]
fn discover_writes_segments_and_members() {
    let dir = std::env::temp_dir().join(format!("micronum-discover-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (segments, members, err) = run(&dir, "7");
    assert!(err.contains("tested on") && err.contains("significant at fdr 0.05"), "{err}");
    let mut lines = segments.lines();
    assert_eq!(
        lines.next().unwrap(),
        "segment,label,n,positives,rate,ci_low,ci_high,shrunk_rate,lift,shrunk_lift,small_n,\
         holdout_n,holdout_rate,p_value,q_value,significant,direction"
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| csv::ReaderBuilder::new().has_headers(false).from_reader(l.as_bytes()))
        .map(|mut r| r.records().next().unwrap().unwrap().iter().map(String::from).collect())
        .collect();
    assert!(!rows.is_empty() && rows.len() <= 50);
    let mut member_count = vec![0u64; rows.len()];
    for l in members.lines().skip(1) {
        let (s, row) = l.split_once(',').unwrap();
        let row: usize = row.parse().unwrap();
        assert!(row < 10_000);
        member_count[s.parse::<usize>().unwrap()] += 1;
    }
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], i.to_string());
        assert_eq!(r[2].parse::<u64>().unwrap(), member_count[i], "segment {i}: n vs members");
        assert!(r[1].split(" and ").count() <= 2, "{}", r[1]);
        assert_eq!(r[4], r[12], "rate is the held-out rate");
        assert!(r[15] == "true" || r[15] == "false");
        assert!(r[16] == "above" || r[16] == "below");
        let q: f64 = r[14].parse().unwrap();
        assert_eq!(r[15] == "true", q <= 0.05);
    }
    // The generator's rare high-rate region is found and significant.
    assert!(rows.iter().any(|r| r[1] == "region = Islands" && r[15] == "true"), "{segments}");
    let again = run(&dir, "7");
    assert_eq!((&again.0, &again.1), (&segments, &members), "same seed, same files");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn discover_misuse_is_an_error() {
    let file = shared("data/customers_10k.csv");
    let file = file.to_str().unwrap();
    let base = ["segment", file, "--target", "purchased", "--method", "discover"];
    let (code, _, err) = micronum(&[&base[..], &["--assignments", "/dev/null"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("--members"), "{err}");
    let (code, _, err) = micronum(&[&base[..], &["--fdr", "1.5"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("fdr must be strictly between 0 and 1, got 1.5"), "{err}");
    let (code, _, err) = micronum(&[&base[..], &["--max-conditions", "4"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("max_conditions must be 1, 2 or 3, got 4"), "{err}");
}

#[test]
fn discovered_segments_are_saved_and_assign_tags_their_members() {
    // `--save` was ignored with `--method discover` once: the definitions must be written, and
    // `assign` on the same file must tag every segment with exactly the members it counted.
    let dir = std::env::temp_dir().join(format!("micronum-discover-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = shared("data/customers_10k.csv");
    let (file, out, defs, tagged) = (
        file.to_str().unwrap(),
        dir.join("s.csv"),
        dir.join("defs.json"),
        dir.join("assigned.csv"),
    );
    let (out, defs, tagged) =
        (out.to_str().unwrap(), defs.to_str().unwrap(), tagged.to_str().unwrap());
    let args =
        ["segment", file, "--target", "purchased", "--method", "discover", "--max-conditions", "2"];
    let (code, _, err) = micronum(&[&args[..], &["--out", out, "--save", defs]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = micronum(&["assign", file, "--segments", defs, "--out", tagged]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("were not made with"), "labels seen in training are not unseen: {err}");
    // `row[,id],segment`, one line per membership: count each label (the last field).
    let mut count = std::collections::HashMap::<String, usize>::new();
    for record in csv::Reader::from_path(tagged).unwrap().records().map(Result::unwrap) {
        *count.entry(record[record.len() - 1].to_string()).or_default() += 1;
    }
    let mut segments = csv::Reader::from_path(out).unwrap();
    for record in segments.records().map(Result::unwrap) {
        let (label, n) = (&record[1], record[2].parse::<usize>().unwrap());
        assert_eq!(count.get(label).copied().unwrap_or(0), n, "segment {label}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
