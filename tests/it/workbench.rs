//! The core session without a UI: what new data invalidates, renames that
//! persist, and one brief builder behind the TUI and the CLI.

use crate::common::load_one;
use crate::tui_support::wait_idle;
use pushbench::campaign::{ApprovedVariant, Edit, Store};
use pushbench::data::{bundled, load, Dataset};
use pushbench::jobs::JobCtx;
use pushbench::recommend::{Models, RecConfig};
use pushbench::segment::{self, KChoice, SegmentOptions};
use pushbench::tui::action::Action;
use pushbench::workbench::{Data, Session};
use std::sync::Arc;

fn sample() -> Dataset {
    load(&bundled::options(), &JobCtx::none()).unwrap()
}

fn other(dir: &std::path::Path) -> Dataset {
    let text = std::fs::read_to_string("sample_data/events.csv").unwrap();
    let head: Vec<&str> = text.lines().take(3001).collect();
    let p = dir.join("other.csv");
    std::fs::write(&p, head.join("\n") + "\n").unwrap();
    load_one(&p).unwrap()
}

fn session(dir: &std::path::Path) -> Session {
    let mut s = Session::default();
    s.attach_store(
        Store::at(dir.join("campaigns")).unwrap(),
        Some("ana".into()),
    );
    s
}

fn approve(segment: usize) -> Edit {
    Edit::Approve {
        segment,
        name: "Window shoppers".into(),
        size: None,
        variant: ApprovedVariant {
            title: "New for you".into(),
            body: "Take a look.".into(),
            ..Default::default()
        },
        platform: None,
    }
}

#[test]
fn new_data_drops_what_was_derived_from_the_old() {
    let home = tempfile::tempdir().unwrap();
    let mut s = session(home.path());
    let ds = Arc::new(sample());
    s.set_data(Data::new(ds.clone(), None));
    s.set_segmentation(segment::run(&ds, &SegmentOptions::default(), &JobCtx::none()).unwrap());
    s.set_models(Models::fit(&ds, &RecConfig::default(), &JobCtx::none()).unwrap());
    s.products
        .insert(0, vec![pushbench::copy::Product::new("I00001", "Mug")]);
    s.commit(vec![approve(0)]);
    let sample_campaign = s.campaign.id.clone();
    assert!(s.campaign.is_for(s.fingerprint().unwrap()));
    assert_eq!(s.campaign.segments.len(), 1);

    let b = Arc::new(other(home.path()));
    let notice = s.set_data(Data::new(b, None));
    assert!(s.segmentation.is_none() && s.models.is_none());
    assert!(s.products.is_empty() && s.drafts.is_empty());
    assert_ne!(
        s.campaign.id, sample_campaign,
        "never the other data's campaign"
    );
    assert!(s.campaign.segments.is_empty());
    assert!(s.campaign.is_for(s.fingerprint().unwrap()));
    let msg = notice.message.unwrap_or_default();
    assert!(
        msg.contains("1 campaign(s) of other data are not shown"),
        "{msg}"
    );

    // back on the sample data: its campaign and approval are there again
    s.set_data(Data::new(ds, None));
    assert_eq!(s.campaign.id, sample_campaign);
    assert_eq!(s.campaign.segments[0].variants[0].title, "New for you");
}

#[test]
fn a_rename_survives_a_restart_and_reaches_the_campaign() {
    let home = tempfile::tempdir().unwrap();
    let ds = Arc::new(sample());
    let seg = segment::run(&ds, &SegmentOptions::default(), &JobCtx::none()).unwrap();
    let mut s = session(home.path());
    s.set_data(Data::new(ds.clone(), None));
    s.set_segmentation(seg.clone());
    s.rename_segment(1, "Night owls").unwrap();
    assert_eq!(
        s.segmentation.as_ref().unwrap().segments[1].name,
        "Night owls"
    );
    // a restart: a new session on the same data and segmentation
    let mut again = session(home.path());
    again.set_data(Data::new(ds.clone(), None));
    again.set_segmentation(seg.clone());
    assert_eq!(
        again.segmentation.as_ref().unwrap().segments[1].name,
        "Night owls"
    );
    let prov = again.provenance().segmentation.unwrap();
    assert_eq!(prov.segments[1].name, "Night owls");
    // another k groups users differently: the name does not carry over
    let opts = SegmentOptions {
        k: KChoice::Fixed(seg.k + 1),
        ..SegmentOptions::default()
    };
    again.set_segmentation(segment::run(&ds, &opts, &JobCtx::none()).unwrap());
    assert!(again
        .segmentation
        .as_ref()
        .unwrap()
        .segments
        .iter()
        .all(|p| p.name != "Night owls"));
}

#[test]
fn the_cli_writes_the_drafts_the_tui_writes_first() {
    let mut app = crate::tui_support::analysed_app();
    app.update(Action::Screen4);
    wait_idle(&mut app);
    let seg = pushbench::tui::screens::copy::segment(&app).unwrap();
    // as the preview shows them (name tags as users receive them)
    let tui: Vec<String> = app.session.drafts[&seg]
        .iter()
        .map(|d| pushbench::copy::slots::deliver_liquid(&d.variant.title))
        .collect();
    assert_eq!(tui.len(), pushbench::tui::screens::copy::VARIANTS);
    let home = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pushbench"))
        .env("PUSHBENCH_HOME", home.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "copy",
            "generate",
            "--segment",
            &seg.to_string(),
            "--products",
            "5",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cli: Vec<String> = v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(cli, tui, "same segment, settings and seed: same drafts");
}

#[test]
fn compare_shows_the_numbers_evaluate_prints() {
    let app = crate::tui_support::analysed_app();
    let report = app.compare.report.as_ref().expect("evaluated");
    let tui = serde_json::to_value(report).unwrap();
    let home = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pushbench"))
        .env("PUSHBENCH_HOME", home.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["evaluate", "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cli: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let metrics = |v: &serde_json::Value| -> Vec<(String, f64, f64)> {
        v["methods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["name"].as_str().unwrap().to_string(),
                    m["precision"].as_f64().unwrap(),
                    m["recall"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    // The same users, methods and hits; the means may differ in the last
    // bit of a double (far below the three decimals either shell prints).
    let (a, b) = (metrics(&tui), metrics(&cli));
    assert_eq!(a.len(), b.len());
    for ((na, pa, ra), (nb, pb, rb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(
            (pa - pb).abs() < 1e-12 && (ra - rb).abs() < 1e-12,
            "{na}: {pa}/{ra} vs {pb}/{rb}"
        );
    }
    assert_eq!(tui["users"], cli["users"]);
}
