//! The Segments step: the method form, the segment table with its charts, and a segment's
//! customers.

mod discovery_table;
mod form;
mod members;
mod results;
mod step;
mod table;

pub use step::SegmentsStep;
