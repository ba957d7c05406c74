//! The Web Worker entry (being built).
fn main() {}
