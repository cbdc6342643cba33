//! What the UI learns of each vendor: its name, what its API can do, the base URL's shape, and
//! the words it needs (the key id's label, what a revoke does).

use serde::Serialize;
use ts_rs::TS;

use super::adapter::{Capabilities, Vendor};

/// A vendor as the UI learns it: its name, what it can do, and the base URL's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorInfo {
    pub id: Vendor,
    pub name: String,
    pub capabilities: Capabilities,
    pub url_hint: String,
    /// A connection also names the credential's key id and security level.
    pub uses_key_id: bool,
    /// What the connection form calls the key id, where a connection may name one.
    pub key_id_label: Option<String>,
    /// Key kinds made in the vendor's console from Scopekeeper's checklist, though the vendor's
    /// API makes others (`capabilities.create`).
    pub guided_kinds: Vec<String>,
    /// What a revoke does at this vendor when it is not "the token stops working everywhere".
    pub revoke_effect: Option<String>,
    /// The vendor's list call filters tokens (by name, state, creation and last use).
    pub filters_listing: bool,
}

impl VendorInfo {
    pub fn all() -> Vec<VendorInfo> {
        Vendor::ALL
            .into_iter()
            .map(|v| VendorInfo {
                id: v,
                name: v.name().into(),
                capabilities: v.adapter().capabilities(),
                url_hint: v.adapter().url_hint().into(),
                uses_key_id: v.adapter().uses_key_id(),
                key_id_label: v.adapter().key_id_label().map(str::to_owned),
                guided_kinds: v
                    .adapter()
                    .guided_kinds()
                    .iter()
                    .map(|k| (*k).to_owned())
                    .collect(),
                revoke_effect: v.adapter().revoke_effect().map(str::to_owned),
                filters_listing: v.adapter().filters_listing(),
            })
            .collect()
    }
}
