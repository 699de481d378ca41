//! The Copy and Campaign screens without a terminal: drafts written in the
//! background, approve / reject / edit / undo, autosave and resume, export.

use crate::tui_support::{analysed_app, render, wait_idle};
use pushbench::campaign::Store;
use pushbench::tui::action::Action;
use pushbench::tui::app::{App, Screen};
use pushbench::tui::screens::{campaign, copy};
use pushbench::workbench::draft::Status;

fn copy_screen(app: &mut App) -> usize {
    app.update(Action::Screen4);
    assert_eq!(app.screen(), Screen::Copy);
    wait_idle(app);
    let seg = copy::segment(app).expect("a segment is selected");
    let n = app.session.drafts.get(&seg).map_or(0, Vec::len);
    assert_eq!(n, copy::VARIANTS, "drafts: {:?}", app.copy.error);
    seg
}

fn with_store(dir: &std::path::Path) -> App {
    let mut app = analysed_app();
    app.attach_store(Store::at(dir).unwrap(), Some("ana".into()));
    app
}

#[test]
fn approve_reject_undo_and_autosave() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    // every draft fits the platform and names a product
    for d in &app.session.drafts[&seg] {
        assert!(d.issues.is_empty(), "{:?}", d.issues);
        assert!(!d.variant.products.is_empty());
        assert!(!d.variant.title.contains('{') || d.variant.title.contains("{{"));
    }
    app.update(Action::Approve);
    assert_eq!(app.session.drafts[&seg][0].status, Status::Approved);
    let plan = app.session.campaign.segment(seg).expect("segment planned");
    assert_eq!(plan.variants.len(), 1);
    assert_eq!(plan.variants[0].split, 100);
    assert_eq!(plan.variants[0].approved_by.as_deref(), Some("ana"));
    // second approval: an even A/B split
    app.update(Action::Down);
    app.update(Action::Approve);
    let splits: Vec<u32> = app
        .session
        .campaign
        .segment(seg)
        .unwrap()
        .variants
        .iter()
        .map(|v| v.split)
        .collect();
    assert_eq!(splits, vec![50, 50]);
    // autosaved on disk, with provenance
    let saved = Store::at(home.path())
        .unwrap()
        .load_last()
        .unwrap()
        .expect("saved");
    assert_eq!(saved.segment(seg).unwrap().variants.len(), 2);
    assert_eq!(
        saved.provenance.recommender.as_ref().unwrap().method,
        "hybrid"
    );
    assert!(saved.provenance.segmentation.as_ref().unwrap().k >= 2);
    // reject withdraws the approval; undo brings it back
    app.update(Action::Reject);
    assert_eq!(app.session.drafts[&seg][1].status, Status::Rejected);
    assert_eq!(app.session.campaign.segment(seg).unwrap().variants.len(), 1);
    app.update(Action::Undo);
    assert_eq!(app.session.drafts[&seg][1].status, Status::Approved);
    assert_eq!(app.session.campaign.segment(seg).unwrap().variants.len(), 2);
    let saved = Store::at(home.path())
        .unwrap()
        .load_last()
        .unwrap()
        .unwrap();
    assert_eq!(saved.segment(seg).unwrap().variants.len(), 2);

    // a restart resumes the campaign and the drafts
    let again = with_store(home.path());
    assert_eq!(again.session.campaign.id, app.session.campaign.id);
    assert_eq!(again.session.drafts[&seg], app.session.drafts[&seg]);
}

