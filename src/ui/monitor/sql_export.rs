//! The current model as one SQL query, for scoring where the data lives.

use leptos::prelude::*;

use crate::engine::model_io::sql::Dialect;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::state::AppState;

/// The current model as one SQL query, for scoring where the data lives.
#[component]
pub fn SqlExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let dialect = RwSignal::new(Dialect::Sqlite);
    let table = RwSignal::new("customers".to_string());
    let export = move |_| {
        let Some(model) = state.lineage.get_untracked().model else { return };
        let (dialect, table) = (dialect.get_untracked(), table.get_untracked());
        let request = Request::ExportSql { model, dialect, table };
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Writing SQL");
    };
    view! {
        <div class="row">
            <label for="sql-dialect">"SQL dialect"</label>
            <select id="sql-dialect" data-testid="sql-dialect" on:change=move |ev| dialect.set(match event_target_value(&ev).as_str() {
                "postgres" => Dialect::Postgres,
                "duckdb" => Dialect::Duckdb,
                _ => Dialect::Sqlite,
            })>
                <option value="sqlite" selected>"SQLite"</option>
                <option value="postgres">"PostgreSQL"</option>
                <option value="duckdb">"DuckDB"</option>
            </select>
            <label for="sql-table">"Table"</label>
            <input id="sql-table" type="text" data-testid="sql-table" prop:value=move || table.get()
                on:input=move |ev| table.set(event_target_value(&ev))/>
            <button type="button" data-testid="export-sql" on:click=export>"Download as SQL"</button>
        </div>
    }
}
