//! Recognition of the public data layouts from column names and shape, and the
//! user-supplied column mapping (`--map user=visitorid,item=sku`).

use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// pushbench's own layout (user_id, item_id, event, timestamp, ...).
    Generic,
    RetailRocket,
    TaobaoUserBehavior,
    OnlineRetail,
    MovieLens,
    /// Columns named by the user's mapping.
    Mapped,
}

impl Layout {
    pub fn name(&self) -> &'static str {
        match self {
            Layout::Generic => "generic",
            Layout::RetailRocket => "retailrocket",
            Layout::TaobaoUserBehavior => "taobao_userbehavior",
            Layout::OnlineRetail => "online_retail",
            Layout::MovieLens => "movielens",
            Layout::Mapped => "mapped",
        }
    }
    pub fn title(&self) -> &'static str {
        match self {
            Layout::Generic => "pushbench generic",
            Layout::RetailRocket => "RetailRocket",
            Layout::TaobaoUserBehavior => "Taobao UserBehavior",
            Layout::OnlineRetail => "UCI Online Retail",
            Layout::MovieLens => "MovieLens ratings",
            Layout::Mapped => "custom mapping",
        }
    }
}

/// The roles a source column can play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Item,
    Event,
    Timestamp,
    Dwell,
    Price,
    Quantity,
    Session,
    Query,
    Rating,
    Category,
    Title,
    Invoice,
}

impl Role {
    pub const ALL: [Role; 13] = [
        Role::User,
        Role::Item,
        Role::Event,
        Role::Timestamp,
        Role::Dwell,
        Role::Price,
        Role::Quantity,
        Role::Session,
        Role::Query,
        Role::Rating,
        Role::Category,
        Role::Title,
        Role::Invoice,
    ];
    pub fn name(&self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Item => "item",
            Role::Event => "event",
            Role::Timestamp => "timestamp",
            Role::Dwell => "dwell",
            Role::Price => "price",
            Role::Quantity => "quantity",
            Role::Session => "session",
            Role::Query => "query",
            Role::Rating => "rating",
            Role::Category => "category",
            Role::Title => "title",
            Role::Invoice => "invoice",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.name() == s.trim())
    }
    /// Column names (normalised: lowercase, alphanumerics only) recognised for
    /// this role in the generic layout.
    fn synonyms(&self) -> &'static [&'static str] {
        match self {
            Role::User => &[
                "userid",
                "user",
                "visitorid",
                "customerid",
                "uid",
                "clientid",
            ],
            Role::Item => &[
                "itemid",
                "item",
                "productid",
                "product",
                "sku",
                "movieid",
                "stockcode",
                "iid",
            ],
            Role::Event => &[
                "event",
                "eventtype",
                "behavior",
                "behaviour",
                "action",
                "type",
                "interaction",
            ],
            Role::Timestamp => &[
                "timestamp",
                "ts",
                "time",
                "eventtime",
                "datetime",
                "date",
                "createdat",
                "occurredat",
                "invoicedate",
            ],
            Role::Dwell => &[
                "dwellseconds",
                "dwell",
                "dwelltime",
                "duration",
                "durationseconds",
            ],
            Role::Price => &["price", "unitprice", "amount", "value"],
            Role::Quantity => &["quantity", "qty", "count"],
            Role::Session => &["sessionid", "session"],
            Role::Query => &["query", "searchquery", "searchterm", "keyword"],
            Role::Rating => &["rating", "score", "stars"],
            Role::Category => &["category", "categoryid", "cat"],
            Role::Title => &["title", "description", "name", "productname"],
            Role::Invoice => &["invoiceno", "invoice", "transactionid", "orderid"],
        }
    }
}

/// Normalises a column name for matching: lowercase ASCII alphanumerics only.
pub fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Which source column plays which role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub columns: BTreeMap<Role, String>,
}

