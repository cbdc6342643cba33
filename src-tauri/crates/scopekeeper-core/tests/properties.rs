//! Property tests of the scope algebra on random catalogs, and of the loader on random input.

use proptest::prelude::*;
use scopekeeper_core::algebra::{grants, resolve, ResolveOptions};
use scopekeeper_core::catalog::{load_catalog_text, Catalog, Format, Origin};
use scopekeeper_core::suggest::{suggest, suggest_with, SuggestMode};

/// A random valid catalog: `n` scopes, `m` permissions, implications only from a scope to a
/// later one (so acyclic), optional requires, required and default flags, and two key kinds.
fn catalog_text(
    n: usize,
    m: usize,
    grants_of: Vec<Vec<usize>>,
    implies_of: Vec<Vec<usize>>,
    requires_of: Vec<Vec<usize>>,
    flags: Vec<(bool, bool)>,
    kind_mask: Vec<bool>,
) -> String {
    let scopes: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let grants: Vec<String> = grants_of[i].iter().map(|p| format!("p{}", p % m)).collect();
            let implies: Vec<String> = implies_of[i]
                .iter()
                .map(|t| i + 1 + t % (n - i).max(1))
                .filter(|&t| t < n)
                .map(|t| format!("s{t}"))
                .collect();
            let requires: Vec<String> = requires_of[i]
                .iter()
                .map(|t| t % n)
                .filter(|&t| t != i)
                .map(|t| format!("s{t}"))
                .collect();
            serde_json::json!({
                "id": format!("s{i}"), "grants": grants, "implies": implies,
                "requires": requires, "required": flags[i].0, "default": flags[i].1,
            })
        })
        .collect();
    let narrow: Vec<String> = (0..n)
        .filter(|&i| kind_mask[i])
        .map(|i| format!("s{i}"))
        .collect();
    serde_json::json!({
        "vendor": "Random",
        "key_kinds": [{"id": "full"}, {"id": "narrow", "scopes": narrow}],
        "scopes": scopes,
        "permissions": (0..m).map(|p| serde_json::json!({"id": format!("p{p}")})).collect::<Vec<_>>(),
    })
    .to_string()
}

fn arb_catalog(with_rules: bool) -> impl Strategy<Value = Catalog> {
    (2usize..14, 1usize..20).prop_flat_map(move |(n, m)| {
        (
            proptest::collection::vec(proptest::collection::vec(0usize..64, 0..5), n),
            proptest::collection::vec(proptest::collection::vec(0usize..64, 0..3), n),
            proptest::collection::vec(
                proptest::collection::vec(0usize..64, 0..if with_rules { 2 } else { 1 }),
                n,
            ),
            proptest::collection::vec(
                (
                    proptest::bool::weighted(if with_rules { 0.1 } else { 0.0 }),
                    proptest::bool::weighted(if with_rules { 0.1 } else { 0.0 }),
                ),
                n,
            ),
            proptest::collection::vec(proptest::bool::ANY, n),
        )
            .prop_map(move |(g, i, r, f, k)| {
                let text = catalog_text(n, m, g, i, r, f, k);
                load_catalog_text("random.json", &text, Format::Json, Origin::BuiltIn)
                    .expect("generated catalogs are valid")
            })
    })
}

fn selection(cat: &Catalog, picks: &[usize]) -> Vec<String> {
    let n = cat.scopes().len();
    picks
        .iter()
        .map(|p| cat.scopes()[p % n].id.clone())
        .collect()
}

