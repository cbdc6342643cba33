//! Stage two: references resolve, ids are unique, implications have no cycle. Every problem is
//! collected (each at its path), never just the first; a file with none becomes [`Checked`].

use std::collections::{HashMap, HashSet};

use super::slug;
use crate::catalog::file::{CatalogFile, KeyKindDef, PermissionDef};
use crate::catalog::locate::DocPath;
use crate::catalog::{GrantsAsWritten, PermIx, ScopeIx};

type Problems = Vec<(DocPath, String)>;

/// A catalog file whose references all resolve, with the lookups built while checking them.
pub(super) struct Checked {
    pub id: String,
    pub file: CatalogFile,
    pub kinds: Vec<KeyKindDef>,
    pub scope_ix: HashMap<String, ScopeIx>,
    pub perm_ix: HashMap<String, PermIx>,
    pub kind_ix: HashMap<String, usize>,
    pub grants: Vec<Vec<PermIx>>,
    /// Scopes whose written `grants` were not in `grants`' order, or repeated one: as written.
    pub grants_as_written: GrantsAsWritten,
    pub implies: Vec<Vec<ScopeIx>>,
    pub requires: Vec<Vec<(ScopeIx, usize)>>,
    pub kind_allows: Vec<Option<Vec<bool>>>,
}

pub(super) fn validate(mut file: CatalogFile) -> Result<Checked, Problems> {
    let mut problems = Problems::new();
    if file.vendor.trim().is_empty() {
        problems.push((
            DocPath::root().key("vendor"),
            "the vendor name is empty".into(),
        ));
    }
    let id = file
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug(&file.vendor));
    let scope_ix = scope_ids(&file, &mut problems);
    check_groups(&file, &mut problems);
    super::narrow::check_narrow_to(&file, &mut problems);
    let (permissions, perm_ix, (grants, grants_as_written)) =
        permissions_and_grants(&mut file, &mut problems);
    let (implies, requires) = links(&file, &scope_ix, &mut problems);
    problems.extend(implication_cycles(&file, &implies));
    let (kinds, kind_ix, kind_allows) = key_kinds(&mut file, &scope_ix, &mut problems);
    check_presets(&file, &scope_ix, &kind_ix, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    file.permissions = Some(permissions);
    file.id = Some(id.clone());
    Ok(Checked {
        id,
        file,
        kinds,
        scope_ix,
        perm_ix,
        kind_ix,
        grants,
        grants_as_written,
        implies,
        requires,
        kind_allows,
    })
}

