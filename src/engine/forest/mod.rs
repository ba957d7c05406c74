//! Histogram random forest (being built).
