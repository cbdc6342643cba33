//! Loading and validating catalog files.
//!
//! Fast path: one typed parse straight from the text, then validation and indexing. Only when
//! something is wrong does it parse again generically, to collect *every* problem (type errors
//! item by item, then references, duplicates and cycles) and locate each at `file:line:col`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::file::{CatalogFile, KeyKindDef, PermissionDef};
use super::locate::{json_offsets, line_col, toml_offsets, DocPath};
use super::{Catalog, Origin, PermIx, ScopeIx};

/// The syntax of a catalog text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Toml,
}

impl Format {
    /// `.toml` files are TOML; everything else is read as JSON.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
            _ => Format::Json,
        }
    }
}

/// One problem in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for CatalogDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Every problem found in a catalog file, in file order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogErrors(pub Vec<CatalogDiagnostic>);

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogErrors {}

/// Reads and loads a catalog file; the format follows the extension (`.toml`, else JSON).
pub fn load_catalog_file(path: &Path) -> Result<Catalog, CatalogErrors> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        CatalogErrors(vec![CatalogDiagnostic {
            file: name.clone(),
            line: 1,
            column: 1,
            message: format!("cannot read the file: {e}"),
        }])
    })?;
    load_catalog_text(
        &name,
        &text,
        Format::from_path(path),
        Origin::File(name.clone()),
    )
}

/// Loads a catalog from text. `name` is the file name used in diagnostics.
pub fn load_catalog_text(
    name: &str,
    text: &str,
    format: Format,
    origin: Origin,
) -> Result<Catalog, CatalogErrors> {
    let located = |problems: Vec<(DocPath, String)>| -> CatalogErrors {
        let paths: Vec<DocPath> = problems.iter().map(|(p, _)| p.clone()).collect();
        let offsets = match format {
            Format::Json => json_offsets(text, &paths),
            Format::Toml => toml_offsets(text, &paths),
        };
        let mut diags: Vec<(usize, CatalogDiagnostic)> = problems
            .into_iter()
            .map(|(path, message)| {
                let offset = offsets.get(&path).copied().unwrap_or(0);
                let (line, column) = line_col(text, offset);
                let message = if path.0.is_empty() {
                    message
                } else {
                    format!("{path}: {message}")
                };
                (
                    offset,
                    CatalogDiagnostic {
                        file: name.to_owned(),
                        line,
                        column,
                        message,
                    },
                )
            })
            .collect();
        diags.sort_by_key(|(offset, _)| *offset);
        CatalogErrors(diags.into_iter().map(|(_, d)| d).collect())
    };
    let syntax = |line: usize, column: usize, message: String| {
        CatalogErrors(vec![CatalogDiagnostic {
            file: name.to_owned(),
            line,
            column,
            message,
        }])
    };

    let parsed: Result<CatalogFile, ()> = match format {
        Format::Json => serde_json::from_str::<CatalogFile>(text).map_err(|_| ()),
        Format::Toml => toml::from_str::<CatalogFile>(text).map_err(|_| ()),
    };
    let file = match parsed {
        Ok(file) => file,
        Err(()) => {
            // Slow path: find every problem, not just the first.
            let generic: Value = match format {
                Format::Json => match serde_json::from_str::<Value>(text) {
                    Ok(v) => v,
                    Err(e) => {
                        return Err(syntax(
                            e.line().max(1),
                            e.column().max(1),
                            format!("invalid JSON: {}", strip_position(&e.to_string())),
                        ))
                    }
                },
                Format::Toml => match toml::from_str::<toml::Value>(text) {
                    Ok(v) => serde_json::to_value(v).unwrap_or(Value::Null),
                    Err(e) => {
                        let (line, col) =
                            e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
                        return Err(syntax(line, col, format!("invalid TOML: {}", e.message())));
                    }
                },
            };
            let problems = type_problems(&generic);
            if problems.is_empty() {
                // The generic route accepted what the typed one refused: report the typed error.
                let message = match format {
                    Format::Json => serde_json::from_str::<CatalogFile>(text)
                        .err()
                        .map(|e| e.to_string()),
                    Format::Toml => toml::from_str::<CatalogFile>(text)
                        .err()
                        .map(|e| e.message().to_owned()),
                }
                .unwrap_or_else(|| "the catalog could not be read".to_owned());
                return Err(syntax(1, 1, message));
            }
            return Err(located(problems));
        }
    };

    match build(file, origin) {
        Ok(catalog) => Ok(catalog),
        Err(problems) => Err(located(problems)),
    }
}

