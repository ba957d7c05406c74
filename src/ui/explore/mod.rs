//! The Explore step: statistics and charts of the working table.

mod charts;
mod step;

pub use step::ExploreStep;