fn ids<T, F: Fn(&T) -> &String>(items: &[T], f: F) -> std::collections::BTreeSet<String> {
    items.iter().map(|x| f(x).clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn closure_is_idempotent(cat in arb_catalog(true), picks in proptest::collection::vec(0usize..64, 0..6), narrow in proptest::bool::ANY) {
        let kind = if narrow { "narrow" } else { "full" };
        let sel = selection(&cat, &picks);
        let refs: Vec<&str> = sel.iter().map(String::as_str).collect();
        let once = resolve(&cat, Some(kind), &refs, ResolveOptions::default());
        let again_sel: Vec<&str> = once.scopes.iter().map(|s| s.id.as_str()).collect();
        let twice = resolve(&cat, Some(kind), &again_sel, ResolveOptions::default());
        prop_assert_eq!(ids(&once.scopes, |s| &s.id), ids(&twice.scopes, |s| &s.id));
        prop_assert_eq!(ids(&once.permissions, |p| &p.id), ids(&twice.permissions, |p| &p.id));
    }

    #[test]
    fn closure_is_monotonic(cat in arb_catalog(true), a in proptest::collection::vec(0usize..64, 0..5), b in proptest::collection::vec(0usize..64, 0..5)) {
        let small = selection(&cat, &a);
        let mut big = small.clone();
        big.extend(selection(&cat, &b));
        let s: Vec<&str> = small.iter().map(String::as_str).collect();
        let l: Vec<&str> = big.iter().map(String::as_str).collect();
        let rs = resolve(&cat, Some("full"), &s, ResolveOptions::default());
        let rl = resolve(&cat, Some("full"), &l, ResolveOptions::default());
        prop_assert!(ids(&rs.scopes, |x| &x.id).is_subset(&ids(&rl.scopes, |x| &x.id)));
        prop_assert!(ids(&rs.permissions, |x| &x.id).is_subset(&ids(&rl.permissions, |x| &x.id)));
    }

    #[test]
    fn suggest_always_covers_and_is_never_worse_than_greedy(cat in arb_catalog(true), needs in proptest::collection::vec(0usize..64, 1..8), narrow in proptest::bool::ANY) {
        let kind = if narrow { "narrow" } else { "full" };
        let m = cat.permissions().len();
        let needed: Vec<String> = needs.iter().map(|p| cat.permissions()[p % m].id.clone()).collect();
        let refs: Vec<&str> = needed.iter().map(String::as_str).collect();
        let s = suggest(&cat, Some(kind), &refs);
        let chosen: Vec<&str> = s.scopes.iter().map(String::as_str).collect();
        let r = resolve(&cat, Some(kind), &chosen, ResolveOptions { defaults: false });
        let granted = ids(&r.permissions, |p| &p.id);
        for p in &needed {
            prop_assert!(granted.contains(p) || s.uncoverable.contains(p),
                "{} neither granted by {:?} nor reported uncoverable", p, s.scopes);
        }
        for p in &s.uncoverable {
            // Truly uncoverable: selecting every scope of the kind does not grant it.
            let all: Vec<&str> = cat.kind_scopes(kind).iter().map(|&i| cat.scope(i).id.as_str()).collect();
            let everything = resolve(&cat, Some(kind), &all, ResolveOptions::default());
            prop_assert!(!everything.permissions.iter().any(|g| &g.id == p));
        }
        prop_assert!(s.scopes.len() <= s.greedy_size);
    }

    /// Against brute force over every selection: when the search says `exact`, nothing is
    /// better in its mode (fewest scopes then least granted, or least granted then fewest).
    #[test]
    fn suggest_is_optimal_against_brute_force(cat in arb_catalog(true), needs in proptest::collection::vec(0usize..64, 1..6), narrow in proptest::bool::ANY, excess in proptest::bool::ANY) {
        let kind = if narrow { "narrow" } else { "full" };
        let mode = if excess { SuggestMode::FewestExcess } else { SuggestMode::FewestScopes };
        let m = cat.permissions().len();
        let needed: Vec<String> = needs.iter().map(|p| cat.permissions()[p % m].id.clone()).collect();
        let refs: Vec<&str> = needed.iter().map(String::as_str).collect();
        let s = suggest_with(&cat, Some(kind), &refs, mode);
        let allowed: Vec<String> = cat.kind_scopes(kind).iter().map(|&i| cat.scope(i).id.clone()).collect();
        prop_assume!(allowed.len() <= 11);
        let granted_by = |sel: &[&str]| -> std::collections::BTreeSet<String> {
            ids(&resolve(&cat, Some(kind), sel, ResolveOptions { defaults: false }).permissions, |p| &p.id)
        };
        let coverable: Vec<&String> = needed.iter().filter(|p| !s.uncoverable.contains(p)).collect();
        let key = |n: usize, g: usize| if excess { (g, n) } else { (n, g) };
        let mut best = (usize::MAX, usize::MAX);
        for bits in 0u32..(1 << allowed.len()) {
            let sel: Vec<&str> = (0..allowed.len()).filter(|i| bits & (1 << i) != 0).map(|i| allowed[i].as_str()).collect();
            let g = granted_by(&sel);
            if coverable.iter().all(|p| g.contains(*p)) {
                best = best.min(key(sel.len(), g.len()));
            }
        }
        let chosen: Vec<&str> = s.scopes.iter().map(String::as_str).collect();
        let g = granted_by(&chosen);
        prop_assert!(coverable.iter().all(|p| g.contains(*p)), "{:?} covers {:?}", s.scopes, coverable);
        let ours = key(s.scopes.len(), g.len());
        prop_assert!(ours >= best);
        if s.exact {
            prop_assert_eq!(ours, best, "{:?} in {:?} mode", s.scopes, mode);
        }
    }

    #[test]
    fn reverse_lookup_agrees_with_resolve(cat in arb_catalog(false)) {
        for scope in cat.scopes() {
            let r = resolve(&cat, Some("full"), &[scope.id.as_str()], ResolveOptions::default());
            let granted = ids(&r.permissions, |p| &p.id);
            for p in cat.permissions() {
                let by = grants(&cat, &p.id).expect("known permission");
                let listed = by.iter().any(|g| g.scope == scope.id);
                prop_assert_eq!(listed, granted.contains(&p.id),
                    "scope {} / permission {}", scope.id, p.id);
            }
        }
    }

    /// The loader never panics on arbitrary text, and every diagnostic points inside the text.
    #[test]
    fn loader_never_panics_on_garbage(text in ".{0,400}", toml in proptest::bool::ANY) {
        let format = if toml { Format::Toml } else { Format::Json };
        if let Err(errors) = load_catalog_text("g", &text, format, Origin::BuiltIn) {
            prop_assert!(!errors.0.is_empty());
            let lines = text.lines().count().max(1) + 1;
            for d in &errors.0 {
                prop_assert!(d.line >= 1 && d.line <= lines, "{d} outside a {lines}-line text");
                prop_assert!(d.column >= 1);
            }
        }
    }

    /// Mutations of a valid catalog (bytes deleted or replaced) never panic the loader.
    #[test]
    fn loader_never_panics_on_mutated_catalogs(cut in 0usize..2000, len in 0usize..40, byte in proptest::num::u8::ANY) {
        let base = include_str!("../catalogs/manifest.json");
        let mut bytes = base.as_bytes().to_vec();
        let at = cut % bytes.len();
        let end = (at + len).min(bytes.len());
        bytes.splice(at..end, std::iter::once(byte));
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_catalog_text("m.json", &text, Format::Json, Origin::BuiltIn);
    }
}
