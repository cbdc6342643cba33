//! Least privilege: a selection of scopes that grants a set of needed permissions, in one of
//! two senses ([`SuggestMode`]):
//! - **fewest scopes**: minimum set cover, then the fewest permissions granted beyond the need;
//! - **fewest excess permissions**: the least granted beyond the need, then the fewest scopes.
//!
//! Candidates are the scopes the key kind may carry, each standing for its whole closure
//! (implied and required scopes); what scopes required for every token grant is free. The
//! excess of a selection is measured on the **union** of its closures (a permission two picks
//! both grant counts once). Only candidates that are never better than another are dropped:
//! same needed coverage and a superset of its grants. Greedy gives a first answer, redundant
//! picks are pruned, then a bounded branch and bound improves it and proves it optimal when the
//! search finishes (`exact`). The answer is never worse than greedy.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::algebra::{close, Reason};
use crate::catalog::{Catalog, ScopeIx};

/// What "least privilege" minimises first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SuggestMode {
    /// The fewest scopes, then the fewest excess permissions.
    #[default]
    FewestScopes,
    /// The fewest permissions beyond the need, then the fewest scopes.
    FewestExcess,
}

impl SuggestMode {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "fewest-scopes" | "fewest_scopes" | "scopes" => Some(Self::FewestScopes),
            "fewest-excess" | "fewest_excess" | "excess" => Some(Self::FewestExcess),
            _ => None,
        }
    }
}

/// The answer to "I need these permissions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Suggestion {
    pub vendor: String,
    pub kind: String,
    pub mode: SuggestMode,
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
    /// True when the search proved nothing better (in this mode) exists.
    pub exact: bool,
    /// How many scopes plain greedy set cover picks, for comparison.
    pub greedy_size: usize,
}

/// Search effort cap: branch-and-bound nodes before settling for the best answer so far.
const NODE_BUDGET: usize = 200_000;

type Bits = Vec<u64>;

#[derive(Clone)]
struct Candidate {
    scope: ScopeIx,
    /// Needed permissions (not already free) its closure grants.
    mask: Bits,
    /// Every permission its closure grants.
    grants: Bits,
}

fn words(n: usize) -> usize {
    n.div_ceil(64)
}

fn set(bits: &mut [u64], b: usize) {
    bits[b / 64] |= 1 << (b % 64);
}

fn subset(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !y == 0)
}

fn count(mask: &[u64]) -> usize {
    mask.iter().map(|w| w.count_ones() as usize).sum()
}

/// |a \ b|
fn count_new(a: &[u64], b: &[u64]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x & !y).count_ones() as usize)
        .sum()
}

fn or_into(dst: &mut [u64], src: &[u64]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d |= s;
    }
}

/// Suggests the fewest scopes for `kind` (the first kind when `None`) covering `needed`.
pub fn suggest(cat: &Catalog, kind: Option<&str>, needed: &[&str]) -> Suggestion {
    suggest_with(cat, kind, needed, SuggestMode::FewestScopes)
}

/// Suggests a selection for `kind` covering `needed`, least privilege in the sense of `mode`.
pub fn suggest_with(
    cat: &Catalog,
    kind: Option<&str>,
    needed: &[&str],
    mode: SuggestMode,
) -> Suggestion {
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
    let problem = Problem::build(cat, &kind, &universe);
    let uncoverable: Vec<String> = universe
        .iter()
        .enumerate()
        .filter(|(b, _)| {
            let bit = 1u64 << (b % 64);
            problem.target[b / 64] & bit == 0 && problem.free[b / 64] & bit == 0
        })
        .map(|(_, &p)| cat.permission(p).id.clone())
        .collect();

    let greedy = problem.greedy(SuggestMode::FewestScopes);
    let greedy_size = greedy.len();
    let start = match mode {
        SuggestMode::FewestScopes => greedy,
        SuggestMode::FewestExcess => problem.greedy(mode),
    };
    let mut best = problem.prune(start);
    let exact = problem.search(mode, &mut best);

    let mut scopes: Vec<ScopeIx> = best.iter().map(|&i| problem.cands[i].scope).collect();
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
        mode,
        scopes: scopes.iter().map(|&s| cat.scope(s).id.clone()).collect(),
        covered,
        uncoverable,
        unknown,
        excess_permissions: excess,
        exact,
        greedy_size,
    }
}

/// The set-cover instance: what must be covered, by which candidates, and what is free.
struct Problem {
    cands: Vec<Candidate>,
    /// Needed permissions some candidate covers (and that are not free).
    target: Bits,
    /// Needed permissions every token gets anyway.
    free: Bits,
    /// Every permission every token gets anyway (the union every selection starts from).
    base: Bits,
}

