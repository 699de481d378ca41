//! The critic that learns: a logistic regression (linfa-logistic) over the
//! words of the marketer's own decisions. Approvals count for a line,
//! rejections against it; an edit counts against the text before and for the
//! text after. Decisions are kept in a log beside the campaigns, the model is
//! refitted from it, and its agreement with held-out decisions (AUC by
//! cross-validation) decides whether its score is shown at all.

use super::{Offer, Tone};
use crate::error::{Error, Result};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One of the marketer's decisions about a line (with its `{slots}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub title: String,
    pub body: String,
    pub tone: Tone,
    pub offer: Offer,
    /// Approved (or the text an edit made): true; rejected (or the text an
    /// edit replaced): false.
    pub liked: bool,
    pub kind: DecisionKind,
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Approved,
    Rejected,
    EditedFrom,
    EditedTo,
}

/// The decision log: one JSON object per line, appended.
#[derive(Debug, Clone)]
pub struct Log {
    path: PathBuf,
}

/// Feature dimensions: hashed words and word pairs, then tone, offer and
/// shape features.
const HASHED: usize = 1024;
const DIM: usize = HASHED + 4 + 5 + 4;

/// FNV-1a, 64 bit.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn hash(s: &str) -> usize {
    (fnv(s) % HASHED as u64) as usize
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '{' || c == '}' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The feature vector of a line.
pub fn features(title: &str, body: &str, tone: Tone, offer: Offer) -> Vec<f64> {
    let mut v = vec![0.0; DIM];
    for (field, text) in [("t", title), ("b", body)] {
        let w = words(text);
        for x in &w {
            v[hash(&format!("{field}:{x}"))] += 1.0;
            v[hash(&format!("w:{x}"))] += 1.0;
        }
        for p in w.windows(2) {
            v[hash(&format!("{field}:{} {}", p[0], p[1]))] += 1.0;
        }
    }
    // words counted once per line length, so long lines do not dominate
    let norm = v[..HASHED]
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(1.0);
    v[..HASHED].iter_mut().for_each(|x| *x /= norm);
    v[HASHED + tone.index()] = 1.0;
    v[HASHED + 4 + offer.index()] = 1.0;
    let s = HASHED + 9;
    v[s] = (crate::text::width(body) as f64 / 100.0).min(3.0);
    v[s + 1] = (crate::text::width(title) as f64 / 40.0).min(3.0);
    v[s + 2] = format!("{title}{body}").matches('!').count() as f64;
    v[s + 3] = f64::from(u8::from(
        format!("{title}{body}")
            .chars()
            .any(|c| c as u32 >= 0x1F300),
    ));
    v
}

impl Log {
    /// The log in a campaign store folder.
    pub fn in_dir(dir: &Path) -> Log {
        Log {
            path: dir.join("decisions.jsonl"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends decisions (one `write` per call, so processes appending at
    /// once do not interleave lines).
    pub fn append(&self, ds: &[Decision]) -> Result<()> {
        if ds.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::new();
        for d in ds {
            serde_json::to_writer(&mut buf, d).map_err(|e| Error::Other(e.to_string()))?;
            buf.push(b'\n');
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::io(&self.path, e))?;
        f.write_all(&buf).map_err(|e| Error::io(&self.path, e))
    }

    /// Every readable decision, and how many lines could not be read.
    pub fn read(&self) -> Result<(Vec<Decision>, usize)> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
            Err(e) => return Err(Error::io(&self.path, e)),
        };
        let mut out = Vec::new();
        let mut bad = 0;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str(line) {
                Ok(d) => out.push(d),
                Err(_) => bad += 1,
            }
        }
        Ok((out, bad))
    }
}

/// A fitted taste model.
#[derive(Debug, Clone)]
pub struct Taste {
    params: Array1<f64>,
    intercept: f64,
    pub trained_on: usize,
    /// Agreement with held-out decisions (5-fold cross-validated AUC).
    pub auc: Option<f64>,
}

/// Fewest decisions of each kind (liked, not liked) before a model is fitted.
pub const MIN_PER_CLASS: usize = 5;
/// Held-out AUC a score must reach to be shown (0.5 is chance).
pub const SHOW_AUC: f64 = 0.6;

fn matrix(ds: &[&Decision]) -> (Array2<f64>, Array1<usize>) {
    let mut x = Array2::zeros((ds.len(), DIM));
    for (i, d) in ds.iter().enumerate() {
        for (j, v) in features(&d.title, &d.body, d.tone, d.offer)
            .into_iter()
            .enumerate()
        {
            x[[i, j]] = v;
        }
    }
    let y = ds.iter().map(|d| usize::from(d.liked)).collect();
    (x, y)
}

fn fit_params(ds: &[&Decision]) -> Option<(Array1<f64>, f64)> {
    let liked = ds.iter().filter(|d| d.liked).count();
    if liked == 0 || liked == ds.len() {
        return None;
    }
    let (x, y) = matrix(ds);
    let m = LogisticRegression::default()
        .alpha(0.05)
        .max_iterations(200)
        .fit(&linfa::Dataset::new(x, y))
        .ok()?;
    // the probabilities are of `labels().pos`, whichever label that is
    if m.labels().pos.class == 1 {
        Some((m.params().clone(), m.intercept()))
    } else {
        Some((-m.params().clone(), -m.intercept()))
    }
}

/// Area under the ROC curve of `scores` for `labels` (ties count half).
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let pos: Vec<f64> = scores
        .iter()
        .zip(labels)
        .filter(|(_, &l)| l)
        .map(|(s, _)| *s)
        .collect();
    let neg: Vec<f64> = scores
        .iter()
        .zip(labels)
        .filter(|(_, &l)| !l)
        .map(|(s, _)| *s)
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let mut wins = 0.0;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    Some(wins / (pos.len() * neg.len()) as f64)
}

