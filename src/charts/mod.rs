//! Chart drawing functions generic over plotters' `DrawingBackend` (being built).
