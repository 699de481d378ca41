#![allow(dead_code)]
//! Fixtures shared by the campaign and export tests: a small fixed campaign
//! over users and products with awkward text (formulas, quotes, emoji, wide
//! characters, control characters, Liquid look-alikes).

use pushbench::campaign::schedule::{QuietHours, Schedule, SendMode};
use pushbench::campaign::{ApprovedVariant, Campaign, OwnedItem, Platform, SegmentPlan, VecSource};

pub fn item(id: &str, title: &str, cat: &str, price: Option<f32>) -> OwnedItem {
    OwnedItem {
        id: id.into(),
        title: title.into(),
        category: Some(cat.into()),
        brand: Some("Brightnest".into()),
        price,
    }
}

/// 40 plain users and 6 awkward ones in segments 0, 1 and 2 (2 is not targeted).
pub fn source() -> VecSource {
    let items = vec![
        item("I001", "Cosy Wool Socks 🧦", "Fashion", Some(12.5)),
        item("I002", "=1+1 Mug", "Home & Kitchen", Some(9.0)),
        item(
            "I003",
            "Brightnest Egyptian Cotton Bed Sheets Extra Long Deluxe Edition",
            "Home & Kitchen",
            Some(104.99),
        ),
        item("I004", "Café \"Crème\", beans", "Grocery", None),
        item(
            "I005",
            "日本茶 Sencha\nGreen\u{1b}[31m Tea",
            "Grocery",
            Some(7.25),
        ),
        item("I 006/x", "{{ secret }} Lamp", "Home & Kitchen", Some(30.0)),
    ];
    let mut users = Vec::new();
    for i in 0..40u32 {
        let recs = match i % 4 {
            0 => vec![0, 1],
            1 => vec![2],
            2 => vec![3, 4, 5],
            _ => vec![],
        };
        users.push((format!("U{i:03}"), (i % 3) as usize, recs));
    }
    for (id, seg, recs) in [
        ("=HYPERLINK(\"http://evil.example\")", 0, vec![1]),
        ("+cmd|' /C calc'!A0", 0, vec![4]),
        ("-2+3", 1, vec![5]),
        ("@SUM(1)", 1, vec![0]),
        ("\tTabbed", 0, vec![2]),
        ("ユーザー🎉", 1, vec![4, 0]),
    ] {
        users.push((id.to_string(), seg, recs));
    }
    VecSource { users, items }
}

pub fn variant(
    label: &str,
    title: &str,
    body: &str,
    split: u32,
    products: &[&str],
) -> ApprovedVariant {
    ApprovedVariant {
        label: label.into(),
        title: title.into(),
        body: body.into(),
        tone: "friendly".into(),
        offer: Some("new_arrival".into()),
        products: products.iter().map(|p| p.to_string()).collect(),
        split,
        critic_score: 0.8,
        model_id: "pushbench-copy-test".into(),
        seed: 7,
        approved_by: Some("ana".into()),
        approved_at: Some("2026-01-01T09:00:00Z".into()),
    }
}

/// A fixed campaign: segment 0 split A 60 / B 40, segment 1 one variant,
/// 20% control, a send time inside quiet hours.
pub fn campaign() -> Campaign {
    let mut c = Campaign::new("Fixture campaign", Some("ana".into()));
    c.id = "fixture".into();
    c.created = "2026-01-01T00:00:00Z".into();
    c.updated = "2026-01-01T10:00:00Z".into();
    c.revision = 3;
    c.seed = 7;
    c.control_percent = 20.0;
    c.platform = Platform::Ios;
    c.deep_link = "myshop://product/{item_id}?v={variant}".into();
    c.web_link = Some("https://myshop.example/p/{item_id}".into());
    c.image = Some("https://cdn.myshop.example/{item_id}.jpg".into());
    c.discount = Some("15%".into());
    c.currency = "€".into();
    c.schedule = Schedule {
        mode: SendMode::At,
        at: Some("2026-11-03T23:00:00+01:00".into()),
        quiet_hours: Some(QuietHours {
            start: "22:00".into(),
            end: "08:00".into(),
        }),
        ..Schedule::default()
    };
    c.delivery.onesignal_app_id = "00000000-0000-0000-0000-000000000000".into();
    c.segments = vec![
        SegmentPlan {
            id: 0,
            name: "Cosy homebodies".into(),
            size: Some(20),
            variants: vec![
                variant(
                    "A",
                    "{product} for you",
                    "Hi {{ first_name | default: \"there\" }}, {product} from {category} at {price}.",
                    60,
                    &["I001"],
                ),
                variant("B", "{discount} off {brand} ✨", "{product}, a {category} pick.", 40, &["I003"]),
            ],
        },
        SegmentPlan {
            id: 1,
            name: "Tea, \"coffee\" & more".into(),
            size: Some(15),
            variants: vec![variant("A", "Picks in {category}", "{product}: worth a look.", 100, &["I004"])],
        },
    ];
    c
}
