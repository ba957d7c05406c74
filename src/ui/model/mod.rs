//! The Model step: parameters, Train, and the results of the current model.

mod confusion;
mod number_field;
mod results;
mod step;
mod surface;

pub use step::ModelStep;
