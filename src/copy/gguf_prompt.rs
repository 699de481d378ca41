//! Prompts for the GGUF backend: ChatML for instruct models (SmolLM2), a
//! few-shot page for base models (Gemma 3 270M). Each is a shared prefix
//! (instructions and worked examples of the requested tone and offer) and a
//! per-product suffix ending where the model writes the title, so the
//! prefix is read once per request. The facts a product's copy may claim are
//! spelled out; the claim checker still reads every reply.

use super::claims::Backing;
use super::corpus::Line;
use super::guard::{check_text, Rules};
use super::slots::{fill, format_discount, format_price, shorten_name};
use super::{CopyRequest, Limits, Offer, Persona, Product, Tone};

/// How a model wants its prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `<|im_start|>` turns (instruct models).
    ChatMl,
    /// A page of examples to continue (base models).
    FewShot,
}

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
fn chatml_prefix(corpus: &[Line], req: &CopyRequest, seed: u64) -> String {
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
fn chatml_suffix(req: &CopyRequest, p: &Product) -> String {
    format!(
        "{}<|im_end|>\n<|im_start|>assistant\nTitle:",
        user_message(req, p)
    )
}

/// The shared prefix of every prompt of a request.
pub fn prefix(style: Style, corpus: &[Line], req: &CopyRequest, seed: u64) -> String {
    match style {
        Style::ChatMl => chatml_prefix(corpus, req, seed),
        Style::FewShot => few_shot_prefix(corpus, req, seed),
    }
}

/// The per-product rest of the prompt, ending where the model writes the title.
/// Product text from the data cannot open or close a turn: the characters
/// of chat markup (`<|im_end|>`) are taken out before it is written in.
pub fn suffix(style: Style, req: &CopyRequest, p: &Product) -> String {
    let strip = |s: &str| s.replace(['<', '>', '|'], "");
    let p = &Product {
        title: strip(&p.title),
        brand: p.brand.as_deref().map(strip),
        category: p.category.as_deref().map(strip),
        ..p.clone()
    };
    match style {
        Style::ChatMl => chatml_suffix(req, p),
        Style::FewShot => format!("{}Title:", few_shot_card(req, p)),
    }
}

/// What a product's facts let the copy promise, in words.
pub fn backed_facts(p: &Product) -> Vec<String> {
    let b = p.backing();
    let mut f = Vec::new();
    if let Some(d) = b.discount.filter(|d| *d > 0.0) {
        f.push(format!("{} off", format_discount(d)));
    }
    let words: [(bool, &str); 9] = [
        (b.in_cart, "in the shopper's cart, not bought yet"),
        (b.refill_due, "bought before, due for a reorder"),
        (b.new_item, "new in the shop this month"),
        (b.restocked, "back in stock"),
        (b.low_stock, "only a few left"),
        (b.popular, "a bestseller"),
        (b.deadline, "the offer ends soon"),
        (b.first_order, "the shopper has not ordered yet"),
        (b.lapsed, "the shopper has not visited for a while"),
    ];
    f.extend(words.iter().filter(|w| w.0).map(|w| w.1.to_string()));
    f
}

/// One product card of the few-shot page, up to `Title:`.
fn few_shot_card(req: &CopyRequest, p: &Product) -> String {
    let mut about = short_name(p);
    let mut rest = Vec::new();
    if let Some(b) = p.brand.as_deref().filter(|b| !about.contains(*b)) {
        rest.push(format!("by {b}"));
    }
    if let Some(c) = &p.category {
        rest.push(c.clone());
    }
    if let Some(x) = p.price {
        rest.push(format_price(x, p.discount, &req.currency));
    }
    if !rest.is_empty() {
        about = format!("{about} ({})", rest.join(", "));
    }
    let facts = backed_facts(p);
    format!(
        "Shoppers: {}\nTone: {}\nProduct: {about}\nFacts: {}\n",
        audience(req),
        tone_words(req.tone),
        if facts.is_empty() {
            "none beyond the product itself".to_string()
        } else {
            facts.join("; ")
        }
    )
}

/// Products the worked examples are about, each backed for the offer.
fn example_products(offer: Offer) -> Vec<Product> {
    let make = |id: &str, title: &str, cat: &str, brand: &str, price: f32| {
        let mut p = Product::new(id, title);
        p.category = Some(cat.into());
        p.brand = Some(brand.into());
        p.price = Some(price);
        match offer {
            Offer::Discount => p.discount = Some(15.0),
            Offer::BackInStock => p.facts.restocked = true,
            Offer::NewArrival => p.facts.new_item = true,
            Offer::CartReminder => p.facts.in_cart = true,
            Offer::Replenishment => p.facts.refill_due = true,
        }
        p
    };
    vec![
        make(
            "ex1",
            "Lumo Cedar Desk Lamp",
            "Home & Kitchen",
            "Lumo",
            39.0,
        ),
        make(
            "ex2",
            "Fernhill Oat Milk Barista 1L",
            "Grocery",
            "Fernhill",
            3.49,
        ),
        make(
            "ex3",
            "Kestrel Audio Wireless Earbuds",
            "Electronics",
            "Kestrel Audio",
            89.0,
        ),
    ]
}

/// Three worked examples: corpus lines of the tone and offer, filled for
/// the example products, only those the checker passes for them.
fn few_shot_prefix(corpus: &[Line], req: &CopyRequest, seed: u64) -> String {
    let mut s = String::from(
        "Push notifications an online shop sent. Each has a short title and a one-sentence \
         body, speaks to the shoppers in the tone asked, names the product, and promises \
         nothing beyond its facts.\n\n",
    );
    let rules = Rules::new(Limits::for_platform(req.platform));
    let ex_req = CopyRequest {
        segment_name: "Regular shoppers".into(),
        segment_description: String::new(),
        persona: Some(Persona::Loyal),
        ..req.clone()
    };
    for (k, p) in example_products(req.offer).iter().enumerate() {
        let pool: Vec<(String, String)> = corpus
            .iter()
            .filter(|l| l.tone == req.tone && l.offer == req.offer && !l.body.contains("{{"))
            .filter_map(|l| {
                let t = fill(&l.title, p, &req.currency, 60, 10).ok()?;
                let b = fill(&l.body, p, &req.currency, 120, 10).ok()?;
                let backing: Backing = p.backing();
                check_text(&t, &b, &backing, &rules)
                    .is_empty()
                    .then_some((t, b))
            })
            .collect();
        if pool.is_empty() {
            continue;
        }
        let (t, b) = &pool[(seed as usize).wrapping_add(k * 7919) % pool.len()];
        s += &format!("{}Title: {t}\nBody: {b}\n\n", few_shot_card(&ex_req, p));
    }
    s
}
