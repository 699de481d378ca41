//! The evaluation report: metrics per method (and per segment), as JSON and as
//! a table.

use super::UserResult;
use crate::recommend::Method;
use serde::Serialize;
use std::fmt;

/// Metrics of one method; every value but `fit_seconds` is in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodMetrics {
    pub name: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub ndcg: f64,
    pub map: f64,
    pub hit_rate: f64,
    /// Share of the catalogue recommended to at least one evaluated user.
    pub coverage: f64,
    /// Intra-list diversity: 1 - mean pairwise content cosine.
    pub diversity: f64,
    /// Mean self-information normalised by log2(users).
    pub novelty: f64,
    /// Mean popularity percentile of recommended items.
    pub popularity_bias: f64,
    pub fit_seconds: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentMetrics {
    pub segment: String,
    pub users: usize,
    pub methods: Vec<MethodMetrics>,
}

/// A method left out of the report, and why (what it needs that the data lacks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unavailable {
    pub method: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub k: usize,
    pub split: String,
    /// Users evaluated (with training and held-out items).
    pub users: usize,
    pub methods: Vec<MethodMetrics>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<SegmentMetrics>,
    /// Methods not evaluated on this data, each with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<Unavailable>,
    /// Split, fit and evaluation time.
    pub evaluate_seconds: f64,
}

impl EvalReport {
    pub(super) fn new(k: usize, split: &str, users: usize) -> EvalReport {
        EvalReport {
            k,
            split: split.to_string(),
            users,
            methods: Vec::new(),
            segments: Vec::new(),
            unavailable: Vec::new(),
            evaluate_seconds: 0.0,
        }
    }

    /// The metrics of a method by name.
    pub fn method(&self, name: &str) -> Option<&MethodMetrics> {
        self.methods.iter().find(|m| m.name == name)
    }
}

pub(super) fn aggregate<'a>(
    m: Method,
    results: impl Iterator<Item = &'a UserResult>,
    n_items: usize,
    fit_seconds: f64,
) -> MethodMetrics {
    let mut seen = vec![false; n_items];
    let mut s = [0f64; 9];
    let mut n = 0usize;
    for r in results {
        n += 1;
        for (acc, v) in s.iter_mut().zip([
            r.m.precision,
            r.m.recall,
            r.m.f1,
            r.m.ndcg,
            r.m.ap,
            r.m.hit,
            r.diversity,
            r.novelty,
            r.popularity_bias,
        ]) {
            *acc += v;
        }
        for &i in &r.recs {
            seen[i as usize] = true;
        }
    }
    let mean = |x: f64| {
        if n > 0 {
            (x / n as f64).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    MethodMetrics {
        name: m.name().to_string(),
        precision: mean(s[0]),
        recall: mean(s[1]),
        f1: mean(s[2]),
        ndcg: mean(s[3]),
        map: mean(s[4]),
        hit_rate: mean(s[5]),
        coverage: seen.iter().filter(|x| **x).count() as f64 / n_items.max(1) as f64,
        diversity: mean(s[6]),
        novelty: mean(s[7]),
        popularity_bias: mean(s[8]),
        fit_seconds,
    }
}

/// Collects per-segment metrics across methods.
pub(super) struct SegmentAcc {
    segments: Vec<SegmentMetrics>,
}

impl SegmentAcc {
    pub(super) fn new(n: usize) -> SegmentAcc {
        SegmentAcc {
            segments: (0..n)
                .map(|_| SegmentMetrics {
                    segment: String::new(),
                    users: 0,
                    methods: Vec::new(),
                })
                .collect(),
        }
    }

    pub(super) fn add(
        &mut self,
        m: Method,
        results: &[UserResult],
        labels: &[usize],
        names: &[String],
        n_items: usize,
        fit_seconds: f64,
    ) {
        for (s, seg) in self.segments.iter_mut().enumerate() {
            let mine = || {
                results
                    .iter()
                    .filter(|r| labels.get(r.user as usize) == Some(&s))
            };
            seg.segment = names[s].clone();
            seg.users = mine().count();
            if seg.users > 0 {
                seg.methods.push(aggregate(m, mine(), n_items, fit_seconds));
            }
        }
    }

    pub(super) fn finish(self) -> Vec<SegmentMetrics> {
        self.segments.into_iter().filter(|s| s.users > 0).collect()
    }
}

fn table(f: &mut fmt::Formatter<'_>, methods: &[MethodMetrics]) -> fmt::Result {
    writeln!(
        f,
        "{:<12} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8}",
        "method",
        "prec",
        "recall",
        "f1",
        "ndcg",
        "map",
        "hit",
        "cover",
        "divers",
        "novel",
        "popbias",
        "fit s"
    )?;
    for m in methods {
        writeln!(
            f,
            "{:<12} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>8.3}",
            m.name,
            m.precision,
            m.recall,
            m.f1,
            m.ndcg,
            m.map,
            m.hit_rate,
            m.coverage,
            m.diversity,
            m.novelty,
            m.popularity_bias,
            m.fit_seconds
        )?;
    }
    Ok(())
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "split {}, K = {}, {} users evaluated, {:.2} s",
            self.split, self.k, self.users, self.evaluate_seconds
        )?;
        table(f, &self.methods)?;
        for u in &self.unavailable {
            writeln!(f, "{}: {}", u.method, u.reason)?;
        }
        for s in &self.segments {
            writeln!(
                f,
                "\nsegment {} ({} users)",
                crate::text::sanitize(&s.segment),
                s.users
            )?;
            table(f, &s.methods)?;
        }
        Ok(())
    }
}
