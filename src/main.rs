//! The Leptos app entry (being built).
fn main() {}
