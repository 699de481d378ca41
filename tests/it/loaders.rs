//! Every recognised layout, on tiny fixtures written by the tests.

use crate::common::*;
use pushbench::data::{summarize, EventKind, Layout};

#[test]
fn generic_csv_with_iso_timestamps_and_catalogue() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "events.csv",
        "user_id,item_id,event,timestamp,dwell_seconds,price,quantity,session_id,query\n\
         u1,i1,view,2026-09-01T10:00:00Z,30,,,s1,\n\
         u1,i1,cart,2026-09-01T10:01:00Z,,19.99,,s1,\n\
         u1,i1,purchase,2026-09-01T10:02:00Z,,19.99,2,s1,\n\
         u2,i2,search,2026-09-02T08:00:00Z,,,,s2,red shoes\n\
         u2,i2,favorite,2026-09-02T08:01:00Z,,,,s2,\n",
    );
    let it = write(
        d.path(),
        "items.csv",
        "item_id,title,category,brand,price,tags,description,rating_avg\n\
         i1,Blue Mug,Home,Acme,19.99,mug|blue,A mug.,4.5\n\
         i2,Red Shoes,Fashion,Stepz,59.00,shoes,Nice shoes.,3.9\n\
         i3,Green Tea,Grocery,Leafy,4.50,tea,Tea.,4.1\n",
    );
    let ds = load_files(&ev, Some(&it), "").unwrap();
    assert_eq!(ds.source.layout, Layout::Generic);
    assert_eq!(ds.n_users(), 2);
    assert_eq!(ds.n_items(), 3, "catalogue items without events are kept");
    assert_eq!(ds.events.len(), 5);
    assert_eq!(count(&ds, EventKind::Purchase), 1);
    assert_eq!(count(&ds, EventKind::Search), 1);
    assert_eq!(count(&ds, EventKind::Favorite), 1);
    // sorted by user then time
    assert!(ds.events.ts.windows(2).take(2).all(|w| w[0] <= w[1]));
    assert_eq!(ds.events.ts[0], 1_788_256_800);
    let q = ds.events.query.as_ref().unwrap();
    assert_eq!(q.iter().flatten().next().map(|s| &**s), Some("red shoes"));
    assert_eq!(ds.events.dwell.as_ref().unwrap()[0], 30.0);
    assert_eq!(ds.item_title(0), "Blue Mug");
    assert_eq!(ds.item_category(1), Some("Fashion"));
    assert_eq!(ds.catalogue.price[2], Some(4.5));
    assert_eq!(ds.catalogue.tags[0], vec!["mug", "blue"]);
    assert_eq!(ds.catalogue.numeric[0].0, "rating_avg");
    let s = summarize(&ds);
    assert_eq!(s.events_by_type["view"], 1);
    assert_eq!(s.first_event, "2026-09-01T10:00:00Z");
    assert_eq!(s.last_event, "2026-09-02T08:01:00Z");
    assert_eq!(s.revenue, Some(39.98));
    assert_eq!(s.funnel.users_purchased, 1);
}

#[test]
fn retailrocket_layout_epoch_millis() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "events.csv",
        "timestamp,visitorid,event,itemid,transactionid\n\
         1433221332117,257597,view,355908,\n\
         1433224214164,992329,view,248676,\n\
         1433221999827,111016,addtocart,318965,\n\
         1433222147345,111016,transaction,318965,4000\n",
    );
    let ds = load_one(&ev).unwrap();
    assert_eq!(ds.source.layout, Layout::RetailRocket);
    assert_eq!(ds.n_users(), 3);
    assert_eq!(count(&ds, EventKind::Cart), 1);
    assert_eq!(count(&ds, EventKind::Purchase), 1);
    assert!(ds.source.timestamp_format.contains("milli"));
    assert_eq!(*ds.events.ts.iter().min().unwrap(), 1_433_221_332);
}

#[test]
fn taobao_headerless_with_categories() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "UserBehavior.csv",
        "1,2268318,2520377,pv,1511544070\n\
         1,2333346,2520771,pv,1511561733\n\
         1,2576651,149192,buy,1511572885\n\
         100,2268318,2520377,cart,1511680000\n\
         100,4365585,2520377,fav,1511690000\n",
    );
    let ds = load_one(&ev).unwrap();
    assert_eq!(ds.source.layout, Layout::TaobaoUserBehavior);
    assert_eq!(ds.n_users(), 2);
    assert_eq!(ds.n_items(), 4);
    let i = ds.items.get("2268318").unwrap();
    assert_eq!(ds.item_category(i), Some("2520377"));
    assert_eq!(count(&ds, EventKind::Favorite), 1);
    assert_eq!(ds.events.ts[0], 1_511_544_070);
}

