//! Reading a whole token listing page by page, bounded against a broken or hostile server, for
//! every vendor that pages by number: never more tokens in a page than asked for, never a page
//! of tokens already listed, never past the most a connection may list, never without end.
//! Nothing of a listing that broke these is kept.

use std::collections::HashSet;
use std::future::Future;

use super::VendorError;

/// Full pages a listing may need beyond `max_tokens / per_page` (tokens listed twice as the
/// listing shifts under concurrent creates).
const PAGES_OF_SLACK: usize = 100;

/// How one vendor's listing is read.
pub(crate) struct Paging<'a> {
    /// The vendor's name, for the error that stops a broken listing.
    pub vendor: &'a str,
    pub per_page: usize,
    pub max_tokens: usize,
    /// Called after each page: tokens so far, pages read, total pages (0: not said).
    pub on_page: &'a (dyn Fn(usize, usize, usize) + Send + Sync),
}

impl Paging<'_> {
    /// Every item, reading page 1, 2, … with `fetch(page)` (its items and the total pages the
    /// vendor states, if any) until a short page. `id` names an item, to drop repeats.
    pub async fn read_all<T, Fut>(
        &self,
        mut fetch: impl FnMut(usize) -> Fut,
        id: impl Fn(&T) -> String,
    ) -> Result<Vec<T>, VendorError>
    where
        Fut: Future<Output = Result<(Vec<T>, Option<usize>), VendorError>>,
    {
        let per_page = self.per_page;
        let max_pages = self
            .max_tokens
            .div_ceil(per_page)
            .saturating_add(PAGES_OF_SLACK);
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for page in 1..=max_pages {
            let (rows, total_pages) = fetch(page).await?;
            let n = rows.len();
            if n > per_page {
                return Err(self.broken(format!(
                    "page {page} held {n} tokens where {per_page} were asked for"
                )));
            }
            let before = out.len();
            out.extend(rows.into_iter().filter(|t| seen.insert(id(t))));
            // A full page of mostly repeated tokens is not a listing moving under creates.
            if n > 0 && (out.len() - before) * 2 < n {
                return Err(self.broken(format!("page {page} repeated tokens already listed")));
            }
            if out.len() > self.max_tokens {
                return Err(VendorError::TooManyTokens {
                    limit: self.max_tokens,
                });
            }
            (self.on_page)(out.len(), page, total_pages.unwrap_or(0));
            // Only a short page ends the listing: a total that is too low must not hide tokens
            // (one more request when the count is a multiple of the page).
            if n < per_page {
                // A short page that the vendor says is not the last is not the end either.
                if let Some(t) = total_pages.filter(|t| *t > page) {
                    return Err(self.broken(format!(
                        "page {page} was short, but the vendor names {t} pages"
                    )));
                }
                return Ok(out);
            }
        }
        Err(self.broken(format!(
            "the listing did not end after {max_pages} full pages"
        )))
    }

    /// A listing that broke the paging contract; it is stopped, never trusted.
    fn broken(&self, what: String) -> VendorError {
        VendorError::BadResponse {
            message: format!(
                "{}'s token listing broke its paging ({what}), so it was stopped. Check that the \
                 connection's base URL is {}'s API",
                self.vendor, self.vendor
            ),
        }
    }
}
