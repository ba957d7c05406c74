//! The bundled demo dataset (Social Network Ads, 400 customers), compiled into the worker: the
//! page asks for it with `Request::LoadDemo` instead of carrying and posting the bytes itself,
//! and the demo works offline with no request.

/// File name shown for the demo data.
pub const DEMO_NAME: &str = "social_network_ads.csv";

/// The demo CSV.
pub const DEMO_CSV: &[u8] = include_bytes!("../../public/social_network_ads.csv");