impl Taste {
    /// Fits on every decision and measures held-out agreement by 5-fold
    /// cross-validation (folds by a hash of the text, so it is repeatable).
    /// `None` until there are [`MIN_PER_CLASS`] decisions of each kind.
    pub fn fit(ds: &[Decision]) -> Option<Taste> {
        let liked = ds.iter().filter(|d| d.liked).count();
        if liked < MIN_PER_CLASS || ds.len() - liked < MIN_PER_CLASS {
            return None;
        }
        let all: Vec<&Decision> = ds.iter().collect();
        let (params, intercept) = fit_params(&all)?;
        let fold = |d: &Decision| fnv(&format!("{}|{}", d.title, d.body)) % 5;
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for k in 0..5 {
            let train: Vec<&Decision> = ds.iter().filter(|d| fold(d) != k).collect();
            let test: Vec<&Decision> = ds.iter().filter(|d| fold(d) == k).collect();
            if test.is_empty() {
                continue;
            }
            let Some((p, b)) = fit_params(&train) else {
                continue;
            };
            let m = Taste {
                params: p,
                intercept: b,
                trained_on: train.len(),
                auc: None,
            };
            for d in test {
                scores.push(m.score(&d.title, &d.body, d.tone, d.offer));
                labels.push(d.liked);
            }
        }
        Some(Taste {
            params,
            intercept,
            trained_on: ds.len(),
            auc: auc(&scores, &labels),
        })
    }

    /// Probability the marketer would approve this line.
    pub fn score(&self, title: &str, body: &str, tone: Tone, offer: Offer) -> f64 {
        let x = Array1::from(features(title, body, tone, offer));
        let z = x.dot(&self.params) + self.intercept;
        1.0 / (1.0 + (-z).exp())
    }

    /// Whether its score beats chance on held-out decisions by enough to show.
    pub fn trusted(&self) -> bool {
        self.auc.is_some_and(|a| a >= SHOW_AUC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(title: &str, body: &str, liked: bool) -> Decision {
        Decision {
            title: title.into(),
            body: body.into(),
            tone: Tone::Friendly,
            offer: Offer::Discount,
            liked,
            kind: if liked {
                DecisionKind::Approved
            } else {
                DecisionKind::Rejected
            },
            at: String::new(),
        }
    }

    #[test]
    fn auc_counts_pairs() {
        assert_eq!(auc(&[0.9, 0.1], &[true, false]), Some(1.0));
        assert_eq!(auc(&[0.1, 0.9], &[true, false]), Some(0.0));
        assert_eq!(auc(&[0.5, 0.5], &[true, false]), Some(0.5));
        assert_eq!(auc(&[0.5], &[true]), None);
    }

    #[test]
    fn learns_a_consistent_taste_and_reports_held_out_agreement() {
        // the marketer approves plain lines and rejects ones with "hurry"
        let mut ds = Vec::new();
        for i in 0..30 {
            ds.push(d(&format!("{{product}} for you {i}"), "Take a look.", true));
            ds.push(d(
                &format!("Hurry {i}!"),
                "Hurry, hurry, grab {product}!",
                false,
            ));
        }
        assert!(Taste::fit(&ds[..6]).is_none(), "too few decisions");
        let t = Taste::fit(&ds).unwrap();
        assert!(t.auc.unwrap() > 0.9, "{:?}", t.auc);
        assert!(t.trusted());
        let good = t.score(
            "{product} for you",
            "Take a look.",
            Tone::Friendly,
            Offer::Discount,
        );
        let bad = t.score(
            "Hurry!",
            "Hurry, grab {product}!",
            Tone::Friendly,
            Offer::Discount,
        );
        assert!(good > bad, "{good} {bad}");
    }

    #[test]
    fn random_decisions_are_not_trusted() {
        // the same few lines approved and rejected at random
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let lines = [
            "Meet {product}",
            "{product} for you",
            "A pick: {product}",
            "See {product}",
        ];
        let ds: Vec<Decision> = (0..120)
            .map(|i| d(lines[i % 4], "Take a look.", rng.gen_bool(0.5)))
            .collect();
        let t = Taste::fit(&ds).unwrap();
        assert!(!t.trusted(), "{:?}", t.auc);
    }
}