/// serde_json appends " at line L column C"; the diagnostic already says where.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

/// Type problems of a generic document, each item on its own, so all are found.
fn type_problems(doc: &Value) -> Vec<(DocPath, String)> {
    use super::file::{GroupDef, PresetDef, ScopeDef, Source};
    let root = DocPath::root();
    let Value::Object(map) = doc else {
        return vec![(root, "a catalog must be an object (a table in TOML)".into())];
    };
    let mut problems = Vec::new();
    fn each<T: DeserializeOwned>(
        map: &serde_json::Map<String, Value>,
        field: &str,
        problems: &mut Vec<(DocPath, String)>,
    ) {
        if let Some(Value::Array(items)) = map.get(field) {
            for (i, item) in items.iter().enumerate() {
                if let Err(e) = serde_path_to_error::deserialize::<_, T>(item) {
                    let mut path = DocPath::root().key(field).index(i);
                    for seg in e.path().iter() {
                        path = match seg {
                            serde_path_to_error::Segment::Seq { index } => path.index(*index),
                            serde_path_to_error::Segment::Map { key } => path.key(key),
                            serde_path_to_error::Segment::Enum { variant } => path.key(variant),
                            serde_path_to_error::Segment::Unknown => path,
                        };
                    }
                    problems.push((path, e.into_inner().to_string()));
                }
            }
        }
    }
    each::<ScopeDef>(map, "scopes", &mut problems);
    each::<PermissionDef>(map, "permissions", &mut problems);
    each::<KeyKindDef>(map, "key_kinds", &mut problems);
    each::<PresetDef>(map, "presets", &mut problems);
    each::<GroupDef>(map, "groups", &mut problems);
    each::<Source>(map, "sources", &mut problems);
    // The root on its own, with well-formed item arrays emptied (their items were checked).
    let mut shell = map.clone();
    for field in [
        "scopes",
        "permissions",
        "key_kinds",
        "presets",
        "groups",
        "sources",
    ] {
        if let Some(Value::Array(items)) = shell.get_mut(field) {
            items.clear();
        }
    }
    if let Err(e) = serde_path_to_error::deserialize::<_, CatalogFile>(Value::Object(shell)) {
        let mut path = root;
        for seg in e.path().iter() {
            if let serde_path_to_error::Segment::Map { key } = seg {
                path = path.key(key);
            }
        }
        problems.push((path, e.into_inner().to_string()));
    }
    problems
}

