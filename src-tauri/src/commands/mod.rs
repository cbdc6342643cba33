//! The one list of IPC commands, and everything generated from it.
//!
//! Each entry of `with_commands!` (in `list.rs`) declares a command once: its name, its
//! request (a struct named `<Name>Request` whose fields are written in the entry), what it
//! answers, what it streams over its `on_progress` channel, if anything, and its body: a
//! delegation into the core's workbench. From the list come the request structs, the Tauri
//! command functions, the handler registration ([`handler`]) and the TypeScript
//! ([`typescript`]; the files are written and checked by `tests/ipc.rs`). Adding a command is
//! one entry there plus its body in the core.
//!
//! Never here: a domain rule (a body only delegates), or a type the page receives that is not
//! reachable from the list.

pub mod app;
pub mod files;

use scopekeeper_core::error::Error;
use scopekeeper_core::ipc::{
    ActionEntry, AppInfo, AuditProgress, AuditReply, CatalogSummary, CatalogView, ChainState,
    Changes, Connection, ConnectionInput, ConnectionList, ConnectionTest, ConnectionTimeline,
    CopyWhat, CreatedToken, Declared, Grant, GuidedPlan, Json, KeptInKeyring, KeyringReport,
    ListFilter, PastedCheck, PublicKeyInfo, ReachList, Reconciliation, Resolution, RevokeChoice,
    RunSummary, ScopePage, ScopeQuery, ScopesAtVendor, SearchResults, SelectionDiff, SpecCheck,
    SuggestMode, Suggestion, SweepOutcome, SweepPlan, SweepQuery, SweepTarget, Template, TokenSpec,
    TokenStatus, TokenTimeline, TrendRun, VendorToken, VerifiedPack,
};
use scopekeeper_core::places::PlacedFile;
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::service;
use scopekeeper_core::typescript::CommandsTypeScript;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

use crate::clipboard::clear_after;
use crate::commands::files::LoadedSpec;
use crate::dialog;
use crate::state::ScopekeeperExt;

#[macro_use]
mod list;

/// `$t`, or `()` when it is absent.
macro_rules! or_unit {
    () => {
        ()
    };
    ($t:ty) => {
        $t
    };
}

/// Whether two names are the same (at compile time).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The request structs (every field snake_case on the wire; an `Option` field may be omitted)
/// and the Tauri command of each entry, which hands its body the app handle, the request and
/// the progress channel under the names the page sends them by (`req`, `onProgress`).
macro_rules! define_commands {
    ($(
        $name:ident (
            $( $reqv:ident : $req:ident { $( $(#[$meta:meta])* $field:ident : $ty:ty ),* $(,)? } )?
        ) -> $res:ty $(, progress $progv:ident : $progress:ty)? = |$app:ident| $body:expr ;
    )*) => {$(
        $(
            #[doc = concat!("What `", stringify!($name), "` takes.")]
            #[derive(serde::Deserialize, TS)]
            #[ts(optional_fields = nullable)]
            pub struct $req {
                $( $(#[$meta])* pub $field: $ty, )*
            }
            const _: () = assert!(same(stringify!($reqv), "req"), "a request is sent as `req`");
        )?
        $(
            const _: () = assert!(
                same(stringify!($progv), "on_progress"),
                "a progress channel is sent as `onProgress`"
            );
        )?
        #[tauri::command]
        pub async fn $name<R: Runtime>(
            $app: AppHandle<R>,
            $( $reqv: $req, )?
            $( $progv: Channel<$progress>, )?
        ) -> Result<$res, Error> {
            let $app = &$app;
            $body
        }
    )*};
}

with_commands!(define_commands);

/// Every command's handler, for `tauri::Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    macro_rules! register {
        ($(
            $name:ident ( $( $reqv:ident : $req:ident { $($fields:tt)* } )? ) -> $res:ty
                $(, progress $progv:ident : $progress:ty)? = |$app:ident| $body:expr ;
        )*) => {
            tauri::generate_handler![$($name),*]
        };
    }
    with_commands!(register)
}

/// The TypeScript of the list: every command in list order, and the error every command may
/// answer instead.
pub fn typescript() -> CommandsTypeScript {
    let mut ts = CommandsTypeScript::new();
    ts.declare::<Error>();
    macro_rules! table {
        ($(
            $name:ident ( $( $reqv:ident : $req:ident { $($fields:tt)* } )? ) -> $res:ty
                $(, progress $progv:ident : $progress:ty)? = |$app:ident| $body:expr ;
        )*) => {{$(
            ts.command::<or_unit!($($req)?), $res, or_unit!($($progress)?)>(stringify!($name));
        )*}};
    }
    with_commands!(table);
    ts
}
