//! The TypeScript written from the IPC types: the declarations of every type a command list
//! reaches (`ui/src/api/bindings.ts`) and the `Commands` map naming each command's request,
//! answer and progress (`ui/src/api/commands.ts`). The desktop app feeds its command list in;
//! this module owns how the files read.
//!
//! Never here: a list of types kept by hand (what is declared is what the commands reach), or
//! a file write (the app's drift test writes, and only under `make bindings`).

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet};

use ts_rs::{TypeVisitor, TS};

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
/// ([`TS::visit_generics`]). The module lists the declarations by TypeScript name, so its text
/// depends only on the types, never on the order they were reached in. Two different Rust types
/// named alike in TypeScript are a bug and panic, naming the name.
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

    /// The configuration the declarations are made with.
    pub fn config(&self) -> &ts_rs::Config {
        &self.cfg
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
fn named_types<T: TS + 'static + ?Sized>() -> Vec<String> {
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

/// The TypeScript of an IPC command list: every type its commands reach, and one line of the
/// `Commands` map per command, in the order the commands were added.
pub struct CommandsTypeScript {
    types: Declarations,
    imports: BTreeSet<String>,
    lines: Vec<String>,
}

impl Default for CommandsTypeScript {
    fn default() -> Self {
        Self::new()
    }
}

impl CommandsTypeScript {
    /// No commands yet.
    pub fn new() -> Self {
        Self {
            types: Declarations::new(),
            imports: BTreeSet::new(),
            lines: Vec::new(),
        }
    }

    /// Declares `T` and what it reaches without naming it in the map (the error every command
    /// may answer instead).
    pub fn declare<T: TS + 'static + ?Sized>(&mut self) {
        self.types.add::<T>();
    }

    /// Adds command `name`: it takes `Req` (`()`: nothing), answers `Res` (`()`: `null`) and
    /// streams `Progress` (`()`: nothing). Panics when `Req` is not named `<Name>Request`
    /// (`name` in PascalCase), the one way a request is named.
    pub fn command<Req: TS + 'static, Res: TS + 'static, Progress: TS + 'static>(
        &mut self,
        name: &str,
    ) {
        let cfg = self.types.config();
        let request = Req::ident(cfg);
        let wanted: String = name
            .split('_')
            .filter(|w| !w.is_empty())
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .chain(["Request".to_owned()])
            .collect();
        assert!(
            request == "null" || request == wanted,
            "`{name}` takes `{request}`: its request must be named `{wanted}`"
        );
        self.lines.push(format!(
            "  {name}: {{ req: {request}; res: {}; progress: {} }};",
            Res::name(cfg),
            Progress::name(cfg)
        ));
        self.imports.extend(named_types::<Req>());
        self.imports.extend(named_types::<Res>());
        self.imports.extend(named_types::<Progress>());
        self.types.add::<Req>();
        self.types.add::<Res>();
        self.types.add::<Progress>();
    }

    /// `bindings.ts`: `header`, then every declaration.
    pub fn bindings(&self, header: &str) -> String {
        self.types.module(header)
    }

    /// `commands.ts`: `header`, the types the map names imported from `./bindings`, then the
    /// map, one line per command.
    pub fn commands(&self, header: &str) -> String {
        let mut out = format!("{header}import type {{\n");
        for name in &self.imports {
            out.push_str(&format!("  {name},\n"));
        }
        out.push_str("} from \"./bindings\";\n\nexport type Commands = {\n");
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("};\n");
        out
    }
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

    #[derive(TS)]
    #[ts(optional_fields = nullable)]
    #[allow(dead_code)]
    struct ViewLeafRequest {
        id: String,
        kind: Option<String>,
    }

    fn sample() -> CommandsTypeScript {
        let mut ts = CommandsTypeScript::new();
        ts.declare::<Branch>();
        ts.command::<(), Vec<Root>, ()>("list_roots");
        ts.command::<ViewLeafRequest, Option<Leaf>, Branch>("view_leaf");
        ts.command::<(), (), ()>("forget");
        ts
    }

    #[test]
    fn the_commands_map_names_each_command_in_order_and_imports_what_it_names() {
        let ts = sample().commands("// header\n");
        assert_eq!(
            ts,
            "// header\nimport type {\n  Branch,\n  Leaf,\n  Root,\n  ViewLeafRequest,\n} \
             from \"./bindings\";\n\nexport type Commands = {\n  \
             list_roots: { req: null; res: Array<Root>; progress: null };\n  \
             view_leaf: { req: ViewLeafRequest; res: Leaf | null; progress: Branch };\n  \
             forget: { req: null; res: null; progress: null };\n};\n"
        );
    }

    #[test]
    fn the_bindings_declare_every_request_answer_and_progress_and_what_they_reach() {
        let ts = sample();
        let bindings = ts.bindings("");
        for name in ["Branch", "Leaf", "Root", "ViewLeafRequest"] {
            assert!(
                bindings.contains(&format!("export type {name} = ")),
                "{name} in {bindings}"
            );
        }
        assert!(
            bindings.contains("kind?: string | null"),
            "an Option field is written as the request struct says: {bindings}"
        );
    }

    #[test]
    #[should_panic(expected = "must be named `ViewRootRequest`")]
    fn a_request_not_named_for_its_command_is_refused() {
        CommandsTypeScript::new().command::<ViewLeafRequest, Root, ()>("view_root");
    }
}
