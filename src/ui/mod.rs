//! Leptos components (being built).