/// Scopes: unique, non-empty ids.
fn scope_ids(file: &CatalogFile, problems: &mut Problems) -> HashMap<String, ScopeIx> {
    let mut scope_ix: HashMap<String, ScopeIx> = HashMap::with_capacity(file.scopes.len());
    for (i, s) in file.scopes.iter().enumerate() {
        let here = DocPath::root().key("scopes").index(i).key("id");
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
    scope_ix
}

/// A scope's group, when the file declares groups, is one of them.
fn check_groups(file: &CatalogFile, problems: &mut Problems) {
    if file.groups.is_empty() {
        return;
    }
    let group_ids: HashSet<&str> = file.groups.iter().map(|g| g.id.as_str()).collect();
    for (i, s) in file.scopes.iter().enumerate() {
        if let Some(g) = s.group.as_ref().filter(|g| !group_ids.contains(g.as_str())) {
            problems.push((
                DocPath::root().key("scopes").index(i).key("group"),
                format!("unknown group `{g}`"),
            ));
        }
    }
}

/// Permissions, declared (unique ids) or derived from grants, and each scope's direct grants.
/// A scope with no `grants` grants itself; with declared permissions, every grant must be one.
/// Grants are kept sorted and deduplicated; a list written otherwise is also returned as written.
#[allow(clippy::type_complexity)]
fn permissions_and_grants(
    file: &mut CatalogFile,
    problems: &mut Problems,
) -> (
    Vec<PermissionDef>,
    HashMap<String, PermIx>,
    (Vec<Vec<PermIx>>, GrantsAsWritten),
) {
    let declared = file.permissions.is_some();
    let mut permissions: Vec<PermissionDef> = file.permissions.take().unwrap_or_default();
    let mut perm_ix: HashMap<String, PermIx> = HashMap::with_capacity(permissions.len());
    for (i, p) in permissions.iter().enumerate() {
        let here = DocPath::root().key("permissions").index(i).key("id");
        if p.id.is_empty() {
            problems.push((here, "a permission id is empty".into()));
        } else if perm_ix.contains_key(&p.id) {
            problems.push((here, format!("duplicate permission id `{}`", p.id)));
        } else {
            perm_ix.insert(p.id.clone(), i as PermIx);
        }
    }
    let add = |permissions: &mut Vec<PermissionDef>, def: PermissionDef| {
        permissions.push(def);
        (permissions.len() - 1) as PermIx
    };
    let mut grants: Vec<Vec<PermIx>> = Vec::with_capacity(file.scopes.len());
    let mut as_written = Vec::new();
    for (i, s) in file.scopes.iter().enumerate() {
        let mut mine = Vec::new();
        match &s.grants {
            None => {
                let ix = match perm_ix.get(&s.id) {
                    Some(&ix) => ix,
                    None => {
                        let def = PermissionDef {
                            id: s.id.clone(),
                            name: s.name.clone(),
                            description: s.description.clone(),
                        };
                        let ix = add(&mut permissions, def);
                        perm_ix.insert(s.id.clone(), ix);
                        ix
                    }
                };
                mine.push(ix);
            }
            Some(list) => {
                for (j, g) in list.iter().enumerate() {
                    match perm_ix.get(g) {
                        Some(&ix) => mine.push(ix),
                        None if !declared => {
                            let def = PermissionDef {
                                id: g.clone(),
                                name: None,
                                description: String::new(),
                            };
                            let ix = add(&mut permissions, def);
                            perm_ix.insert(g.clone(), ix);
                            mine.push(ix);
                        }
                        None => problems.push((
                            DocPath::root()
                                .key("scopes")
                                .index(i)
                                .key("grants")
                                .index(j),
                            format!("unknown permission `{g}` (not in `permissions`)"),
                        )),
                    }
                }
            }
        }
        grants.push(normalized(i as ScopeIx, mine, &mut as_written));
    }
    (permissions, perm_ix, (grants, as_written))
}

/// A scope's grants sorted and deduplicated; the list as written is kept when that changed it.
fn normalized(
    scope: ScopeIx,
    mut mine: Vec<PermIx>,
    as_written: &mut GrantsAsWritten,
) -> Vec<PermIx> {
    if !mine.windows(2).all(|w| w[0] < w[1]) {
        as_written.push((scope, mine.clone().into_boxed_slice()));
        mine.sort_unstable();
        mine.dedup();
    }
    mine
}

/// Each scope's `implies` and `requires`, as indexes (a requirement keeps its position, for its
/// reason).
#[allow(clippy::type_complexity)]
fn links(
    file: &CatalogFile,
    scope_ix: &HashMap<String, ScopeIx>,
    problems: &mut Problems,
) -> (Vec<Vec<ScopeIx>>, Vec<Vec<(ScopeIx, usize)>>) {
    let mut implies = Vec::with_capacity(file.scopes.len());
    let mut requires = Vec::with_capacity(file.scopes.len());
    for (i, s) in file.scopes.iter().enumerate() {
        let at = |field: &str, j: usize| DocPath::root().key("scopes").index(i).key(field).index(j);
        let mut imp = Vec::new();
        for (j, target) in s.implies.iter().enumerate() {
            match scope_ix.get(target) {
                Some(&t) if t as usize == i => {
                    problems.push((at("implies", j), format!("`{target}` implies itself")))
                }
                Some(&t) => imp.push(t),
                None => problems.push((
                    at("implies", j),
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
                    at("requires", j),
                    format!("unknown scope `{}` in requires", r.scope()),
                )),
            }
        }
        requires.push(req);
    }
    (implies, requires)
}

/// Key kinds (one `default` kind when the file names none): unique ids, known scopes, valid
/// `key_format` regexes; which scopes each may carry (`None`: all).
#[allow(clippy::type_complexity)]
fn key_kinds(
    file: &mut CatalogFile,
    scope_ix: &HashMap<String, ScopeIx>,
    problems: &mut Problems,
) -> (
    Vec<KeyKindDef>,
    HashMap<String, usize>,
    Vec<Option<Vec<bool>>>,
) {
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
        let here = DocPath::root().key("key_kinds").index(k);
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
    (kinds, kind_ix, kind_allows)
}

/// Presets: unique ids, a known kind, known scopes.
fn check_presets(
    file: &CatalogFile,
    scope_ix: &HashMap<String, ScopeIx>,
    kind_ix: &HashMap<String, usize>,
    problems: &mut Problems,
) {
    let mut preset_ids = HashSet::new();
    for (p, preset) in file.presets.iter().enumerate() {
        let here = DocPath::root().key("presets").index(p);
        if !preset_ids.insert(preset.id.as_str()) {
            problems.push((
                here.key("id"),
                format!("duplicate preset id `{}`", preset.id),
            ));
        }
        if let Some(k) = preset.kind.as_ref().filter(|k| !kind_ix.contains_key(*k)) {
            problems.push((here.key("kind"), format!("unknown key kind `{k}`")));
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
