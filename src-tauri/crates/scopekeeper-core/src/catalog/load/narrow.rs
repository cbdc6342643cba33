//! A key kind's `narrow_to` areas: each id once per kind, and a `scope_group` naming one of the
//! catalog's `groups` (else the area would narrow no scope, silently).

use std::collections::HashSet;

use crate::catalog::file::CatalogFile;
use crate::catalog::locate::DocPath;

pub(super) fn check_narrow_to(file: &CatalogFile, problems: &mut Vec<(DocPath, String)>) {
    let groups: HashSet<&str> = file.groups.iter().map(|g| g.id.as_str()).collect();
    for (k, kind) in file.key_kinds.iter().enumerate() {
        let Some(policy) = &kind.policy else {
            continue;
        };
        let mut seen = HashSet::new();
        for (a, area) in policy.narrow_to.iter().enumerate() {
            let here = DocPath::root()
                .key("key_kinds")
                .index(k)
                .key("policy")
                .key("narrow_to")
                .index(a);
            if !seen.insert(area.id.as_str()) {
                problems.push((
                    here.key("id"),
                    format!(
                        "duplicate narrow_to area `{}` in key kind `{}`",
                        area.id, kind.id
                    ),
                ));
            }
            if let Some(g) = area
                .scope_group
                .as_ref()
                .filter(|g| !groups.contains(g.as_str()))
            {
                problems.push((
                    here.key("scope_group"),
                    format!("unknown group `{g}` in narrow_to area `{}`", area.id),
                ));
            }
        }
    }
}
