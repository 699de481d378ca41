//! Deterministic assignment of a segment's users to the control group or a
//! variant, with exact shares: of a segment of 340 users at 10% control,
//! exactly 34 are held out (rounded to the nearest user), and the variants
//! split the rest by their percentages the same way.
//!
//! Each user gets a rank from FNV-1a (64 bit) over the seed and their id,
//! finished with the SplitMix64 mixer: stable across runs, machines and
//! versions (it is written down here, not taken from `std`'s hasher). The
//! lowest control ranks are held out; the rest are ordered by an independent
//! variant rank and cut by the variants' shares. The same data, seed and
//! settings always give the same split; a user keeps their arm unless the
//! segment's size moves the boundary past them.

use serde::Serialize;

/// Name recorded in manifests.
pub const METHOD: &str = "fnv1a64+splitmix64 rank, exact shares per segment";

const SALT_CONTROL: u64 = 0x636f_6e74_726f_6c00; // "control\0"
const SALT_VARIANT: u64 = 0x7661_7269_616e_7400; // "variant\0"

/// What a user receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Arm {
    /// Held out: gets nothing.
    Control,
    /// Index into the segment's variants.
    Variant(usize),
}

/// SplitMix64 finaliser.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a over the seed's bytes and `data`, mixed.
pub fn hash64(seed: u64, data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.to_le_bytes().iter().chain(data) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// Users held out of `n` at `control_percent` (nearest whole user).
pub fn control_count(n: usize, control_percent: f64) -> usize {
    ((n as f64) * control_percent.clamp(0.0, 100.0) / 100.0).round() as usize
}

/// Arms of one segment's users (in the order given), with exact shares:
/// [`control_count`] users in control, the rest split by `splits`
/// (percentages; a shortfall from 100 goes to the last variant).
pub fn assign_segment(seed: u64, control_percent: f64, splits: &[u32], users: &[&str]) -> Vec<Arm> {
    let n = users.len();
    let mut arms = vec![Arm::Control; n];
    if splits.is_empty() {
        return arms;
    }
    let rank = |salt: u64, i: usize| (hash64(seed ^ salt, users[i].as_bytes()), users[i]);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_cached_key(|&i| rank(SALT_CONTROL, i));
    let held = control_count(n, control_percent);
    let mut rest: Vec<usize> = order[held..].to_vec();
    rest.sort_by_cached_key(|&i| rank(SALT_VARIANT, i));
    let m = rest.len();
    let total: u64 = splits.iter().map(|&s| u64::from(s)).sum::<u64>().max(1);
    let mut start = 0usize;
    let mut acc = 0u64;
    for (v, &s) in splits.iter().enumerate() {
        acc += u64::from(s);
        let end = if v + 1 == splits.len() {
            m
        } else {
            ((m as f64) * (acc as f64) / (total as f64)).round() as usize
        };
        for &i in &rest[start.min(end)..end] {
            arms[i] = Arm::Variant(v);
        }
        start = end.max(start);
    }
    arms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        // Fixed values: a change here changes every exported split.
        assert_eq!(hash64(0, b""), 0x813f_0174_a236_7c13);
        let a = hash64(42, b"U000001");
        assert_eq!(a, 0x93c6_1795_04be_f02a);
        assert_ne!(a, hash64(43, b"U000001"));
    }

    #[test]
    fn shares_are_exact_per_segment() {
        let ids: Vec<String> = (0..340).map(|i| format!("u{i}")).collect();
        let users: Vec<&str> = ids.iter().map(String::as_str).collect();
        for (pct, want) in [(5.0, 17), (10.0, 34), (15.0, 51), (0.0, 0), (100.0, 340)] {
            let arms = assign_segment(9, pct, &[70, 30], &users);
            let control = arms.iter().filter(|a| **a == Arm::Control).count();
            assert_eq!(control, want, "{pct}%");
            let a = arms.iter().filter(|a| **a == Arm::Variant(0)).count();
            let rest = 340 - want;
            assert_eq!(a, ((rest as f64) * 0.7).round() as usize, "{pct}%");
        }
        // the same input gives the same arms, in any order of the users
        let arms = assign_segment(9, 10.0, &[50, 50], &users);
        let mut rev = users.clone();
        rev.reverse();
        let mut back = assign_segment(9, 10.0, &[50, 50], &rev);
        back.reverse();
        assert_eq!(arms, back);
        // a held-out user stays held out at a larger control share
        let more = assign_segment(9, 20.0, &[50, 50], &users);
        for (a, b) in arms.iter().zip(&more) {
            if *a == Arm::Control {
                assert_eq!(*b, Arm::Control);
            }
        }
    }
}
