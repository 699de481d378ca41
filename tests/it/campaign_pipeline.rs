//! The headless pipeline on the bundled sample store, with a stand-in
//! copywriter (the copy model is exercised by its own tests and by the CLI
//! test): segments, recommendations, approval, validation, autosave, export.

use pushbench::campaign::config::{Approval, PipelineConfig};
use pushbench::campaign::pipeline::{self, Brief, Copywriter, Draft, PipelineError, RunInputs};
use pushbench::campaign::Store;
use pushbench::jobs::JobCtx;
use pushbench::workbench::Session;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Writes three fixed drafts per segment naming the segment's products.
struct Fixed;

impl Copywriter for Fixed {
    fn settings(&self) -> Option<pushbench::campaign::model::CopyProvenance> {
        Some(pushbench::campaign::model::CopyProvenance {
            model_id: "fixed-test".into(),
            seed: Some(1),
            ..Default::default()
        })
    }
    fn drafts(&self, b: &Brief, _ctx: &JobCtx) -> pushbench::Result<Vec<Draft>> {
        let products: Vec<String> = b
            .products()
            .iter()
            .map(|&i| b.ds.items.name(i).to_string())
            .collect();
        Ok((0..3)
            .map(|i| Draft {
                title: format!("Pick {i}: {{product}}"),
                body: "Hi {{ first_name | default: \"there\" }}, {product} in {category}.".into(),
                tone: "friendly".into(),
                offer: None,
                products: products.clone(),
                critic_score: 0.5 + i as f32 / 10.0,
                model_id: "fixed-test".into(),
                seed: b.seed,
            })
            .collect())
    }
}

fn config() -> PipelineConfig {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/campaign.example.toml"
    ))
    .unwrap();
    let mut cfg = PipelineConfig::parse(&text, "campaign.example.toml").unwrap();
    cfg.k = Some(4);
    cfg
}

#[test]
fn runs_end_to_end_and_resumes_from_saved_approvals() {
    let ds = Arc::new(
        pushbench::data::load(&pushbench::data::bundled::options(), &JobCtx::none()).unwrap(),
    );
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path().join("campaigns")).unwrap();
    let opts = pushbench::data::bundled::options();
    let mut session = Session::headless(
        ds.clone(),
        Some(opts),
        store.clone(),
        Some("config-owner".into()),
    );
    let inputs = RunInputs {
        copywriter: &Fixed,
        rebind: false,
    };
    let out = home.path().join("out");
    let cfg = config();
    let s = pipeline::run(&cfg, &mut session, &inputs, &out, false, &JobCtx::none()).unwrap();
    assert_eq!(s.k, 4);
    assert_eq!(s.segments.len(), 4);
    for seg in &s.segments {
        // The top two critic-ranked drafts, split 50/50.
        let labels: Vec<(&str, u32, f32)> = seg
            .approved
            .iter()
            .map(|a| (a.label.as_str(), a.split, a.critic_score))
            .collect();
        assert_eq!(labels, vec![("A", 50, 0.7), ("B", 50, 0.6)]);
    }
    // Every non-control user of the targeted segments is in each file once.
    let jsonl = std::fs::read_to_string(out.join("campaign.jsonl")).unwrap();
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), ds.n_users(), "all segments targeted");
    let sent: Vec<&str> = rows
        .iter()
        .filter(|r| r["arm"] == "variant")
        .map(|r| r["user_id"].as_str().unwrap())
        .collect();
    let mut os: HashMap<String, usize> = HashMap::new();
    for l in std::fs::read_to_string(out.join("onesignal.jsonl"))
        .unwrap()
        .lines()
    {
        let b: Value = serde_json::from_str(l).unwrap();
        assert_eq!(b["delayed_option"], "timezone");
        assert_eq!(b["delivery_time_of_day"], "6:30PM");
        for id in b["include_aliases"]["external_id"].as_array().unwrap() {
            *os.entry(id.as_str().unwrap().into()).or_default() += 1;
        }
    }
    assert_eq!(os.len(), sent.len());
    assert!(sent.iter().all(|id| os.get(*id) == Some(&1)));
    let fcm = std::fs::read_to_string(out.join("fcm.jsonl")).unwrap();
    assert_eq!(fcm.lines().count(), sent.len());
    let control = rows.len() - sent.len();
    let share = control as f64 / rows.len() as f64;
    assert!((0.07..0.13).contains(&share), "control share {share}");
    // Manifest: dataset fingerprint, settings, approver and counts.
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["dataset"]["files"][0]["role"], "events");
    assert_eq!(
        m["dataset"]["files"][0]["sha256"].as_str().unwrap().len(),
        64
    );
    assert_eq!(m["dataset"]["users"], ds.n_users());
    assert_eq!(m["segmentation"]["k"], 4);
    assert_eq!(m["recommender"]["method"], "hybrid");
    assert_eq!(m["copy"]["settings"]["model_id"], "fixed-test");
    assert_eq!(m["approver"], "marketing@myshop.example");
    assert_eq!(m["counts"]["sent"], sent.len());
    assert_eq!(m["files"].as_array().unwrap().len(), 4);

    // The run was saved: a second run takes its approvals from it.
    let saved = store.load(&s.campaign_id).unwrap();
    assert_eq!(saved.segments.len(), 4);
    let mut again = config();
    again.approval = Approval::Saved {
        from: "last".into(),
    };
    // A segment renamed in a session (as on the Segments screen) keeps its
    // name in the next headless run on this data.
    session
        .rename_segment(1, "Weekend bargain hunters")
        .unwrap();
    let mut fresh = Session::headless(ds.clone(), None, store.clone(), None);
    let out2 = home.path().join("out2");
    let s2 = pipeline::run(&again, &mut fresh, &inputs, &out2, false, &JobCtx::none()).unwrap();
    assert_eq!(s2.segments[1].name, "Weekend bargain hunters");
    assert_ne!(s.segments[1].name, "Weekend bargain hunters");
    let csv2 = std::fs::read_to_string(out2.join("campaign.csv")).unwrap();
    assert!(
        csv2.contains("Weekend bargain hunters"),
        "the export names the renamed segment"
    );
    let titles = |s: &pipeline::RunSummary| -> Vec<String> {
        s.segments
            .iter()
            .flat_map(|g| g.approved.iter().map(|a| a.title.clone()))
            .collect()
    };
    assert_eq!(titles(&s), titles(&s2));

    // Existing files are not overwritten without force.
    let e = pipeline::run(&cfg, &mut session, &inputs, &out, false, &JobCtx::none()).unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
}

#[test]
fn unknown_target_segment_fails_validation() {
    let ds = pushbench::data::load(&pushbench::data::bundled::options(), &JobCtx::none()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path()).unwrap();
    let mut session = Session::headless(Arc::new(ds), None, store, None);
    let inputs = RunInputs {
        copywriter: &Fixed,
        rebind: false,
    };
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/campaign.example.toml"
    ))
    .unwrap()
    .replace("target = \"all\"", "target = [\"Martians\"]")
    .replace("k = \"auto\"", "k = 3");
    let cfg = PipelineConfig::parse(&text, "c.toml").unwrap();
    let e = pipeline::run(
        &cfg,
        &mut session,
        &inputs,
        &home.path().join("o"),
        false,
        &JobCtx::none(),
    )
    .unwrap_err();
    assert!(matches!(e, PipelineError::Invalid(_)));
    assert_eq!(e.exit_code(), 3);
    assert!(e.to_string().contains("Martians"), "{e}");
    assert!(!home.path().join("o").exists());
}
