//! Components every step uses: the chart figure, tables, the help link, progress, the rail, the
//! error banner and the stale-result note.

mod error_banner;
mod figure;
mod help_link;
mod job_progress;
mod preview_table;
mod rail;
mod show_all;
mod stale_note;
mod step_head;
mod summary_table;
mod text_table;

pub use error_banner::ErrorBanner;
pub use figure::Figure;
pub use help_link::HelpLink;
pub use job_progress::JobProgress;
pub use preview_table::PreviewTable;
pub use rail::StepRail;
pub use show_all::{shown, ShowAll, FIRST_ROWS};
pub use stale_note::StaleNote;
pub use step_head::StepHead;
pub use summary_table::SummaryTable;
pub use text_table::TextTable;
