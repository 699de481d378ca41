//! Word banks for the synthetic catalogue: categories, invented brands, product
//! nouns with their qualifiers, variants, tags and description fragments.
//!
//! All brand names are invented. Short word lists are `|`-separated strings
//! (see [`choose`]). Product nouns are written as
//! `"Qualifier A,Qualifier B/Noun/Variant 1|Variant 2/Typical price"`; titles
//! combine a brand, optionally a generic adjective, one or two qualifiers of
//! the noun, the noun and optionally one of its variants, and the list price
//! is drawn around the noun's typical price (a candle costs what a candle
//! costs, whatever its category's spread).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Static description of one product category.
#[derive(Debug)]
pub struct CategoryWords {
    pub name: &'static str,
    /// Relative share of the catalogue.
    pub catalog_weight: f64,
    /// `|`-separated invented brand names.
    pub brands: &'static str,
    /// `|`-separated adjectives that fit every noun of the category.
    pub adjectives: &'static str,
    /// `"Qual1,Qual2/Noun/Variant1|Variant2/Price"` entries (sizes, colours,
    /// packs, and the noun's typical list price in dollars).
    pub nouns: &'static [&'static str],
    /// `|`-separated generic tags (the item's noun is always tagged too).
    pub tags: &'static str,
    /// `|`-separated description endings, e.g. "built for everyday use".
    pub benefits: &'static str,
}

