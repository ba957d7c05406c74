//! Drives the worker's job handler natively, exactly as the page does (through `common::page`,
//! which stamps requests with the generations the worker reported): load → detect → clean →
//! explore, training, segments, monitoring, and checks that a failing job leaves the previous
//! data intact.

use micronum::engine::model_io::sql::Dialect;
use micronum::engine::session::Gen;
use micronum::protocol::{
    Event, ExploreRequest, FromWorker, Request, ToWorker, TrainRequest, PROTOCOL_VERSION,
};
use micronum::worker::Handler;

mod common;
use common::page::Page;
use common::requests::{segment_request, train_request};

const DEMO: &[u8] = include_bytes!("../public/social_network_ads.csv");

fn run(p: &mut Page, request: Request, bytes: Option<&[u8]>) -> Vec<FromWorker> {
    p.send(request, bytes)
}

/// Rows of the worker's current working table.
fn rows(p: &Page) -> usize {
    p.handler.working_rows()
}

/// The worker's current model.
fn current_model(p: &Page) -> Option<&micronum::engine::model_io::Model> {
    let lineage = p.handler.lineage();
    lineage.model.and_then(|g| p.handler.session().model(g).ok()).map(|m| &m.model)
}

fn last(events: &[FromWorker]) -> &Event {
    &events.last().expect("at least one event").event
}

#[test]
fn load_reports_rows_columns_and_preview() {
    let mut h = Page::new();
    let ev = run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    assert!(ev.iter().all(|e| e.id == 1 && e.v == PROTOCOL_VERSION));
    assert_eq!(ev.last().map(|e| e.lineage.data), Some(Gen(1)), "the load is data generation 1");
    match last(&ev) {
        Event::Loaded(s) => {
            assert_eq!((s.rows, s.columns), (400, 5));
            assert_eq!(s.preview.len(), 20);
            assert_eq!(s.preview[0][0], "15624510");
            assert_eq!(s.report.target_guess.as_deref(), Some("Purchased"));
        }
        other => panic!("expected Loaded, got {other:?}"),
    }
}

#[test]
fn failed_load_keeps_previous_data() {
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let ev = run(&mut h, Request::Load { file_name: "empty.csv".into() }, Some(b""));
    match last(&ev) {
        Event::Failed { message } => assert!(message.starts_with("empty.csv: "), "{message}"),
        other => panic!("expected Failed, got {other:?}"),
    }
    assert_eq!(Some(rows(&h)), Some(400));
}

#[test]
fn wrong_protocol_version_is_refused() {
    let mut h = Handler::new();
    let mut msg = ToWorker::new(1, Request::Load { file_name: "x.csv".into() });
    msg.v = PROTOCOL_VERSION + 1;
    let mut out = Vec::new();
    h.handle(msg, Some(DEMO), &mut |e| out.push(e));
    assert!(
        matches!(last(&out), Event::Failed { message } if message.contains("protocol version"))
    );
    assert_eq!(h.working_rows(), 0);
}

#[test]
fn detect_clean_explore_on_the_demo() {
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let ev = run(
        &mut h,
        Request::Detect { data: Gen(0), target: Some("Purchased".into()), positive: None },
        None,
    );
    let Event::Problems { suggested, .. } = last(&ev).clone() else { panic!("{:?}", last(&ev)) };
    let ev = run(&mut h, Request::Clean { data: Gen(0), log: suggested }, None);
    let Event::Cleaned(c) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!(c.rows_before, 400);
    let req = ExploreRequest {
        cleaning: Gen(0),
        target: "Purchased".into(),
        positive: "1".into(),
        histogram_column: None,
        category_column: None,
        scatter: None,
        bins: 10,
        heatmap_columns: Vec::new(),
    };
    let ev = run(&mut h, Request::Explore(req.clone()), None);
    let Event::Explored(x) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!(x.balance.counts.iter().sum::<u64>() as usize, c.rows_after);
    assert_eq!(x.histogram_column.as_deref(), Some("Age"));
    assert_eq!(x.category_column.as_deref(), Some("Gender"));
    // The charts come drawn, as SVG with the data's labels in them.
    for svg in [&x.charts.histogram, &x.charts.rates, &x.charts.scatter, &x.charts.correlation] {
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"), "{}", &svg[..80]);
    }
    // Titled in the file's own words: the target is Purchased, its positive label 1.
    assert!(x.charts.rates.contains("Purchased rate by Gender"));
    assert!(x.charts.rates.contains("Female"));
    // By default the heatmap holds the numeric columns most associated with the target; the
    // user may pick others (a text column asked for is left out: Pearson's r needs numbers).
    // (Age: point-biserial r ≈ 0.62 with Purchased, EstimatedSalary ≈ 0.36; User ID is an id.)
    assert_eq!(x.heatmap_columns, ["Age", "EstimatedSalary"]);
    let picked = vec!["EstimatedSalary".to_string(), "Gender".into()];
    let req = ExploreRequest { heatmap_columns: picked, ..req };
    let Event::Explored(y) = last(&run(&mut h, Request::Explore(req), None)).clone() else {
        panic!("explore")
    };
    assert_eq!(y.heatmap_columns, ["EstimatedSalary"]);
    assert!(!y.charts.correlation.contains(">Age<"), "an unpicked column is drawn");
}

