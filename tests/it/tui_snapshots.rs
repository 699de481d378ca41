//! Snapshots of the Copy and Campaign screens at 80x24 and 160x48. The drafts
//! are fixed here (the copy model's output is checked by the copy tests), and
//! volatile text (times, campaign ids) is filtered.

use crate::tui_support::{analysed_app, render};
use pushbench::campaign::{Campaign, Store};
use pushbench::copy::{Offer, Product, Tone, Variant};
use pushbench::tui::action::Action;
use pushbench::tui::app::App;
use pushbench::tui::screens::{campaign, copy};
use pushbench::workbench::draft::Draft;

fn draft(app: &App, item: &str, title: &str, body: &str, template: (&str, &str)) -> Draft {
    let ds = app.dataset().unwrap();
    let i = ds.items.get(item).unwrap();
    let p = Product::from_dataset(ds, i);
    let mut d = Draft::new(Variant {
        title: title.into(),
        body: body.into(),
        tone: Tone::Friendly,
        offer: Offer::CartReminder,
        products: vec![p.item_id.clone()],
        critic_score: 0.81,
        title_chars: 0,
        body_chars: 0,
        model_id: "pushbench-copy-test".into(),
        seed: 7,
        discount: None,
        template: Some((template.0.into(), template.1.into())),
    });
    d.recheck(app.session.platform, std::slice::from_ref(&p));
    d
}

/// The analysed sample with fixed drafts for the selected segment and a
/// campaign with a fixed id and seed.
fn app_with_drafts(home: &std::path::Path) -> App {
    let mut app = analysed_app();
    let mut c = Campaign::new("Autumn picks", Some("ana".into()));
    c.id = "autumn-picks".into();
    c.seed = 2026;
    c.dataset = campaign::binding(&app);
    Store::at(home).unwrap().save(&c).unwrap();
    app.attach_store(Store::at(home).unwrap(), Some("ana".into()));
    let seg = copy::segment(&app).unwrap();
    let drafts = vec![
        draft(
            &app,
            "I00001",
            "Northvale: picked for you",
            "Hi {{ first_name | default: \"there\" }}, meet the Crew-Neck T-Shirt from our fashion range. Tap to see more.",
            ("{brand}: picked for you", "Hi {{ first_name | default: \"there\" }}, meet {product} from our {category} range. Tap to see more."),
        ),
        draft(
            &app,
            "I00002",
            "Still thinking it over? 🛒",
            "Your pick is waiting for you. Have a look before the weekend, it is one of this week's favourites in our store and it goes fast.",
            ("Still thinking it over? 🛒", "Your pick is waiting for you. Have a look before the weekend, it is one of this week's favourites in our store and it goes fast."),
        ),
        draft(&app, "I00003", "Picked for you", "New in: a favourite of shoppers like you.", ("Picked for you", "New in: a favourite of shoppers like you.")),
    ];
    app.session.drafts.insert(seg, drafts);
    app
}

fn volatile(s: &str) -> String {
    let re_time = |l: &str| -> String {
        // RFC 3339 times -> <time>
        let mut out = String::new();
        let mut rest = l;
        while let Some(p) = rest.find("20") {
            let cand = &rest[p..];
            if cand.len() >= 20
                && cand.as_bytes()[4] == b'-'
                && cand.as_bytes()[10] == b'T'
                && cand.as_bytes()[19] == b'Z'
            {
                out.push_str(&rest[..p]);
                out.push_str("<time>              ");
                rest = &cand[20..];
            } else {
                out.push_str(&rest[..p + 2]);
                rest = &rest[p + 2..];
            }
        }
        out.push_str(rest);
        out
    };
    s.lines().map(re_time).collect::<Vec<_>>().join("\n")
}

#[test]
fn copy_and_campaign_screens() {
    let home = tempfile::tempdir().unwrap();
    let mut app = app_with_drafts(home.path());
    app.update(Action::Screen4);
    app.update(Action::Approve);
    app.update(Action::Down);
    insta::assert_snapshot!("copy_80x24", volatile(&render(&app, 80, 24)));
    insta::assert_snapshot!("copy_160x48", volatile(&render(&app, 160, 48)));
    app.update(Action::CyclePlatform);
    let android = render(&app, 80, 24);
    assert!(
        android.contains("Android · notification shade"),
        "{android}"
    );
    app.update(Action::Screen5);
    campaign::recount(&mut app);
    insta::assert_snapshot!("campaign_80x24", volatile(&render(&app, 80, 24)));
    insta::assert_snapshot!("campaign_160x48", volatile(&render(&app, 160, 48)));
}
