//! Finding a scope or permission by id without a second copy of the ids: the indices, sorted
//! by the id each names, searched by halves. The ids themselves stay where the catalog keeps
//! them; this holds four bytes per id.

/// Indices `0..n`, ordered by the id each names (ids are unique: the loader checked).
#[derive(Debug, Clone, Default)]
pub(crate) struct SortedIds(Box<[u32]>);

impl SortedIds {
    pub(crate) fn new<'a>(count: usize, id_of: impl Fn(u32) -> &'a str) -> Self {
        let mut order: Vec<u32> = (0..count as u32).collect();
        order.sort_unstable_by(|&a, &b| id_of(a).cmp(id_of(b)));
        Self(order.into_boxed_slice())
    }

    /// The index whose id is `id`; `id_of` must name the same ids as at [`SortedIds::new`].
    pub(crate) fn find<'a>(&self, id: &str, id_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.0
            .binary_search_by(|&i| id_of(i).cmp(id))
            .ok()
            .map(|at| self.0[at])
    }
}

#[cfg(test)]
mod tests {
    use super::SortedIds;

    #[test]
    fn finds_every_id_and_nothing_else() {
        let ids = ["m", "b", "zz", "a", "b2", ""];
        let sorted = SortedIds::new(ids.len(), |i| ids[i as usize]);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(sorted.find(id, |i| ids[i as usize]), Some(i as u32));
        }
        for absent in ["c", "b1", "zzz", "M"] {
            assert_eq!(sorted.find(absent, |i| ids[i as usize]), None);
        }
    }
}
