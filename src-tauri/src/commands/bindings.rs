//! The committed TypeScript generated from the command list ([`crate::commands::typescript`]):
//! `ui/src/api/bindings.ts` (every type the commands reach) and `ui/src/api/commands.ts` (the
//! `Commands` map the page's `api.call` is typed by). A test fails when they drift from the
//! list; `make bindings` rewrites them.
//!
//! Never here: a type listed by hand; what crosses IPC is what the list names.

use crate::commands::typescript;

/// Where the generated files are committed, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/api/bindings.ts";
pub const COMMANDS_PATH: &str = "../ui/src/api/commands.ts";

/// The first line of both generated files.
const HEADER: &str = "// Generated from the IPC command list (src-tauri/src/commands/mod.rs) by \
                      `make bindings`. Do not edit by hand.\n";

/// The generated TypeScript for every IPC type, as one module.
pub fn typescript_bindings() -> String {
    typescript().bindings(HEADER)
}

/// The generated `Commands` map: one line per command, in list order.
pub fn typescript_commands() -> String {
    typescript().commands(HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Fails when `ui/src/api/bindings.ts` or `ui/src/api/commands.ts` no longer matches the
    /// command list and its types. With `SCOPEKEEPER_WRITE_BINDINGS=1` it rewrites both files
    /// instead (that is `make bindings`).
    #[test]
    fn generated_bindings_are_up_to_date() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let write = std::env::var_os("SCOPEKEEPER_WRITE_BINDINGS").is_some();
        for (file, wanted) in [
            (BINDINGS_PATH, typescript_bindings()),
            (COMMANDS_PATH, typescript_commands()),
        ] {
            let path = dir.join(file);
            if write {
                std::fs::write(&path, &wanted).expect("write bindings");
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == wanted,
                "{} is out of date with the IPC command list: run `make bindings` and commit it",
                path.display()
            );
        }
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
    fn commands_map_has_one_line_per_command_in_list_order() {
        let ts = typescript_commands();
        assert!(ts.contains("  app_info: { req: null; res: AppInfo; progress: null };\n"));
        assert!(ts.contains(
            "  catalog_view: { req: CatalogViewRequest; res: CatalogView; progress: null };\n"
        ));
        assert!(ts.contains(
            "  run_audit: { req: null; res: AuditReport | null; progress: AuditProgress };\n"
        ));
        assert!(ts.contains(
            "  sweep_revoke: { req: SweepRevokeRequest; res: Array<SweepOutcome>; progress: SweepOutcome };\n"
        ));
        assert!(ts.contains("  remove_catalog: { req: RemoveCatalogRequest; res: null;"));
        assert!(ts.find("  app_info:") < ts.find("  export_evidence:"));
        assert_eq!(
            ts.matches("progress: null }").count() + 3,
            ts.matches("; res: ").count()
        );
    }
}
