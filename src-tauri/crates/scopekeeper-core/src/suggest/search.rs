//! The bounded branch and bound behind [`super::suggest_with`]: it branches on the needed
//! permission with the fewest candidates, bounds by the mode's key, and stops at its node budget
//! (then the answer is the best found, not proven).

use super::{count, count_new, or_into, order, vec_not, Bits, Problem, SuggestMode, NODE_BUDGET};

pub(super) struct Search<'a> {
    pub(super) p: &'a Problem,
    pub(super) mode: SuggestMode,
    pub(super) best: Vec<usize>,
    pub(super) best_key: (usize, usize),
    pub(super) nodes: usize,
    /// For each needed bit, the candidates covering it.
    pub(super) covering: Vec<Vec<usize>>,
    /// Per depth: the union of grants so far, and what is left to cover.
    pub(super) unions: Vec<Bits>,
    pub(super) lefts: Vec<Bits>,
}

impl Search<'_> {
    pub(super) fn go(&mut self, depth: usize, picked: &mut Vec<usize>) -> bool {
        self.nodes += 1;
        if self.nodes > NODE_BUDGET {
            return false;
        }
        let union_size = count(&self.unions[depth]);
        if count(&self.lefts[depth]) == 0 {
            let key = order(self.mode, picked.len(), union_size);
            if key < self.best_key {
                self.best_key = key;
                self.best = picked.clone();
            }
            return true;
        }
        // Branch on the uncovered permission with the fewest candidates.
        let left = &self.lefts[depth];
        let pivot = self
            .covering
            .iter()
            .enumerate()
            .filter(|(b, _)| left[b / 64] & (1 << (b % 64)) != 0)
            .min_by_key(|(_, cov)| cov.len())
            .map(|(b, _)| b);
        let Some(b) = pivot else { return true };
        let union = &self.unions[depth];
        let mut options: Vec<(usize, usize, usize)> = self.covering[b]
            .iter()
            .map(|&i| {
                let c = &self.p.cands[i];
                (
                    i,
                    count_new(&c.mask, &vec_not(left)),
                    count_new(&c.grants, union),
                )
            })
            .collect();
        // One more pick is certain, and it adds at least the least any option adds.
        let least_added = options.iter().map(|o| o.2).min().unwrap_or(0);
        if order(self.mode, picked.len() + 1, union_size + least_added) >= self.best_key {
            return true;
        }
        match self.mode {
            SuggestMode::FewestScopes => {
                options.sort_by_key(|&(i, gain, added)| (std::cmp::Reverse(gain), added, i))
            }
            SuggestMode::FewestExcess => {
                options.sort_by_key(|&(i, gain, added)| (added, std::cmp::Reverse(gain), i))
            }
        }
        for (i, _, added) in options {
            if order(self.mode, picked.len() + 1, union_size + added) >= self.best_key {
                continue;
            }
            let (head, tail) = self.unions.split_at_mut(depth + 1);
            tail[0].copy_from_slice(&head[depth]);
            or_into(&mut tail[0], &self.p.cands[i].grants);
            let (head, tail) = self.lefts.split_at_mut(depth + 1);
            for ((n, l), m) in tail[0]
                .iter_mut()
                .zip(&head[depth])
                .zip(&self.p.cands[i].mask)
            {
                *n = l & !m;
            }
            picked.push(i);
            let finished = self.go(depth + 1, picked);
            picked.pop();
            if !finished {
                return false;
            }
        }
        true
    }
}
