//! Stable sorting with one copy of the sort code. The standard library's sort is generic:
//! every call site with its own element type or comparator compiles its own copy of driftsort
//! (about 4 KB of wasm each; with 30 call sites, 7 % of the playground's code). [`sort_by`]
//! sorts indices with one non-generic sort and then moves the elements into place, so each
//! call site adds only a few hundred bytes. The order is exactly the standard library's
//! stable order (`slice::sort_by`): equal elements keep their order.

use std::cmp::Ordering;

/// Sorts `v` stably by `compare`, like `v.sort_by(compare)`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]))
    };
    permute(v, order);
}

/// Sorts `v` stably by `key`, like `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably, like `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in stable sorted order: the one instance of the standard sort.
fn sorted_indices(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the element at `order[i]` to position `i`, following each cycle of the permutation
/// with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut current = start;
        loop {
            let next = order[current];
            order[current] = current;
            if next == start || next == current {
                break;
            }
            v.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same order as the standard library's stable sort, ties included, for many inputs.
    #[test]
    fn the_order_is_the_standard_stable_order() {
        let mut seed = 12345u64;
        for len in 0..200 {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |e| e.0);
            let mut std = v.clone();
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "len {len}");
            let mut rev = v.clone();
            sort_by(&mut rev, |a, b| b.cmp(a));
            let mut std_rev = v;
            std_rev.sort_by(|a, b| b.cmp(a));
            assert_eq!(rev, std_rev);
        }
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
