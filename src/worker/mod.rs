//! The worker's job handler (being built).