#[test]
fn edits_are_checked_and_reach_the_approved_variant() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    app.update(Action::Approve);
    copy::apply_edit(
        &mut app,
        0,
        "Picked for you: {product}",
        "Hi {{ first_name | default: \"there\" }}, take a look.",
    )
    .unwrap();
    let d = &app.session.drafts[&seg][0];
    assert!(d.edited);
    assert!(d.issues.is_empty(), "{:?}", d.issues);
    assert!(
        d.variant.title.starts_with("Picked for you: ") && !d.variant.title.contains("{product}")
    );
    let v = &app.session.campaign.segment(seg).unwrap().variants[0];
    assert_eq!(v.title, "Picked for you: {product}");
    // an over-long or unknown-slot edit is flagged and cannot be approved
    copy::apply_edit(
        &mut app,
        1,
        "{wat} this title is far far far far too long for a lock screen",
        "ok",
    )
    .unwrap();
    assert!(!app.session.drafts[&seg][1].issues.is_empty());
    app.update(Action::Down);
    app.update(Action::Approve);
    assert_eq!(app.session.drafts[&seg][1].status, Status::Pending);
    assert_eq!(app.session.campaign.segment(seg).unwrap().variants.len(), 1);
}

#[test]
fn regenerating_one_keeps_the_others() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    let before = app.session.drafts[&seg].clone();
    app.update(Action::Down);
    app.update(Action::Regenerate);
    wait_idle(&mut app);
    let after = &app.session.drafts[&seg];
    assert_eq!(after.len(), before.len());
    assert_eq!(after[0], before[0]);
    assert_ne!(
        after[1].variant.title, before[1].variant.title,
        "{:?}",
        app.copy.error
    );
}

#[test]
fn export_writes_files_and_refuses_to_overwrite_silently() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("out");
    let mut app = with_store(&home.path().join("campaigns"));
    let seg = copy_screen(&mut app);
    app.update(Action::Approve);
    app.update(Action::Screen5);
    assert_eq!(app.screen(), Screen::Campaign);
    assert!(
        app.campaign.problems.is_empty(),
        "{:?}",
        app.campaign.problems
    );
    let counts = app
        .campaign
        .counts
        .iter()
        .find(|c| c.id == seg)
        .unwrap()
        .clone();
    assert_eq!(
        counts.users,
        app.session
            .segmentation
            .as_ref()
            .unwrap()
            .members(seg)
            .len()
    );
    assert_eq!(
        counts.users,
        counts.control + counts.variants.iter().sum::<usize>()
    );
    assert!(!app.campaign.preview.is_empty());
    campaign::export(&mut app, out.to_str().unwrap()).unwrap();
    wait_idle(&mut app);
    let r = app.campaign.last_export.clone().expect("exported");
    // users whose items do not back the copy's claims are left out, counted
    let left_out = r.counts.left_out();
    assert_eq!(
        r.counts.sent + left_out,
        counts.variants.iter().sum::<usize>()
    );
    let csv = std::fs::read_to_string(out.join("campaign.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        counts.users + 1 - left_out,
        "header + one row per targeted user"
    );
    assert!(out.join("manifest.json").exists());
    // again into the same folder: asks first, then overwrites
    app.campaign.last_export = None;
    campaign::export(&mut app, out.to_str().unwrap()).unwrap();
    wait_idle(&mut app);
    assert!(app.campaign.last_export.is_none());
    assert_eq!(app.campaign.overwrite.as_deref(), Some(out.as_path()));
    campaign::export(&mut app, out.to_str().unwrap()).unwrap();
    wait_idle(&mut app);
    assert!(app.campaign.last_export.is_some());
    // after a restart the export offers the folder used last time
    drop(app);
    let mut again = with_store(&home.path().join("campaigns"));
    again.update(Action::Screen5);
    again.update(Action::Export);
    let offered = match &again.overlay {
        pushbench::tui::overlay::Overlay::Prompt { input, .. } => input.text.clone(),
        other => panic!("no export prompt: {other:?}"),
    };
    assert_eq!(
        std::fs::canonicalize(&offered).unwrap(),
        std::fs::canonicalize(&out).unwrap()
    );
}

#[test]
fn screens_render_at_both_sizes() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    copy_screen(&mut app);
    app.update(Action::Approve);
    for (w, h) in [(80, 24), (160, 48)] {
        let s = render(&app, w, h);
        assert!(s.contains("Drafts · 1 approved"), "{s}");
        assert!(s.contains("9:41"), "{s}");
    }
    // a click on the second draft selects it
    render(&app, 80, 24);
    app.on_click(10, 4);
    assert_eq!(app.copy.list.selected, 1);
    app.update(Action::Screen5);
    for (w, h) in [(80, 24), (160, 48)] {
        let s = render(&app, w, h);
        assert!(s.contains("Approved variants"), "{s}");
        assert!(s.contains("What users receive"), "{s}");
    }
}