#[test]
fn trees_grown_in_shares_elsewhere_give_the_same_training_result() {
    use micronum::engine::forest::{shares, Assembly, FitPlan};

    let mut whole = Page::new();
    run(&mut whole, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let expected = run(&mut whole, Request::Train(train_request(30, 5)), None);

    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let mut out = Vec::new();
    let train = common::page::stamp(Request::Train(train_request(30, 5)), h.lineage, None);
    let msg = ToWorker::new(2, train);
    let bytes = h.handler.begin_train(&msg, &mut |e| out.push(e)).expect("a plan").to_bytes();
    assert!(out.iter().all(|e| matches!(e.event, Event::Progress { .. })), "no result yet");
    // What the browser's helper workers do: decode the plan, grow a share, send it back.
    let plan = FitPlan::from_bytes(&bytes).expect("decodes");
    let mut assembly = plan.assembly();
    for range in shares(30, 3) {
        let plan = FitPlan::from_bytes(&bytes).expect("decodes");
        let part = plan.grow_share(range, Some(1), &mut |_| true).expect("grows");
        assembly.append(Assembly::from_bytes(&part.to_bytes()).expect("decodes")).expect("fits");
    }
    // The pool describes the training data while helpers finish: the model is the same.
    h.handler.describe_pending();
    h.handler.finish_train(assembly, 1, &mut |e| out.push(e));
    assert_eq!(last(&out), last(&expected));
    assert_eq!(current_model(&h).map(|m| &m.forest), current_model(&whole).map(|m| &m.forest));
    assert_eq!(
        current_model(&h),
        current_model(&whole),
        "fingerprint, profiles and the rest of the model"
    );
    // A second finish, or a request that is not training, does nothing.
    let before = out.len();
    h.handler.finish_train(plan.assembly(), 1, &mut |e| out.push(e));
    let export = ToWorker::new(8, Request::ExportModel { model: Gen(2) });
    assert!(h.handler.begin_train(&export, &mut |e| out.push(e)).is_none());
    assert_eq!(out.len(), before);
    // A training request that cannot start is answered at once.
    let mut bad = train_request(30, 5);
    bad.target = "nope".into();
    let bad = common::page::stamp(Request::Train(bad), h.lineage, None);
    assert!(h.handler.begin_train(&ToWorker::new(9, bad), &mut |e| out.push(e)).is_none());
    assert!(matches!(last(&out), Event::Failed { .. }));
}

#[test]
fn trained_result_sends_its_rows_beside_the_json() {
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let mut ev = run(&mut h, Request::Train(train_request(20, 3)), None);
    let mut msg = ev.pop().expect("a result");
    let whole = msg.clone();
    let bulk = msg.take_bulk().expect("a training result has per-row columns");
    assert_eq!((bulk.proba.len(), bulk.y.len(), bulk.row_ids.len()), (100, 100, 100));
    let json = serde_json::to_string(&msg).expect("encodes");
    let whole_json = serde_json::to_string(&whole).expect("encodes");
    // At least a score, a class and an id per row left the JSON.
    assert!(json.len() + 100 * 8 < whole_json.len(), "{} vs {}", json.len(), whole_json.len());
    let mut back: FromWorker = serde_json::from_str(&json).expect("decodes");
    let Event::Trained(t) = &back.event else { panic!("{:?}", back.event) };
    assert!(t.eval.proba_test.is_empty() && t.eval.y_test.is_empty());
    back.put_bulk(bulk.clone()).expect("fits");
    assert_eq!(back, whole);
    // Columns of the wrong length, or for a message without rows, are refused.
    let mut short = bulk.clone();
    short.proba.pop();
    assert!(serde_json::from_str::<FromWorker>(&json).expect("decodes").put_bulk(short).is_err());
    let mut ready = FromWorker::new(0, Default::default(), Event::Ready);
    assert!(ready.take_bulk().is_none());
    assert!(ready.put_bulk(bulk).is_err());
}

#[test]
fn train_then_export_the_model() {
    use micronum::engine::model_io::Model;

    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let req = TrainRequest { drop: vec![], cv: Some(3), ..train_request(50, 42) };
    let ev = run(&mut h, Request::Train(req.clone()), None);
    assert!(ev.iter().any(|e| matches!(e.event, Event::Progress { .. })), "progress is reported");
    let Event::Trained(t) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert!(t.eval.metrics.accuracy > 0.85);
    assert_eq!(t.cv.as_ref().map(|c| c.k), Some(3));
    // The results panel's line comes from the worker (no memory figure natively).
    let start = format!("{} training rows, {} test rows · ", t.eval.n_train, t.eval.n_test);
    assert!(t.detail.starts_with(&start) && t.detail.ends_with("leaves per tree"), "{}", t.detail);
    let ev = run(&mut h, Request::ExportModel { model: Gen(0) }, None);
    let Event::ModelJson { json } = last(&ev) else { panic!() };
    let model = Model::from_json(json).unwrap();
    assert_eq!(model.created, "2026-11-25T00:00:00Z");
    // A bad parameter is refused with its name, and the model stays.
    let ev = run(&mut h, Request::Train(TrainRequest { n_estimators: 0, ..req }), None);
    assert!(matches!(last(&ev), Event::Failed { message } if message.contains("n_estimators")));
    assert!(current_model(&h).is_some());
}

#[test]
fn segments_with_and_without_a_model() {
    use common::requests::segment_request_with;
    use micronum::engine::segment::{DecileParams, SegmentMethod};
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let req = segment_request();
    let ev = run(&mut h, Request::Segment(req.clone()), None);
    let Event::Segmented(s) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!(s.table.n, 400);
    assert!(!s.with_model);
    let deciles = DecileParams::new().check().unwrap();
    let ev =
        run(&mut h, Request::Segment(segment_request_with(SegmentMethod::Deciles(deciles))), None);
    assert!(matches!(last(&ev), Event::Failed { message } if message.contains("train a model")));
    let seg = s.table.segments[0].segment;
    let ev = run(&mut h, Request::SegmentRows { segments: Gen(0), segment: seg }, None);
    let Event::SegmentRows { summary, .. } = last(&ev) else { panic!() };
    assert_eq!(summary[0].n as u64, s.table.segments[0].n);
}

#[test]
fn use_a_model_file_and_score_batches() {
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let req = TrainRequest { drop: vec!["User ID".into()], cv: None, ..train_request(30, 7) };
    let Event::Trained(t) = last(&run(&mut h, Request::Train(req), None)).clone() else {
        panic!("train failed")
    };
    assert_eq!(t.model.n_trees, 30);
    let Event::ModelJson { json } =
        last(&run(&mut h, Request::ExportModel { model: Gen(0) }, None)).clone()
    else {
        panic!("export failed")
    };
    // A fresh worker (a reload) takes the model file and scores the labelled demo file.
    let mut fresh = Page::new();
    let ev = run(&mut fresh, Request::UseModel { json: json.clone() }, None);
    let Event::ModelInfo(info) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!((info.target.as_str(), info.n_trees), ("Purchased", 30));
    let ev = run(
        &mut fresh,
        Request::ScoreBatch { model: Gen(0), file_name: "ads.csv".into() },
        Some(DEMO),
    );
    let Event::BatchScored(b) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!(b.rows, 400);
    assert_eq!(b.headers, ["row", "User ID", "proba", "y_pred"]);
    assert_eq!(b.preview[0][..2], ["0".to_string(), "15624510".to_string()]);
    assert_eq!(b.predictions_csv.lines().count(), 401);
    let m = b.metrics.as_ref().expect("the demo file has labels");
    // Three quarters of the rows were training rows: accuracy is high but computed, not given.
    assert_eq!(m.n, 400);
    assert!(m.accuracy > 0.85 && m.accuracy <= 1.0, "{}", m.accuracy);
    // Same model in both workers: identical scores.
    let ev =
        run(&mut h, Request::ScoreBatch { model: Gen(0), file_name: "ads.csv".into() }, Some(DEMO));
    let Event::BatchScored(b2) = last(&ev) else { panic!() };
    assert_eq!(b2.predictions_csv, b.predictions_csv);
    // A batch without a needed column is refused with the column's name; a damaged model file
    // is refused and the current model stays.
    let no_age = b"User ID,Gender,EstimatedSalary\n1,Male,20000\n";
    let ev = run(
        &mut fresh,
        Request::ScoreBatch { model: Gen(0), file_name: "b.csv".into() },
        Some(no_age),
    );
    assert!(
        matches!(last(&ev), Event::Failed { message } if message.contains("\"Age\"")),
        "{:?}",
        last(&ev)
    );
    let ev = run(&mut fresh, Request::UseModel { json: json.replace("micronum-model", "x") }, None);
    assert!(
        matches!(last(&ev), Event::Failed { message } if message.contains("not a micronum model"))
    );
    assert_eq!(current_model(&fresh).map(|m| m.forest.trees.len()), Some(30));
}

#[test]
fn report_of_the_session_holds_its_numbers() {
    use micronum::protocol::ReportRequest;
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let req = ReportRequest {
        cleaning: Gen(0),
        target: "Purchased".into(),
        positive: None,
        created: "2026-11-25T00:00:00Z".into(),
        profit: Some((50.0, 5.0)),
    };
    // Before training: data, EDA and no model section.
    let Event::Report { html } = last(&run(&mut h, Request::Report(req.clone()), None)).clone()
    else {
        panic!("report failed")
    };
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("data-testid=\"report-eda\""));
    assert!(!html.contains("data-testid=\"report-model\""));
    let train = TrainRequest { drop: vec!["User ID".into()], cv: None, ..train_request(25, 3) };
    let Event::Trained(t) = last(&run(&mut h, Request::Train(train), None)).clone() else {
        panic!("train failed")
    };
    let Event::Report { html } = last(&run(&mut h, Request::Report(req), None)).clone() else {
        panic!("report failed")
    };
    assert!(html.contains("data-testid=\"report-model\""));
    assert!(html.contains(&format!("{:.3}", t.eval.metrics.accuracy)), "accuracy is in the report");
    // The explanations, with the page's value and cost in words.
    assert!(html.contains("data-testid=\"report-explain\""));
    assert!(html.contains("With a purchase worth 50.00 and a contact costing 5.00"));
    // Charts with legends are drawn (the legend measures text without a DOM).
    assert!(html.contains("class=\"chart\""));
    assert!(html.matches("<svg").count() >= 5);
    assert!(!html.contains("<script"));
}

