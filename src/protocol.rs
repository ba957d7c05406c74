//! Versioned serde messages between the page and its worker (being built).
