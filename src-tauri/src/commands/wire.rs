//! A command reached the way the page reaches it, through Tauri's IPC on the mock runtime:
//! its input under `req`, nothing else.

use std::path::PathBuf;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindowBuilder};

use crate::commands::handler;
use crate::commands::history::History;

fn invoke(cmd: &str, body: Value) -> Result<Value, Value> {
    let dir: PathBuf = std::env::temp_dir().join(format!("sk-wire-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let app = mock_builder()
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .expect("the mock app");
    app.manage(History::new(&dir));
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