#[test]
fn the_model_keeps_learnt_cleaning_values_not_relearn_markers() {
    use micronum::engine::clean::{CleaningStep, ImputeStrategy};
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let edited = vec![CleaningStep::Impute {
        column: "Age".into(),
        strategy: ImputeStrategy::Mean,
        value: String::new(),
        relearn: true,
    }];
    let Event::Cleaned(c) =
        last(&run(&mut h, Request::Clean { data: Gen(0), log: edited }, None)).clone()
    else {
        panic!("clean failed")
    };
    let learnt = c.steps[0].step.clone();
    let req = TrainRequest { drop: vec!["User ID".into()], ..train_request(10, 1) };
    run(&mut h, Request::Train(req), None);
    let model = current_model(&h).expect("trained");
    assert_eq!(model.cleaning, vec![learnt.clone()]);
    assert!(
        matches!(&learnt, CleaningStep::Impute { relearn: false, value, .. } if !value.is_empty())
    );
}

/// The demo file with every salary multiplied by `factor` (labels kept unless `labels` is false).
fn shifted_demo(factor: f64, labels: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(DEMO);
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 {
            let salary: f64 = cells[3].parse().expect("a salary");
            cells[3] = format!("{}", salary * factor);
        }
        if !labels {
            cells.pop();
        }
        out += &cells.join(",");
        out += "\n";
    }
    out.into_bytes()
}