/// Lower-case, dash-separated id from a display name ("Manifest Cyber" → "manifest-cyber").
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Validates references, uniqueness and acyclicity, then indexes. All problems, or a catalog.
fn build(mut file: CatalogFile, origin: Origin) -> Result<Catalog, Vec<(DocPath, String)>> {
    let root = DocPath::root();
    let mut problems: Vec<(DocPath, String)> = Vec::new();

    if file.vendor.trim().is_empty() {
        problems.push((root.key("vendor"), "the vendor name is empty".into()));
    }
    let id = file
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug(&file.vendor));

    // Scopes: unique, non-empty ids.
    let mut scope_ix: HashMap<String, ScopeIx> = HashMap::with_capacity(file.scopes.len());
    for (i, s) in file.scopes.iter().enumerate() {
        let here = root.key("scopes").index(i).key("id");
        if s.id.is_empty() {
            problems.push((here, "a scope id is empty".into()));
        } else if let Some(&first) = scope_ix.get(&s.id) {
            problems.push((
                here,
                format!(
                    "duplicate scope id `{}` (first defined at scopes[{first}])",
                    s.id
                ),
            ));
        } else {
            scope_ix.insert(s.id.clone(), i as ScopeIx);
        }
    }

    // Groups.
    let group_ids: HashSet<&str> = file.groups.iter().map(|g| g.id.as_str()).collect();
    if !file.groups.is_empty() {
        for (i, s) in file.scopes.iter().enumerate() {
            if let Some(g) = &s.group {
                if !group_ids.contains(g.as_str()) {
                    problems.push((
                        root.key("scopes").index(i).key("group"),
                        format!("unknown group `{g}`"),
                    ));
                }
            }
        }
    }

    // Permissions: declared (unique) or derived from grants.
    let declared = file.permissions.is_some();
    let mut permissions: Vec<PermissionDef> = file.permissions.take().unwrap_or_default();
    let mut perm_ix: HashMap<String, PermIx> = HashMap::with_capacity(permissions.len());
    for (i, p) in permissions.iter().enumerate() {
        let here = root.key("permissions").index(i).key("id");
        if p.id.is_empty() {
            problems.push((here, "a permission id is empty".into()));
        } else if perm_ix.contains_key(&p.id) {
            problems.push((here, format!("duplicate permission id `{}`", p.id)));
        } else {
            perm_ix.insert(p.id.clone(), i as PermIx);
        }
    }
    let mut grants: Vec<Vec<PermIx>> = Vec::with_capacity(file.scopes.len());
    for (i, s) in file.scopes.iter().enumerate() {
        let mut mine = Vec::new();
        match &s.grants {
            None => {
                // A scope with no `grants` grants itself.
                let ix = *perm_ix.entry(s.id.clone()).or_insert_with(|| {
                    permissions.push(PermissionDef {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        description: s.description.clone(),
                    });
                    (permissions.len() - 1) as PermIx
                });
                mine.push(ix);
            }
            Some(list) => {
                for (j, g) in list.iter().enumerate() {
                    match perm_ix.get(g) {
                        Some(&ix) => mine.push(ix),
                        None if !declared => {
                            permissions.push(PermissionDef {
                                id: g.clone(),
                                name: None,
                                description: String::new(),
                            });
                            let ix = (permissions.len() - 1) as PermIx;
                            perm_ix.insert(g.clone(), ix);
                            mine.push(ix);
                        }
                        None => problems.push((
                            root.key("scopes").index(i).key("grants").index(j),
                            format!("unknown permission `{g}` (not in `permissions`)"),
                        )),
                    }
                }
            }
        }
        mine.sort_unstable();
        mine.dedup();
        grants.push(mine);
    }

    // Implies and requires.
    let mut implies: Vec<Vec<ScopeIx>> = Vec::with_capacity(file.scopes.len());
    let mut requires: Vec<Vec<(ScopeIx, usize)>> = Vec::with_capacity(file.scopes.len());
    for (i, s) in file.scopes.iter().enumerate() {
        let mut imp = Vec::new();
        for (j, target) in s.implies.iter().enumerate() {
            match scope_ix.get(target) {
                Some(&t) if t as usize == i => problems.push((
                    root.key("scopes").index(i).key("implies").index(j),
                    format!("`{target}` implies itself"),
                )),
                Some(&t) => imp.push(t),
                None => problems.push((
                    root.key("scopes").index(i).key("implies").index(j),
                    format!("unknown scope `{target}` in implies"),
                )),
            }
        }
        imp.sort_unstable();
        imp.dedup();
        implies.push(imp);
        let mut req = Vec::new();
        for (j, r) in s.requires.iter().enumerate() {
            match scope_ix.get(r.scope()) {
                Some(&t) => req.push((t, j)),
                None => problems.push((
                    root.key("scopes").index(i).key("requires").index(j),
                    format!("unknown scope `{}` in requires", r.scope()),
                )),
            }
        }
        requires.push(req);
    }
    problems.extend(implication_cycles(&file, &implies));

    // Key kinds.
    let mut kinds = std::mem::take(&mut file.key_kinds);
    if kinds.is_empty() {
        kinds.push(KeyKindDef {
            id: "default".into(),
            name: Some("Default".into()),
            description: None,
            scopes: None,
            policy: None,
            source: None,
        });
    }
    let mut kind_ix = HashMap::new();
    let mut kind_allows = Vec::with_capacity(kinds.len());
    for (k, kind) in kinds.iter().enumerate() {
        let here = root.key("key_kinds").index(k);
        if kind_ix.insert(kind.id.clone(), k).is_some() {
            problems.push((here.key("id"), format!("duplicate key kind `{}`", kind.id)));
        }
        kind_allows.push(kind.scopes.as_ref().map(|list| {
            let mut allowed = vec![false; file.scopes.len()];
            for (j, s) in list.iter().enumerate() {
                match scope_ix.get(s) {
                    Some(&t) => allowed[t as usize] = true,
                    None => problems.push((
                        here.key("scopes").index(j),
                        format!("unknown scope `{s}` in key kind `{}`", kind.id),
                    )),
                }
            }
            allowed
        }));
        if let Some(Some(pattern)) = kind.policy.as_ref().map(|p| p.key_format.as_ref()) {
            if let Err(e) = regex::Regex::new(pattern) {
                problems.push((
                    here.key("policy").key("key_format"),
                    format!("invalid key_format regex: {e}"),
                ));
            }
        }
    }

    // Presets.
    let mut preset_ids = HashSet::new();
    for (p, preset) in file.presets.iter().enumerate() {
        let here = root.key("presets").index(p);
        if !preset_ids.insert(preset.id.as_str()) {
            problems.push((
                here.key("id"),
                format!("duplicate preset id `{}`", preset.id),
            ));
        }
        if let Some(k) = &preset.kind {
            if !kind_ix.contains_key(k) {
                problems.push((here.key("kind"), format!("unknown key kind `{k}`")));
            }
        }
        for (j, s) in preset.scopes.iter().enumerate() {
            if !scope_ix.contains_key(s) {
                problems.push((
                    here.key("scopes").index(j),
                    format!("unknown scope `{s}` in preset `{}`", preset.id),
                ));
            }
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }

    let mut granted_by: Vec<Vec<ScopeIx>> = vec![Vec::new(); permissions.len()];
    for (s, perms) in grants.iter().enumerate() {
        for &p in perms {
            granted_by[p as usize].push(s as ScopeIx);
        }
    }
    let mut implied_by: Vec<Vec<ScopeIx>> = vec![Vec::new(); file.scopes.len()];
    for (s, targets) in implies.iter().enumerate() {
        for &t in targets {
            implied_by[t as usize].push(s as ScopeIx);
        }
    }
    file.permissions = Some(permissions);
    file.id = Some(id.clone());
    Ok(Catalog {
        id,
        origin,
        def: file,
        kinds,
        scope_ix,
        perm_ix,
        kind_ix,
        grants,
        implies,
        requires,
        granted_by,
        implied_by,
        kind_allows,
    })
}

