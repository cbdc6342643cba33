//! The simulator's own control endpoints, under `/_sim`: `POST`/`DELETE /_sim/faults` (add a
//! fault rule, clear them) and `GET /_sim/calls` (calls per `vendor.op`). Test hooks: compiled
//! only with the `test-hooks` feature, which the app's release build leaves out. They answer
//! only the handshake's `control_token`, and never touch a tenant's tokens.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::{common, FaultRule, Sim};

/// The routes, guarded by the control token.
pub(crate) fn routes(sim: &Arc<Sim>) -> Router<Arc<Sim>> {
    Router::new()
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/calls", get(calls))
        .layer(axum::middleware::from_fn_with_state(
            sim.clone(),
            require_control_token,
        ))
}

/// The control endpoints answer only the handshake's `control_token`.
async fn require_control_token(
    State(sim): State<Arc<Sim>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let presented = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if presented.is_some_and(|t| common::same_secret(t, &sim.control_token)) {
        next.run(req).await
    } else {
        common::json(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({ "error": "the simulator's control token (from its handshake) is required" }),
        )
    }
}

async fn add_fault(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let text = String::from_utf8_lossy(&body);
    match text.trim().parse::<FaultRule>() {
        Ok(rule) => {
            let shown = rule.to_string();
            sim.faults.add(rule);
            common::json(StatusCode::CREATED, serde_json::json!({ "added": shown }))
        }
        Err(e) => common::json(StatusCode::BAD_REQUEST, serde_json::json!({ "error": e })),
    }
}

async fn clear_faults(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.faults.clear();
    StatusCode::NO_CONTENT
}

async fn calls(State(sim): State<Arc<Sim>>) -> Response {
    common::json(StatusCode::OK, serde_json::json!(sim.faults.calls()))
}