#[test]
fn a_shifted_batch_shows_drift_and_a_retrained_candidate_is_compared_honestly() {
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    run(&mut h, Request::Train(train_request(30, 42)), None);
    let ev = run(
        &mut h,
        Request::Retrain { model: Gen(0), created: "2026-12-05T00:00:00Z".into() },
        None,
    );
    assert!(
        matches!(last(&ev), Event::Failed { message } if message.contains("score a labelled batch first"))
    );
    // An unlabelled batch is scored and judged for drift but is not kept for retraining.
    let unlabelled = shifted_demo(2.0, false);
    let ev = run(
        &mut h,
        Request::ScoreBatch { model: Gen(0), file_name: "u.csv".into() },
        Some(&unlabelled),
    );
    let Event::BatchScored(b) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!((b.metrics.is_none(), b.labelled_batches), (true, 0));
    let drift = b.drift.as_ref().expect("drift is measured");
    let salary = drift.features.iter().find(|f| f.name == "EstimatedSalary").unwrap();
    let age = drift.features.iter().find(|f| f.name == "Age").unwrap();
    assert!(salary.psi > 0.25, "doubled salaries drift a lot: {}", salary.psi);
    assert!(age.psi < 0.1, "ages are the same rows: {}", age.psi);
    assert!(drift.retrain_recommended);
    assert_eq!(b.retrain_reasons.len(), 1, "{:?}", b.retrain_reasons);
    assert!(b.retrain_reasons[0].starts_with("major drift: EstimatedSalary (PSI "));

    let shifted = shifted_demo(2.0, true);
    let ev = run(
        &mut h,
        Request::ScoreBatch { model: Gen(0), file_name: "shifted.csv".into() },
        Some(&shifted),
    );
    let Event::BatchScored(b) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!(b.labelled_batches, 1);
    let current_on_batch = b.metrics.clone().expect("labelled");
    assert!(
        b.retrain_reasons.iter().any(|r| r.contains("points below the test accuracy")),
        "doubled salaries cost accuracy: {:?} {:?}",
        b.metrics,
        b.retrain_reasons
    );

    let ev = run(
        &mut h,
        Request::Retrain { model: Gen(0), created: "2026-12-05T00:00:00Z".into() },
        None,
    );
    assert!(ev.iter().any(|e| matches!(e.event, Event::Progress { .. })));
    let Event::Retrained(r) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!(r.parts, [("the loaded data".to_string(), 400), ("shifted.csv".to_string(), 400)]);
    assert_eq!((r.rows, r.newest.as_str()), (800, "shifted.csv"));
    assert_eq!(r.current, current_on_batch, "the current model is measured as when scored");
    assert_eq!(r.candidate.n, 400);
    // The current model never saw doubled salaries; the candidate learnt from them.
    assert!(
        r.candidate.accuracy > r.current.accuracy,
        "{} vs {}",
        r.candidate.accuracy,
        r.current.accuracy
    );
    assert_eq!((r.model.n_trees, r.model.fingerprint.rows), (30, 800));
    // The candidate is not current until the page sends it back.
    assert_eq!(current_model(&h).map(|m| m.fingerprint.rows), Some(400));
    let ev = run(&mut h, Request::UseModel { json: r.json.clone() }, None);
    assert!(matches!(last(&ev), Event::ModelInfo(i) if i.fingerprint.rows == 800));

    // Loading other data forgets the batches.
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    run(&mut h, Request::Train(train_request(10, 1)), None);
    let ev = run(&mut h, Request::Retrain { model: Gen(0), created: String::new() }, None);
    assert!(matches!(last(&ev), Event::Failed { .. }));
}

