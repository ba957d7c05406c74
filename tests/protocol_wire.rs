//! The page ↔ worker wire format (protocol version 4): every request and the events of a whole
//! session survive a JSON round trip, in serde's externally tagged form.

use micronum::engine::model_io::sql::Dialect;
use micronum::engine::session::Gen;
use micronum::protocol::{
    Customer, Event, ExploreRequest, FromWorker, ReportRequest, Request, ToWorker, TrainRequest,
    PROTOCOL_VERSION,
};

mod common;
use common::page::Page;
use common::requests::{segment_request, train_request};

const DEMO: &[u8] = include_bytes!("../public/social_network_ads.csv");

fn train() -> TrainRequest {
    TrainRequest {
        drop: vec!["User ID".into()],
        cv: Some(3),
        created: "2026-12-06T00:00:00Z".into(),
        ..train_request(10, 3)
    }
}

fn explore() -> ExploreRequest {
    ExploreRequest {
        cleaning: Gen(3),
        target: "Purchased".into(),
        positive: "1".into(),
        histogram_column: None,
        category_column: None,
        scatter: Some(("Age".into(), "EstimatedSalary".into())),
        bins: 10,
        heatmap_columns: Vec::new(),
    }
}

fn report() -> ReportRequest {
    ReportRequest {
        cleaning: Gen(3),
        target: "Purchased".into(),
        positive: None,
        created: "2026-12-06".into(),
        profit: Some((100.0, 7.5)),
    }
}

#[test]
fn every_request_round_trips() {
    let requests = vec![
        Request::Load { file_name: "a.csv".into() },
        Request::LoadDemo,
        Request::LoadSample { file_name: "a.csv".into(), fraction: 0.25, seed: 42 },
        Request::Detect { data: Gen(1), target: Some("Purchased".into()), positive: None },
        Request::Clean { data: Gen(1), log: Vec::new() },
        Request::Explore(explore()),
        Request::Train(train()),
        Request::ExportModel { model: Gen(4) },
        Request::Segment(segment_request()),
        Request::SegmentRows { segments: Gen(5), segment: 3 },
        Request::Surface { model: Gen(4), x: "Age".into(), y: "EstimatedSalary".into() },
        Request::UseModel { json: "{}".into() },
        Request::ScoreBatch { model: Gen(4), file_name: "b.csv".into() },
        Request::Report(report()),
        Request::ExportSql { model: Gen(4), dialect: Dialect::Duckdb, table: "t".into() },
        Request::Retrain { model: Gen(4), created: "2026-12-06".into() },
        Request::Explain { model: Gen(4), customer: Customer::Row(3) },
        Request::Explain { model: Gen(4), customer: Customer::Highest },
        Request::WhatIf { model: Gen(4), row: 3, values: vec![(0, "42".into()), (1, "".into())] },
        Request::ExplainGlobal { model: Gen(4) },
        Request::ExplainFeature { model: Gen(4), feature: 1 },
        Request::Profit { model: Gen(4), value: 100.0, cost: 10.0 },
    ];
    for request in requests {
        let msg = ToWorker::new(9, request);
        let json = serde_json::to_string(&msg).expect("encodes");
        let back: ToWorker = serde_json::from_str(&json).expect("decodes");
        assert_eq!(back, msg, "{json}");
    }
}

#[test]
fn the_wire_is_externally_tagged() {
    let json =
        serde_json::to_string(&ToWorker::new(1, Request::Load { file_name: "a.csv".into() }))
            .expect("encodes");
    assert_eq!(
        json,
        format!(
            r#"{{"v":{PROTOCOL_VERSION},"id":1,"dark":false,"request":{{"load":{{"file_name":"a.csv"}}}}}}"#
        )
    );
    let json = serde_json::to_string(&FromWorker::new(0, Default::default(), Event::Ready))
        .expect("encodes");
    assert_eq!(
        json,
        format!(
            r#"{{"v":{PROTOCOL_VERSION},"id":0,"lineage":{{"data":0,"cleaning":0,"model":null}},"event":"ready"}}"#
        )
    );
    // A version-2 message (internally tagged) is not read as something else.
    let old = r#"{"v":2,"id":1,"request":{"type":"load","file_name":"a.csv"}}"#;
    assert!(serde_json::from_str::<ToWorker>(old).is_err());
}

#[test]
fn the_events_of_a_session_round_trip() {
    let mut h = Page::new();
    let mut events = Vec::new();
    let mut run = |h: &mut Page, request: Request, bytes: Option<&[u8]>| {
        events.extend(h.send(request, bytes));
    };
    run(&mut h, Request::Load { file_name: "ads.csv".into() }, Some(DEMO));
    run(
        &mut h,
        Request::Detect { data: Gen(0), target: Some("Purchased".into()), positive: None },
        None,
    );
    run(&mut h, Request::Clean { data: Gen(0), log: Vec::new() }, None);
    run(&mut h, Request::Explore(explore()), None);
    run(&mut h, Request::Train(train()), None);
    let surface = Request::Surface { model: Gen(0), x: "Age".into(), y: "EstimatedSalary".into() };
    run(&mut h, surface, None);
    run(&mut h, Request::Segment(segment_request()), None);
    run(&mut h, Request::SegmentRows { segments: Gen(0), segment: 0 }, None);
    run(&mut h, Request::ExportModel { model: Gen(0) }, None);
    let sql = Request::ExportSql { model: Gen(0), dialect: Dialect::Sqlite, table: "t".into() };
    run(&mut h, sql, None);
    let batch = Request::ScoreBatch { model: Gen(0), file_name: "b.csv".into() };
    run(&mut h, batch, Some(DEMO));
    run(&mut h, Request::Report(report()), None);
    run(&mut h, Request::Explain { model: Gen(0), customer: Customer::Lowest }, None);
    run(&mut h, Request::WhatIf { model: Gen(0), row: 0, values: vec![(0, "30".into())] }, None);
    run(&mut h, Request::ExplainGlobal { model: Gen(0) }, None);
    run(&mut h, Request::ExplainFeature { model: Gen(0), feature: 0 }, None);
    run(&mut h, Request::Profit { model: Gen(0), value: 100.0, cost: 10.0 }, None);
    run(&mut h, Request::Load { file_name: "empty.csv".into() }, Some(b""));
    // A request naming a replaced cleaning.
    events.extend(h.send_raw(Request::Explore(ExploreRequest { cleaning: Gen(99), ..explore() })));
    let kinds: Vec<String> = events
        .iter()
        .map(|e| {
            let json = serde_json::to_value(&e.event).expect("encodes");
            match json {
                serde_json::Value::Object(m) => m.keys().next().cloned().unwrap_or_default(),
                other => other.to_string(),
            }
        })
        .filter(|k| k != "progress")
        .collect();
    for kind in [
        "loaded",
        "problems",
        "cleaned",
        "explored",
        "trained",
        "surface",
        "segmented",
        "segment_rows",
        "model_json",
        "sql",
        "batch_scored",
        "report",
        "explained",
        "global_explained",
        "feature_explained",
        "profit",
        "failed",
        "stale",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} event in {kinds:?}");
    }
    for mut msg in events {
        let bulk = msg.take_bulk();
        let json = serde_json::to_string(&msg).expect("encodes");
        let mut back: FromWorker = serde_json::from_str(&json).expect("decodes");
        assert_eq!(serde_json::to_string(&back).expect("encodes"), json);
        if let Some(bulk) = bulk {
            back.put_bulk(bulk).expect("fits");
        }
    }
}
