//! Reading a whole Cloudflare token listing, page by page, under the shared paging bounds
//! ([`crate::vendor::paging`]).

use super::{CfToken, Cloudflare};
use crate::vendor::paging::Paging;
use crate::vendor::VendorError;

/// Tokens per page (Cloudflare allows 5–50).
pub const PER_PAGE: usize = 50;

impl Cloudflare {
    /// Every token, calling `on_page(tokens so far, pages read, total pages)` after each page.
    pub async fn list_all(
        &self,
        max_tokens: usize,
        on_page: &(dyn Fn(usize, usize, usize) + Send + Sync),
    ) -> Result<Vec<CfToken>, VendorError> {
        let paging = Paging {
            vendor: "Cloudflare",
            per_page: PER_PAGE,
            max_tokens,
            on_page,
        };
        paging
            .read_all(
                |page| async move {
                    let (rows, info) = self.list_page(page, PER_PAGE).await?;
                    Ok((rows, Some(info.total_pages).filter(|n| *n > 0)))
                },
                |t: &CfToken| t.id.clone(),
            )
            .await
    }
}