#[test]
fn the_current_model_is_exported_as_sql() {
    let mut h = Page::new();
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let export = |h: &mut Page, dialect: Dialect| {
        let req = Request::ExportSql { model: Gen(0), dialect, table: "customers".into() };
        last(&run(h, req, None)).clone()
    };
    assert!(
        matches!(export(&mut h, Dialect::Sqlite), Event::Failed { message } if message.contains("no model"))
    );
    run(&mut h, Request::Train(train_request(5, 42)), None);
    let Event::Sql { dialect, sql, .. } = export(&mut h, Dialect::Postgres) else { panic!() };
    assert_eq!(dialect, "postgres");
    assert!(sql.contains("FROM \"customers\""), "{}", &sql[..sql.len().min(400)]);
    assert!(sql.contains("DOUBLE PRECISION"));
    // A dialect is a typed value: an unknown one is refused when the request is read.
    let bad = r#"{"export_sql":{"model":1,"dialect":"oracle","table":"t"}}"#;
    let err = serde_json::from_str::<Request>(bad).unwrap_err().to_string();
    assert!(err.contains("oracle"), "{err}");
}

#[test]
fn a_file_too_large_to_load_gets_a_sample_offer_that_loads() {
    // The page's limit is 200 million cells; a small limit shows the same path on a small file.
    let mut h = Page::with(Handler::new().with_max_cells(50_000));
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    let mut big = String::from("a,b,c\n");
    for i in 0..24_000u64 {
        big += &format!("{i},{},{}\n", i % 3, i % 5);
    }
    let ev = run(&mut h, Request::Load { file_name: "big.csv".into() }, Some(big.as_bytes()));
    let Event::NeedsSample { message, fraction } = last(&ev).clone() else {
        panic!("{:?}", last(&ev))
    };
    assert!(message.starts_with("big.csv: about "), "{message}");
    assert!(message.contains("use a sample of the file"), "{message}");
    // 90% of what fits: 0.9 × 50 000 / (the estimated rows × 3; short first lines overestimate).
    assert!(fraction > 0.4 && fraction < 0.7, "{fraction}");
    assert_eq!(Some(rows(&h)), Some(400), "the previous data is kept");
    let sample = Request::LoadSample { file_name: "big.csv".into(), fraction, seed: 42 };
    let ev = run(&mut h, sample, Some(big.as_bytes()));
    let Event::Loaded(s) = last(&ev) else { panic!("{:?}", last(&ev)) };
    let expected = 24_000.0 * fraction;
    assert!((s.rows as f64 - expected).abs() < 500.0, "{} rows, expected about {expected}", s.rows);
    assert!(s.rows * 3 <= 50_000);
    assert!(s.report.warnings.iter().any(|w| w.contains("random sample")));
    let bad = Request::LoadSample { file_name: "big.csv".into(), fraction: 0.0, seed: 42 };
    assert!(matches!(last(&run(&mut h, bad, Some(big.as_bytes()))), Event::Failed { .. }));
}