/// One problem per implication cycle, at the scope that closes it.
fn implication_cycles(file: &CatalogFile, implies: &[Vec<ScopeIx>]) -> Vec<(DocPath, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = implies.len();
    let mut mark = vec![Mark::New; n];
    let mut problems = Vec::new();
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next edge to follow).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
            if let Some(&next) = implies[node].get(*edge) {
                *edge += 1;
                let next = next as usize;
                match mark[next] {
                    Mark::New => {
                        mark[next] = Mark::Open;
                        stack.push((next, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|&(s, _)| s == next).unwrap_or(0);
                        let mut cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(s, _)| file.scopes[s].id.as_str())
                            .collect();
                        cycle.push(file.scopes[next].id.as_str());
                        let j = implies[node]
                            .iter()
                            .position(|&t| t as usize == next)
                            .unwrap_or(0);
                        let j = file.scopes[node]
                            .implies
                            .iter()
                            .position(|t| *t == file.scopes[next].id)
                            .unwrap_or(j);
                        problems.push((
                            DocPath::root()
                                .key("scopes")
                                .index(node)
                                .key("implies")
                                .index(j),
                            format!("implication cycle: {}", cycle.join(" → ")),
                        ));
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_json(text: &str) -> Result<Catalog, CatalogErrors> {
        load_catalog_text("t.json", text, Format::Json, Origin::File("t.json".into()))
    }

    #[test]
    fn the_minimal_form_loads_as_is() {
        let c = load_json(
            r#"{ "vendor": "Example",
  "scopes": [ { "id": "a:read", "name": "A (read)", "description": "…", "grants": ["GET /a"], "implies": [] } ],
  "permissions": [ { "id": "GET /a", "description": "" } ] }"#,
        )
        .expect("minimal form");
        assert_eq!(c.id, "example");
        assert_eq!(c.scopes().len(), 1);
        assert_eq!(c.permissions().len(), 1);
        assert_eq!(c.kinds[0].id, "default");
    }

    #[test]
    fn a_scope_without_grants_grants_itself() {
        let c = load_json(r#"{"vendor":"V","scopes":[{"id":"bot"}]}"#).unwrap();
        let bot = c.scope_index("bot").unwrap();
        assert_eq!(c.permission(c.grants_of(bot)[0]).id, "bot");
    }

    #[test]
    fn every_semantic_error_is_reported_with_its_location() {
        let text = r#"{
  "vendor": "V",
  "scopes": [
    {"id": "a", "implies": ["b"], "grants": ["p1"]},
    {"id": "b", "implies": ["a", "ghost"], "grants": ["nope"]},
    {"id": "a"}
  ],
  "permissions": [{"id": "p1"}]
}"#;
        let errs = load_json(text).unwrap_err().to_string();
        let lines: Vec<&str> = errs.lines().collect();
        assert!(
            lines.contains(&"t.json:5:34: scopes[1].implies[1]: unknown scope `ghost` in implies"),
            "{errs}"
        );
        assert!(
            lines.contains(&"t.json:5:55: scopes[1].grants[0]: unknown permission `nope` (not in `permissions`)"),
            "{errs}"
        );
        assert!(
            lines.contains(
                &"t.json:6:12: scopes[2].id: duplicate scope id `a` (first defined at scopes[0])"
            ),
            "{errs}"
        );
        assert!(errs.contains("implication cycle: a → b → a"), "{errs}");
        assert_eq!(lines.len(), 4, "{errs}");
    }

    #[test]
    fn every_type_error_is_reported_not_just_the_first() {
        let text = "{\"vendor\": \"V\", \"scopes\": [\n {\"id\": 7},\n {\"id\": \"ok\", \"default\": \"yes\"},\n {\"id\": \"x\", \"implys\": []}\n]}";
        let errs = load_json(text).unwrap_err();
        assert_eq!(errs.0.len(), 3, "{errs}");
        assert_eq!((errs.0[0].line, errs.0[0].column), (2, 9), "{errs}");
        assert!(errs.0[0].message.contains("invalid type"), "{errs}");
        assert_eq!(errs.0[1].line, 3, "{errs}");
        assert!(errs.0[2].message.contains("implys"), "{errs}");
    }

    #[test]
    fn a_json_syntax_error_is_located() {
        let errs = load_json("{\"vendor\": \"V\",\n \"scopes\": [,]}").unwrap_err();
        assert_eq!(errs.0.len(), 1);
        assert_eq!(errs.0[0].line, 2, "{errs}");
        assert!(errs.0[0].message.starts_with("invalid JSON"), "{errs}");
    }

    #[test]
    fn toml_loads_and_its_errors_are_located() {
        let ok =
            "vendor = \"T\"\n[[scopes]]\nid = \"a\"\nimplies = [\"b\"]\n[[scopes]]\nid = \"b\"\n";
        let c = load_catalog_text("t.toml", ok, Format::Toml, Origin::BuiltIn).unwrap();
        assert_eq!(c.scopes().len(), 2);
        let bad = "vendor = \"T\"\n[[scopes]]\nid = \"a\"\nimplies = [\"zz\"]\n";
        let errs = load_catalog_text("t.toml", bad, Format::Toml, Origin::BuiltIn).unwrap_err();
        assert_eq!(
            errs.to_string(),
            "t.toml:4:12: scopes[0].implies[0]: unknown scope `zz` in implies"
        );
        let syntax =
            load_catalog_text("t.toml", "vendor = \n", Format::Toml, Origin::BuiltIn).unwrap_err();
        assert!(syntax.0[0].message.starts_with("invalid TOML"), "{syntax}");
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "[]",
            "null",
            "{",
            "{\"vendor\": 3}",
            "\u{0}",
            "{\"scopes\": {}}",
        ] {
            assert!(load_json(text).is_err(), "{text:?} must not load");
        }
    }

    #[test]
    fn slugs_are_stable() {
        assert_eq!(slug("Manifest Cyber"), "manifest-cyber");
        assert_eq!(
            slug("Google Cloud IAM (predefined roles)"),
            "google-cloud-iam-predefined-roles"
        );
    }
}