impl Problem {
    fn build(cat: &Catalog, kind: &str, universe: &[u32]) -> Self {
        let w = words(universe.len());
        let pw = words(cat.permissions().len());
        let bit_of = |perm: u32| universe.iter().position(|&u| u == perm);

        let base_closure = close(cat, kind, std::iter::empty(), false);
        let mut free = vec![0u64; w];
        let mut base = vec![0u64; pw];
        for &s in &base_closure.order {
            for &p in cat.grants_of(s) {
                set(&mut base, p as usize);
                if let Some(b) = bit_of(p) {
                    set(&mut free, b);
                }
            }
        }

        let relevant = relevance::relevant_scopes(cat, universe);
        let mut cands: Vec<Candidate> = Vec::new();
        for (i, &rel) in relevant.iter().enumerate() {
            let s = i as ScopeIx;
            if !rel || !cat.kind_allows(kind, s) || base_closure.contains(s) {
                continue;
            }
            let closure = close(cat, kind, [(s, Reason::Selected)], false);
            let mut mask = vec![0u64; w];
            let mut grants = vec![0u64; pw];
            for &t in &closure.order {
                for &p in cat.grants_of(t) {
                    set(&mut grants, p as usize);
                    if let Some(b) = bit_of(p) {
                        set(&mut mask, b);
                    }
                }
            }
            for (m, f) in mask.iter_mut().zip(&free) {
                *m &= !f;
            }
            if count(&mask) > 0 {
                cands.push(Candidate {
                    scope: s,
                    mask,
                    grants,
                });
            }
        }

        let mut target = vec![0u64; w];
        for c in &cands {
            or_into(&mut target, &c.mask);
        }
        Self {
            cands: drop_dominated(cands),
            target,
            free,
            base,
        }
    }

    fn key(&self, mode: SuggestMode, picked: &[usize]) -> (usize, usize) {
        let mut union = self.base.clone();
        for &i in picked {
            or_into(&mut union, &self.cands[i].grants);
        }
        order(mode, picked.len(), count(&union))
    }

    /// Greedy: fewest scopes takes the largest gain (then the least added); fewest excess takes
    /// the least added per permission gained (then the largest gain).
    fn greedy(&self, mode: SuggestMode) -> Vec<usize> {
        let mut left = self.target.clone();
        let mut union = self.base.clone();
        let mut picked = Vec::new();
        while count(&left) > 0 {
            let mut best: Option<(usize, usize, usize)> = None; // (index, gain, added)
            for (i, c) in self.cands.iter().enumerate() {
                let gain = count_new(&c.mask, &vec_not(&left));
                if gain == 0 {
                    continue;
                }
                let added = count_new(&c.grants, &union);
                let better = match best {
                    None => true,
                    Some((_, g, a)) => match mode {
                        SuggestMode::FewestScopes => gain > g || (gain == g && added < a),
                        // added/gain < a/g, compared without division.
                        SuggestMode::FewestExcess => {
                            added * g < a * gain || (added * g == a * gain && gain > g)
                        }
                    },
                };
                if better {
                    best = Some((i, gain, added));
                }
            }
            let Some((i, _, _)) = best else { break };
            for (l, m) in left.iter_mut().zip(&self.cands[i].mask) {
                *l &= !m;
            }
            or_into(&mut union, &self.cands[i].grants);
            picked.push(i);
        }
        picked
    }

    /// Removes picks the others already cover, the broadest first.
    fn prune(&self, mut picked: Vec<usize>) -> Vec<usize> {
        picked.sort_by_key(|&i| std::cmp::Reverse(count(&self.cands[i].grants)));
        let mut i = 0;
        while i < picked.len() {
            let mut union = vec![0u64; self.target.len()];
            for (j, &p) in picked.iter().enumerate() {
                if j != i {
                    or_into(&mut union, &self.cands[p].mask);
                }
            }
            if subset(&self.target, &union) {
                picked.remove(i);
            } else {
                i += 1;
            }
        }
        picked
    }

    /// Branch and bound on the mode's key. Improves `best` in place; true if it finished.
    fn search(&self, mode: SuggestMode, best: &mut Vec<usize>) -> bool {
        let bits = self.target.len() * 64;
        let mut covering = vec![Vec::new(); bits];
        for (i, c) in self.cands.iter().enumerate() {
            for (b, cov) in covering.iter_mut().enumerate() {
                if c.mask[b / 64] & (1 << (b % 64)) != 0 {
                    cov.push(i);
                }
            }
        }
        let depth = count(&self.target) + 1;
        let mut st = search::Search {
            p: self,
            mode,
            best: best.clone(),
            best_key: self.key(mode, best),
            nodes: 0,
            covering,
            unions: vec![self.base.clone(); depth + 1],
            lefts: vec![self.target.clone(); depth + 1],
        };
        let finished = st.go(0, &mut Vec::new());
        *best = st.best;
        finished
    }
}

fn vec_not(a: &[u64]) -> Bits {
    a.iter().map(|x| !x).collect()
}

/// The key a mode minimises, lexicographically.
fn order(mode: SuggestMode, scopes: usize, union: usize) -> (usize, usize) {
    match mode {
        SuggestMode::FewestScopes => (scopes, union),
        SuggestMode::FewestExcess => (union, scopes),
    }
}

/// Drops a candidate when another covers the same needed permissions with a subset of its
/// grants (never worse in either mode); identical ones keep the first in catalog order.
fn drop_dominated(cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut groups: std::collections::HashMap<Bits, Vec<usize>> = Default::default();
    for (i, c) in cands.iter().enumerate() {
        groups.entry(c.mask.clone()).or_default().push(i);
    }
    let mut keep = vec![true; cands.len()];
    for members in groups.values() {
        for &a in members {
            keep[a] = !members.iter().any(|&b| {
                b != a
                    && keep[b]
                    && subset(&cands[b].grants, &cands[a].grants)
                    && (cands[b].grants != cands[a].grants || b < a)
            });
        }
    }
    cands
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

mod relevance;
mod search;

#[cfg(test)]
mod tests;
