//! Data that crosses IPC between the Rust side and the web UI, and the TypeScript generated
//! from it.
//!
//! Every type the UI receives is declared here (or re-exported here) and derives [`TS`]. The
//! desktop app's command list names which of them cross IPC; [`Declarations`] walks from those
//! to every type they reach, and the app writes the result to `ui/src/api/bindings.ts` (committed
//! and checked for drift; `make bindings` regenerates it). Nothing here may hold a secret.

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use ts_rs::{TypeVisitor, TS};

pub use crate::action_log::{ActionEntry, BreakReason, ChainBreak, ChainState};
pub use crate::algebra::{
    Finding, Grant, GrantedPermission, Reason, Resolution, ResolvedScope, SelectionDiff,
};
pub use crate::audit::{
    Access, Assessment, AuditFinding, AuditRow, AuditSettings, AuditToken, ChipCount,
    CredentialUse, MatrixBlock, MatrixGroup, MatrixScope, Severity, Template, TemplateSource,
    TokenSource,
};
pub use crate::catalog::file::{
    GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, RequirementDef, SecurityLevel,
    Source, TokenPolicy,
};
pub use crate::catalog::view::{CatalogSummary, CatalogView, KindSummary, ScopeView};
pub use crate::connection::{Connection, ConnectionInput, ConnectionList};
pub use crate::desk::{AuditProgress, AuditReport, ConnectionOutcome, Inventory};
pub use crate::desk::{
    ChecklistItem, ConnectionTest, CopyWhat, CreatedToken, Declared, GuidedPlan, PastedCheck,
    Reconciliation, RevokeChoice, TokenStatus, VendorToken,
};
pub use crate::desk::{
    KeptInKeyring, SweepMatch, SweepOutcome, SweepPlan, SweepQuery, SweepResult, SweepTarget,
};
pub use crate::error::{ErrorKind, IpcError};
pub use crate::evidence::{CatalogIdentity, PartHash, PublicKeyInfo, VerifiedPack};
pub use crate::history::{
    Baseline, CatalogDrift, ChangeCounts, ChangeKind, Changes, ConnectionTimeline,
    ConnectionTimelineEntry, NotCompared, RunConnection, RunRef, RunSummary, ScopeChange, Snapshot,
    SnapshotCatalog, SnapshotFinding, SnapshotToken, TimelineEvent, TokenChange, TokenTimeline,
    TokenTimelineEntry, UnknownScopes, Vanished,
};
pub use crate::search::{HitKind, SearchHit, SearchResults};
pub use crate::secret_store::KeyringReport;
pub use crate::suggest::{SuggestMode, Suggestion};
pub use crate::token_spec::{FieldProblem, SpecCheck, TokenSpec};
pub use crate::vendor::adapter::{Capabilities, ListProgress, Vendor, VendorInfo};

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

/// How IPC types are written in TypeScript. Integers wider than 32 bits are `number`: they
/// cross IPC as JSON numbers, never as `bigint`.
pub fn ts_config() -> ts_rs::Config {
    ts_rs::Config::new().with_large_int("number")
}

/// The TypeScript declarations of some IPC types and of every type they reach, each once.
///
/// Types are added as roots ([`Declarations::add`]); the walk follows ts-rs's
/// [`TS::visit_dependencies`] from each declared type, and passes through the types that have no
/// declaration of their own (`Option`, `Vec`, tuples, maps) to what they hold
/// ([`TS::visit_generics`]). The
/// module lists the declarations by TypeScript name, so its text depends only on the types, never
/// on the order they were reached in. Two different Rust types named alike in TypeScript are a
/// bug and panic, naming the name.
pub struct Declarations {
    cfg: ts_rs::Config,
    named: BTreeMap<String, (TypeId, String)>,
}

impl Default for Declarations {
    fn default() -> Self {
        Self::new()
    }
}

impl Declarations {
    /// No declarations yet, made with [`ts_config`].
    pub fn new() -> Self {
        Self {
            cfg: ts_config(),
            named: BTreeMap::new(),
        }
    }

