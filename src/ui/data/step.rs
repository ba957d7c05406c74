//! The Data step: file picker, drag-and-drop zone, demo button, the offer to load a sample of a
//! file too large for the page; then what was read (`summary_panel`).

use leptos::prelude::*;
use web_sys::{DragEvent, File, HtmlInputElement};

use super::summary_panel::DataSummaryPanel;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::common::StepHead;
use crate::ui::state::{AppState, Step};

/// Loading data and showing what was read.
#[component]
pub fn DataStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let over = RwSignal::new(false);
    // The file last chosen, kept to load a sample of it when it is too large to load whole.
    // The page never reads it: the worker reads it a slice at a time.
    let last_file = StoredValue::new_local(None::<File>);

    let load_file = move |file: File| {
        let name = file.name();
        if let Err(e) = crate::engine::ingest::check_file_size(file.size() as u64) {
            return state.error.set(Some(format!("{name}: {e}")));
        }
        last_file.set_value(Some(file.clone()));
        state.sample_offer.set(None);
        let request = Request::Load { file_name: name.clone() };
        let id = worker.with_value(|w| w.send(request, Some(file.into())));
        state.start_job(id, &format!("Reading {name}"));
    };
    let load_sample = move |_| {
        let (Some(file), Some(fraction)) =
            (last_file.get_value(), state.sample_offer.get_untracked())
        else {
            return;
        };
        let name = file.name();
        let request = Request::LoadSample { file_name: name.clone(), fraction, seed: 42 };
        let id = worker.with_value(|w| w.send(request, Some(file.into())));
        state.start_job(id, &format!("Reading a sample of {name}"));
    };
    let offer = move || {
        let fraction = state.sample_offer.get()?;
        last_file.with_value(|f| f.is_some()).then(|| {
            view! {
                <div class="callout" data-testid="sample-offer">
                    <p>"The whole file does not fit in this page's memory. A seeded random sample of its rows (in file order, with their original row numbers) usually tells the same story."</p>
                    <button type="button" class="primary" data-testid="sample-button" on:click=load_sample>
                        {format!("Load a random {} sample", share(fraction))}
                    </button>
                </div>
            }
        })
    };
    let on_change = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            load_file(file);
        }
    };
    // The worker holds the demo file (`Request::LoadDemo`): the page does not carry its bytes.
    let on_demo = move |_| {
        last_file.set_value(None);
        state.sample_offer.set(None);
        let id = worker.with_value(|w| w.send(Request::LoadDemo, None));
        state.start_job(id, "Reading the demo data");
    };

    view! {
        <section class="panel" aria-labelledby="data-title">
            <StepHead step=Step::Data/>
            <p class="help">"Choose a CSV of customers (one row per customer, a purchased flag). It is read in this page only."</p>
            <div
                class="dropzone"
                class:over=move || over.get()
                on:dragover=move |ev: DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
                data-testid="dropzone"
            >
                <label class="file-label" for="file-input">"Choose a CSV file "</label>
                <input id="file-input" type="file" accept=".csv,.tsv,.txt,text/csv" data-testid="file-input" on:change=on_change/>
                <p class="or">"or drop it here, or"</p>
                <button type="button" class="primary" data-testid="demo-button" on:click=on_demo>
                    "Use demo data"
                </button>
                <p class="muted">"Demo: Social Network Ads, 400 customers (gender, age, estimated salary, purchased)."</p>
            </div>
            {offer}
        </section>
        {move || state.shown(state.data).map(|(d, _)| view! { <DataSummaryPanel summary=d/> })}
    }
}

/// A share as a percentage with the precision it needs ("25%", "3.2%", "0.41%").
fn share(fraction: f64) -> String {
    let digits = match fraction * 100.0 {
        p if p >= 10.0 => 0,
        p if p >= 1.0 => 1,
        _ => 2,
    };
    crate::engine::display::percent(fraction, digits)
}
