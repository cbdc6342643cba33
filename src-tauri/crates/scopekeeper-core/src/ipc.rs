//! Data that crosses IPC between the Rust side and the web UI, and the TypeScript generated
//! from it.
//!
//! The core's types the UI receives, declared or re-exported here; each derives [`TS`]. The
//! desktop app's command list (which also declares the request structs) names which types
//! cross IPC, and `ui/src/api/bindings.ts` is generated from it ([`crate::typescript`]),
//! committed and checked for drift; `make bindings` regenerates it. Nothing here may hold a
//! secret.

use std::marker::PhantomData;

use serde::Serialize;
use serde_json::value::RawValue;
use ts_rs::TS;

pub use crate::action_log::{ActionEntry, BreakReason, ChainBreak, ChainState};
pub use crate::algebra::{
    Finding, Grant, GrantedPermission, Reason, Resolution, ResolvedScope, SelectionDiff,
};
pub use crate::audit::reply::{
    AuditReplyAssessment, AuditReplyFinding, AuditReplyRow, AuditReplyToken,
};
pub use crate::audit::{
    Access, Assessment, AuditFinding, AuditRow, AuditSettings, AuditToken, ChipCount,
    CredentialUse, MatrixBlock, MatrixGroup, MatrixScope, RuleId, Severity, Template,
    TemplateSource, TokenSource,
};
pub use crate::audit::{
    AuditProgress, AuditReply, AuditReport, ConnectionOutcome, Inventory, Overview, RuleText,
};
pub use crate::catalog::file::{
    GroupDef, KeyKindDef, NarrowArea, PermissionDef, PresetDef, Requirement, RequirementDef,
    SecurityLevel, Source, TokenPolicy,
};
pub use crate::catalog::page::{GroupSpan, ScopePage, ScopeQuery, ScopeRow};
pub use crate::catalog::view::{CatalogSummary, CatalogView, KindSummary, ScopeView};
pub use crate::connection::{Connection, ConnectionInput, ConnectionList};
pub use crate::desk::{
    ChecklistItem, ConnectionTest, CopyWhat, CreatedToken, Declared, GuidedPlan, KeptInKeyring,
    PastedCheck, Reconciliation, RevokeChoice, ScopesAtVendor, TokenStatus,
};
pub use crate::error::{Error, ErrorKind};
pub use crate::evidence::{CatalogIdentity, PartHash, PublicKeyInfo, VerifiedPack};
pub use crate::history::{
    Baseline, CatalogDrift, ChangeCounts, ChangeKind, Changes, ConnectionTimeline,
    ConnectionTimelineEntry, NotCompared, RunConnection, RunRef, RunSummary, ScopeChange, Snapshot,
    SnapshotCatalog, SnapshotFinding, SnapshotToken, TimelineEvent, TokenChange, TokenTimeline,
    TokenTimelineEntry, TrendRun, UnknownScopes, Vanished,
};
pub use crate::offboard::{
    SweepMatch, SweepOutcome, SweepPlan, SweepQuery, SweepResult, SweepTarget,
};
pub use crate::search::{HitKind, SearchHit, SearchResults};
pub use crate::secret_store::KeyringReport;
pub use crate::suggest::{SuggestMode, Suggestion};
pub use crate::token_spec::{FieldProblem, Reach, SpecCheck, TokenSpec};
pub use crate::vendor::adapter::{
    Capabilities, ListProgress, OfferedScope, ReachItem, ReachList, Vendor, VendorInfo,
};
pub use crate::vendor::{ListFilter, ListState, VendorToken};

/// What the app is, for the header, the about box and bug reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub core_version: String,
    pub tauri_version: String,
    pub os: String,
    pub arch: String,
    /// Every vendor the app has an adapter for: the one source of the names the page shows.
    pub vendors: Vec<crate::vendor::adapter::VendorInfo>,
}

impl AppInfo {
    /// Describes this build; the versions of the outer layers are passed in by the app.
    pub fn describe(name: &str, version: &str, tauri_version: &str) -> Self {
        Self {
            name: name.to_owned(),
            version: version.to_owned(),
            core_version: crate::CORE_VERSION.to_owned(),
            tauri_version: tauri_version.to_owned(),
            os: std::env::consts::OS.to_owned(),
            arch: std::env::consts::ARCH.to_owned(),
            vendors: crate::vendor::adapter::VendorInfo::all(),
        }
    }
}

/// A `T` already written as JSON (off the async threads, while nothing is locked), sent to the
/// page as it is: the page receives a `T`, and Tauri copies the text instead of writing the
/// `T` again on the command's thread. Only the core writes one, from a `T`.
pub struct Json<T: ?Sized> {
    text: Box<RawValue>,
    of: PhantomData<fn() -> Box<T>>,
}

impl<T: ?Sized> Json<T> {
    /// `value` written as JSON; `V` is `T` (but for its lifetimes: a reply borrowing what it
    /// answers is written as the `T<'static>` the page reads).
    pub(crate) fn write<V: Serialize + ?Sized>(value: &V) -> Self {
        Self {
            text: serde_json::value::to_raw_value(value).expect("an IPC type is written as JSON"),
            of: PhantomData,
        }
    }

    /// The JSON.
    pub fn text(&self) -> &str {
        self.text.get()
    }
}

impl<T: ?Sized> Serialize for Json<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(s)
    }
}

impl<T: ?Sized> std::fmt::Debug for Json<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Json({} bytes)", self.text.get().len())
    }
}

/// In TypeScript a `Json<T>` is the `T` it holds.
impl<T: TS + ?Sized> TS for Json<T> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(cfg: &ts_rs::Config) -> String {
        T::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        T::inline(cfg)
    }
    fn inline_flattened(cfg: &ts_rs::Config) -> String {
        T::inline_flattened(cfg)
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        T::visit_dependencies(v);
    }
    fn visit_generics(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        T::visit_generics(v);
        v.visit::<T>();
    }
    fn decl(_: &ts_rs::Config) -> String {
        panic!("Json<T> is declared as the T it holds")
    }
    fn decl_concrete(_: &ts_rs::Config) -> String {
        panic!("Json<T> is declared as the T it holds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_info_reports_this_core_version() {
        let info = AppInfo::describe("Scopekeeper", "1.2.3", "2.12.5");
        assert_eq!(info.core_version, crate::CORE_VERSION);
        assert_eq!(info.os, std::env::consts::OS);
    }
}