#[test]
fn online_retail_one_counts_dropped_rows() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "Online Retail.csv",
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
         536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n\
         536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n\
         C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n\
         536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n\
         536370,POST,POSTAGE,3,12/1/2010 8:45,18,12583,France\n\
         536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/13/2010 8:45,3.75,12583,France\n",
    );
    let ds = load_one(&ev).unwrap();
    assert_eq!(ds.source.layout, Layout::OnlineRetail);
    assert_eq!(ds.events.len(), 3);
    assert_eq!(count(&ds, EventKind::Purchase), 3);
    assert_eq!(ds.n_users(), 2);
    let reasons: Vec<(String, usize)> = ds
        .source
        .dropped
        .iter()
        .map(|d| (d.reason.clone(), d.rows))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(r, n)| r.contains("cancelled") && *n == 1),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(r, n)| r.contains("CustomerID") && *n == 1),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(r, n)| r.contains("non-product") && *n == 1),
        "{reasons:?}"
    );
    let i = ds.items.get("85123A").unwrap();
    assert_eq!(ds.item_title(i), "WHITE HANGING HEART T-LIGHT HOLDER");
    assert_eq!(ds.catalogue.price[i as usize], Some(2.55));
    // users come from float-typed ids without a fraction
    assert!(ds.users.get("17850").is_some());
    assert_eq!(
        ds.events.quantity.as_ref().unwrap().iter().sum::<f32>(),
        36.0
    );
}

#[test]
fn online_retail_two_names() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "online_retail_II.csv",
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n\
         489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n\
         489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,United Kingdom\n\
         489435,22350,CAT BOWL ,12,2009-12-01 07:46:00,2.55,13086.0,United Kingdom\n",
    );
    let ds = load_one(&ev).unwrap();
    assert_eq!(ds.source.layout, Layout::OnlineRetail);
    assert_eq!(ds.n_users(), 2);
    assert!(ds.users.get("13085").is_some());
    assert_eq!(summarize(&ds).first_event, "2009-12-01T07:45:00Z");
    assert!(ds.events.session.is_some(), "invoices become sessions");
}

#[test]
fn movielens_udata_and_ratings_csv() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "u.data",
        "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n244\t51\t2\t880606923\n166\t346\t5\t886397596\n",
    );
    let ds = load_one(&ev).unwrap();
    assert_eq!(ds.source.layout, Layout::MovieLens);
    assert_eq!(ds.n_users(), 5);
    assert_eq!(
        count(&ds, EventKind::Purchase),
        1,
        "only rating >= 4 is positive"
    );
    assert_eq!(ds.events.rating.as_ref().unwrap().len(), 5);

    let ev = write(
        d.path(),
        "ratings.csv",
        "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n2,6,3.5,964982224\n",
    );
    let movies = write(
        d.path(),
        "movies.csv",
        "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation|Children\n3,Grumpier Old Men (1995),Comedy|Romance\n6,Heat (1995),Action|Crime|Thriller\n",
    );
    let ds = load_files(&ev, Some(&movies), "").unwrap();
    assert_eq!(ds.source.layout, Layout::MovieLens);
    assert_eq!(count(&ds, EventKind::Purchase), 2);
    let i = ds.items.get("1").unwrap();
    assert_eq!(ds.item_title(i), "Toy Story (1995)");
    assert_eq!(ds.item_category(i), Some("Adventure"));
    assert_eq!(ds.catalogue.tags[i as usize].len(), 3);
}

#[test]
fn custom_mapping_and_semicolons() {
    let d = tempfile::tempdir().unwrap();
    let ev = write(
        d.path(),
        "shop.csv",
        "visitor;sku;what;when\nA;X1;pv;2026-01-01 10:00:00\nB;X2;buy;2026-01-02 11:00:00\n",
    );
    let ds = load_files(&ev, None, "user=visitor,item=sku,event=what,timestamp=when").unwrap();
    assert_eq!(ds.source.layout, Layout::Mapped);
    assert_eq!(ds.n_users(), 2);
    assert_eq!(count(&ds, EventKind::Purchase), 1);
}

#[test]
fn parquet_and_json_lines() {
    use polars::prelude::*;
    let d = tempfile::tempdir().unwrap();
    let mut df = df!(
        "user_id" => ["u1", "u1", "u2"],
        "item_id" => ["a", "b", "a"],
        "event" => ["view", "purchase", "cart"],
        "timestamp" => [1_700_000_000i64, 1_700_000_100, 1_700_000_200],
    )
    .unwrap();
    let p = d.path().join("events.parquet");
    let f = std::fs::File::create(&p).unwrap();
    ParquetWriter::new(f).finish(&mut df).unwrap();
    let ds = load_one(&p).unwrap();
    assert_eq!(ds.source.format, "Parquet");
    assert_eq!(ds.events.len(), 3);
    assert_eq!(count(&ds, EventKind::Purchase), 1);

    let j = write(
        d.path(),
        "events.jsonl",
        "{\"user_id\":\"u1\",\"item_id\":\"a\",\"event\":\"view\",\"timestamp\":\"2026-09-01T10:00:00Z\"}\n\
         {\"user_id\":\"u2\",\"item_id\":\"b\",\"event\":\"buy\",\"timestamp\":\"2026-09-01T11:00:00Z\"}\n",
    );
    let ds = load_one(&j).unwrap();
    assert_eq!(ds.source.format, "JSON lines");
    assert_eq!(ds.n_users(), 2);
    assert_eq!(count(&ds, EventKind::Purchase), 1);
}
