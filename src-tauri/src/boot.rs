//! What the first screen needs (the catalogs for the sidebar, the app's version), handed to the
//! webview as it is created: the page renders its first useful screen without waiting on an IPC
//! round trip. Nothing here is secret: catalog summaries and version strings only.

use scopekeeper_core::ipc::{AppInfo, CatalogSummary};
use scopekeeper_core::service;
use serde::Serialize;
use tauri::{Manager, Runtime};

use crate::state::ScopekeeperExt;

/// The global the page reads once (`ui/src/api/boot.ts`).
const GLOBAL: &str = "__SCOPEKEEPER_BOOT__";

#[derive(Serialize)]
struct Boot {
    info: AppInfo,
    catalogs: Vec<CatalogSummary>,
}

/// A script defining the boot data as a read-only global, as JSON (a JSON text is a valid
/// JavaScript expression, so no catalog text can break out of it).
pub fn script<R: Runtime, M: Manager<R>>(app: &M) -> String {
    let boot = Boot {
        info: crate::commands::app::describe_app(app.package_info()),
        catalogs: service::list_catalogs(&app.app_handle().scopekeeper().catalogs()),
    };
    render(&boot)
}

fn render(boot: &Boot) -> String {
    // Without it the page asks over IPC, as it does after a reload.
    let json = serde_json::to_string(boot).unwrap_or_else(|_| "null".into());
    format!("Object.defineProperty(window, {GLOBAL:?}, {{ value: {json}, configurable: true }});")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_defines_the_global_as_a_json_literal_no_catalog_text_can_escape() {
        let hostile = "\"}); alert(1); ({\"\u{2028}</script>";
        let mut info = AppInfo::describe("Scopekeeper", "1.2.3", "2.0.0");
        info.name = hostile.into();
        let boot = Boot {
            info,
            catalogs: Vec::new(),
        };
        let script = render(&boot);
        let head = "Object.defineProperty(window, \"__SCOPEKEEPER_BOOT__\", { value: ";
        let tail = ", configurable: true });";
        assert!(
            script.starts_with(head) && script.ends_with(tail),
            "{script}"
        );
        let value: serde_json::Value =
            serde_json::from_str(&script[head.len()..script.len() - tail.len()])
                .expect("the value is one JSON text");
        assert_eq!(value["info"]["name"], hostile);
        assert_eq!(value["info"]["version"], "1.2.3");
        assert_eq!(value["catalogs"], serde_json::json!([]));
    }
}
