//! The one list of IPC commands, and everything generated from it.
//!
//! Each entry of [`with_commands!`] declares a command once: the module holding its body, its
//! name, its request (a struct named `<Name>Request` whose fields are written in the entry),
//! what it answers and, for a streaming command, what it sends over its `on_progress` channel.
//! From the list come the request structs, the handler registration ([`handler`]), a check that
//! every body takes and answers what its entry says, and the TypeScript ([`typescript`]; the
//! files are written and checked by `tests/ipc.rs`). Adding a command is one entry here plus its
//! body in the feature's file.
//!
//! Never here: a command body, or a type the page receives that is not reachable from the list.

pub mod app;
pub mod audit;
pub mod catalogs;
pub mod connections;
pub mod created;
pub mod evidence;
pub mod guided;
pub mod history;
pub mod offboard;
mod shape;
pub mod specs;
pub mod tokens;

use scopekeeper_core::error::IpcError;
use scopekeeper_core::ipc::{
    ActionEntry, AppInfo, AuditProgress, AuditReport, CatalogSummary, CatalogView, ChainState,
    Changes, Connection, ConnectionInput, ConnectionList, ConnectionTest, ConnectionTimeline,
    CopyWhat, CreatedToken, Declared, Grant, GuidedPlan, KeptInKeyring, KeyringReport, PastedCheck,
    PublicKeyInfo, Reconciliation, Resolution, RevokeChoice, RunSummary, SearchResults,
    SelectionDiff, SpecCheck, SuggestMode, Suggestion, SweepOutcome, SweepPlan, SweepQuery,
    SweepTarget, Template, TokenSpec, TokenStatus, TokenTimeline, VendorToken, VerifiedPack,
};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::typescript::CommandsTypeScript;
use tauri::Runtime;
use ts_rs::TS;

use crate::commands::specs::LoadedSpec;

/// Hands the command list to the macro `$then`, one entry a line:
/// `module::name(NameRequest { field: Type, … }) -> Answer, progress Progress;` where the
/// request (none between the parentheses when the command takes none) and `, progress …` are
/// optional.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            app::app_info() -> AppInfo;
            app::keyring_check() -> KeyringReport;
            catalogs::list_catalogs() -> Vec<CatalogSummary>;
            catalogs::catalog_view(CatalogViewRequest { vendor: String, kind: Option<String> })
                -> CatalogView;
            catalogs::resolve_selection(ResolveSelectionRequest {
                vendor: String,
                kind: Option<String>,
                scopes: Vec<String>,
                /// Add the vendor's default scopes (`true` when omitted).
                defaults: Option<bool>,
            }) -> Resolution;
            catalogs::search_catalogs(SearchCatalogsRequest { query: String, limit: u32 })
                -> SearchResults;
            catalogs::permission_grants(PermissionGrantsRequest {
                vendor: String,
                permission: String,
            }) -> Vec<Grant>;
            catalogs::suggest_scopes(SuggestScopesRequest {
                vendor: String,
                kind: Option<String>,
                needs: Vec<String>,
                mode: Option<SuggestMode>,
            }) -> Suggestion;
            catalogs::diff_selections(DiffSelectionsRequest {
                vendor: String,
                kind: Option<String>,
                from: Vec<String>,
                to: Vec<String>,
            }) -> SelectionDiff;
            catalogs::scope_dependents(ScopeDependentsRequest {
                vendor: String,
                kind: Option<String>,
                selected: Vec<String>,
                scope: String,
            }) -> Vec<String>;
            specs::check_token_spec(CheckTokenSpecRequest { spec: TokenSpec }) -> SpecCheck;
            catalogs::import_catalog() -> Option<CatalogSummary>;
            catalogs::remove_catalog(RemoveCatalogRequest { vendor: String }) -> ();
            specs::export_token_spec(ExportTokenSpecRequest { spec: TokenSpec }) -> Option<String>;
            specs::load_token_spec() -> Option<LoadedSpec>;
            connections::list_connections() -> ConnectionList;
            tokens::reconcile_create(ReconcileCreateRequest { id: String }) -> Reconciliation;
            connections::save_connection(SaveConnectionRequest { input: ConnectionInput })
                -> Connection;
            connections::remove_connection(RemoveConnectionRequest { id: String }) -> ();
            connections::add_sandbox_connections() -> Vec<Connection>;
            connections::test_connection(TestConnectionRequest { id: String }) -> ConnectionTest;
            tokens::list_vendor_tokens(ListVendorTokensRequest { id: String }) -> Vec<VendorToken>;
            tokens::create_token(CreateTokenRequest { id: String, spec: TokenSpec })
                -> CreatedToken;
            tokens::create_into_keyring(CreateIntoKeyringRequest {
                id: String,
                spec: TokenSpec,
                /// The keyring entry is `token:<entry>`.
                entry: String,
            }) -> KeptInKeyring;
            created::reveal_created_token(RevealCreatedTokenRequest { token_id: String }) -> String;
            created::copy_created_token(CopyCreatedTokenRequest {
                token_id: String,
                what: CopyWhat,
            }) -> u64;
            created::save_created_token(SaveCreatedTokenRequest {
                token_id: String,
                name: String,
            }) -> String;
            created::discard_created_token(DiscardCreatedTokenRequest { token_id: String }) -> bool;
            tokens::token_status(TokenStatusRequest { id: String, token_id: String })
                -> TokenStatus;
            tokens::rename_token(RenameTokenRequest {
                id: String,
                token_id: String,
                name: String,
            }) -> VendorToken;
            tokens::revoke_token(RevokeTokenRequest {
                id: String,
                token_id: String,
                choice: RevokeChoice,
            }) -> ();
            tokens::revoke_replaced(RevokeReplacedRequest {
                id: String,
                old_token_id: String,
                new_token_id: String,
            }) -> ();
            guided::guided_plan(GuidedPlanRequest { id: String, spec: TokenSpec }) -> GuidedPlan;
            guided::open_vendor_console(OpenVendorConsoleRequest { id: String, spec: TokenSpec })
                -> String;
            guided::verify_pasted_token(VerifyPastedTokenRequest {
                id: String,
                #[ts(type = "string")]
                token: SecretString,
                save_as: Option<String>,
                declared: Option<Declared>,
            }) -> PastedCheck;
            audit::forget_registered(ForgetRegisteredRequest { id: String, fingerprint: String })
                -> ();
            guided::sandbox_console_create(SandboxConsoleCreateRequest {
                id: String,
                spec: TokenSpec,
            }) -> String;
            history::recent_actions(RecentActionsRequest { limit: u32 }) -> Vec<ActionEntry>;
            audit::run_audit() -> Option<AuditReport>, progress AuditProgress;
            audit::cancel_audit() -> ();
            audit::export_audit(ExportAuditRequest { format: String }) -> Option<String>;
            audit::assign_template(AssignTemplateRequest {
                token_key: String,
                template: Option<Template>,
            }) -> AuditReport;
            offboard::sweep_plan(SweepPlanRequest { query: SweepQuery }) -> SweepPlan,
                progress AuditProgress;
            offboard::sweep_revoke(SweepRevokeRequest { targets: Vec<SweepTarget>, typed: String })
                -> Vec<SweepOutcome>, progress SweepOutcome;
            offboard::export_sweep() -> Option<String>;
            history::since_last_audit() -> Option<Changes>;
            history::history_runs(HistoryRunsRequest { limit: u32 }) -> Vec<RunSummary>;
            history::history_changes(HistoryChangesRequest { to: i64 }) -> Changes;
            history::token_timeline(TokenTimelineRequest { key: String }) -> Option<TokenTimeline>;
            history::connection_timeline(ConnectionTimelineRequest { connection_id: String })
                -> Option<ConnectionTimeline>;
            history::log_chain_state() -> ChainState;
            evidence::evidence_key() -> Option<PublicKeyInfo>;
            evidence::export_evidence(ExportEvidenceRequest { since: Option<String> })
                -> Option<(String, VerifiedPack)>;
        }
    };
}

