//! The Leptos app entry: install the panic hook and mount [`micronum::ui::App`].

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(micronum::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the micronum app runs in the browser: use ./run (or `micronum --help` for the CLI)");
    std::process::exit(2);
}