#[test]
fn the_demo_is_bundled_in_the_worker() {
    let mut h = Page::new();
    let ev = run(&mut h, Request::LoadDemo, None);
    let Event::Loaded(s) = last(&ev) else { panic!("{:?}", last(&ev)) };
    assert_eq!((s.rows, s.columns), (400, 5));
    assert_eq!(s.report.file_name.as_deref(), Some("social_network_ads.csv"));
    assert_eq!(s.report.target_guess.as_deref(), Some("Purchased"));
}

/// The demo with its first 30 rows repeated at the end (an export with duplicates).
fn demo_with_duplicates() -> Vec<u8> {
    let text = String::from_utf8_lossy(DEMO);
    let mut out = text.to_string();
    text.lines().skip(1).take(30).for_each(|l| {
        out += l;
        out += "\n";
    });
    out.into_bytes()
}

#[test]
fn segments_then_a_cleaning_that_drops_rows_then_segments() {
    use micronum::engine::clean::CleaningStep;
    use micronum::engine::session::Stage;
    let mut h = Page::new();
    let file = demo_with_duplicates();
    run(&mut h, Request::Load { file_name: "dups.csv".into() }, Some(&file));
    let Event::Segmented(before) = h.last(Request::Segment(segment_request()), None) else {
        panic!("segments")
    };
    assert_eq!(before.table.n, 430);
    let old = before.gen;
    let clean = Request::Clean { data: Gen(0), log: vec![CleaningStep::DropDuplicates] };
    let Event::Cleaned(c) = h.last(clean, None) else { panic!("clean") };
    assert_eq!((c.rows_before, c.rows_after), (430, 400));
    // The old table's rows, asked for by its generation: stale, not a worker panic. Every
    // segment index, including ones past the new table's size.
    for segment in [0, before.table.segments.len() - 1, 10_000] {
        let ev = h.send_raw(Request::SegmentRows { segments: old, segment });
        match &ev.last().unwrap().event {
            Event::Stale { message } => {
                assert!(message.contains("find segments again"), "{message}")
            }
            other => panic!("expected Stale, got {other:?}"),
        }
    }
    // Segments again: n sums to the new row count, and clicking works.
    let Event::Segmented(after) = h.last(Request::Segment(segment_request()), None) else {
        panic!("segments")
    };
    assert_eq!(after.table.n, 400);
    assert_eq!(after.table.segments.iter().map(|s| s.n).sum::<u64>(), 400);
    for s in &after.table.segments {
        let request = Request::SegmentRows { segments: Gen(0), segment: s.segment };
        let Event::SegmentRows { summary, .. } = h.last(request, None) else { panic!("rows") };
        assert_eq!(summary[0].n as u64, s.n);
    }
    // A request still naming the first cleaning is answered Stale, naming what changed.
    let stale = Request::Segment(micronum::protocol::SegmentRequest {
        cleaning: before.basis.gen,
        ..segment_request()
    });
    match &h.send_raw(stale).last().unwrap().event {
        Event::Stale { message } => {
            assert!(message.contains(Stage::Cleaning.change()), "{message}");
            assert!(message.contains("before the last cleaning"), "{message}");
        }
        other => panic!("expected Stale, got {other:?}"),
    }
}

#[test]
fn cancel_rebuilds_the_same_generations_and_results() {
    let mut h = Page::new();
    run(&mut h, Request::LoadDemo, None);
    let Event::Problems { suggested, .. } = h.last(
        Request::Detect { data: Gen(0), target: Some("Purchased".into()), positive: None },
        None,
    ) else {
        panic!("detect")
    };
    h.send(Request::Clean { data: Gen(0), log: suggested }, None);
    h.send(Request::Segment(segment_request()), None);
    let Event::Trained(t) = h.last(Request::Train(train_request(20, 3)), None) else {
        panic!("train")
    };
    let Event::Segmented(s) = h.last(Request::Segment(segment_request()), None) else {
        panic!("segments")
    };
    let lineage = h.lineage;
    let json = match h.last(Request::ExportModel { model: Gen(0) }, None) {
        Event::ModelJson { json } => json,
        other => panic!("{other:?}"),
    };
    // A fresh worker replays load, cleaning, model and the current segments with their ids.
    let answers = h.cancel();
    assert_eq!(answers.len(), 4, "{answers:?}");
    assert_eq!(h.lineage, lineage, "the same generations");
    let Event::Trained(t2) = &answers[2] else { panic!("{:?}", answers[2]) };
    assert_eq!(t2.eval.metrics, t.eval.metrics);
    // The page's results are still current: its segment table answers clicks, and its model
    // is the same model.
    let request = Request::SegmentRows { segments: s.gen, segment: s.table.segments[0].segment };
    let Event::SegmentRows { summary, .. } = h.send_raw(request).pop().unwrap().event else {
        panic!("rows")
    };
    assert_eq!(summary[0].n as u64, s.table.segments[0].n);
    let Event::ModelJson { json: again } = h.last(Request::ExportModel { model: Gen(0) }, None)
    else {
        panic!("export")
    };
    assert_eq!(
        micronum::engine::model_io::Model::from_json(&again).unwrap().forest,
        micronum::engine::model_io::Model::from_json(&json).unwrap().forest
    );
}

