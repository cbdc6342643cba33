//! Data that crosses IPC between the Rust side and the web UI, and the TypeScript generated
//! from it.
//!
//! Every type the UI receives is declared here (or re-exported here) and derives [`TS`]; the
//! file `ui/src/api/bindings.ts` is generated from [`typescript_bindings`] and committed. A test
//! fails when the committed file drifts from these types; `make bindings` regenerates it.
//! Nothing here may hold a secret.

use serde::Serialize;
use ts_rs::TS;

pub use crate::action_log::{ActionEntry, BreakReason, ChainBreak, ChainState};
pub use crate::algebra::{
    Finding, Grant, GrantedPermission, Reason, Resolution, ResolvedScope, SelectionDiff,
};
pub use crate::audit::{
    Access, Assessment, AuditFinding, AuditRow, AuditSettings, AuditToken, ChipCount,
    CredentialUse, MatrixBlock, MatrixGroup, MatrixScope, RuleId, Severity, Template,
    TemplateSource, TokenSource,
};
pub use crate::audit::{AuditProgress, AuditReport, ConnectionOutcome, Inventory};
pub use crate::catalog::file::{
    GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, RequirementDef, SecurityLevel,
    Source, TokenPolicy,
};
pub use crate::catalog::view::{CatalogSummary, CatalogView, KindSummary, ScopeView};
pub use crate::connection::{Connection, ConnectionInput, ConnectionList};
pub use crate::desk::{
    ChecklistItem, ConnectionTest, CopyWhat, CreatedToken, Declared, GuidedPlan, KeptInKeyring,
    PastedCheck, Reconciliation, RevokeChoice, TokenStatus,
};
pub use crate::error::{Error, ErrorKind, IpcError};
pub use crate::evidence::{CatalogIdentity, PartHash, PublicKeyInfo, VerifiedPack};
pub use crate::history::{
    Baseline, CatalogDrift, ChangeCounts, ChangeKind, Changes, ConnectionTimeline,
    ConnectionTimelineEntry, NotCompared, RunConnection, RunRef, RunSummary, ScopeChange, Snapshot,
    SnapshotCatalog, SnapshotFinding, SnapshotToken, TimelineEvent, TokenChange, TokenTimeline,
    TokenTimelineEntry, UnknownScopes, Vanished,
};
pub use crate::offboard::{
    SweepMatch, SweepOutcome, SweepPlan, SweepQuery, SweepResult, SweepTarget,
};
pub use crate::search::{HitKind, SearchHit, SearchResults};
pub use crate::secret_store::KeyringReport;
pub use crate::suggest::{SuggestMode, Suggestion};
pub use crate::token_spec::{FieldProblem, SpecCheck, TokenSpec};
pub use crate::vendor::adapter::{Capabilities, ListProgress, Vendor, VendorInfo};
pub use crate::vendor::VendorToken;

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

