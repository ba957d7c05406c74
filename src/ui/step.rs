//! The steps of the left rail, in order, with their labels and test ids.

/// The steps of the left rail, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Data,
    Clean,
    Explore,
    Model,
    Segments,
    Monitor,
    Report,
}

impl Step {
    /// Every step in rail order.
    pub const ALL: [Step; 7] = [
        Step::Data,
        Step::Clean,
        Step::Explore,
        Step::Model,
        Step::Segments,
        Step::Monitor,
        Step::Report,
    ];

    /// Label shown in the rail.
    pub fn label(self) -> &'static str {
        match self {
            Step::Data => "Data",
            Step::Clean => "Clean",
            Step::Explore => "Explore",
            Step::Model => "Model",
            Step::Segments => "Segments",
            Step::Monitor => "Monitor",
            Step::Report => "Report",
        }
    }

    /// Stable test id of the rail button (`step-data`, ...).
    pub fn testid(self) -> String {
        format!("step-{}", self.slug())
    }

    /// Lower-case name (`data`, ...): the suffix of test ids and the step's section id in the
    /// user guide (`guide.html#data`, a heading of `docs/guide.md`).
    pub fn slug(self) -> String {
        self.label().to_ascii_lowercase()
    }
}
