//! What went wrong talking to a vendor, typed so the UI can act on it; no message ever carries
//! the credential (it is scrubbed from anything a vendor echoes back).

use crate::error::{Error, ErrorKind};

/// What went wrong talking to a vendor, as something the admin can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VendorError {
    #[error("The vendor rejected the credential: {message}")]
    Unauthorized { message: String },
    #[error("The credential is not allowed to do this: {message}")]
    Forbidden {
        message: String,
        permission: Option<String>,
    },
    #[error("The vendor refused the request: {message}")]
    Validation {
        message: String,
        problems: Vec<String>,
    },
    #[error("The vendor reports a conflict: {message}")]
    Conflict { message: String },
    #[error("Not found at the vendor: {message}")]
    NotFound { message: String },
    #[error("The vendor is rate limiting requests{}", retry_after_secs.map(|s| format!("; try again in {s} s")).unwrap_or_default())]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("The vendor is busy: {message}. Try again shortly")]
    Locked { message: String },
    #[error("The vendor had a server error (HTTP {status}): {message}")]
    Unavailable { status: u16, message: String },
    #[error("The vendor did not answer within {after_secs} s")]
    Timeout { after_secs: f64 },
    #[error("{message}")]
    Unreachable { message: String },
    #[error("The vendor's reply could not be understood: {message}")]
    BadResponse { message: String },
    /// A listing that went past the most tokens one connection may list; what was read is
    /// dropped, never reported as the whole.
    #[error("The vendor listed more than {limit} tokens for this connection, so the listing was stopped. If the tenant really holds that many, raise `max_tokens_per_connection` in audit.toml")]
    TooManyTokens { limit: usize },
    #[error("{message}")]
    InvalidBaseUrl { message: String },
    #[error("{message}")]
    Internal { message: String },
}

impl VendorError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unauthorized { .. } => ErrorKind::VendorUnauthorized,
            Self::Forbidden { .. } => ErrorKind::VendorForbidden,
            Self::Validation { .. } => ErrorKind::VendorValidation,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::RateLimited { .. } => ErrorKind::VendorRateLimited,
            Self::Locked { .. } | Self::Unavailable { .. } | Self::Unreachable { .. } => {
                ErrorKind::VendorUnavailable
            }
            Self::Timeout { .. } => ErrorKind::VendorTimeout,
            Self::BadResponse { .. } | Self::TooManyTokens { .. } => ErrorKind::VendorBadResponse,
            Self::InvalidBaseUrl { .. } => ErrorKind::InvalidInput,
            Self::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// An error reply by its status, with the problems the vendor named (the first one is the
    /// summary; with none, the status is).
    pub(crate) fn from_status(reply: &super::Reply, problems: Vec<String>) -> Self {
        use reqwest::StatusCode;
        let problems: Vec<String> = problems
            .iter()
            .take(MAX_PROBLEMS)
            .map(|p| vendor_said(p))
            .collect();
        let summary = problems
            .first()
            .cloned()
            .unwrap_or_else(|| format!("HTTP {}", reply.status.as_u16()));
        match reply.status {
            StatusCode::UNAUTHORIZED => Self::Unauthorized { message: summary },
            StatusCode::FORBIDDEN => Self::Forbidden {
                message: summary,
                permission: None,
            },
            StatusCode::NOT_FOUND => Self::NotFound { message: summary },
            StatusCode::CONFLICT => Self::Conflict { message: summary },
            StatusCode::LOCKED => Self::Locked { message: summary },
            StatusCode::TOO_MANY_REQUESTS => Self::RateLimited {
                retry_after_secs: reply.retry_after_secs(),
            },
            s if s.is_client_error() => Self::Validation {
                message: if problems.len() > 1 {
                    format!("{} problems; the first: {summary}", problems.len())
                } else {
                    summary
                },
                problems,
            },
            s if s.is_server_error() => Self::Unavailable {
                status: s.as_u16(),
                message: summary,
            },
            s => Self::BadResponse {
                message: format!("unexpected HTTP {}", s.as_u16()),
            },
        }
    }

    /// Removes every occurrence of `secret` from the messages (vendors sometimes echo input).
    pub fn scrubbed(self, secret: &str) -> Self {
        if secret.len() < 4 {
            return self;
        }
        let s = |m: String| scrub(m, secret);
        match self {
            Self::Unauthorized { message } => Self::Unauthorized {
                message: s(message),
            },
            Self::Forbidden {
                message,
                permission,
            } => Self::Forbidden {
                message: s(message),
                permission: permission.map(s),
            },
            Self::Validation { message, problems } => Self::Validation {
                message: s(message),
                problems: problems.into_iter().map(s).collect(),
            },
            Self::Conflict { message } => Self::Conflict {
                message: s(message),
            },
            Self::NotFound { message } => Self::NotFound {
                message: s(message),
            },
            Self::Locked { message } => Self::Locked {
                message: s(message),
            },
            Self::Unavailable { status, message } => Self::Unavailable {
                status,
                message: s(message),
            },
            Self::BadResponse { message } => Self::BadResponse {
                message: s(message),
            },
            other => other,
        }
    }
}