/// `$t`, or `()` when it is absent.
macro_rules! or_unit {
    () => {
        ()
    };
    ($t:ty) => {
        $t
    };
}

/// The request structs: every field as the command's Rust parameter was, snake_case on the
/// wire; an `Option` field may be omitted (`None`).
macro_rules! declare_requests {
    ($(
        $module:ident :: $name:ident (
            $( $req:ident { $( $(#[$meta:meta])* $field:ident : $ty:ty ),* $(,)? } )?
        ) -> $res:ty $(, progress $progress:ty)? ;
    )*) => {$($(
        #[doc = concat!("What `", stringify!($name), "` takes.")]
        #[derive(serde::Deserialize, TS)]
        #[ts(optional_fields = nullable)]
        pub struct $req {
            $( $(#[$meta])* pub $field: $ty, )*
        }
    )?)*};
}

with_commands!(declare_requests);

/// Every command's handler, for `tauri::Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    macro_rules! register {
        ($(
            $module:ident :: $name:ident ( $( $req:ident { $($fields:tt)* } )? )
                -> $res:ty $(, progress $progress:ty)? ;
        )*) => {
            tauri::generate_handler![$($module::$name),*]
        };
    }
    with_commands!(register)
}

/// Fails to compile when a body does not take its entry's request (and its channel when the
/// entry streams) or does not answer its entry's type (`T` or `Result<T, IpcError>`, at once or
/// as a future).
#[allow(dead_code)]
fn every_body_takes_and_answers_what_its_entry_says() {
    macro_rules! check {
        ($(
            $module:ident :: $name:ident ( $( $req:ident { $($fields:tt)* } )? )
                -> $res:ty $(, progress $progress:ty)? ;
        )*) => {{$(
            shape::expect::<or_unit!($($req)?), $res, or_unit!($($progress)?), _, _>(
                $module::$name::<tauri::Wry>,
            );
        )*}};
    }
    with_commands!(check)
}

/// The TypeScript of the list: every command in list order, and the error every command may
/// answer instead.
pub fn typescript() -> CommandsTypeScript {
    let mut ts = CommandsTypeScript::new();
    ts.declare::<IpcError>();
    macro_rules! table {
        ($(
            $module:ident :: $name:ident ( $( $req:ident { $($fields:tt)* } )? )
                -> $res:ty $(, progress $progress:ty)? ;
        )*) => {{$(
            ts.command::<or_unit!($($req)?), $res, or_unit!($($progress)?)>(stringify!($name));
        )*}};
    }
    with_commands!(table);
    ts
}