#[test]
fn control_share_and_name_autosave_and_undo() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    app.update(Action::Approve);
    app.update(Action::Screen5);
    let control = |app: &App| {
        app.campaign
            .counts
            .iter()
            .find(|c| c.id == seg)
            .unwrap()
            .control
    };
    let before = control(&app);
    assert_eq!(app.session.campaign.control_percent, 10.0);
    app.update(Action::ControlMore);
    assert_eq!(app.session.campaign.control_percent, 15.0);
    assert!(control(&app) > before, "{} vs {before}", control(&app));
    campaign::rename(&mut app, "Autumn \u{1b}[31mpicks").unwrap();
    assert_eq!(app.session.campaign.name, "Autumn picks");
    let saved = Store::at(home.path())
        .unwrap()
        .load_last()
        .unwrap()
        .unwrap();
    assert_eq!(
        (saved.name.as_str(), saved.control_percent),
        ("Autumn picks", 15.0)
    );
    app.update(Action::Undo);
    app.update(Action::Undo);
    assert_eq!(app.session.campaign.control_percent, 10.0);
    assert_ne!(app.session.campaign.name, "Autumn picks");
    assert_eq!(control(&app), before);
    let saved = Store::at(home.path())
        .unwrap()
        .load_last()
        .unwrap()
        .unwrap();
    assert_eq!(saved.control_percent, 10.0);
}

#[test]
fn campaigns_of_other_data_are_never_shown() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::at(home.path()).unwrap();
    // the last session: a campaign built on other data, and an old unbound one
    let mut other = crate::campaign_support::campaign();
    other.dataset = Some(pushbench::campaign::DatasetBinding::new(
        pushbench::data::Fingerprint {
            hash: "f".repeat(64),
            users: 943,
            items: 1682,
            events: 100_000,
        },
        "u.data",
    ));
    store.save(&other).unwrap();
    let mut legacy = pushbench::campaign::Campaign::new("Old campaign", None);
    legacy.segments = other.segments.clone();
    store.save(&legacy).unwrap();
    let mut app = with_store(home.path());
    let shown = &app.session.campaign;
    assert_ne!(shown.id, other.id);
    assert_ne!(shown.id, legacy.id);
    assert!(shown.segments.is_empty(), "a new, empty campaign");
    assert!(shown.is_for(app.fingerprint().unwrap()));
    let status = app.status.clone().unwrap().0;
    assert!(
        status.contains("2 campaign(s) of other data are not shown"),
        "{status}"
    );
    // the campaign list offers only this data's campaigns
    assert!(campaign::campaign_candidates(&app, "").is_empty());
    campaign::switch_to(&mut app, "Spring sale").unwrap();
    assert_eq!(app.session.campaign.name, "Spring sale");
    let spring = app.session.campaign.id.clone();
    campaign::switch_to(&mut app, "Summer sale").unwrap();
    let names = campaign::campaign_candidates(&app, "");
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().all(|n| !n.contains(&other.id)));
    let pick = names.iter().find(|n| n.starts_with("Spring")).unwrap();
    campaign::switch_to(&mut app, pick).unwrap();
    assert_eq!(app.session.campaign.id, spring, "{names:?}");
    // a restart on the same data resumes the last one of this data
    let again = with_store(home.path());
    assert_eq!(again.session.campaign.id, spring);
    // deleting needs the name; then the other campaign of this data opens
    assert!(campaign::delete(&mut app, "nope").is_err());
    campaign::delete(&mut app, "Spring sale").unwrap();
    assert_eq!(app.session.campaign.name, "Summer sale");
    assert!(store.load(&spring).is_err());
    assert!(
        store.load(&other.id).is_ok(),
        "other data's campaign untouched"
    );
}

