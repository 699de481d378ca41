//! Output of `pushbench recommend`: JSON records and the table.

use crate::data::Dataset;
use crate::recommend::{Models, Rec};
use crate::text::sanitize;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct RecJson {
    pub(super) item: String,
    pub(super) title: String,
    pub(super) category: Option<String>,
    pub(super) score: f32,
    pub(super) explanation: String,
}

#[derive(Serialize)]
pub(super) struct MethodRecs {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
    pub(super) items: Vec<RecJson>,
}

#[derive(Serialize)]
pub(super) struct RecommendOut {
    pub(super) user: Option<String>,
    pub(super) interactions: usize,
    pub(super) cold: bool,
    pub(super) k: usize,
    pub(super) methods: Vec<MethodRecs>,
}

pub(super) fn print_recommendations(
    out: &RecommendOut,
    ds: &Dataset,
    user: Option<u32>,
    models: &Models,
    lists: &[Vec<Rec>],
) {
    match (&out.user, user) {
        (Some(id), Some(_)) => println!(
            "user {}: {} items in history",
            sanitize(id),
            out.interactions
        ),
        _ => println!("new user, seeded with {} item(s)", out.interactions),
    }
    if out.cold {
        println!("cold user: the hybrid uses content + popularity");
    }
    if let Some(u) = user {
        let q = models.query(u);
        let mut hist: Vec<(u32, f32)> = q
            .items
            .iter()
            .copied()
            .zip(q.weights.iter().copied())
            .collect();
        hist.sort_by(|a, b| b.1.total_cmp(&a.1));
        let shown: Vec<String> = hist
            .iter()
            .take(5)
            .map(|h| trunc(&sanitize(ds.item_title(h.0)), 30))
            .collect();
        if !shown.is_empty() {
            println!("strongest interactions: {}", shown.join("; "));
        }
    }
    let mut count = std::collections::HashMap::new();
    for l in lists {
        for r in l {
            *count.entry(r.item).or_insert(0usize) += 1;
        }
    }
    side_by_side(out, models);
    println!("\n(* = also recommended by another method)");
    for (m, l) in out.methods.iter().zip(lists) {
        println!("\n{}", m.title);
        for (rank, (r, j)) in l.iter().zip(&m.items).enumerate() {
            let star = if count[&r.item] > 1 { '*' } else { ' ' };
            println!(
                "{:>3}{star} {:<40} {:<18} {:>7.3}  {}",
                rank + 1,
                trunc(&sanitize(&j.title), 40),
                trunc(&sanitize(j.category.as_deref().unwrap_or("-")), 18),
                r.score,
                r.explanation
            );
        }
    }
}

/// Content, the hybrid's CF model and the hybrid in three columns.
fn side_by_side(out: &RecommendOut, models: &Models) {
    let names = ["content", models.config.cf_model.method().name(), "hybrid"];
    let cols: Vec<&MethodRecs> = names
        .iter()
        .filter_map(|n| out.methods.iter().find(|m| m.name == *n))
        .collect();
    if cols.len() < 3 {
        return;
    }
    const W: usize = 36;
    println!();
    let head: Vec<String> = cols.iter().map(|m| format!("{:<W$}", m.name)).collect();
    println!("    {}", head.join("  "));
    let rows = cols.iter().map(|m| m.items.len()).max().unwrap_or(0);
    for r in 0..rows {
        let cells: Vec<String> = cols
            .iter()
            .map(|m| match m.items.get(r) {
                Some(i) => format!(
                    "{:<W$}",
                    trunc(&format!("{:.2} {}", i.score, sanitize(&i.title)), W)
                ),
                None => " ".repeat(W),
            })
            .collect();
        println!("{:>3} {}", r + 1, cells.join("  "));
    }
}

fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        s.chars().take(n - 1).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}
