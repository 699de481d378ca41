//! The real binary: summary JSON on the sample and on public layouts, exit
//! codes, messages without backtraces, config paths.

use crate::common::write;
use std::process::Command;

fn bin(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pushbench"));
    c.env("PUSHBENCH_HOME", home).env_remove("RUST_BACKTRACE");
    c
}

fn json_summary(home: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = bin(home)
        .arg("summary")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("summary prints JSON")
}

#[test]
fn summary_json_on_sample_data() {
    let home = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let v = json_summary(
        home.path(),
        &[
            "--events",
            &format!("{root}/sample_data/events.csv"),
            "--items",
            &format!("{root}/sample_data/items.csv"),
        ],
    );
    for k in [
        "users",
        "items",
        "events",
        "events_by_type",
        "first_event",
        "last_event",
        "layout",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["layout"], "generic");
    let users = v["users"].as_u64().unwrap();
    assert!((1000..10_000).contains(&users), "{users}");
    let events = v["events"].as_u64().unwrap();
    let by_type: u64 = v["events_by_type"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(by_type, events);
    assert!(v["events_by_type"]["purchase"].as_u64().unwrap() > 0);
    assert!(v["first_event"].as_str().unwrap() < v["last_event"].as_str().unwrap());
    assert!(v["top_categories"].as_array().unwrap().len() >= 5);
}

#[test]
fn summary_json_on_public_layouts() {
    let home = tempfile::tempdir().unwrap();
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            "rr.csv",
            "timestamp,visitorid,event,itemid,transactionid\n1433221332117,257597,view,355908,\n1433222147345,111016,transaction,318965,4000\n",
            "retailrocket",
        ),
        (
            "taobao.csv",
            "1,2268318,2520377,pv,1511544070\n1,2333346,2520771,buy,1511561733\n",
            "taobao_userbehavior",
        ),
        (
            "retail.csv",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n",
            "online_retail",
        ),
        ("u.data", "196\t242\t3\t881250949\n186\t302\t5\t891717742\n", "movielens"),
    ];
    for (name, content, layout) in cases {
        let p = write(d.path(), name, content);
        let v = json_summary(home.path(), &["--events", p.to_str().unwrap()]);
        assert_eq!(v["layout"], layout, "{name}");
        assert!(v["events"].as_u64().unwrap() >= 1);
        assert!(v["users"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn bad_input_exits_nonzero_with_a_clear_message() {
    let home = tempfile::tempdir().unwrap();
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "bad.csv",
        "user_id,item_id,event,timestamp\nu1,i1,teleport,1700000000\n",
    );
    let out = bin(home.path())
        .args(["summary", "--events", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv, row 2, column 'event', value 'teleport'"),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );

    let out = bin(home.path())
        .args(["summary", "--events", "/no/such/file.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.csv: no such file"));
}

#[test]
fn a_named_config_file_must_exist() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path())
        .args(["--config", "/no/such.toml", "summary"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/no/such.toml") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn invalid_config_is_reported_with_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let cfg = write(
        home.path(),
        "bad.toml",
        "[ui]\ntheme = \"dark\"\nsparkles = true\n",
    );
    let out = bin(home.path())
        .args(["--config", cfg.to_str().unwrap(), "config", "path"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("line 3") && err.contains("sparkles"),
        "{err}"
    );
}

#[test]
fn config_path_follows_pushbench_home() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path()).args(["config", "path"]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    let h = home.path().display().to_string();
    assert!(s.contains(&format!("{h}/config/config.toml")), "{s}");
    assert!(s.contains(&format!("{h}/data")), "{s}");
}

#[test]
fn sample_data_command_writes_a_loadable_store() {
    let home = tempfile::tempdir().unwrap();
    let out_dir = home.path().join("store");
    let out = bin(home.path())
        .args([
            "sample-data",
            "--users",
            "200",
            "--items",
            "100",
            "--seed",
            "7",
            "--out",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_summary(
        home.path(),
        &[
            "--events",
            out_dir.join("events.csv").to_str().unwrap(),
            "--items",
            out_dir.join("items.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(v["users"], 200);
    assert!(out_dir.join("personas.csv").exists());
}

#[test]
fn committed_sample_is_the_generator_output() {
    // the bundled sample must be reproducible from the generator's default spec
    let spec = pushbench::sample::SampleSpec::default();
    let (mut e, mut i, mut p) = (Vec::new(), Vec::new(), Vec::new());
    pushbench::sample::generate(&spec, &mut e, &mut i, &mut p).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    assert!(
        std::fs::read(root.join("events.csv")).unwrap() == e,
        "events.csv differs: regenerate with `pushbench sample-data --out sample_data`"
    );
    assert!(std::fs::read(root.join("items.csv")).unwrap() == i);
    assert!(std::fs::read(root.join("personas.csv")).unwrap() == p);
}