#[test]
fn two_windows_approving_keep_both_approvals() {
    let home = tempfile::tempdir().unwrap();
    let mut one = with_store(home.path());
    let seg = copy_screen(&mut one);
    one.update(Action::Approve);
    // a second window on the same data resumes the same campaign
    let mut two = with_store(home.path());
    assert_eq!(two.session.campaign.id, one.session.campaign.id);
    let seg2 = copy_screen(&mut two);
    assert_eq!(seg, seg2);
    two.update(Action::Down);
    two.update(Action::Approve);
    // window one approves again from its stale copy
    one.update(Action::Down);
    one.update(Action::Down);
    one.update(Action::Approve);
    let saved = Store::at(home.path())
        .unwrap()
        .load(&one.session.campaign.id)
        .unwrap();
    assert_eq!(
        saved.segment(seg).unwrap().variants.len(),
        3,
        "nothing lost"
    );
    assert_eq!(
        one.session.campaign, saved,
        "window one shows the merged campaign"
    );
    // window two sees it when it looks at the campaign again
    two.update(Action::Screen5);
    campaign::recount(&mut two);
    assert_eq!(two.session.campaign, saved);
}

/// `f` walks the offers and back to auto; the drafts written then are for
/// that offer, or for the one the data backs when auto.
#[test]
fn the_offer_key_sets_the_offer_of_the_drafts() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    // auto on the sample: every draft is for an offer the data backs
    let auto = app.session.drafts[&seg][0].variant.offer;
    assert_ne!(
        auto,
        pushbench::copy::Offer::NewArrival,
        "the sample has no new items"
    );
    app.update(Action::CycleOffer);
    assert_eq!(app.session.offer, Some(pushbench::copy::Offer::Discount));
    for _ in 0..4 {
        app.update(Action::CycleOffer);
    }
    assert_eq!(
        app.session.offer,
        Some(pushbench::copy::Offer::Replenishment)
    );
    app.update(Action::RegenerateAll);
    wait_idle(&mut app);
    let d = &app.session.drafts[&seg];
    assert!(!d.is_empty());
    assert!(d
        .iter()
        .all(|d| d.variant.offer == pushbench::copy::Offer::Replenishment));
    app.update(Action::CycleOffer);
    assert_eq!(app.session.offer, None, "back to auto");
}

/// Approvals and rejections are logged beside the campaigns; once they agree
/// with held-out ones the learnt critic scores drafts, and a restart keeps it.
#[test]
fn the_critic_learns_from_approvals_and_rejections() {
    use pushbench::copy::taste::DecisionKind;
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    assert!(app.session.taste.is_none());
    app.update(Action::Approve);
    assert_eq!(app.session.decisions, 1);
    let d = app.session.drafts[&seg][0].clone();
    assert!(
        app.session.taste_score(&d).is_none(),
        "no score before it can be trusted"
    );
    // a marketer who keeps approving plain lines and rejecting "hurry" ones
    let mut more = Vec::new();
    for i in 0..12 {
        let mut good = d.clone();
        good.variant.template = Some((
            format!("Picked for you {i}: {{product}}"),
            "Take a look.".into(),
        ));
        more.push(good.decision(true, DecisionKind::Approved));
        let mut bad = d.clone();
        bad.variant.template = Some((
            format!("Hurry {i}!"),
            "Hurry, hurry, grab {product}!".into(),
        ));
        more.push(bad.decision(false, DecisionKind::Rejected));
    }
    app.session.record(more);
    let t = app.session.taste.clone().expect("fitted");
    assert!(t.trusted(), "{:?}", t.auc);
    let mut probe = d.clone();
    probe.variant.template = Some(("Hurry!".into(), "Hurry, grab {product}!".into()));
    let low = app.session.taste_score(&probe).unwrap();
    probe.variant.template = Some(("Picked for you: {product}".into(), "Take a look.".into()));
    let high = app.session.taste_score(&probe).unwrap();
    assert!(high > low, "{high} {low}");
    // persisted: a new session over the same store has it
    let again = with_store(home.path());
    assert_eq!(again.session.decisions, 25);
    assert!(again.session.taste.as_ref().is_some_and(|t| t.trusted()));
}

