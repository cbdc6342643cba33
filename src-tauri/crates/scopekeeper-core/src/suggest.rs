//! Least privilege: the smallest selection of scopes that grants a set of needed permissions.
//!
//! Minimum set cover, with fewer excess permissions as the tie-break. Candidates are the scopes
//! the key kind may carry, each covering what its whole closure (implied and required scopes)
//! grants; scopes required for every token cover their part for free. Dominated candidates are
//! dropped, greedy set cover gives a first answer, redundant picks are pruned, then a bounded
//! branch-and-bound search improves on it and proves it optimal when the search finishes. The
//! answer is therefore never worse than greedy, and exact whenever `exact` is true.

use serde::Serialize;
use ts_rs::TS;

use crate::algebra::{close, Reason};
use crate::catalog::{Catalog, ScopeIx};

/// The answer to "I need these permissions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Suggestion {
    pub vendor: String,
    pub kind: String,
    /// The scopes to select, in catalog order.
    pub scopes: Vec<String>,
    /// Needed permissions the suggestion covers.
    pub covered: Vec<String>,
    /// Needed permissions no scope of this kind grants.
    pub uncoverable: Vec<String>,
    /// Needed permissions the catalog does not know.
    pub unknown: Vec<String>,
    /// Permissions granted beyond the needed ones (by the scopes and what they pull in).
    pub excess_permissions: usize,
    /// True when the search proved no smaller selection exists.
    pub exact: bool,
    /// How many scopes plain greedy set cover picks, for comparison.
    pub greedy_size: usize,
}

/// Search effort cap: branch-and-bound nodes before settling for the best answer so far.
const NODE_BUDGET: usize = 200_000;

#[derive(Clone)]
struct Candidate {
    scope: ScopeIx,
    mask: Vec<u64>,
    /// Permissions its closure grants in all (the least-privilege tie-break).
    cost: usize,
}

fn words(n: usize) -> usize {
    n.div_ceil(64)
}

fn subset(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !y == 0)
}

fn count(mask: &[u64]) -> usize {
    mask.iter().map(|w| w.count_ones() as usize).sum()
}

