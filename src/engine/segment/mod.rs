//! Micro-segmentation with small-sample statistics (being built).
