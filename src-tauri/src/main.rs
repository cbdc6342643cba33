// Release builds on Windows get no console window; everything else keeps its stderr.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's compositing mode keeps layers and tiles of the page in the web process: without
    // a GPU (a VM, a remote desktop) they are painted in its own memory, ~100 MiB of the web
    // process at rest and more on long pages (make bench-ui's memory figures). The screens are
    // plain documents (no 3D, no video), painted the same way without it. Set to 0 before the
    // app starts, it keeps compositing; set before WebKit reads it, here.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    scopekeeper_desktop::run();
}
