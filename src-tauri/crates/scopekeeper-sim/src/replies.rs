//! Replies that go wrong after the work was done: lost (never sent), or spoiled (cut off,
//! oversized, the connection dropped mid-body, a gateway's 5xx), as `lost` and `done-then:…`
//! faults ask.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::AfterWork;

/// What becomes of a reply once its handler has done the work.
#[derive(Clone, Copy)]
pub(crate) enum Fate {
    Lost,
    Spoiled(AfterWork),
}

tokio::task_local! {
    pub(crate) static REPLY_FATE: std::cell::Cell<Option<Fate>>;
}

/// Middleware: runs the handler, then withholds or spoils its reply if a fault marked it.
pub(crate) async fn spoil_marked_replies(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    REPLY_FATE
        .scope(std::cell::Cell::new(None), async move {
            let resp = next.run(req).await;
            match REPLY_FATE.with(|c| c.get()) {
                None => resp,
                Some(Fate::Lost) => {
                    tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
                    resp
                }
                Some(Fate::Spoiled(how)) => spoil(resp, how),
            }
        })
        .await
}

fn spoil(resp: Response, how: AfterWork) -> Response {
    let status = resp.status();
    let json = [("content-type", "application/json")];
    match how {
        AfterWork::Malformed => (status, json, "{\"id\": \"4b83\", \"name\": ").into_response(),
        AfterWork::Oversized => {
            let mut body = String::with_capacity(8 << 20);
            body.push_str("{\"padding\":\"");
            body.extend(std::iter::repeat_n('x', 8 << 20));
            body.push_str("\"}");
            (status, json, body).into_response()
        }
        AfterWork::Reset => {
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from_static(b"{\"id\": \"")),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "connection reset by the simulator",
                )),
            ];
            (
                status,
                json,
                axum::body::Body::from_stream(futures_util::stream::iter(chunks)),
            )
                .into_response()
        }
        AfterWork::Gateway(code) => (
            StatusCode::from_u16(code).expect("502 and 504 are statuses"),
            [("content-type", "text/html")],
            "<html><body><h1>Bad gateway</h1></body></html>",
        )
            .into_response(),
    }
}
