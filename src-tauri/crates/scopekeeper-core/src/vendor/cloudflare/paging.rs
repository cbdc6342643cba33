//! Reading a whole Cloudflare token listing, page by page, bounded against a broken or hostile
//! server: never more tokens than asked for in a page, never a page of tokens already listed,
//! never past the most a connection may list. Nothing of a listing that broke these is kept.

use std::collections::HashSet;

use super::{CfToken, Cloudflare};
use crate::vendor::VendorError;

/// Tokens per page (Cloudflare allows 5–50).
pub const PER_PAGE: usize = 50;

/// Full pages a listing may need beyond `max_tokens / PER_PAGE` (tokens listed twice as the
/// listing shifts under concurrent creates).
const PAGES_OF_SLACK: usize = 100;

impl Cloudflare {
    /// Every token, calling `on_page(tokens so far, pages read, total pages)` after each page.
    pub async fn list_all(
        &self,
        max_tokens: usize,
        on_page: &(dyn Fn(usize, usize, usize) + Send + Sync),
    ) -> Result<Vec<CfToken>, VendorError> {
        let max_pages = max_tokens.div_ceil(PER_PAGE).saturating_add(PAGES_OF_SLACK);
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for page in 1..=max_pages {
            let (rows, info) = self.list_page(page, PER_PAGE).await?;
            let n = rows.len();
            if n > PER_PAGE {
                return Err(protocol(format!(
                    "page {page} held {n} tokens where {PER_PAGE} were asked for"
                )));
            }
            let before = out.len();
            out.extend(rows.into_iter().filter(|t| seen.insert(t.id.clone())));
            // A full page of mostly repeated tokens is not a listing moving under creates.
            if n > 0 && (out.len() - before) * 2 < n {
                return Err(protocol(format!(
                    "page {page} repeated tokens already listed"
                )));
            }
            if out.len() > max_tokens {
                return Err(VendorError::TooManyTokens { limit: max_tokens });
            }
            on_page(out.len(), page, info.total_pages);
            // Only a short page ends the listing: a `total_pages` that is too low must not hide
            // tokens (one more request when the count is a multiple of the page).
            if n < PER_PAGE {
                return Ok(out);
            }
        }
        Err(protocol(format!(
            "the listing did not end after {max_pages} full pages"
        )))
    }
}

/// A listing that broke the paging contract; it is stopped, never trusted.
fn protocol(what: String) -> VendorError {
    VendorError::BadResponse {
        message: format!(
            "Cloudflare's token listing broke its paging ({what}), so it was stopped. Check that \
             the connection's base URL is Cloudflare's API"
        ),
    }
}
