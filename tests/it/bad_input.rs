//! The bad-input catalogue: each case asserts that the message names the file
//! and, where it applies, the row, the column and the offending value.

use crate::common::*;
use std::path::PathBuf;

const HDR: &str = "user_id,item_id,event,timestamp\n";

fn err_of(name: &str, content: &str) -> (String, PathBuf, tempfile::TempDir) {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), name, content);
    let e = load_one(&p).expect_err("bad input must fail").to_string();
    (e, p, d)
}

fn assert_has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "message {msg:?} should contain {p:?}");
    }
}

#[test]
fn empty_file() {
    let (e, p, _d) = err_of("empty.csv", "");
    assert_has(&e, &[&p.display().to_string(), "empty"]);
}

#[test]
fn header_without_rows() {
    let (e, _, _d) = err_of("hdr.csv", HDR);
    assert_has(&e, &["hdr.csv", "no data rows"]);
}

#[test]
fn missing_user_column() {
    let (e, _, _d) = err_of(
        "nouser.csv",
        "item_id,event,timestamp\ni1,view,1700000000\n",
    );
    assert_has(
        &e,
        &[
            "nouser.csv",
            "missing required column for user",
            "--map user=",
        ],
    );
}

#[test]
fn missing_event_column() {
    let (e, _, _d) = err_of("noevent.csv", "user_id,item_id,timestamp\nu,i,1700000000\n");
    assert_has(&e, &["noevent.csv", "column for event"]);
}

#[test]
fn unknown_event_label() {
    let (e, _, _d) = err_of(
        "labels.csv",
        &format!("{HDR}u1,i1,view,1700000000\nu1,i2,refund,1700000100\n"),
    );
    assert_has(
        &e,
        &[
            "labels.csv",
            "row 3",
            "column 'event'",
            "'refund'",
            "unknown event type",
        ],
    );
}

#[test]
fn unparseable_timestamp() {
    let (e, _, _d) = err_of("ts.csv", &format!("{HDR}u1,i1,view,yesterday\n"));
    assert_has(
        &e,
        &["ts.csv", "row 2", "column 'timestamp'", "'yesterday'"],
    );
}

#[test]
fn timestamp_off_format_in_one_row() {
    let (e, _, _d) = err_of(
        "mixed.csv",
        &format!(
            "{HDR}u1,i1,view,2026-09-01T10:00:00Z\nu1,i1,view,2026-09-01T11:00:00Z\nu1,i1,view,01.09.2026 noon\n"
        ),
    );
    assert_has(&e, &["mixed.csv", "row 4", "'01.09.2026 noon'"]);
}

#[test]
fn non_numeric_price() {
    let (e, _, _d) = err_of(
        "price.csv",
        "user_id,item_id,event,timestamp,price\nu1,i1,cart,1700000000,12.50\nu1,i1,cart,1700000001,twelve\n",
    );
    assert_has(
        &e,
        &[
            "price.csv",
            "row 3",
            "column 'price'",
            "'twelve'",
            "expected a number",
        ],
    );
}

#[test]
fn missing_user_value() {
    let (e, _, _d) = err_of(
        "blank.csv",
        &format!("{HDR}u1,i1,view,1700000000\n,i1,view,1700000001\n"),
    );
    assert_has(
        &e,
        &["blank.csv", "row 3", "column 'user_id'", "missing user id"],
    );
}

#[test]
fn missing_item_value() {
    let (e, _, _d) = err_of("noitem.csv", &format!("{HDR}u1,,view,1700000000\n"));
    assert_has(
        &e,
        &["noitem.csv", "row 2", "column 'item_id'", "missing item id"],
    );
}

#[test]
fn missing_event_value() {
    let (e, _, _d) = err_of("noev.csv", &format!("{HDR}u1,i1,,1700000000\n"));
    assert_has(
        &e,
        &["noev.csv", "row 2", "column 'event'", "missing event type"],
    );
}

#[test]
fn headerless_unknown_shape() {
    let (e, _, _d) = err_of("three.csv", "1,2,3\n4,5,6\n");
    assert_has(&e, &["three.csv", "no header row", "3 columns", "--map"]);
}

#[test]
fn mapping_names_absent_column() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "m.csv", "a,b,c,d\n1,2,view,1700000000\n");
    let e = load_files(&p, None, "user=visitor,item=b,event=c,timestamp=d")
        .unwrap_err()
        .to_string();
    assert_has(&e, &["m.csv", "'visitor'", "no such column", "a, b, c, d"]);
}

#[test]
fn mapping_with_unknown_role() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "m.csv", "a,b\n1,2\n");
    let e = load_files(&p, None, "shopper=a").unwrap_err().to_string();
    assert_has(&e, &["unknown role 'shopper'", "user, item"]);
}

