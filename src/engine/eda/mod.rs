//! Exploratory statistics over a table (being built).
