//! The IPC contract from outside the app crate: the committed TypeScript matches the command
//! list (with `SCOPEKEEPER_WRITE_BINDINGS=1`, `make bindings`, it is rewritten instead), the
//! request structs read what the page sends, and a command reached through Tauri's IPC on the
//! mock runtime takes its input under `req`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use scopekeeper_core::places::Places;
use scopekeeper_core::secret::ExposeSecret;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_desktop::commands::{
    handler, typescript, CatalogViewRequest, ResolveSelectionRequest, RevokeReplacedRequest,
    VerifyPastedTokenRequest,
};
use scopekeeper_desktop::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

/// Where the generated files are committed, relative to this crate.
const BINDINGS_PATH: &str = "../ui/src/api/bindings.ts";
const COMMANDS_PATH: &str = "../ui/src/api/commands.ts";

/// The first line of both generated files.
const HEADER: &str = "// Generated from the IPC command list (src-tauri/src/commands/list.rs) by \
                      `make bindings`. Do not edit by hand.\n";

fn typescript_bindings() -> String {
    typescript().bindings(HEADER)
}

fn typescript_commands() -> String {
    typescript().commands(HEADER)
}

/// Fails when `ui/src/api/bindings.ts` or `ui/src/api/commands.ts` no longer matches the
/// command list and its types. With `SCOPEKEEPER_WRITE_BINDINGS=1` it rewrites both files
/// instead (that is `make bindings`).
#[test]
fn generated_bindings_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let write = std::env::var_os("SCOPEKEEPER_WRITE_BINDINGS").is_some();
    for (file, wanted) in [
        (BINDINGS_PATH, typescript_bindings()),
        (COMMANDS_PATH, typescript_commands()),
    ] {
        let path = dir.join(file);
        if write {
            std::fs::write(&path, &wanted).expect("write bindings");
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == wanted,
            "{} is out of date with the IPC command list: run `make bindings` and commit it",
            path.display()
        );
    }
}

#[test]
fn bindings_declare_every_ipc_type() {
    let ts = typescript_bindings();
    for name in [
        "AppInfo",
        "KeyringReport",
        "ErrorKind",
        "IpcError",
        "CatalogView",
        "Resolution",
        "TokenSpec",
    ] {
        assert!(
            ts.contains(&format!("export type {name} ")),
            "missing {name} in:\n{ts}"
        );
    }
}

#[test]
fn commands_map_has_one_line_per_command_in_list_order() {
    let ts = typescript_commands();
    assert!(ts.contains("  app_info: { req: null; res: AppInfo; progress: null };\n"));
    assert!(ts.contains(
        "  catalog_view: { req: CatalogViewRequest; res: CatalogView; progress: null };\n"
    ));
    assert!(ts.contains(
        "  run_audit: { req: null; res: AuditReply | null; progress: AuditProgress };\n"
    ));
    assert!(ts.contains(
        "  sweep_revoke: { req: SweepRevokeRequest; res: Array<SweepOutcome>; progress: SweepOutcome };\n"
    ));
    assert!(ts.contains("  remove_catalog: { req: RemoveCatalogRequest; res: null;"));
    assert!(ts.find("  app_info:") < ts.find("  export_evidence:"));
    assert_eq!(
        ts.matches("progress: null }").count() + 3,
        ts.matches("; res: ").count()
    );
}

fn parse<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn an_omitted_option_field_is_none_and_defaults_stay_the_bodys_choice() {
    let req: ResolveSelectionRequest =
        parse(json!({ "vendor": "v", "scopes": ["a:read"] })).unwrap();
    assert_eq!((req.vendor.as_str(), req.scopes.len()), ("v", 1));
    assert_eq!((req.kind, req.defaults), (None, None));
    let req: ResolveSelectionRequest =
        parse(json!({ "vendor": "v", "kind": null, "scopes": [], "defaults": false })).unwrap();
    assert_eq!(req.defaults, Some(false));
}

#[test]
fn fields_are_the_rust_parameter_names_in_snake_case() {
    let req: RevokeReplacedRequest =
        parse(json!({ "id": "c", "old_token_id": "a", "new_token_id": "b" })).unwrap();
    assert_eq!(
        (
            req.id.as_str(),
            req.old_token_id.as_str(),
            req.new_token_id.as_str()
        ),
        ("c", "a", "b")
    );
    let camel =
        parse::<RevokeReplacedRequest>(json!({ "id": "c", "oldTokenId": "a", "newTokenId": "b" }));
    assert!(
        camel.is_err_and(|e| e.contains("old_token_id")),
        "camelCase keys are not the contract"
    );
}

#[test]
fn a_required_field_left_out_is_refused() {
    let Err(err) = parse::<CatalogViewRequest>(json!({ "kind": "k" })) else {
        panic!("a request without its vendor was taken");
    };
    assert!(err.contains("vendor"), "{err}");
}

#[test]
fn a_pasted_token_arrives_as_a_secret() {
    let req: VerifyPastedTokenRequest =
        parse(json!({ "id": "c", "token": "pasted-value" })).unwrap();
    assert_eq!(req.token.expose_secret(), "pasted-value");
    assert!(req.save_as.is_none() && req.declared.is_none());
}

fn invoke(cmd: &str, body: Value) -> Result<Value, Value> {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::SeqCst);
    let dir: PathBuf = std::env::temp_dir().join(format!("sk-wire-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let app = mock_builder()
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .expect("the mock app");
    let places = Places::new(dir.join("config"), dir.join("data"));
    app.manage(AppState::open(places, Arc::new(MemorySecretStore::new())));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a webview");
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let answer = get_ipc_response(&webview, request).map(|b| b.deserialize::<Value>().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    answer
}

#[test]
fn a_command_takes_its_input_under_req() {
    let answer = invoke(
        "token_timeline",
        json!({ "req": { "key": "no-such-token" } }),
    );
    assert_eq!(answer, Ok(Value::Null), "a token the history never saw");
}

#[test]
fn the_parameters_one_by_one_are_refused() {
    let answer = invoke("token_timeline", json!({ "key": "no-such-token" }));
    let err = answer.expect_err("the old flat shape is not the contract");
    assert!(err.to_string().contains("req"), "{err}");
}