#[test]
fn discovered_segments_open_travel_and_are_reported_honestly() {
    use micronum::engine::segment::definitions::SegmentDefinitions;
    use micronum::engine::segment::discover::DiscoverParams;
    use micronum::engine::segment::SegmentMethod;
    use micronum::protocol::ReportRequest;
    let mut h = Page::new();
    let text = String::from_utf8(common::data_bytes("customers_10k.csv")).unwrap();
    run(&mut h, Request::Load { file_name: "c.csv".into() }, Some(text.as_bytes()));
    let p = DiscoverParams::new().max_conditions(2).check().unwrap();
    let mut req = common::requests::segment_request_with(SegmentMethod::Discover(p));
    req.spec.target = "purchased".into();
    let Event::Segmented(s) = h.last(Request::Segment(req), None) else { panic!("segments") };
    let view = s.discovery.as_ref().expect("a discovery view");
    let segments = h.handler.session().current_segments().expect("segments").clone();
    let found = segments.run.discovery.as_ref().expect("a discovery");
    assert_eq!(view.table.rows.len(), found.segments.len(), "one row per tested segment");
    assert!(!s.csv.is_empty() && s.csv.lines().count() > found.segments.len());
    assert_eq!(s.table.n, found.holdout.n, "the table is the held-out half's");
    // A click on a discovered segment summarises its members (segments overlap).
    let first = &found.segments[0];
    let request = Request::SegmentRows { segments: Gen(0), segment: first.segment };
    let Event::SegmentRows { summary, label, .. } = h.last(request, None) else { panic!("rows") };
    assert_eq!((summary[0].n as u64, label.as_str()), (first.n, first.label.as_str()));
    // The definitions travel: read back, they name the same rules.
    let request = Request::ExportSegments { segments: Gen(0), created: "2026-12-07".into() };
    let Event::SegmentDefinitions { json } = h.last(request, None) else { panic!("defs") };
    let defs = SegmentDefinitions::from_json(&json).unwrap();
    assert!(defs.overlapping());
    assert_eq!(defs.segments.len(), found.segments.len());
    // The report names only significant segments and says how many were tested.
    let report = ReportRequest {
        cleaning: Gen(0),
        target: "purchased".into(),
        positive: None,
        created: "2026-12-07".into(),
        profit: None,
    };
    let Event::Report { html } = h.last(Request::Report(report), None) else { panic!("report") };
    let tested = format!("tested the best {}", found.candidates_tested);
    assert!(html.contains(&tested), "the report says how many were tested");
    let chance = found.segments.iter().find(|s| !s.significant);
    if let Some(c) = chance {
        let named = format!("&quot;{}&quot; (", c.label.replace('>', "&gt;").replace('<', "&lt;"));
        assert!(!html.contains(&named), "a segment that could be chance is named: {}", c.label);
    }
}

#[test]
fn a_batch_shows_its_segment_mix_and_the_model_goes_out_as_onnx() {
    let mut h = Page::new();
    run(&mut h, Request::LoadDemo, None);
    run(&mut h, Request::Segment(segment_request()), None);
    run(&mut h, Request::Train(train_request(10, 3)), None);
    let batch = Request::ScoreBatch { model: Gen(0), file_name: "ads.csv".into() };
    let Event::BatchScored(b) = h.last(batch, Some(DEMO)) else { panic!("batch") };
    let mix = b.segment_mix.as_ref().expect("the current segments' mix");
    // The training file itself: the same shares, no shift.
    assert!(
        mix.summary.starts_with("400 training rows, 400 batch rows. PSI 0.000 "),
        "{}",
        mix.summary
    );
    assert!(!mix.table.rows.is_empty());
    assert!(mix.table.rows.iter().all(|r| r[1] == r[3] && r[2] == r[4]), "{:?}", mix.table.rows);
    let Event::Onnx { notes, bytes } = h.last(Request::ExportOnnx { model: Gen(0) }, None) else {
        panic!("onnx")
    };
    // An ONNX ModelProto starts with field 1 (ir_version, varint): byte 0x08.
    assert_eq!(bytes.first(), Some(&0x08));
    assert!(bytes.len() > 1000, "{} bytes", bytes.len());
    assert!(notes.is_empty() || notes.iter().all(|n| !n.is_empty()));
}

