//! The TypeScript generated from the command list: `ui/src/api/bindings.ts` (every type
//! reachable from the commands' requests, answers and progress, and the error every command
//! may fail with) and `ui/src/api/commands.ts` (the `Commands` map the page's `api.call` is
//! typed by). Both are committed; a test fails when they drift from the list, and
//! `make bindings` rewrites them.
//!
//! Never here: a type listed by hand; what crosses IPC is what the list names.

use std::collections::BTreeSet;

use scopekeeper_core::ipc::{named_types, ts_config, Declarations, IpcError};
use ts_rs::TS;

use crate::commands::{visit_commands, CommandVisitor};

/// Where the generated files are committed, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/api/bindings.ts";
pub const COMMANDS_PATH: &str = "../ui/src/api/commands.ts";

/// The first line of both generated files.
const HEADER: &str = "// Generated from the IPC command list (src-tauri/src/commands/mod.rs) by \
                      `make bindings`. Do not edit by hand.\n";

/// The declarations of every type the commands' requests, answers and progress reach, and of
/// the error every command may answer instead.
fn declarations() -> Declarations {
    struct Roots(Declarations);
    impl CommandVisitor for Roots {
        fn command<Req: TS + 'static, Res: TS + 'static, Progress: TS + 'static>(
            &mut self,
            _name: &'static str,
        ) {
            self.0.add::<Req>();
            self.0.add::<Res>();
            self.0.add::<Progress>();
        }
    }
    let mut roots = Roots(Declarations::new());
    roots.0.add::<IpcError>();
    visit_commands(&mut roots);
    roots.0
}

/// The generated TypeScript for every IPC type, as one module.
pub fn typescript_bindings() -> String {
    declarations().module(HEADER)
}

/// One command's line of the `Commands` map, and the declared types it names.
struct Line {
    text: String,
    names: Vec<String>,
}

fn command_lines() -> Vec<Line> {
    struct Lines(ts_rs::Config, Vec<Line>);
    impl CommandVisitor for Lines {
        fn command<Req: TS + 'static, Res: TS + 'static, Progress: TS + 'static>(
            &mut self,
            name: &'static str,
        ) {
            let cfg = &self.0;
            let text = format!(
                "  {name}: {{ req: {}; res: {}; progress: {} }};",
                Req::name(cfg),
                Res::name(cfg),
                Progress::name(cfg)
            );
            let mut names = named_types::<Req>();
            names.extend(named_types::<Res>());
            names.extend(named_types::<Progress>());
            self.1.push(Line { text, names });
        }
    }
    let mut lines = Lines(ts_config(), Vec::new());
    visit_commands(&mut lines);
    lines.1
}

/// The generated `Commands` map: one line per command, in list order, naming its request
/// (`null`: none), its answer (`null` for `()`) and its progress (`null`: it does not stream).
pub fn typescript_commands() -> String {
    let lines = command_lines();
    let names: BTreeSet<&str> = lines
        .iter()
        .flat_map(|l| l.names.iter().map(String::as_str))
        .collect();
    let mut out = format!("{HEADER}import type {{\n");
    for name in names {
        out.push_str(&format!("  {name},\n"));
    }
    out.push_str("} from \"./bindings\";\n\nexport type Commands = {\n");
    for line in lines {
        out.push_str(&line.text);
        out.push('\n');
    }
    out.push_str("};\n");
    out
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

    /// Every request struct is named for its command, and every type `commands.ts` imports is
    /// declared in `bindings.ts`.
    #[test]
    fn requests_are_named_for_their_commands_and_every_import_is_declared() {
        struct Names(Vec<(&'static str, String)>);
        impl CommandVisitor for Names {
            fn command<Req: TS + 'static, Res: TS + 'static, Progress: TS + 'static>(
                &mut self,
                name: &'static str,
            ) {
                self.0.push((name, Req::ident(&ts_config())));
            }
        }
        let mut names = Names(Vec::new());
        visit_commands(&mut names);
        assert!(names.0.len() > 50, "the list has every command");
        for (command, request) in names.0 {
            if request == "null" {
                continue;
            }
            let pascal: String = command
                .split('_')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect();
            assert_eq!(request, format!("{pascal}Request"), "{command}'s request");
        }
        let declared: BTreeSet<String> = declarations().names().map(str::to_owned).collect();
        for line in command_lines() {
            for name in line.names {
                assert!(declared.contains(&name), "{name} is not in bindings.ts");
            }
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
        assert!(ts.contains("  remove_catalog: { req: RemoveCatalogRequest; res: null;"));
        assert!(ts.find("  app_info:") < ts.find("  export_evidence:"));
    }
}
