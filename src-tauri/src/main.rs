// Release builds on Windows get no console window; everything else keeps its stderr.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    scopekeeper_desktop::run();
}