/// Suggests a minimal selection for `kind` (the first kind when `None`) covering `needed`.
pub fn suggest(cat: &Catalog, kind: Option<&str>, needed: &[&str]) -> Suggestion {
    let kind = kind.unwrap_or(&cat.default_kind().id).to_owned();
    let mut unknown = Vec::new();
    let mut universe: Vec<u32> = Vec::new();
    for &p in needed {
        match cat.permission_index(p) {
            Some(ix) if !universe.contains(&ix) => universe.push(ix),
            Some(_) => {}
            None => unknown.push(p.to_owned()),
        }
    }
    let w = words(universe.len());
    let bit_of = |perm: u32| universe.iter().position(|&u| u == perm);

    // What every token gets anyway.
    let base = close(cat, &kind, std::iter::empty(), false);
    let mut free = vec![0u64; w];
    for &s in &base.order {
        for &p in cat.grants_of(s) {
            if let Some(b) = bit_of(p) {
                free[b / 64] |= 1 << (b % 64);
            }
        }
    }

    // Candidates: scopes of this kind that cover something still needed, through their closure.
    let mut relevant = vec![false; cat.scopes().len()];
    for &p in &universe {
        if let Some(grants) = crate::algebra::grants(cat, &cat.permission(p).id) {
            for g in grants {
                if let Some(s) = cat.scope_index(&g.scope) {
                    relevant[s as usize] = true;
                }
            }
        }
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (i, &rel) in relevant.iter().enumerate() {
        let s = i as ScopeIx;
        if !rel || !cat.kind_allows(&kind, s) || base.contains(s) {
            continue;
        }
        let closure = close(cat, &kind, [(s, Reason::Selected)], false);
        let mut mask = vec![0u64; w];
        let mut cost = 0;
        for &t in &closure.order {
            for &p in cat.grants_of(t) {
                cost += 1;
                if let Some(b) = bit_of(p) {
                    mask[b / 64] |= 1 << (b % 64);
                }
            }
        }
        for (m, f) in mask.iter_mut().zip(&free) {
            *m &= !f;
        }
        if count(&mask) > 0 {
            candidates.push(Candidate {
                scope: s,
                mask,
                cost,
            });
        }
    }

    // Coverable target = union of candidate masks; the rest is uncoverable (or free).
    let mut target = vec![0u64; w];
    for c in &candidates {
        for (t, m) in target.iter_mut().zip(&c.mask) {
            *t |= m;
        }
    }
    let mut covered_by_free = free.clone();
    for (f, t) in covered_by_free.iter_mut().zip(&target) {
        *f &= !t;
    }
    let mut uncoverable = Vec::new();
    for (b, &p) in universe.iter().enumerate() {
        let bit = 1u64 << (b % 64);
        if target[b / 64] & bit == 0 && free[b / 64] & bit == 0 {
            uncoverable.push(cat.permission(p).id.clone());
        }
    }

    // Drop dominated candidates: same or smaller coverage at no lower cost.
    candidates.sort_by(|a, b| {
        count(&b.mask)
            .cmp(&count(&a.mask))
            .then(a.cost.cmp(&b.cost))
            .then(a.scope.cmp(&b.scope))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for c in candidates {
        if !kept.iter().any(|k| subset(&c.mask, &k.mask)) {
            kept.push(c);
        }
    }

    let greedy = greedy_cover(&kept, &target);
    let greedy_size = greedy.len();
    let mut best = prune(&kept, greedy, &target);
    let exact = search(&kept, &target, &mut best);

    let mut scopes: Vec<ScopeIx> = best.iter().map(|&i| kept[i].scope).collect();
    scopes.sort_unstable();
    let seeds: Vec<(ScopeIx, Reason)> = scopes.iter().map(|&s| (s, Reason::Selected)).collect();
    let closure = close(cat, &kind, seeds, false);
    let mut granted = std::collections::HashSet::new();
    for &s in &closure.order {
        granted.extend(cat.grants_of(s).iter().copied());
    }
    let covered: Vec<String> = universe
        .iter()
        .filter(|p| granted.contains(p))
        .map(|&p| cat.permission(p).id.clone())
        .collect();
    let excess = granted.len() - covered.len();
    Suggestion {
        vendor: cat.id.clone(),
        kind,
        scopes: scopes.iter().map(|&s| cat.scope(s).id.clone()).collect(),
        covered,
        uncoverable,
        unknown,
        excess_permissions: excess,
        exact,
        greedy_size,
    }
}

/// Classic greedy: take the candidate covering most of what is left (cheaper on ties).
fn greedy_cover(cands: &[Candidate], target: &[u64]) -> Vec<usize> {
    let mut left = target.to_vec();
    let mut picked = Vec::new();
    while count(&left) > 0 {
        let mut best: Option<(usize, usize, usize)> = None;
        for (i, c) in cands.iter().enumerate() {
            let gain: usize = c
                .mask
                .iter()
                .zip(&left)
                .map(|(m, l)| (m & l).count_ones() as usize)
                .sum();
            if gain == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, g, cost)) => gain > g || (gain == g && c.cost < cost),
            };
            if better {
                best = Some((i, gain, c.cost));
            }
        }
        let Some((i, _, _)) = best else { break };
        for (l, m) in left.iter_mut().zip(&cands[i].mask) {
            *l &= !m;
        }
        picked.push(i);
    }
    picked
}

/// Removes picks the others already cover, costliest first.
fn prune(cands: &[Candidate], mut picked: Vec<usize>, target: &[u64]) -> Vec<usize> {
    picked.sort_by_key(|&i| std::cmp::Reverse(cands[i].cost));
    let mut i = 0;
    while i < picked.len() {
        let mut union = vec![0u64; target.len()];
        for (j, &p) in picked.iter().enumerate() {
            if j != i {
                for (u, m) in union.iter_mut().zip(&cands[p].mask) {
                    *u |= m;
                }
            }
        }
        if subset(target, &union) {
            picked.remove(i);
        } else {
            i += 1;
        }
    }
    picked
}

