//! Where per-user rows come from: users with their segment, their recommended
//! items, and the catalogue. A trait, so exports stream from a loaded
//! dataset, from plain vectors (tests, previews) or from generated users
//! (the 1M-user benchmark) alike.

use crate::copy::claims::Backing;
use crate::copy::controls::category_key;
use crate::copy::facts::{DataFacts, UserFacts};
use crate::data::Dataset;
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a template needs to know about an item.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItemView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: Option<&'a str>,
    pub brand: Option<&'a str>,
    pub price: Option<f32>,
}

/// Users, their segments and recommendations. `Sync`, so batches can be
/// rendered in parallel.
pub trait UserSource: Sync {
    /// Users are indices `0..n_users()`.
    fn n_users(&self) -> usize;
    /// The external id (what push services know the user by).
    fn user_id(&self, user: u32) -> Cow<'_, str>;
    /// Segment id of a user.
    fn segment_of(&self, user: u32) -> usize;
    /// Recommended items, best first, for each of `users` (same order).
    fn recommend(&self, users: &[u32]) -> Vec<Vec<u32>>;
    fn item(&self, item: u32) -> ItemView<'_>;
    /// Item index of an external item id.
    fn find_item(&self, id: &str) -> Option<u32>;
    /// What is true of an item whoever gets it (newness, stock, category).
    /// By default only its category: no other claim is backed.
    fn item_backing(&self, item: u32) -> Backing {
        Backing {
            category_key: Some(category_key(self.item(item).category).to_string()),
            ..Backing::default()
        }
    }
    /// A user's cart and refills due. By default none.
    fn user_facts(&self, _user: u32) -> UserFacts {
        UserFacts::default()
    }
}

type RecFn<'a> = Box<dyn Fn(&[u32]) -> Vec<Vec<u32>> + Send + Sync + 'a>;

/// A loaded dataset, a segment assignment and a recommender function (for
/// example `|u| models.top_items(Method::Hybrid, u, 3)`).
pub struct DatasetSource<'a> {
    pub ds: &'a Dataset,
    pub assignment: &'a [usize],
    recs: RecFn<'a>,
    facts: Option<&'a DataFacts>,
    own_facts: OnceLock<DataFacts>,
}

impl<'a> DatasetSource<'a> {
    pub fn new(
        ds: &'a Dataset,
        assignment: &'a [usize],
        recs: impl Fn(&[u32]) -> Vec<Vec<u32>> + Send + Sync + 'a,
    ) -> Self {
        DatasetSource {
            ds,
            assignment,
            recs: Box::new(recs),
            facts: None,
            own_facts: OnceLock::new(),
        }
    }

    /// Uses facts already gathered for `ds` (else they are gathered once,
    /// when first needed).
    pub fn with_facts(mut self, facts: &'a DataFacts) -> Self {
        self.facts = Some(facts);
        self
    }

    fn facts(&self) -> &DataFacts {
        self.facts
            .unwrap_or_else(|| self.own_facts.get_or_init(|| DataFacts::build(self.ds)))
    }
}

impl UserSource for DatasetSource<'_> {
    fn n_users(&self) -> usize {
        self.ds.n_users().min(self.assignment.len())
    }
    fn user_id(&self, user: u32) -> Cow<'_, str> {
        Cow::Borrowed(self.ds.users.name(user))
    }
    fn segment_of(&self, user: u32) -> usize {
        self.assignment[user as usize]
    }
    fn recommend(&self, users: &[u32]) -> Vec<Vec<u32>> {
        (self.recs)(users)
    }
    fn item(&self, item: u32) -> ItemView<'_> {
        let c = &self.ds.catalogue;
        let i = item as usize;
        ItemView {
            id: self.ds.items.name(item),
            title: c.title.get(i).map(String::as_str).unwrap_or(""),
            category: c
                .category
                .get(i)
                .copied()
                .flatten()
                .map(|x| c.categories.name(x)),
            brand: c.brand.get(i).copied().flatten().map(|x| c.brands.name(x)),
            price: c.price.get(i).copied().flatten(),
        }
    }
    fn find_item(&self, id: &str) -> Option<u32> {
        self.ds.items.get(id)
    }
    fn item_backing(&self, item: u32) -> Backing {
        self.facts().item(self.ds, item)
    }
    fn user_facts(&self, user: u32) -> UserFacts {
        self.facts().user(self.ds, user)
    }
}

/// An item held by [`VecSource`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedItem {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub price: Option<f32>,
}

/// Users and items in plain vectors: for tests, previews and small tools.
#[derive(Debug, Clone, Default)]
pub struct VecSource {
    /// (external id, segment id, recommended item indices).
    pub users: Vec<(String, usize, Vec<u32>)>,
    pub items: Vec<OwnedItem>,
}

impl UserSource for VecSource {
    fn n_users(&self) -> usize {
        self.users.len()
    }
    fn user_id(&self, user: u32) -> Cow<'_, str> {
        Cow::Borrowed(&self.users[user as usize].0)
    }
    fn segment_of(&self, user: u32) -> usize {
        self.users[user as usize].1
    }
    fn recommend(&self, users: &[u32]) -> Vec<Vec<u32>> {
        users
            .iter()
            .map(|&u| self.users[u as usize].2.clone())
            .collect()
    }
    fn item(&self, item: u32) -> ItemView<'_> {
        match self.items.get(item as usize) {
            Some(i) => ItemView {
                id: &i.id,
                title: &i.title,
                category: i.category.as_deref(),
                brand: i.brand.as_deref(),
                price: i.price,
            },
            None => ItemView::default(),
        }
    }
    fn find_item(&self, id: &str) -> Option<u32> {
        self.items.iter().position(|i| i.id == id).map(|p| p as u32)
    }
}
