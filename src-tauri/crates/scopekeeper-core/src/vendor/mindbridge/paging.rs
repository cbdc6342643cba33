//! Reading a whole MindBridge listing page by page, bounded against a broken or hostile tenant:
//! never more tokens than asked for in a page, never the same page twice, never past the most a
//! connection may list. Never keeps part of a listing that broke these rules.

use std::collections::HashSet;

use serde_json::Value;

use super::{MbToken, MindBridge};
use crate::vendor::adapter::MAX_TOKENS_LISTED;
use crate::vendor::VendorError;

impl MindBridge {
    /// Every token matching `filter`, page by page until an empty or last page (at most
    /// [`MAX_TOKENS_LISTED`]).
    pub async fn query_all(&self, filter: &Value) -> Result<Vec<MbToken>, VendorError> {
        self.query_all_with(filter, 100, MAX_TOKENS_LISTED, &|_, _, _| {})
            .await
    }

    /// [`Self::query_all`] in pages of `size`, calling `on_page(tokens so far, pages read,
    /// total pages)` after each page.
    ///
    /// A hostile or broken tenant cannot make this grow without bound: a page holding more
    /// than `size` tokens, a page holding only tokens already listed (the same page again), and
    /// a listing past `max_tokens` (or past the pages that many tokens need) are errors, and
    /// nothing read is kept. A token listed twice (the listing shifted under a concurrent
    /// create) is kept once.
    pub async fn query_all_with(
        &self,
        filter: &Value,
        size: usize,
        max_tokens: usize,
        on_page: &(dyn Fn(usize, usize, usize) + Send + Sync),
    ) -> Result<Vec<MbToken>, VendorError> {
        let size = size.max(1);
        let max_pages = max_tokens.div_ceil(size).saturating_add(PAGES_OF_SLACK);
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        // The next page, when it was asked for early (its failure counts only if it is needed).
        let mut fetched = None;
        // Pages the tenant said the listing has (none said yet).
        let mut total = 0;
        for page in 0..max_pages {
            let reply = match fetched.take() {
                Some(r) => r?,
                None => self.query_page_reply(filter, page, size).await?,
            };
            // The next page the tenant says there is goes out before this one is decoded; a
            // page it did not announce is asked for only once this one is known to be full.
            let p = if page + 1 < total.min(max_pages) {
                let (next, p) =
                    tokio::join!(self.query_page_reply(filter, page + 1, size), async {
                        reply.json::<super::MbPage>()
                    });
                fetched = Some(next);
                p?
            } else {
                reply.json::<super::MbPage>()?
            };
            total = p.total_pages;
            let n = p.content.len();
            if n > size {
                return Err(protocol(format!(
                    "page {} held {n} tokens where {size} were asked for",
                    page + 1
                )));
            }
            let before = out.len();
            out.extend(p.content.into_iter().filter(|t| seen.insert(t.id.clone())));
            if n > 0 && out.len() == before {
                return Err(protocol(format!(
                    "page {} repeated tokens already listed",
                    page + 1
                )));
            }
            if out.len() > max_tokens {
                return Err(VendorError::TooManyTokens { limit: max_tokens });
            }
            on_page(out.len(), page + 1, p.total_pages);
            // A short page is the last, whatever `totalPages` says (or omits).
            if n < size {
                return Ok(out);
            }
        }
        Err(protocol(format!(
            "the listing did not end after {max_pages} full pages"
        )))
    }
}

/// Full pages a listing may need beyond `max_tokens / size` (tokens listed twice as the
/// listing shifts under concurrent creates).
const PAGES_OF_SLACK: usize = 100;

/// A listing that broke MindBridge's paging contract; it is stopped, never trusted.
fn protocol(what: String) -> VendorError {
    VendorError::BadResponse {
        message: format!(
            "MindBridge's token listing broke its paging ({what}), so it was stopped. Check that \
             the connection's base URL is your MindBridge tenant, or ask MindBridge support"
        ),
    }
}
