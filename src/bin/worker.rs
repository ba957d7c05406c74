//! The Web Worker binary: installs the panic hook and starts the job loop in
//! [`micronum::worker`]. Trunk builds it with `data-type="worker"` (no-modules target) and a
//! loader shim, `worker_loader.js`, which the page starts with `new Worker(...)`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    micronum::worker::entry::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the micronum worker runs in the browser; build it with `trunk build`");
    std::process::exit(2);
}