impl ColumnMap {
    /// Parses `user=visitorid,item=sku,...`.
    pub fn parse(spec: &str) -> Result<ColumnMap> {
        let mut map = ColumnMap::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').ok_or_else(|| {
                Error::Other(format!(
                    "--map: '{part}' is not of the form role=column (roles: {})",
                    role_list()
                ))
            })?;
            let role = Role::parse(k).ok_or_else(|| {
                Error::Other(format!(
                    "--map: unknown role '{k}' (roles: {})",
                    role_list()
                ))
            })?;
            map.columns.insert(role, v.trim().to_string());
        }
        Ok(map)
    }

    /// Builds a map from a table of role -> column (the config file's [map]).
    pub fn from_table(t: &BTreeMap<String, String>, file: &str) -> Result<ColumnMap> {
        let mut map = ColumnMap::default();
        for (k, v) in t {
            let role = Role::parse(k).ok_or_else(|| Error::Config {
                file: file.to_string(),
                message: format!("[map]: unknown role '{k}' (roles: {})", role_list()),
            })?;
            map.columns.insert(role, v.clone());
        }
        Ok(map)
    }

    pub fn get(&self, r: Role) -> Option<&str> {
        self.columns.get(&r).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

fn role_list() -> String {
    Role::ALL
        .iter()
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The outcome of layout detection: the layout and the column for each role.
#[derive(Debug, Clone)]
pub struct Detected {
    pub layout: Layout,
    pub map: ColumnMap,
}

/// Detects the layout from the column names and a few sample rows.
/// `header` is false for CSV files without a header row (columns named
/// column_1, column_2, ...).
pub fn detect(
    file: &str,
    columns: &[String],
    sample: &[Vec<String>],
    header: bool,
    user_map: &ColumnMap,
) -> Result<Detected> {
    let by_norm: BTreeMap<String, &String> = columns.iter().map(|c| (norm(c), c)).collect();
    let has = |n: &str| by_norm.contains_key(n);
    let col = |n: &str| by_norm.get(n).map(|c| c.to_string());
    let mut map = ColumnMap::default();
    let layout;

    if !user_map.is_empty() {
        layout = Layout::Mapped;
        for (r, c) in &user_map.columns {
            if !columns.contains(c) {
                return Err(Error::input(
                    Location::file(file).column(c.clone()),
                    format!(
                        "the mapping names column '{c}' for {}, but the file has no such column (columns: {})",
                        r.name(),
                        columns.join(", ")
                    ),
                ));
            }
        }
        map = user_map.clone();
        fill_generic(&mut map, &by_norm);
    } else if has("visitorid") && has("itemid") && has("event") && has("timestamp") {
        layout = Layout::RetailRocket;
        map.columns
            .insert(Role::User, col("visitorid").unwrap_or_default());
        map.columns
            .insert(Role::Item, col("itemid").unwrap_or_default());
        map.columns
            .insert(Role::Event, col("event").unwrap_or_default());
        map.columns
            .insert(Role::Timestamp, col("timestamp").unwrap_or_default());
        if let Some(t) = col("transactionid") {
            map.columns.insert(Role::Invoice, t);
        }
    } else if (has("invoiceno") || has("invoice"))
        && has("stockcode")
        && has("quantity")
        && has("invoicedate")
        && has("customerid")
    {
        layout = Layout::OnlineRetail;
        let pick = |a: &str, b: &str| col(a).or_else(|| col(b)).unwrap_or_default();
        map.columns
            .insert(Role::Invoice, pick("invoiceno", "invoice"));
        map.columns
            .insert(Role::Item, pick("stockcode", "stockcode"));
        map.columns
            .insert(Role::Quantity, pick("quantity", "quantity"));
        map.columns
            .insert(Role::Timestamp, pick("invoicedate", "invoicedate"));
        map.columns.insert(Role::Price, pick("unitprice", "price"));
        map.columns
            .insert(Role::User, pick("customerid", "customerid"));
        if let Some(d) = col("description") {
            map.columns.insert(Role::Title, d);
        }
    } else if has("userid") && has("movieid") && has("rating") {
        layout = Layout::MovieLens;
        map.columns
            .insert(Role::User, col("userid").unwrap_or_default());
        map.columns
            .insert(Role::Item, col("movieid").unwrap_or_default());
        map.columns
            .insert(Role::Rating, col("rating").unwrap_or_default());
        if let Some(t) = col("timestamp") {
            map.columns.insert(Role::Timestamp, t);
        }
    } else if !header {
        let n = columns.len();
        let field = |row: &Vec<String>, i: usize| row.get(i).cloned().unwrap_or_default();
        let taobao = n == 5
            && !sample.is_empty()
            && sample.iter().all(|r| {
                matches!(
                    field(r, 3).to_ascii_lowercase().as_str(),
                    "pv" | "cart" | "fav" | "buy"
                )
            });
        let movielens = n == 4
            && !sample.is_empty()
            && sample.iter().all(|r| {
                field(r, 2)
                    .parse::<f32>()
                    .map(|x| (0.0..=10.0).contains(&x))
                    .unwrap_or(false)
                    && field(r, 3).parse::<i64>().is_ok()
            });
        if taobao {
            layout = Layout::TaobaoUserBehavior;
            for (i, r) in [
                Role::User,
                Role::Item,
                Role::Category,
                Role::Event,
                Role::Timestamp,
            ]
            .into_iter()
            .enumerate()
            {
                map.columns.insert(r, columns[i].clone());
            }
        } else if movielens {
            layout = Layout::MovieLens;
            for (i, r) in [Role::User, Role::Item, Role::Rating, Role::Timestamp]
                .into_iter()
                .enumerate()
            {
                map.columns.insert(r, columns[i].clone());
            }
        } else {
            return Err(Error::input(
                Location::file(file),
                format!(
                    "the file has no header row and {n} columns, which matches no known layout \
                     (Taobao UserBehavior: 5 columns user,item,category,behavior,timestamp; \
                     MovieLens u.data: 4 columns user,item,rating,timestamp). \
                     Map the columns with --map user=column_1,item=column_2,event=column_3,timestamp=column_4"
                ),
            ));
        }
    } else {
        layout = Layout::Generic;
        fill_generic(&mut map, &by_norm);
        if map.get(Role::Event).is_none() && map.get(Role::Rating).is_some() {
            // a ratings file with generic names is read like MovieLens
            return Ok(Detected {
                layout: Layout::MovieLens,
                map,
            });
        }
    }

    // required roles
    let mut required = vec![Role::User, Role::Item];
    match layout {
        Layout::MovieLens => {}
        Layout::OnlineRetail => required.push(Role::Timestamp),
        _ => {
            required.push(Role::Timestamp);
            if map.get(Role::Rating).is_none() {
                required.push(Role::Event);
            }
        }
    }
    for r in required {
        if map.get(r).is_none() {
            return Err(Error::input(
                Location::file(file).column(r.name()),
                format!(
                    "missing required column for {} (looked for: {}; the file has: {}). \
                     Name it with --map {}=<column>",
                    r.name(),
                    r.synonyms().join(", "),
                    columns.join(", "),
                    r.name()
                ),
            ));
        }
    }
    Ok(Detected { layout, map })
}

fn fill_generic(map: &mut ColumnMap, by_norm: &BTreeMap<String, &String>) {
    let taken: Vec<String> = map.columns.values().cloned().collect();
    let mut used: std::collections::HashSet<String> = taken.into_iter().collect();
    for r in Role::ALL {
        if map.get(r).is_some() {
            continue;
        }
        if let Some(c) = r
            .synonyms()
            .iter()
            .find_map(|s| by_norm.get(*s).filter(|c| !used.contains(c.as_str())))
        {
            used.insert(c.to_string());
            map.columns.insert(r, c.to_string());
        }
    }
}
