//! A native stand-in for the page: it sends requests to a worker [`Handler`] with increasing job
//! ids, stamps them with the generations it learnt from the worker's messages (as the page's
//! components do), keeps the Cancel replay list with the protocol's own [`Replay`], and can
//! "cancel" by replaying that list into a fresh handler with the original ids, as
//! `ui::worker_handle` does.

use micronum::engine::session::{Gen, Lineage};
use micronum::protocol::replay::Replay;
use micronum::protocol::{Event, FromWorker, Request, ToWorker};
use micronum::worker::Handler;

/// A request as sent, with the bytes sent beside it.
pub type Sent = (Request, Option<Vec<u8>>);

pub struct Page {
    pub handler: Handler,
    next_id: u64,
    /// The worker's lineage as of its last message.
    pub lineage: Lineage,
    pub replay: Replay<Sent>,
    /// The last segmentation the page was shown.
    pub segments: Option<Gen>,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            handler: Handler::new(),
            next_id: 1,
            lineage: Lineage::default(),
            replay: Replay::default(),
            segments: None,
        }
    }
}

impl Page {
    pub fn new() -> Self {
        Self::default()
    }

    /// A page whose worker is `handler`.
    pub fn with(handler: Handler) -> Self {
        Page { handler, ..Self::default() }
    }

    /// Sends `request` stamped with the current generations; returns every event of the job.
    pub fn send(&mut self, request: Request, bytes: Option<&[u8]>) -> Vec<FromWorker> {
        let request = stamp(request, self.lineage, self.segments);
        let id = self.next_id;
        self.next_id += 1;
        let events = self.post(id, request.clone(), bytes);
        let last = events.last().expect("every job is answered");
        self.lineage = last.lineage;
        if let Event::Segmented(r) = &last.event {
            self.segments = Some(r.gen);
        }
        self.replay.on_result(id, &last.event, last.lineage, (request, bytes.map(<[u8]>::to_vec)));
        events
    }

    /// Sends `request` exactly as given (stale stamps included).
    pub fn send_raw(&mut self, request: Request) -> Vec<FromWorker> {
        let id = self.next_id;
        self.next_id += 1;
        let events = self.post(id, request, None);
        self.lineage = events.last().expect("answered").lineage;
        events
    }

    /// The last event of `send`.
    pub fn last(&mut self, request: Request, bytes: Option<&[u8]>) -> Event {
        self.send(request, bytes).pop().expect("answered").event
    }

    fn post(&mut self, id: u64, request: Request, bytes: Option<&[u8]>) -> Vec<FromWorker> {
        let mut out = Vec::new();
        self.handler.handle(ToWorker::new(id, request), bytes, &mut |e| out.push(e));
        out
    }

    /// Cancel: a fresh worker rebuilds the state from the replay list, with the original ids.
    /// Returns the replayed jobs' last events.
    pub fn cancel(&mut self) -> Vec<Event> {
        self.handler = Handler::new();
        let entries: Vec<(u64, Sent)> =
            self.replay.entries().map(|(id, _, sent)| (id, sent.clone())).collect();
        let mut answers = Vec::new();
        for (id, (request, bytes)) in entries {
            let events = self.post(id, request, bytes.as_deref());
            let last = events.last().expect("answered");
            self.lineage = last.lineage;
            answers.push(last.event.clone());
        }
        answers
    }
}

/// `request` with the generations it builds on set to `lineage`'s (and `segments`).
pub fn stamp(request: Request, lineage: Lineage, segments: Option<Gen>) -> Request {
    let model = lineage.model.unwrap_or_default();
    match request {
        Request::Detect { target, positive, .. } => {
            Request::Detect { data: lineage.data, target, positive }
        }
        Request::Clean { log, .. } => Request::Clean { data: lineage.data, log },
        Request::Explore(mut r) => {
            r.cleaning = lineage.cleaning;
            Request::Explore(r)
        }
        Request::Train(mut r) => {
            r.cleaning = lineage.cleaning;
            Request::Train(r)
        }
        Request::Segment(mut r) => {
            r.cleaning = lineage.cleaning;
            Request::Segment(r)
        }
        Request::Report(mut r) => {
            r.cleaning = lineage.cleaning;
            Request::Report(r)
        }
        Request::SegmentRows { segment, .. } => {
            Request::SegmentRows { segments: segments.unwrap_or_default(), segment }
        }
        Request::ExportModel { .. } => Request::ExportModel { model },
        Request::ExportOnnx { .. } => Request::ExportOnnx { model },
        Request::ExportSegments { created, .. } => {
            Request::ExportSegments { segments: segments.unwrap_or_default(), created }
        }
        Request::Surface { x, y, .. } => Request::Surface { model, x, y },
        Request::ScoreBatch { file_name, .. } => Request::ScoreBatch { model, file_name },
        Request::ExportSql { dialect, table, .. } => Request::ExportSql { model, dialect, table },
        Request::Retrain { created, .. } => Request::Retrain { model, created },
        other => other,
    }
}