/// `%` sets the campaign's discount; with the offer on auto the drafts
/// written next are for that discount.
#[test]
fn a_discount_set_on_the_copy_screen_backs_discount_copy() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    let seg = copy_screen(&mut app);
    assert!(copy::set_discount(&mut app, "150").is_err());
    copy::set_discount(&mut app, "15").unwrap();
    assert_eq!(app.session.campaign.discount.as_deref(), Some("15%"));
    assert_eq!(app.session.brief_spec().discount, Some(15.0));
    app.update(Action::RegenerateAll);
    wait_idle(&mut app);
    let d = &app.session.drafts[&seg];
    assert!(d
        .iter()
        .all(|d| d.variant.offer == pushbench::copy::Offer::Discount));
    // undone like any other change, one step at a time: first the new
    // drafts, then the discount
    app.update(Action::Undo);
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .0
        .contains("undid the new drafts"));
    assert_eq!(app.session.campaign.discount.as_deref(), Some("15%"));
    app.update(Action::Undo);
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .0
        .contains("undid the discount change"));
    assert_eq!(app.session.campaign.discount, None);
}

#[test]
fn page_keys_scroll_what_users_receive() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    copy_screen(&mut app);
    app.update(Action::Approve);
    app.update(Action::Screen5);
    let first = |app: &App| {
        app.campaign.preview[app.campaign.preview_top]
            .user_id
            .clone()
    };
    assert!(
        app.campaign.preview.len() > 20,
        "{}",
        app.campaign.preview.len()
    );
    let top = render(&app, 80, 24);
    assert!(top.contains(&first(&app)), "{top}");
    app.update(Action::PageDown);
    assert_eq!(app.campaign.preview_top, 10);
    let shown = render(&app, 80, 24);
    assert!(shown.contains(&app.campaign.preview[10].user_id), "{shown}");
    assert!(!shown.contains(&app.campaign.preview[0].user_id), "{shown}");
    assert!(shown.contains("11–"), "the title says which rows: {shown}");
    // never past the end, and back to the top
    for _ in 0..100 {
        app.update(Action::PageDown);
    }
    assert!(app.campaign.preview_top < app.campaign.preview.len());
    let end = render(&app, 80, 24);
    assert!(
        end.contains(&app.campaign.preview.last().unwrap().user_id),
        "{end}"
    );
    for _ in 0..100 {
        app.update(Action::PageUp);
    }
    assert_eq!(app.campaign.preview_top, 0);
}

#[test]
fn copy_shows_what_members_would_receive_as_the_campaign_sends_it() {
    let home = tempfile::tempdir().unwrap();
    let mut app = with_store(home.path());
    copy_screen(&mut app);
    let wide = render(&app, 160, 48);
    assert!(wide.contains("If approved, of 12 members"), "{wide}");
    let probe = app
        .copy
        .recipients
        .borrow()
        .as_ref()
        .map(|c| c.rows.clone().unwrap())
        .expect("the recipients were drawn");
    assert!(!probe.is_empty());
    for r in &probe {
        assert!(
            wide.contains(&r.user_id),
            "{} not shown:\n{wide}",
            r.user_id
        );
    }
    // approved, the campaign sends each of them exactly that (control users
    // get nothing, and who is left out stays left out)
    app.update(Action::Approve);
    app.update(Action::Screen5);
    let sent = &app.campaign.preview;
    let mut compared = 0;
    for p in &probe {
        let Some(s) = sent.iter().find(|s| s.user_id == p.user_id) else {
            continue;
        };
        if s.arm == pushbench::campaign::Arm::Control {
            continue;
        }
        assert_eq!((&s.title, &s.body, &s.items), (&p.title, &p.body, &p.items));
        assert_eq!(s.excluded.is_some(), p.excluded.is_some(), "{}", p.user_id);
        compared += 1;
    }
    assert!(compared > 0, "no recipient was in the campaign preview");
}