impl From<VendorError> for Error {
    fn from(e: VendorError) -> Self {
        let details = match &e {
            VendorError::Validation { problems, .. } => problems.clone(),
            VendorError::Forbidden {
                permission: Some(p),
                ..
            } => vec![format!("missing permission: {p}")],
            _ => Vec::new(),
        };
        Error::new(e.kind(), e.to_string()).with_details(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbing_removes_an_echoed_credential() {
        let e = VendorError::Validation {
            message: "token abcd1234secret is malformed".into(),
            problems: vec!["value abcd1234secret".into()],
        }
        .scrubbed("abcd1234secret");
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("abcd1234secret"), "{shown}");
    }

    #[test]
    fn errors_cross_ipc_with_a_kind_and_details() {
        let e: Error = VendorError::Forbidden {
            message: "lacks api.api-tokens.write".into(),
            permission: Some("api.api-tokens.write".into()),
        }
        .into();
        assert_eq!(e.kind, ErrorKind::VendorForbidden);
        assert_eq!(e.details, vec!["missing permission: api.api-tokens.write"]);
        let e: Error = VendorError::RateLimited {
            retry_after_secs: Some(7),
        }
        .into();
        assert_eq!(e.kind, ErrorKind::VendorRateLimited);
        assert!(e.message.contains("7 s"), "{}", e.message);
    }
}

/// The most problems kept from one vendor reply.
pub(crate) const MAX_PROBLEMS: usize = 20;
/// The most characters kept of one thing a vendor said.
const MAX_SAID: usize = 500;

/// What a vendor said, fit to show and to log: control characters escaped, at most
/// [`MAX_SAID`] characters (then `…`).
pub(crate) fn vendor_said(text: &str) -> String {
    let text = crate::printable::printable(text);
    match text.char_indices().nth(MAX_SAID) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into_owned(),
    }
}

/// `message` without `secret`: every whole occurrence, and a start of it cut off where a part of
/// the message was shortened (before each `…`, wherever it is: text may follow the cut).
fn scrub(message: String, secret: &str) -> String {
    let m = message.replace(secret, "<redacted>");
    let mut out = String::with_capacity(m.len());
    let mut parts = m.split('…').peekable();
    while let Some(part) = parts.next() {
        let cut = parts.peek().and_then(|_| {
            (4..secret.len())
                .rev()
                .filter(|k| secret.is_char_boundary(*k))
                .find(|k| part.ends_with(&secret[..*k]))
        });
        match cut {
            Some(k) => {
                out.push_str(&part[..part.len() - k]);
                out.push_str("<redacted>");
            }
            None => out.push_str(part),
        }
        if parts.peek().is_some() {
            out.push('…');
        }
    }
    out
}

#[cfg(test)]
mod said_tests {
    use super::*;

    #[test]
    fn what_a_vendor_says_is_escaped_capped_and_never_carries_a_cut_secret() {
        assert_eq!(vendor_said("bad\u{1b}[31mred"), "bad\\u{1b}[31mred");
        let long = "x".repeat(600);
        let said = vendor_said(&long);
        assert_eq!(said.chars().count(), MAX_SAID + 1);
        assert!(said.ends_with('…'));
        // A secret echoed across the cut: its start is removed too.
        let secret = "sk_live_0123456789abcdef";
        let echoed = format!("{}{secret}", "y".repeat(MAX_SAID - 10));
        let e = VendorError::Unauthorized {
            message: vendor_said(&echoed),
        }
        .scrubbed(secret);
        let VendorError::Unauthorized { message } = e else {
            unreachable!()
        };
        assert!(!message.contains("sk_live_01"), "{message}");
        assert!(message.ends_with("<redacted>…"), "{message}");
        // Cut, then followed by more text (Cloudflare adds the error's code).
        let coded = VendorError::Unauthorized {
            message: format!("{} (code 1000)", vendor_said(&echoed)),
        }
        .scrubbed(secret);
        let VendorError::Unauthorized { message } = coded else {
            unreachable!()
        };
        assert!(!message.contains("sk_live_01"), "{message}");
        assert!(message.ends_with("<redacted>… (code 1000)"), "{message}");
    }
}
