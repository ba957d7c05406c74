//! Random sequences of page requests (load, clean, train, segment, click a segment, explore,
//! cancel), some naming current generations and some older ones, against the worker's handler:
//! no panic, every answer is current (computed from the lineage it is sent with), a request
//! naming a current generation is never refused as stale, one naming a replaced generation
//! always is, and Cancel rebuilds the same lineage.

use micronum::engine::clean::CleaningStep;
use micronum::engine::segment::{DecileParams, GridParams, RulesParams, SegmentMethod};
use micronum::engine::session::{Gen, Lineage};
use micronum::protocol::{Event, ExploreRequest, Request, SegmentRequest};
use proptest::prelude::*;

mod common;
use common::page::{stamp, Page};
use common::requests::{segment_request_with, train_request};

const DEMO: &[u8] = include_bytes!("../public/social_network_ads.csv");

/// The demo with its first `extra` rows repeated at the end.
fn with_duplicates(extra: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(DEMO);
    let mut out = text.to_string();
    text.lines().skip(1).take(extra).for_each(|l| out += &format!("{l}\n"));
    out.into_bytes()
}

#[derive(Debug, Clone)]
enum Action {
    Load(usize),
    Clean(bool),
    Train(u64),
    Segment(u8),
    Rows(usize),
    Explore,
    Cancel,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0usize..3).prop_map(Action::Load),
        any::<bool>().prop_map(Action::Clean),
        (0u64..3).prop_map(Action::Train),
        (0u8..3).prop_map(Action::Segment),
        (0usize..40).prop_map(Action::Rows),
        Just(Action::Explore),
        Just(Action::Cancel),
    ]
}

fn method(kind: u8) -> SegmentMethod {
    match kind {
        0 => SegmentMethod::Grid(
            GridParams::new(vec!["Age".into(), "EstimatedSalary".into()]).check().unwrap(),
        ),
        1 => SegmentMethod::Rules(RulesParams::new().check().unwrap()),
        _ => SegmentMethod::Deciles(DecileParams::new().check().unwrap()),
    }
}

/// Every generation the page was told about, to name old ones.
#[derive(Default)]
struct Seen {
    gens: Vec<Gen>,
}

impl Seen {
    fn note(&mut self, l: Lineage, segments: Option<Gen>) {
        for g in [Some(l.data), Some(l.cleaning), l.model, segments].into_iter().flatten() {
            if !self.gens.contains(&g) {
                self.gens.push(g);
            }
        }
    }

    /// A generation other than `current` (an older one), if any.
    fn other(&self, current: Gen, pick: usize) -> Option<Gen> {
        let old: Vec<Gen> = self.gens.iter().copied().filter(|g| *g != current).collect();
        (!old.is_empty()).then(|| old[pick % old.len()])
    }
}

/// Sends `request` naming `cleaning` (current or not) and checks the answer's consistency.
fn check_answer(p: &mut Page, request: Request, names_current: bool) -> Result<(), TestCaseError> {
    let before = p.lineage;
    let events = if names_current { p.send(request, None) } else { p.send_raw(request) };
    let last = events.last().expect("answered");
    match &last.event {
        Event::Stale { .. } => {
            prop_assert!(!names_current, "a current request was refused as stale");
            prop_assert_eq!(last.lineage, before, "a stale request changed the worker");
        }
        Event::Failed { .. } => prop_assert_eq!(last.lineage, before),
        other => {
            prop_assert!(names_current, "a stale request was answered: {:?}", other);
            if let Event::Segmented(r) = other {
                prop_assert!(last.lineage.is_current(r.basis));
                prop_assert_eq!(r.table.n as usize, p.handler.working_rows());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24)
    ))]

    #[test]
    fn random_sessions_never_answer_from_older_state(
        actions in proptest::collection::vec((action(), any::<bool>(), 0usize..8), 1..14)
    ) {
        let files = [DEMO.to_vec(), with_duplicates(30), with_duplicates(3)];
        let mut p = Page::new();
        let mut seen = Seen::default();
        for (action, current, pick) in actions {
            seen.note(p.lineage, p.segments);
            let l = p.lineage;
            // The generation the request names: the current one, or (when asked and there is
            // one) an older one.
            let old_cleaning = if current { None } else { seen.other(l.cleaning, pick) };
            let cleaning = old_cleaning.unwrap_or(l.cleaning);
            let fresh = old_cleaning.is_none();
            match action {
                Action::Load(k) => {
                    let ev = p.last(Request::Load { file_name: format!("f{k}.csv") }, Some(&files[k]));
                    prop_assert!(matches!(ev, Event::Loaded(_)), "{:?}", ev);
                }
                Action::Clean(dedup) => {
                    let log = if dedup { vec![CleaningStep::DropDuplicates] } else { Vec::new() };
                    let data = old_cleaning.map_or(l.data, |_| seen.other(l.data, pick).unwrap_or(l.data));
                    let names_current = data == l.data;
                    let req = Request::Clean { data, log };
                    let req = if names_current { stamp(req, l, p.segments) } else { req };
                    check_answer(&mut p, req, names_current && l.data != Gen(0))?;
                }
                Action::Train(seed) => {
                    let mut r = train_request(5, seed);
                    r.cleaning = cleaning;
                    check_answer(&mut p, Request::Train(r), fresh && l.data != Gen(0))?;
                }
                Action::Segment(kind) => {
                    let r = SegmentRequest { cleaning, ..segment_request_with(method(kind)) };
                    check_answer(&mut p, Request::Segment(r), fresh && l.data != Gen(0))?;
                }
                Action::Rows(segment) => {
                    let asked = if current { p.segments } else { seen.other(p.segments.unwrap_or_default(), pick) };
                    let Some(asked) = asked else { continue };
                    let request = Request::SegmentRows { segments: asked, segment };
                    let current_gen = p.handler.session().current_segments().map(|s| s.gen);
                    let ev = p.send_raw(request).pop().expect("answered").event;
                    match ev {
                        Event::SegmentRows { segments, summary, .. } => {
                            prop_assert_eq!(Some(segments), current_gen);
                            let s = p.handler.session().segments(segments).expect("current");
                            let n = s.run.segmentation.assignment.iter().filter(|&&a| a == segment).count();
                            prop_assert_eq!(summary.first().map_or(0, |c| c.n), n);
                        }
                        Event::Stale { .. } => prop_assert_ne!(Some(asked), current_gen),
                        Event::Failed { message } => prop_assert!(message.contains("does not exist"), "{}", message),
                        other => prop_assert!(false, "unexpected {:?}", other),
                    }
                }
                Action::Explore => {
                    let req = ExploreRequest {
                        cleaning,
                        target: "Purchased".into(),
                        positive: "1".into(),
                        histogram_column: None,
                        category_column: None,
                        scatter: None,
                        bins: 10,
        heatmap_columns: Vec::new(),
                    };
                    check_answer(&mut p, Request::Explore(req), fresh && l.data != Gen(0))?;
                }
                Action::Cancel => {
                    let before = p.lineage;
                    let segments = p.handler.session().current_segments().map(|s| (s.gen, s.run.table.clone()));
                    let answers = p.cancel();
                    prop_assert!(answers.iter().all(|e| !matches!(e, Event::Failed { .. } | Event::Stale { .. })), "{:?}", answers);
                    prop_assert_eq!(p.lineage, before);
                    let again = p.handler.session().current_segments().map(|s| (s.gen, s.run.table.clone()));
                    prop_assert_eq!(again, segments, "the current segments are rebuilt");
                }
            }
        }
    }
}