#[test]
fn catalogue_without_id_column() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(d.path(), "e.csv", &format!("{HDR}u1,i1,view,1700000000\n"));
    let it = write(d.path(), "cat.csv", "name,price\nMug,3.5\n");
    let e = load_files(&ev, Some(&it), "").unwrap_err().to_string();
    assert_has(&e, &["cat.csv", "no item id column", "name, price"]);
}

#[test]
fn catalogue_negative_price() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(d.path(), "e.csv", &format!("{HDR}u1,i1,view,1700000000\n"));
    let it = write(
        d.path(),
        "cat.csv",
        "item_id,title,price\ni1,Mug,3.5\ni2,Cup,-2\n",
    );
    let e = load_files(&ev, Some(&it), "").unwrap_err().to_string();
    assert_has(
        &e,
        &[
            "cat.csv",
            "row 3",
            "column 'price'",
            "'-2'",
            "negative price",
        ],
    );
}

#[test]
fn parquet_name_but_not_parquet() {
    let (e, _, _d) = err_of("fake.parquet", "user_id,item_id\n1,2\n");
    assert_has(&e, &["fake.parquet", "Parquet magic"]);
}

#[test]
fn invalid_json_lines() {
    let (e, _, _d) = err_of("bad.jsonl", "{\"user_id\": \"u1\", oops}\n");
    assert_has(&e, &["bad.jsonl", "row 1", "not valid JSON"]);
}

#[test]
fn online_retail_everything_cancelled() {
    let (e, _, _d) = err_of(
        "or.csv",
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
         C1,85123A,X,-1,12/1/2010 8:26,2.55,17850,UK\n",
    );
    assert_has(
        &e,
        &[
            "or.csv",
            "every row was dropped",
            "cancelled invoice (InvoiceNo starts with C): 1",
        ],
    );
}

#[test]
fn folder_instead_of_file() {
    let d = tempfile::tempdir().unwrap();
    let e = load_one(d.path()).unwrap_err().to_string();
    assert_has(&e, &["is a folder"]);
}

#[test]
fn ragged_rows() {
    let (e, _, _d) = err_of(
        "ragged.csv",
        &format!("{HDR}u1,i1,view,1700000000\nu1,i1,view,1700000000,extra,fields,here\n"),
    );
    assert_has(&e, &["ragged.csv"]);
}

#[test]
fn control_characters_in_values_are_not_echoed_raw() {
    let (e, _, _d) = err_of(
        "esc.csv",
        &format!("{HDR}u1,i1,\u{1b}[31mboom\u{1b}[0m,1700000000\n"),
    );
    assert!(
        !e.contains('\u{1b}'),
        "escape sequences must be stripped: {e:?}"
    );
    assert_has(&e, &["esc.csv", "row 2", "'boom'"]);
}

/// Inputs that crashed or hung the loader (issue 14): each is refused with a
/// message naming the file and, where there is one, the row and field.
#[test]
fn hostile_files_are_refused_by_name() {
    let ok = r#"{"user_id":"u1","item_id":"i1","event":"view","timestamp":1700000000}"#;
    let deep = format!(
        "{{\"user_id\":{}1{}}}\n",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        ("spaces.jsonl", format!("{ok}\n   \n{ok}\n").into_bytes(), vec!["row 2", "blank line"]),
        ("trailing.jsonl", format!("{ok}\n{ok}\n   \n").into_bytes(), vec![]),
        (
            "big.jsonl",
            format!("{ok}\n{{\"user_id\":\"u2\",\"item_id\":\"i1\",\"event\":\"view\",\"timestamp\":170000000000000000000}}\n").into_bytes(),
            vec!["row 2", "timestamp", "64 bits"],
        ),
        ("deep.jsonl", deep.into_bytes(), vec!["row 1", "not valid JSON"]),
        ("array.jsonl", format!("{ok}\n[1]\n").into_bytes(), vec!["row 2", "JSON object"]),
        ("utf16.csv", b"\xff\xfeu\0s\0e\0r\0_\0i\0d\0\n\0".to_vec(), vec!["UTF-16", "iconv"]),
        ("elf.csv", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0".to_vec(), vec!["binary"]),
    ];
    for (name, bytes, parts) in cases {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let got = load_one(&p);
        if parts.is_empty() {
            let ds = got.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(ds.events.len(), 2, "{name}");
            continue;
        }
        let e = got.expect_err(name).to_string();
        assert_has(&e, &[name]);
        assert_has(&e, &parts);
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_is_refused_not_waited_on() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("events.csv");
    let made = std::process::Command::new("mkfifo").arg(&p).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: skipped");
        return;
    }
    // nothing ever writes to the pipe: reading it would block forever
    let e = load_one(&p).expect_err("a pipe").to_string();
    assert_has(&e, &["events.csv", "not a regular file"]);
}
