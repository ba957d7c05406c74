//! scikit-learn-identical classification metrics (being built).
