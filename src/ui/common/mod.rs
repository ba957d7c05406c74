//! Components every step uses: the chart canvas, tables, the help link, progress, the rail, the
//! error banner and the stale-result note.

mod chart_canvas;
mod error_banner;
mod help_link;
mod job_progress;
mod preview_table;
mod rail;
mod stale_note;
mod summary_table;

pub use chart_canvas::ChartCanvas;
pub use error_banner::ErrorBanner;
pub use help_link::HelpLink;
pub use job_progress::JobProgress;
pub use preview_table::PreviewTable;
pub use rail::StepRail;
pub use stale_note::StaleNote;
pub use summary_table::SummaryTable;
