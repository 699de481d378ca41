//! Prompts for the GGUF backend (ChatML, as SmolLM2 expects): a shared
//! prefix (system message, one worked example of the requested tone and
//! offer taken from the corpus, the audience) and a per-product suffix, so
//! the prefix is read once per request.

use super::corpus::Line;
use super::slots::{fill, format_discount, format_price, shorten_name};
use super::{CopyRequest, Offer, Persona, Product, Tone};

/// The example product of the worked example.
fn example_product(offer: Offer) -> Product {
    Product {
        item_id: "example".into(),
        title: "Lumo Cedar Desk Lamp".into(),
        category: Some("Home & Kitchen".into()),
        brand: Some("Lumo".into()),
        price: Some(39.0),
        discount: (offer == Offer::Discount).then_some(15.0),
        facts: Default::default(),
    }
}

fn tone_words(t: Tone) -> &'static str {
    match t {
        Tone::Urgent => "urgent, time-limited",
        Tone::Friendly => "warm and friendly",
        Tone::Premium => "elegant and premium, no exclamation marks",
        Tone::Playful => "playful and fun, one emoji",
    }
}

/// The product name given to the model: short enough to quote in a title.
pub fn short_name(p: &Product) -> String {
    shorten_name(&p.title, p.brand.as_deref(), 26, false).unwrap_or_else(|| p.title.clone())
}

fn facts(req: &CopyRequest, p: &Product) -> String {
    let mut f = vec![format!("Product: {}", short_name(p))];
    if let Some(b) = &p.brand {
        f.push(format!("Brand: {b}"));
    }
    if let Some(c) = &p.category {
        f.push(format!("Category: {c}"));
    }
    if let Some(x) = p.price {
        f.push(format!(
            "Price: {}",
            format_price(x, p.discount, &req.currency)
        ));
    }
    match p.discount.filter(|d| *d > 0.0) {
        Some(d) => f.push(format!("Discount: {} off", format_discount(d))),
        None => f.push("No discount.".into()),
    }
    f.join("\n")
}

/// The segment in words a small model will not copy figures from: its name
/// and what its persona means.
fn audience(req: &CopyRequest) -> String {
    let hint = match req.persona() {
        Persona::Bargain => "they love a good deal",
        Persona::Loyal => "they shop with us often",
        Persona::New => "they are new to the shop",
        Persona::Lapsed => "they have not visited for a while",
        Persona::Browser => "they browse a lot and buy less",
        Persona::Specialist => "they mostly buy one kind of product",
        Persona::General => "",
    };
    if hint.is_empty() {
        req.segment_name.clone()
    } else {
        format!("{} ({hint})", req.segment_name)
    }
}

/// A piece of the prompt the model wrote back instead of copy ("Tone: Warm
/// and friendly", "Bargain hunters (they love a good deal)"), if any.
pub fn echoes(req: &CopyRequest, title: &str, body: &str) -> Option<String> {
    const LABELS: &[&str] = &[
        "Shoppers:",
        "Tone:",
        "Message:",
        "Product:",
        "Brand:",
        "Category:",
        "Price:",
        "Discount:",
        "No discount.",
    ];
    let text = format!("{title}\n{body}");
    if let Some(l) = LABELS.iter().find(|l| text.contains(*l)) {
        return Some(l.to_string());
    }
    let lower = text.to_lowercase();
    // "Bargain hunters (they love a good game)": the audience line, reworded
    let seg = format!("{} (", req.segment_name.to_lowercase());
    if seg.len() > 2 && lower.contains(&seg) {
        return Some(format!("{} (", req.segment_name));
    }
    [audience(req), tone_words(req.tone).to_string()]
        .into_iter()
        .find(|s| {
            let s = s.to_lowercase();
            !s.is_empty() && s != req.segment_name.to_lowercase() && lower.contains(&s)
        })
}

fn user_message(req: &CopyRequest, p: &Product) -> String {
    let audience = audience(req);
    format!(
        "Write one short push notification.\nShoppers: {audience}\nTone: {}\nMessage: {}\n{}",
        tone_words(req.tone),
        req.offer.describe(),
        facts(req, p)
    )
}

/// A corpus line of the tone and offer, filled for the example product,
/// with the Liquid tag spelled out (small models copy tags badly).
fn worked_example(corpus: &[Line], req: &CopyRequest, seed: u64) -> Option<(String, String)> {
    let p = example_product(req.offer);
    let pool: Vec<&Line> = corpus
        .iter()
        .filter(|l| l.tone == req.tone && l.offer == req.offer && !l.body.contains("{{"))
        .filter(|l| l.body.chars().count() < 110)
        .collect();
    if pool.is_empty() {
        return None;
    }
    let l = pool[(seed as usize) % pool.len()];
    let t = fill(&l.title, &p, &req.currency, 60, 10).ok()?;
    let b = fill(&l.body, &p, &req.currency, 200, 10).ok()?;
    Some((t, b))
}

/// The shared prefix of every prompt of a request.
pub fn prefix(corpus: &[Line], req: &CopyRequest, seed: u64) -> String {
    let mut s = String::from(
        "<|im_start|>system\nYou write short push notifications for an online shop. \
         Answer with a title line and a body line.<|im_end|>\n",
    );
    if let Some((t, b)) = worked_example(corpus, req, seed) {
        let ex = CopyRequest {
            segment_name: "Regular shoppers".into(),
            segment_description: String::new(),
            ..req.clone()
        };
        s += &format!(
            "<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\nTitle: {t}\nBody: {b}<|im_end|>\n",
            user_message(&ex, &example_product(req.offer))
        );
    }
    s + "<|im_start|>user\n"
}

/// The per-product rest of the prompt, ending where the model writes the title.
pub fn suffix(req: &CopyRequest, p: &Product) -> String {
    format!(
        "{}<|im_end|>\n<|im_start|>assistant\nTitle:",
        user_message(req, p)
    )
}