/// The generated TypeScript for every IPC type, as one module.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::new();
    let decls = [
        AppInfo::decl(&cfg),
        KeyringReport::decl(&cfg),
        ErrorKind::decl(&cfg),
        Error::decl(&cfg),
        CatalogSummary::decl(&cfg),
        KindSummary::decl(&cfg),
        CatalogView::decl(&cfg),
        ScopeView::decl(&cfg),
        Source::decl(&cfg),
        GroupDef::decl(&cfg),
        KeyKindDef::decl(&cfg),
        TokenPolicy::decl(&cfg),
        SecurityLevel::decl(&cfg),
        Requirement::decl(&cfg),
        RequirementDef::decl(&cfg),
        PermissionDef::decl(&cfg),
        PresetDef::decl(&cfg),
        Resolution::decl(&cfg),
        ResolvedScope::decl(&cfg),
        Reason::decl(&cfg),
        GrantedPermission::decl(&cfg),
        Finding::decl(&cfg),
        Grant::decl(&cfg),
        Suggestion::decl(&cfg),
        SuggestMode::decl(&cfg),
        SelectionDiff::decl(&cfg),
        SearchResults::decl(&cfg),
        SearchHit::decl(&cfg),
        HitKind::decl(&cfg),
        TokenSpec::decl(&cfg),
        FieldProblem::decl(&cfg),
        SpecCheck::decl(&cfg),
        Connection::decl(&cfg),
        ConnectionInput::decl(&cfg),
        ConnectionList::decl(&cfg),
        Vendor::decl(&cfg),
        Capabilities::decl(&cfg),
        VendorInfo::decl(&cfg),
        ListProgress::decl(&cfg),
        ConnectionTest::decl(&cfg),
        VendorToken::decl(&cfg),
        CredentialUse::decl(&cfg),
        RevokeChoice::decl(&cfg),
        CreatedToken::decl(&cfg),
        TokenStatus::decl(&cfg),
        GuidedPlan::decl(&cfg),
        ChecklistItem::decl(&cfg),
        PastedCheck::decl(&cfg),
        Declared::decl(&cfg),
        CopyWhat::decl(&cfg),
        Reconciliation::decl(&cfg),
        ActionEntry::decl(&cfg),
    ];
    let decls = decls
        .into_iter()
        .chain(audit_decls(&cfg))
        .chain(offboard_decls(&cfg))
        .chain(history_decls(&cfg))
        .chain(evidence_decls(&cfg));
    let mut out = String::from(
        "// Generated from scopekeeper-core (src/ipc.rs) by `make bindings`. Do not edit by hand.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

/// The audit's types.
fn audit_decls(cfg: &ts_rs::Config) -> [String; 19] {
    [
        AuditToken::decl(cfg),
        AuditFinding::decl(cfg),
        Severity::decl(cfg),
        Access::decl(cfg),
        ConnectionOutcome::decl(cfg),
        Inventory::decl(cfg),
        TokenSource::decl(cfg),
        AuditRow::decl(cfg),
        ChipCount::decl(cfg),
        MatrixBlock::decl(cfg),
        MatrixGroup::decl(cfg),
        MatrixScope::decl(cfg),
        Assessment::decl(cfg),
        AuditReport::decl(cfg),
        AuditProgress::decl(cfg),
        AuditSettings::decl(cfg),
        RuleId::decl(cfg),
        Template::decl(cfg),
        TemplateSource::decl(cfg),
    ]
}

/// The offboarding sweep's and create-into-keyring's types.
fn offboard_decls(cfg: &ts_rs::Config) -> [String; 7] {
    [
        SweepQuery::decl(cfg),
        SweepMatch::decl(cfg),
        SweepPlan::decl(cfg),
        SweepTarget::decl(cfg),
        SweepResult::decl(cfg),
        SweepOutcome::decl(cfg),
        KeptInKeyring::decl(cfg),
    ]
}

/// The action log's chain and the evidence pack's types.
fn evidence_decls(cfg: &ts_rs::Config) -> [String; 7] {
    [
        ChainState::decl(cfg),
        ChainBreak::decl(cfg),
        BreakReason::decl(cfg),
        CatalogIdentity::decl(cfg),
        PartHash::decl(cfg),
        PublicKeyInfo::decl(cfg),
        VerifiedPack::decl(cfg),
    ]
}

/// The history's types: runs, changes, drift, timelines.
fn history_decls(cfg: &ts_rs::Config) -> [String; 22] {
    [
        RunSummary::decl(cfg),
        RunConnection::decl(cfg),
        RunRef::decl(cfg),
        ChangeKind::decl(cfg),
        Vanished::decl(cfg),
        TokenChange::decl(cfg),
        ChangeCounts::decl(cfg),
        NotCompared::decl(cfg),
        Baseline::decl(cfg),
        Changes::decl(cfg),
        CatalogDrift::decl(cfg),
        ScopeChange::decl(cfg),
        UnknownScopes::decl(cfg),
        TimelineEvent::decl(cfg),
        TokenTimelineEntry::decl(cfg),
        TokenTimeline::decl(cfg),
        ConnectionTimelineEntry::decl(cfg),
        ConnectionTimeline::decl(cfg),
        Snapshot::decl(cfg),
        SnapshotToken::decl(cfg),
        SnapshotFinding::decl(cfg),
        SnapshotCatalog::decl(cfg),
    ]
}

/// Where the generated bindings are committed, relative to this crate.
pub const BINDINGS_PATH: &str = "../../../ui/src/api/bindings.ts";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Fails when `ui/src/api/bindings.ts` no longer matches the Rust types. With
    /// `SCOPEKEEPER_WRITE_BINDINGS=1` it rewrites the file instead (that is `make bindings`).
    #[test]
    fn generated_bindings_are_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let wanted = typescript_bindings();
        if std::env::var_os("SCOPEKEEPER_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &wanted).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == wanted,
            "{} is out of date with the Rust IPC types: run `make bindings` and commit it",
            path.display()
        );
    }

    #[test]
    fn bindings_declare_every_ipc_type() {
        let ts = typescript_bindings();
        for name in [
            "AppInfo",
            "KeyringReport",
            "ErrorKind",
            "IpcError",
            "CatalogView",
            "Resolution",
            "TokenSpec",
        ] {
            assert!(
                ts.contains(&format!("export type {name} ")),
                "missing {name} in:\n{ts}"
            );
        }
    }

    #[test]
    fn app_info_reports_this_core_version() {
        let info = AppInfo::describe("Scopekeeper", "1.2.3", "2.12.5");
        assert_eq!(info.core_version, crate::CORE_VERSION);
        assert_eq!(info.os, std::env::consts::OS);
    }
}