    /// Declares `T` (when it has a declaration of its own) and every type it reaches.
    pub fn add<T: TS + 'static + ?Sized>(&mut self) {
        self.visit::<T>();
    }

    /// The declared types' names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.named.keys().map(String::as_str)
    }

    /// One module: `header`, then every declaration exported, sorted by name.
    pub fn module(&self, header: &str) -> String {
        let mut out = String::from(header);
        for (_, decl) in self.named.values() {
            out.push_str("\nexport ");
            out.push_str(decl);
            out.push('\n');
        }
        out
    }
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() {
            T::visit_generics(self);
            return;
        }
        let name = T::ident(&self.cfg);
        if let Some((seen, _)) = self.named.get(&name) {
            assert!(
                *seen == TypeId::of::<T>(),
                "two IPC types are both named `{name}` in TypeScript"
            );
            return;
        }
        let decl = T::decl(&self.cfg);
        self.named.insert(name, (TypeId::of::<T>(), decl));
        T::visit_dependencies(self);
    }
}

/// The declared types `T`'s TypeScript name refers to (`Option<Vec<Grant>>`: `Grant`), sorted;
/// what they reach in turn is left out.
pub fn named_types<T: TS + 'static + ?Sized>() -> Vec<String> {
    struct Surface(ts_rs::Config, BTreeSet<String>);
    impl TypeVisitor for Surface {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            if T::output_path().is_some() {
                self.1.insert(T::ident(&self.0));
            } else {
                T::visit_generics(self);
            }
        }
    }
    let mut surface = Surface(ts_config(), BTreeSet::new());
    surface.visit::<T>();
    surface.1.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(TS)]
    #[allow(dead_code)]
    struct Leaf {
        n: u64,
    }

    #[derive(TS)]
    #[allow(dead_code)]
    struct Branch {
        leaves: Vec<Leaf>,
        twin: Option<Leaf>,
    }

    #[derive(TS)]
    #[allow(dead_code)]
    struct Root {
        branch: Branch,
        pair: (String, Leaf),
    }

    mod elsewhere {
        #[derive(ts_rs::TS)]
        #[allow(dead_code)]
        pub struct Leaf {
            pub s: String,
        }
    }

    #[test]
    fn declarations_reach_through_options_vectors_and_tuples_each_type_once() {
        let mut d = Declarations::new();
        d.add::<Option<Vec<Root>>>();
        d.add::<Leaf>();
        assert_eq!(d.names().collect::<Vec<_>>(), ["Branch", "Leaf", "Root"]);
        let module = d.module("// header\n");
        assert!(module.starts_with("// header\n\nexport type Branch = "));
        assert_eq!(module.matches("export type Leaf = ").count(), 1);
        assert!(
            module.contains("n: number"),
            "wide integers are JSON numbers: {module}"
        );
    }

    #[test]
    fn declarations_do_not_depend_on_the_order_of_the_roots() {
        let mut a = Declarations::new();
        a.add::<Leaf>();
        a.add::<Root>();
        let mut b = Declarations::new();
        b.add::<Root>();
        b.add::<Leaf>();
        assert_eq!(a.module(""), b.module(""));
    }

    #[test]
    #[should_panic(expected = "both named `Leaf`")]
    fn two_types_named_alike_are_refused() {
        let mut d = Declarations::new();
        d.add::<Leaf>();
        d.add::<elsewhere::Leaf>();
    }

    #[test]
    fn named_types_are_the_declared_types_a_name_refers_to() {
        assert_eq!(named_types::<Option<Vec<Root>>>(), ["Root"]);
        assert_eq!(
            named_types::<Option<(String, Branch, Leaf)>>(),
            ["Branch", "Leaf"]
        );
        assert!(named_types::<Vec<String>>().is_empty());
        assert!(named_types::<()>().is_empty());
    }

    #[test]
    fn app_info_reports_this_core_version() {
        let info = AppInfo::describe("Scopekeeper", "1.2.3", "2.12.5");
        assert_eq!(info.core_version, crate::CORE_VERSION);
        assert_eq!(info.os, std::env::consts::OS);
    }
}