/// Uniformly chosen entry of a `|`-separated list.
pub fn choose(rng: &mut ChaCha8Rng, list: &'static str) -> &'static str {
    let n = list.split('|').count();
    let k = rng.gen_range(0..n);
    list.split('|').nth(k).unwrap_or(list)
}

pub const CATEGORIES: &[CategoryWords] = &[
    CategoryWords {
        name: "Electronics",
        catalog_weight: 11.0,
        brands: "Aurora|Voltic|Nexora|Kestrel Audio|Lumetra|Pixelon",
        adjectives: "Smart|Portable|Compact|Pro|Ultra-Slim|Premium",
        nouns: &[
            "Wireless,Noise-Cancelling,Over-Ear/Headphones/Black|White|Midnight Blue/129",
            "Sport,True Wireless/Earbuds/Black|White|2nd Gen/79",
            "Waterproof,Bluetooth/Speaker/Black|Teal|Mini/59",
            "Fast,USB-C/Charger/65W|30W|2-Port/29",
            "Backlit,Mechanical/Keyboard/UK Layout|US Layout|Compact/89",
            "Ergonomic,Wireless/Mouse/Black|Graphite/35",
            "Curved,4K/Monitor/27 inch|32 inch|24 inch/299",
            "GPS,Fitness/Smartwatch/42 mm|46 mm|Black/199",
            "Wide-Angle,1080p/Webcam/with Mic|Black/59",
            "Slim,10000mAh/Power Bank/Black|White/35",
            "Wi-Fi 6,Mesh/Router/2-Pack|3-Pack/149",
            "HD,Action/Camera/Bundle|Black/179",
            "Backlit,E-Ink/E-Reader/16GB|32GB/129",
            "Adjustable,Aluminium/Laptop Stand/Silver|Space Grey/39",
        ],
        tags: "tech|gadget|gift|bestseller|new|work-from-home",
        benefits: "built for everyday use|with a two-year warranty|ready for work and play",
    },
    CategoryWords {
        name: "Fashion",
        catalog_weight: 14.0,
        brands: "Maison Lira|Northvale|Kinfolk & Co|Urbanite|Solenne|Ravel Street",
        adjectives: "Classic|Everyday|Vintage|Essential|Signature|Modern",
        nouns: &[
            "Cotton,Crew-Neck/T-Shirt/Navy|White|Black/19",
            "High-Rise,Stretch/Jeans/Indigo|Black|Light Wash/59",
            "Cable-Knit,Wool/Sweater/Cream|Navy|Forest Green/69",
            "Lightweight,Quilted/Jacket/Olive|Black|Navy/89",
            "Leather,Chelsea/Boots/Brown|Black/129",
            "Low-Top,Canvas/Sneakers/White|Navy/65",
            "Button-Down,Linen/Shirt/White|Sky Blue/45",
            "Floral,Midi/Dress/Blue|Rose/59",
            "Crossbody,Leather/Bag/Tan|Black/79",
            "Knit,Cashmere/Scarf/Camel|Grey/59",
            "Round,Polarized/Sunglasses/Tortoiseshell|Black/39",
            "Ankle,Merino/Socks/3-Pack|6-Pack/14",
        ],
        tags: "style|casual|everyday|gift|bestseller|trend",
        benefits: "cut for a comfortable fit|that goes with everything|made to last",
    },
    CategoryWords {
        name: "Home & Kitchen",
        catalog_weight: 12.0,
        brands: "Hearthly|Casa Nuvo|Oakmere|Brightnest|Copperleaf",
        adjectives: "Modern|Classic|Premium|Compact|Deluxe|Essential",
        nouns: &[
            "Enamelled,Cast Iron/Dutch Oven/5.5 Qt|3.5 Qt/79",
            "Personal,High-Speed/Blender/600 W|1000 W/59",
            "Digital,Dual-Basket/Air Fryer/5 Litre|8 Litre/99",
            "Glass,Pour-Over/Coffee Maker/8 Cup|4 Cup/39",
            "Reversible,Bamboo/Cutting Board/Large|Set of 3/29",
            "Orthopedic,Memory Foam/Pillow/Standard|King/45",
            "Percale,Egyptian Cotton/Bed Sheets/Queen|King|Double/69",
            "Scented,Soy Wax/Candle/Vanilla|Cedarwood|Lavender/18",
            "Stackable,Ceramic/Dinner Plates/Set of 4|Set of 6/39",
            "Cordless,Stick/Vacuum/Grey|Red/179",
            "Airtight,Glass/Food Containers/Set of 10|Set of 5/29",
            "Damascus,Chef's/Knife/8 inch|6 inch/69",
        ],
        tags: "home|cozy|everyday|gift|bestseller|modern",
        benefits: "for a calmer home|designed for small spaces|built for everyday use",
    },
    CategoryWords {
        name: "Beauty",
        catalog_weight: 9.0,
        brands: "Lumiere Botanics|Petal & Pine|Glowra|Saltmarsh|Velvea",
        adjectives: "Everyday|Luxe|Clean|Gentle|Radiant",
        nouns: &[
            "Daily,Vitamin C/Serum/30 ml|50 ml/24",
            "Overnight,Hyaluronic/Moisturizer/50 ml|100 ml/22",
            "Foaming,Clarifying/Cleanser/150 ml|200 ml/12",
            "Long-Wear,Matte/Lipstick/Ruby|Nude|Berry/16",
            "Mineral,SPF 50/Sunscreen/50 ml|100 ml/15",
            "Repair,Argan Oil/Shampoo/250 ml|500 ml/11",
            "Detox,Clay/Face Mask/75 ml|Travel Size/14",
            "Waterproof,Volumizing/Mascara/Black|Brown/13",
            "Whipped,Shea/Body Butter/200 ml|Travel Size/15",
            "Rose,Eau de/Parfum/30 ml|50 ml|100 ml/59",
        ],
        tags: "beauty|vegan|cruelty-free|self-care|gift|bestseller",
        benefits: "for your daily routine|suitable for sensitive skin|with natural ingredients",
    },
    CategoryWords {
        name: "Sports & Outdoors",
        catalog_weight: 8.0,
        brands: "Trailpeak|Summitry|Fjordline|Ironbark Athletics|Wavecrest",
        adjectives: "Lightweight|Durable|Pro|Performance|Essential",
        nouns: &[
            "Extra-Thick,Non-Slip/Yoga Mat/Purple|Black|Sage/29",
            "Cushioned,Trail/Running Shoes/Size 42|Size 10|Size 8/99",
            "Adjustable,Hex/Dumbbells/Pair|5 kg|10 kg/59",
            "Insulated,Stainless/Water Bottle/750 ml|1 Litre/25",
            "Waterproof,2-Person/Tent/Green|Sand/149",
            "Down,Mummy/Sleeping Bag/Regular|Long/89",
            "20L,Hiking/Backpack/Black|Forest Green/49",
            "Heavy,Latex/Resistance Bands/Set of 3|Set of 5/19",
            "Telescopic,Carbon/Trekking Poles/Pair/59",
            "Padded,Cycling/Shorts/Size M|Size L/35",
        ],
        tags: "fitness|outdoor|active|gift|bestseller|training",
        benefits: "built for the outdoors|for your next workout|tested in tough conditions",
    },
    CategoryWords {
        name: "Grocery",
        catalog_weight: 12.0,
        brands: "Verde|Golden Acre|Harvest Lane|Maple & Rye|Sunfield Farms|Blue Hen",
        adjectives: "Organic|Fair-Trade|Gluten-Free|Natural|Family Pack",
        nouns: &[
            "Jasmine,Green/Tea/100 Bags|50 Bags/4.49",
            "Dark Roast,Whole Bean/Coffee/1 kg|500 g/12.99",
            "Cold-Pressed,Extra Virgin/Olive Oil/500 ml|1 Litre/9.99",
            "Crunchy,Almond/Granola/500 g|1 kg/5.49",
            "Raw,Wildflower/Honey/340 g|500 g/7.99",
            "70% Cocoa,Dark/Chocolate/100 g|Pack of 4/3.49",
            "Long-Grain,Basmati/Rice/1 kg|5 kg/4.99",
            "Natural,Lemon/Sparkling Water/Pack of 6|Pack of 12/4.99",
            "Bronze-Cut,Whole Wheat/Penne Pasta/500 g|Pack of 4/2.49",
            "Roasted,Salted/Almonds/200 g|1 kg/6.99",
            "Unsweetened,Barista/Oat Milk/1 Litre|Pack of 6/2.99",
            "Natural,Smooth/Peanut Butter/340 g|1 kg/4.49",
        ],
        tags: "pantry|organic|everyday|healthy|bulk|bestseller",
        benefits: "for your everyday pantry|sourced from small farms|with no artificial additives",
    },
    CategoryWords {
        name: "Toys & Games",
        catalog_weight: 7.0,
        brands: "Wobblewood|Pip & Puzzle|Starlark|Tinker Tide|Brickbay",
        adjectives: "Classic|Creative|Deluxe|Mini|Jumbo",
        nouns: &[
            "Magnetic,Wooden/Building Blocks/100 Pieces|50 Pieces/29",
            "1000-Piece,Landscape/Puzzle/Mountains|Coastline/19",
            "Cooperative,Strategy/Board Game/Ages 10+|Ages 8+/34",
            "Off-Road,Remote-Control/Car/Red|Blue/39",
            "Cuddly,Plush/Teddy Bear/Large|Small/19",
            "STEM,Coding/Robot Kit/Ages 8+|Ages 10+/59",
            "Family,Card/Game/Travel Edition|Ages 7+/12",
            "Watercolour,Art/Set/24 Colours|36 Colours/19",
            "Glow-in-the-Dark,Wooden/Marble Run/80 Pieces|120 Pieces/39",
        ],
        tags: "kids|family|gift|learning|creative|bestseller",
        benefits: "for hours of family fun|that sparks curiosity|perfect as a gift",
    },
    CategoryWords {
        name: "Books",
        catalog_weight: 8.0,
        brands: "Inkwell Press|Larkspur Books|Meridian House|Paper Lantern",
        adjectives: "Illustrated|Bestselling|Paperback|Hardcover|Annotated",
        nouns: &[
            "Nordic,Psychological/Thriller/Paperback|Hardcover/14",
            "Weeknight,Plant-Based/Cookbook/Hardcover|Paperback/26",
            "Epic,Fantasy/Novel/Volume 1|Volume 2|Box Set/16",
            "Hard Sci-Fi,Space/Saga/Book 1|Box Set/15",
            "Practical,Productivity/Guide/Paperback|Audiobook/15",
            "Beginner's,Watercolour/Handbook/Spiral-Bound|Paperback/18",
            "Historical,Maritime/Romance/Large Print|Paperback/12",
            "Bedtime,Picture/Storybook/Board Book|Hardcover/9",
            "Daily,Mindfulness/Journal/A5|Pocket Size/14",
        ],
        tags: "reading|bestseller|gift|new-release|book-club",
        benefits: "that readers can't put down|to read on a rainy weekend|praised by critics",
    },
    CategoryWords {
        name: "Health",
        catalog_weight: 6.0,
        brands: "Vitalis|Clearwell|Purenest|Everbloom Health",
        adjectives: "Daily|Advanced|Essential|Premium|Clinical",
        nouns: &[
            "High-Strength,Vegan/Vitamin D3 Capsules/90 Count|180 Count/12",
            "Chocolate,Whey/Protein Powder/1 kg|2 kg/34",
            "Omega-3,Fish Oil/Softgels/60 Count|120 Count/15",
            "Digital,Infrared/Thermometer/with Case/25",
            "Sugar-Free,Lemon/Electrolyte Tablets/Tube of 20|3 Tubes/8",
            "Daily,Multi-Strain/Probiotic Capsules/30 Count|60 Count/22",
            "Sugar-Free,Night/Magnesium Gummies/60 Count|90 Count/16",
            "Unflavoured,Marine/Collagen Powder/300 g|500 g/29",
        ],
        tags: "wellness|everyday|supplement|bestseller|self-care",
        benefits:
            "to support your daily routine|for everyday wellbeing|made in certified facilities",
    },
    CategoryWords {
        name: "Pet Supplies",
        catalog_weight: 5.0,
        brands: "Pawsley|Whiskerwood|Barkhaven|Tailwind Pets",
        adjectives: "Premium|Everyday|Deluxe|Classic",
        nouns: &[
            "Adult,Salmon/Dry Dog Food/2 kg|7 kg|12 kg/39",
            "Indoor,Chicken/Cat Food/2 kg|Pack of 12/24",
            "Plush,Calming/Pet Bed/Small|Medium|Large/45",
            "Reflective,Nylon/Leash/1.5 m|2 m/15",
            "Clumping,Unscented/Cat Litter/10 L|20 L/14",
            "Squeaky,Rope/Dog Toy/Small|Large/9",
            "Sisal,Multi-Level/Scratching Post/Grey|Beige/39",
            "Mint,Dental/Dog Chews/Pack of 28|Pack of 56/15",
        ],
        tags: "pets|everyday|bestseller|gift|bulk",
        benefits: "loved by pets and owners|vet recommended|for happy and healthy pets",
    },
    CategoryWords {
        name: "Garden",
        catalog_weight: 5.0,
        brands: "Greenhollow|Fernwick|Mossgate|Sunroot",
        adjectives: "Premium|Heavy-Duty|Classic|Eco|Deluxe",
        nouns: &[
            "Solar,LED/Path Lights/Set of 6|Set of 12/29",
            "Expandable,Kink-Free/Garden Hose/15 m|30 m/39",
            "Raised,Cedar/Planter Box/Large|Medium/79",
            "Stainless,Hand/Pruning Shears/Green|Orange/19",
            "Heirloom,Tomato/Seed Kit/12 Varieties/15",
            "Folding,Teak/Bistro Chair/Set of 2/129",
            "Slow-Release,Organic/Fertiliser/1 kg|5 kg/14",
            "Hanging,Ceramic/Bird Feeder/Blue|Terracotta/25",
        ],
        tags: "garden|outdoor|eco|patio|bestseller",
        benefits: "for a greener backyard|that survives every season|for weekend gardeners",
    },
    CategoryWords {
        name: "Baby",
        catalog_weight: 4.0,
        brands: "Little Lumen|Nestling|Cubby & Co|Dewdrop Baby",
        adjectives: "Essential|Premium|Gentle|Everyday|Deluxe",
        nouns: &[
            "Ultra-Dry,Overnight/Diapers/Size 1|Size 3|Size 4/29",
            "Sensitive,Unscented/Baby Wipes/Pack of 12|Pack of 4/15",
            "Organic,Muslin/Swaddle Blanket/Set of 3|Grey/29",
            "Anti-Colic,Glass/Baby Bottles/Set of 3|240 ml/22",
            "Lightweight,Foldable/Stroller/Black|Grey/199",
            "Silicone,Teething/Ring/Set of 2|Mint/9",
            "Convertible,Rear-Facing/Car Seat/Black|Grey/179",
            "Musical,Plush/Crib Mobile/Stars|Animals/39",
        ],
        tags: "baby|newborn|nursery|gift|bestseller",
        benefits: "gentle on delicate skin|for peaceful nights|trusted by new parents",
    },
];

/// Words that bargain hunters put in front of their searches.
pub const BARGAIN_QUERY_WORDS: &[&str] =
    &["cheap", "discount", "sale", "budget", "deal", "clearance"];

/// Words that other users sometimes put in their searches.
pub const GENERIC_QUERY_WORDS: &[&str] = &["best", "new", "top rated", "gift", "premium"];
