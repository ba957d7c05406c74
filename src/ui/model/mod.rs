//! The Model step: parameters, Train, and the results of the current model.

mod baseline;
mod confusion;
mod importance_list;
mod number_field;
mod results;
mod step;
mod surface;
mod tuning;

pub use step::ModelStep;
