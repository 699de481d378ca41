//! Deterministic assignment of users to the control group or a variant.
//!
//! The hash is FNV-1a (64 bit) over the seed and the user id, finished with the
//! SplitMix64 mixer: stable across runs, machines and versions (it is written
//! down here, not taken from `std`'s hasher), so re-exporting a campaign gives
//! the same split. Control and variant draws use independent salts, so the
//! variant shares hold among the non-control users.

use serde::Serialize;

/// Name recorded in manifests.
pub const METHOD: &str = "fnv1a64+splitmix64, 10000 buckets";

const BUCKETS: u64 = 10_000;
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

fn bucket(seed: u64, salt: u64, user_id: &str) -> u64 {
    hash64(seed ^ salt, user_id.as_bytes()) % BUCKETS
}

/// Precomputed thresholds for one segment.
#[derive(Debug, Clone)]
pub struct Assigner {
    seed: u64,
    control: u64,
    /// Cumulative upper bounds (in buckets) per variant.
    cuts: Vec<u64>,
}

impl Assigner {
    /// `splits` are percentages (they should add up to 100; a shortfall goes
    /// to the last variant).
    pub fn new(seed: u64, control_percent: f64, splits: &[u32]) -> Assigner {
        let control = (control_percent.clamp(0.0, 100.0) * (BUCKETS as f64) / 100.0).round() as u64;
        let total: u64 = splits.iter().map(|&s| u64::from(s)).sum::<u64>().max(1);
        let mut acc = 0u64;
        let mut cuts: Vec<u64> = splits
            .iter()
            .map(|&s| {
                acc += u64::from(s);
                acc * BUCKETS / total
            })
            .collect();
        if let Some(last) = cuts.last_mut() {
            *last = BUCKETS;
        }
        Assigner {
            seed,
            control,
            cuts,
        }
    }

    pub fn assign(&self, user_id: &str) -> Arm {
        if bucket(self.seed, SALT_CONTROL, user_id) < self.control {
            return Arm::Control;
        }
        if self.cuts.is_empty() {
            return Arm::Control;
        }
        let b = bucket(self.seed, SALT_VARIANT, user_id);
        let i = self
            .cuts
            .iter()
            .position(|&c| b < c)
            .unwrap_or(self.cuts.len() - 1);
        Arm::Variant(i)
    }
}

/// One-off assignment (see [`Assigner`] for many users).
pub fn assign(seed: u64, user_id: &str, control_percent: f64, splits: &[u32]) -> Arm {
    Assigner::new(seed, control_percent, splits).assign(user_id)
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
    fn full_control_and_no_control() {
        let all = Assigner::new(1, 100.0, &[100]);
        assert_eq!(all.assign("x"), Arm::Control);
        let none = Assigner::new(1, 0.0, &[100]);
        assert_eq!(none.assign("x"), Arm::Variant(0));
    }
}
