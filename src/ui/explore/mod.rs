//! The Explore step: statistics and charts of the working table.

mod associations;
mod charts;
mod step;

pub use step::ExploreStep;