fn total_cost(cands: &[Candidate], picked: &[usize]) -> usize {
    picked.iter().map(|&i| cands[i].cost).sum()
}

/// Branch and bound on (number of scopes, cost). Improves `best` in place; true if finished.
fn search(cands: &[Candidate], target: &[u64], best: &mut Vec<usize>) -> bool {
    struct State<'a> {
        cands: &'a [Candidate],
        best: Vec<usize>,
        best_key: (usize, usize),
        nodes: usize,
        /// For each permission bit, the candidates covering it.
        covering: Vec<Vec<usize>>,
    }
    fn go(st: &mut State<'_>, left: &[u64], picked: &mut Vec<usize>, cost: usize) -> bool {
        st.nodes += 1;
        if st.nodes > NODE_BUDGET {
            return false;
        }
        if count(left) == 0 {
            let key = (picked.len(), cost);
            if key < st.best_key {
                st.best_key = key;
                st.best = picked.clone();
            }
            return true;
        }
        // Lower bound: at least one more pick; prune when it cannot beat the best size.
        if picked.len() + 1 > st.best_key.0 {
            return true;
        }
        // Branch on the uncovered permission with the fewest candidates.
        let mut pivot = None;
        for (b, cov) in st.covering.iter().enumerate() {
            if left[b / 64] & (1 << (b % 64)) != 0
                && pivot.is_none_or(|(_, n): (usize, usize)| cov.len() < n)
            {
                pivot = Some((b, cov.len()));
            }
        }
        let Some((b, _)) = pivot else { return true };
        let mut options = st.covering[b].clone();
        options.sort_by_key(|&i| {
            let gain: usize = st.cands[i]
                .mask
                .iter()
                .zip(left)
                .map(|(m, l)| (m & l).count_ones() as usize)
                .sum();
            (std::cmp::Reverse(gain), st.cands[i].cost)
        });
        let mut finished = true;
        for i in options {
            let next: Vec<u64> = left
                .iter()
                .zip(&st.cands[i].mask)
                .map(|(l, m)| l & !m)
                .collect();
            picked.push(i);
            finished &= go(st, &next, picked, cost + st.cands[i].cost);
            picked.pop();
            if !finished {
                return false;
            }
        }
        finished
    }
    let bits = target.len() * 64;
    let mut covering = vec![Vec::new(); bits];
    for (i, c) in cands.iter().enumerate() {
        for (b, cov) in covering.iter_mut().enumerate() {
            if c.mask[b / 64] & (1 << (b % 64)) != 0 {
                cov.push(i);
            }
        }
    }
    let mut st = State {
        cands,
        best: best.clone(),
        best_key: (best.len(), total_cost(cands, best)),
        nodes: 0,
        covering,
    };
    let finished = go(&mut st, target, &mut Vec::new(), 0);
    *best = st.best;
    finished
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::builtin;

    #[test]
    fn manifest_triage_needs_one_scope_besides_the_required_one() {
        let m = builtin("manifest").unwrap();
        let s = suggest(&m, None, &["create:vulnerability-triage", "read:asset"]);
        assert_eq!(s.scopes, ["manage-vulnerability-triage"]);
        assert!(s.exact);
        assert!(s.uncoverable.is_empty() && s.unknown.is_empty());
    }

    #[test]
    fn uncoverable_and_unknown_permissions_are_reported() {
        let b = builtin("bright").unwrap();
        let s = suggest(
            &b,
            Some("organization"),
            &["projects:read", "nope", "scans:read"],
        );
        assert_eq!(s.uncoverable, ["projects:read"]);
        assert_eq!(s.unknown, ["nope"]);
        assert_eq!(s.scopes, ["scans:read"]);
    }

    #[test]
    fn prefers_the_narrow_scope_over_an_admin_role() {
        let c = builtin("cortex").unwrap();
        let s = suggest(&c, None, &["CLI Tools View"]);
        assert_eq!(s.scopes.len(), 1);
        assert!(
            s.scopes[0] == "CLI Read-Only Custom" || s.scopes[0] == "CLI Read Only",
            "{:?}",
            s.scopes
        );
        assert_eq!(s.excess_permissions, 0);
    }
}
