//! CSV ingest from raw bytes into a typed [`crate::engine::table::Table`] (being built).