#[test]
fn a_model_says_what_it_predicts_in_the_files_own_words() {
    // credit_data.csv spells the target good/bad; the suggested cleaning maps bad → 1. The page
    // then says the model predicts "Status = 1 (bad)", not a bare "1".
    let mut h = Page::new();
    let bytes = common::data_bytes("real/credit_data.csv");
    run(&mut h, Request::Load { file_name: "credit_data.csv".into() }, Some(&bytes));
    let detect = Request::Detect { data: Gen(0), target: Some("Status".into()), positive: None };
    let Event::Problems { suggested, .. } = h.last(detect, None) else { panic!("detect") };
    h.send(Request::Clean { data: Gen(0), log: suggested }, None);
    let req = TrainRequest { target: "Status".into(), ..train_request(5, 1) };
    let Event::Trained(_) = h.last(Request::Train(req), None) else { panic!("train") };
    let Event::ModelJson { json } = h.last(Request::ExportModel { model: Gen(0) }, None) else {
        panic!("export")
    };
    let Event::ModelInfo(info) = h.last(Request::UseModel { json }, None) else { panic!("use") };
    assert_eq!(info.labels, ["0 (good)", "1 (bad)"]);
}

/// A file read through the worker's slice reader: it counts what is asked for, so the test
/// sees the worker never asks for the whole file at once, and it can fail on a slice.
struct Slices {
    bytes: Vec<u8>,
    largest: usize,
    reads: usize,
    fail_at: Option<u64>,
}

impl micronum::engine::ingest::stream::Source for Slices {
    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, String> {
        if self.fail_at.is_some_and(|f| offset >= f) {
            return Err("NotReadableError: the file changed on disk".into());
        }
        let start = offset as usize;
        let end = (start + len).min(self.bytes.len());
        self.largest = self.largest.max(end - start);
        self.reads += 1;
        Ok(self.bytes[start..end].to_vec())
    }
}

#[test]
fn a_file_read_slice_by_slice_loads_as_its_bytes_do_and_a_failed_read_keeps_the_data() {
    use micronum::engine::ingest::stream::SLICE_BYTES;
    // 10 MB of customers: three slices of the worker's reader.
    let mut csv = String::from("id,age,city,bought\n");
    let mut i = 0;
    while csv.len() < 10_000_000 {
        csv += &format!("{i},{},{},{}\n", 18 + i % 60, ["Lyon", "Oslo", "Graz"][i % 3], i % 2);
        i += 1;
    }
    let msg = |id| ToWorker {
        v: PROTOCOL_VERSION,
        id,
        dark: false,
        request: Request::Load { file_name: "big.csv".into() },
    };
    let mut whole = Handler::new();
    let mut by_bytes = Vec::new();
    whole.handle(msg(1), Some(csv.as_bytes()), &mut |e| by_bytes.push(e));
    let mut sliced = Handler::new();
    let mut file = Slices { bytes: csv.clone().into_bytes(), largest: 0, reads: 0, fail_at: None };
    let mut events = Vec::new();
    sliced.handle_file(msg(1), &mut file, &mut |e| events.push(e));
    assert_eq!(events.last(), by_bytes.last(), "the same summary");
    let Some(Event::Loaded(summary)) = events.last().map(|e| &e.event) else {
        panic!("not loaded")
    };
    assert_eq!(summary.rows, i);
    assert_eq!((file.reads, file.largest), (csv.len().div_ceil(SLICE_BYTES), SLICE_BYTES));
    // Progress after every slice, in bytes of the file.
    let parsing: Vec<(u64, u64)> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Progress { phase, done, total } if phase == "parsing" => Some((*done, *total)),
            _ => None,
        })
        .collect();
    let size = csv.len() as u64;
    assert_eq!(parsing.first(), Some(&(0, size)));
    assert_eq!(parsing.last(), Some(&(size, size)));
    assert_eq!(parsing.len(), file.reads + 1);
    // A read that fails half-way says so with the file's name; the data loaded stays.
    let mut broken =
        Slices { bytes: csv.into_bytes(), largest: 0, reads: 0, fail_at: Some(5 << 20) };
    let mut failed = Vec::new();
    sliced.handle_file(msg(2), &mut broken, &mut |e| failed.push(e));
    let Some(Event::Failed { message }) = failed.last().map(|e| &e.event) else {
        panic!("not failed: {:?}", failed.last())
    };
    assert_eq!(
        message,
        "big.csv: the browser could not read the file (NotReadableError: the file changed on disk)"
    );
    assert_eq!(sliced.working_rows(), i);
}
