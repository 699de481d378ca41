//! Train/test splits. The unit is the (user, item) pair with all its events, so
//! nothing of a held-out pair leaks into training.

use crate::data::Dataset;
use crate::recommend::{Interactions, Weights};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitKind {
    /// Per user, a random fraction of the items (users with enough items).
    #[default]
    Random,
    /// Per user, the item first interacted with last (leave-last-out).
    Last,
    /// Everything before a global time cutoff trains, new pairs after it test.
    Time,
}

impl SplitKind {
    pub fn name(self) -> &'static str {
        match self {
            SplitKind::Random => "random",
            SplitKind::Last => "last",
            SplitKind::Time => "time",
        }
    }
}

/// Training interactions and held-out items per user.
#[derive(Debug, Clone)]
pub struct Split {
    /// "random", "last", "time" or "files".
    pub name: String,
    pub train: Interactions,
    /// Held-out items per user, sorted (empty: not evaluated).
    pub test: Vec<Vec<u32>>,
    /// Event-type bits of each held-out pair (0xFF when unknown).
    pub test_kinds: Vec<Vec<u8>>,
}

impl Split {
    /// Users that have held-out items.
    pub fn test_users(&self) -> usize {
        self.test.iter().filter(|t| !t.is_empty()).count()
    }

    /// Builds a split from all interactions and a set of held-out positions.
    fn from_mask(name: &str, all: &Interactions, test_mask: &[bool]) -> Split {
        let n = all.n_users();
        let mut test = vec![Vec::new(); n];
        let mut test_kinds = vec![Vec::new(); n];
        for u in 0..n {
            let (a, b) = (all.matrix.indptr[u], all.matrix.indptr[u + 1]);
            let held = (a..b).filter(|&p| test_mask[p]);
            for p in held {
                test[u].push(all.matrix.indices[p]);
                test_kinds[u].push(all.kinds[p]);
            }
        }
        Split {
            name: name.to_string(),
            train: all.filter(|p| !test_mask[p]),
            test,
            test_kinds,
        }
    }
}

/// Per-user random holdout: `fraction` of each user's items (at least one, at
/// most all but one) for users with at least `min_items` items. Deterministic
/// for a seed: every user draws from its own ChaCha8 stream.
pub fn random_split(all: &Interactions, fraction: f32, seed: u64, min_items: usize) -> Split {
    let mut mask = vec![false; all.nnz()];
    for u in 0..all.n_users() {
        let (a, b) = (all.matrix.indptr[u], all.matrix.indptr[u + 1]);
        let n = b - a;
        if n < min_items.max(2) {
            continue;
        }
        let n_test = ((fraction as f64 * n as f64).round() as usize).clamp(1, n - 1);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(u as u64);
        let mut pos: Vec<usize> = (a..b).collect();
        for i in 0..n_test {
            let j = rng.gen_range(i..n);
            pos.swap(i, j);
            mask[pos[i]] = true;
        }
    }
    Split::from_mask("random", all, &mask)
}

/// Per-user leave-last-out: the item whose first event is the latest, for users
/// with at least `min_items` items. Uses the event order (sorted by time).
pub fn last_split(ds: &Dataset, all: &Interactions, min_items: usize) -> Split {
    let offsets = ds.events.user_offsets(ds.n_users());
    let mut mask = vec![false; all.nnz()];
    for u in 0..all.n_users() {
        let items = all.items(u as u32);
        if items.len() < min_items.max(2) {
            continue;
        }
        let mut first = vec![usize::MAX; items.len()];
        for r in offsets[u]..offsets[u + 1] {
            if let Ok(p) = items.binary_search(&ds.events.item[r]) {
                if first[p] == usize::MAX {
                    first[p] = r;
                }
            }
        }
        if let Some((p, _)) = first
            .iter()
            .enumerate()
            .filter(|x| *x.1 != usize::MAX)
            .max_by_key(|x| *x.1)
        {
            mask[all.matrix.indptr[u] + p] = true;
        }
    }
    Split::from_mask("last", all, &mask)
}

/// Global time cutoff at the `quantile` of event times: earlier events train;
/// pairs that first appear after the cutoff test, for users with a history.
pub fn time_split(ds: &Dataset, w: &Weights, quantile: f32) -> Split {
    let mut ts = ds.events.ts.clone();
    let cutoff = if ts.is_empty() {
        0
    } else {
        let q = ((quantile.clamp(0.0, 1.0) as f64) * (ts.len() - 1) as f64).round() as usize;
        *ts.select_nth_unstable(q).1
    };
    let evts = &ds.events.ts;
    let train = Interactions::from_events(ds, w, |r| evts[r] < cutoff);
    let later = Interactions::from_events(ds, w, |r| evts[r] >= cutoff);
    let n = ds.n_users();
    let mut test = vec![Vec::new(); n];
    let mut test_kinds = vec![Vec::new(); n];
    for u in 0..n as u32 {
        let known = train.items(u);
        if known.is_empty() {
            continue;
        }
        for (&i, &k) in later.items(u).iter().zip(later.kinds_of(u)) {
            if known.binary_search(&i).is_err() {
                test[u as usize].push(i);
                test_kinds[u as usize].push(k);
            }
        }
    }
    Split {
        name: "time".into(),
        train,
        test,
        test_kinds,
    }
}
