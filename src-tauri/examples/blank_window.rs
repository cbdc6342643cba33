//! A Tauri window with a blank page and nothing else: the baseline `make bench-ui` compares
//! Scopekeeper's time to interactive and memory with. Same crate, config and build profile as
//! the app (the app makes its window itself, from the same configuration).

fn main() {
    let mut context = tauri::generate_context!();
    for window in &mut context.config_mut().app.windows {
        window.url = tauri::WebviewUrl::App("blank.html".into());
        window.create = true;
    }
    tauri::Builder::default()
        .run(context)
        .expect("the blank window runs");
}
