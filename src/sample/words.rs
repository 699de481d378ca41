//! Word banks for the synthetic catalogue: categories, invented brands, product
//! nouns with their qualifiers, variants, tags and description fragments.
//!
//! All brand names are invented. Short word lists are `|`-separated strings
//! (see [`choose`]). Product nouns are written as
//! `"Qualifier A,Qualifier B/Noun/Variant 1|Variant 2"`; titles combine a
//! brand, optionally a generic adjective, one or two qualifiers of the noun,
//! the noun and optionally one of its variants.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Static description of one product category.
#[derive(Debug)]
pub struct CategoryWords {
    pub name: &'static str,
    /// Relative share of the catalogue.
    pub catalog_weight: f64,
    /// Median list price (the log-normal location is `ln(median)`).
    pub price_median: f64,
    /// Log-normal shape of the list price.
    pub price_sigma: f64,
    /// `|`-separated invented brand names.
    pub brands: &'static str,
    /// `|`-separated adjectives that fit every noun of the category.
    pub adjectives: &'static str,
    /// `"Qual1,Qual2/Noun/Variant1|Variant2"` entries (sizes, colours, packs).
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
        price_median: 89.0,
        price_sigma: 0.75,
        brands: "Aurora|Voltic|Nexora|Kestrel Audio|Lumetra|Pixelon",
        adjectives: "Smart|Portable|Compact|Pro|Ultra-Slim|Premium",
        nouns: &[
            "Wireless,Noise-Cancelling,Over-Ear/Headphones/Black|White|Midnight Blue",
            "Sport,True Wireless/Earbuds/Black|White|2nd Gen",
            "Waterproof,Bluetooth/Speaker/Black|Teal|Mini",
            "Fast,USB-C/Charger/65W|30W|2-Port",
            "Backlit,Mechanical/Keyboard/UK Layout|US Layout|Compact",
            "Ergonomic,Wireless/Mouse/Black|Graphite",
            "Curved,4K/Monitor/27 inch|32 inch|24 inch",
            "GPS,Fitness/Smartwatch/42 mm|46 mm|Black",
            "Wide-Angle,1080p/Webcam/with Mic|Black",
            "Slim,10000mAh/Power Bank/Black|White",
            "Wi-Fi 6,Mesh/Router/2-Pack|3-Pack",
            "HD,Action/Camera/Bundle|Black",
            "Backlit,E-Ink/E-Reader/16GB|32GB",
            "Adjustable,Aluminium/Laptop Stand/Silver|Space Grey",
        ],
        tags: "tech|gadget|gift|bestseller|new|work-from-home",
        benefits: "built for everyday use|with a two-year warranty|ready for work and play",
    },
    CategoryWords {
        name: "Fashion",
        catalog_weight: 14.0,
        price_median: 34.0,
        price_sigma: 0.6,
        brands: "Maison Lira|Northvale|Kinfolk & Co|Urbanite|Solenne|Ravel Street",
        adjectives: "Classic|Everyday|Vintage|Essential|Signature|Modern",
        nouns: &[
            "Cotton,Crew-Neck/T-Shirt/Navy|White|Black",
            "High-Rise,Stretch/Jeans/Indigo|Black|Light Wash",
            "Cable-Knit,Wool/Sweater/Cream|Navy|Forest Green",
            "Lightweight,Quilted/Jacket/Olive|Black|Navy",
            "Leather,Chelsea/Boots/Brown|Black",
            "Low-Top,Canvas/Sneakers/White|Navy",
            "Button-Down,Linen/Shirt/White|Sky Blue",
            "Floral,Midi/Dress/Blue|Rose",
            "Crossbody,Leather/Bag/Tan|Black",
            "Knit,Cashmere/Scarf/Camel|Grey",
            "Round,Polarized/Sunglasses/Tortoiseshell|Black",
            "Ankle,Merino/Socks/3-Pack|6-Pack",
        ],
        tags: "style|casual|everyday|gift|bestseller|trend",
        benefits: "cut for a comfortable fit|that goes with everything|made to last",
    },
    CategoryWords {
        name: "Home & Kitchen",
        catalog_weight: 12.0,
        price_median: 42.0,
        price_sigma: 0.7,
        brands: "Hearthly|Casa Nuvo|Oakmere|Brightnest|Copperleaf",
        adjectives: "Modern|Classic|Premium|Compact|Deluxe|Essential",
        nouns: &[
            "Enamelled,Cast Iron/Dutch Oven/5.5 Qt|3.5 Qt",
            "Personal,High-Speed/Blender/600 W|1000 W",
            "Digital,Dual-Basket/Air Fryer/5 Litre|8 Litre",
            "Glass,Pour-Over/Coffee Maker/8 Cup|4 Cup",
            "Reversible,Bamboo/Cutting Board/Large|Set of 3",
            "Orthopedic,Memory Foam/Pillow/Standard|King",
            "Percale,Egyptian Cotton/Bed Sheets/Queen|King|Double",
            "Scented,Soy Wax/Candle/Vanilla|Cedarwood|Lavender",
            "Stackable,Ceramic/Dinner Plates/Set of 4|Set of 6",
            "Cordless,Stick/Vacuum/Grey|Red",
            "Airtight,Glass/Food Containers/Set of 10|Set of 5",
            "Damascus,Chef's/Knife/8 inch|6 inch",
        ],
        tags: "home|cozy|everyday|gift|bestseller|modern",
        benefits: "for a calmer home|designed for small spaces|built for everyday use",
    },
    CategoryWords {
        name: "Beauty",
        catalog_weight: 9.0,
        price_median: 18.0,
        price_sigma: 0.6,
        brands: "Lumiere Botanics|Petal & Pine|Glowra|Saltmarsh|Velvea",
        adjectives: "Everyday|Luxe|Clean|Gentle|Radiant",
        nouns: &[
            "Daily,Vitamin C/Serum/30 ml|50 ml",
            "Overnight,Hyaluronic/Moisturizer/50 ml|100 ml",
            "Foaming,Clarifying/Cleanser/150 ml|200 ml",
            "Long-Wear,Matte/Lipstick/Ruby|Nude|Berry",
            "Mineral,SPF 50/Sunscreen/50 ml|100 ml",
            "Repair,Argan Oil/Shampoo/250 ml|500 ml",
            "Detox,Clay/Face Mask/75 ml|Travel Size",
            "Waterproof,Volumizing/Mascara/Black|Brown",
            "Whipped,Shea/Body Butter/200 ml|Travel Size",
            "Rose,Eau de/Parfum/30 ml|50 ml|100 ml",
        ],
        tags: "beauty|vegan|cruelty-free|self-care|gift|bestseller",
        benefits: "for your daily routine|suitable for sensitive skin|with natural ingredients",
    },
    CategoryWords {
        name: "Sports & Outdoors",
        catalog_weight: 8.0,
        price_median: 45.0,
        price_sigma: 0.75,
        brands: "Trailpeak|Summitry|Fjordline|Ironbark Athletics|Wavecrest",
        adjectives: "Lightweight|Durable|Pro|Performance|Essential",
        nouns: &[
            "Extra-Thick,Non-Slip/Yoga Mat/Purple|Black|Sage",
            "Cushioned,Trail/Running Shoes/Size 42|Size 10|Size 8",
            "Adjustable,Hex/Dumbbells/Pair|5 kg|10 kg",
            "Insulated,Stainless/Water Bottle/750 ml|1 Litre",
            "Waterproof,2-Person/Tent/Green|Sand",
            "Down,Mummy/Sleeping Bag/Regular|Long",
            "20L,Hiking/Backpack/Black|Forest Green",
            "Heavy,Latex/Resistance Bands/Set of 3|Set of 5",
            "Telescopic,Carbon/Trekking Poles/Pair",
            "Padded,Cycling/Shorts/Size M|Size L",
        ],
        tags: "fitness|outdoor|active|gift|bestseller|training",
        benefits: "built for the outdoors|for your next workout|tested in tough conditions",
    },
    CategoryWords {
        name: "Grocery",
        catalog_weight: 12.0,
        price_median: 5.5,
        price_sigma: 0.55,
        brands: "Verde|Golden Acre|Harvest Lane|Maple & Rye|Sunfield Farms|Blue Hen",
        adjectives: "Organic|Fair-Trade|Gluten-Free|Natural|Family Pack",
        nouns: &[
            "Jasmine,Green/Tea/100 Bags|50 Bags",
            "Dark Roast,Whole Bean/Coffee/1 kg|500 g",
            "Cold-Pressed,Extra Virgin/Olive Oil/500 ml|1 Litre",
            "Crunchy,Almond/Granola/500 g|1 kg",
            "Raw,Wildflower/Honey/340 g|500 g",
            "70% Cocoa,Dark/Chocolate/100 g|Pack of 4",
            "Long-Grain,Basmati/Rice/1 kg|5 kg",
            "Natural,Lemon/Sparkling Water/Pack of 6|Pack of 12",
            "Bronze-Cut,Whole Wheat/Penne Pasta/500 g|Pack of 4",
            "Roasted,Salted/Almonds/200 g|1 kg",
            "Unsweetened,Barista/Oat Milk/1 Litre|Pack of 6",
            "Natural,Smooth/Peanut Butter/340 g|1 kg",
        ],
        tags: "pantry|organic|everyday|healthy|bulk|bestseller",
        benefits: "for your everyday pantry|sourced from small farms|with no artificial additives",
    },
    CategoryWords {
        name: "Toys & Games",
        catalog_weight: 7.0,
        price_median: 24.0,
        price_sigma: 0.65,
        brands: "Wobblewood|Pip & Puzzle|Starlark|Tinker Tide|Brickbay",
        adjectives: "Classic|Creative|Deluxe|Mini|Jumbo",
        nouns: &[
            "Magnetic,Wooden/Building Blocks/100 Pieces|50 Pieces",
            "1000-Piece,Landscape/Puzzle/Mountains|Coastline",
            "Cooperative,Strategy/Board Game/Ages 10+|Ages 8+",
            "Off-Road,Remote-Control/Car/Red|Blue",
            "Cuddly,Plush/Teddy Bear/Large|Small",
            "STEM,Coding/Robot Kit/Ages 8+|Ages 10+",
            "Family,Card/Game/Travel Edition|Ages 7+",
            "Watercolour,Art/Set/24 Colours|36 Colours",
            "Glow-in-the-Dark,Wooden/Marble Run/80 Pieces|120 Pieces",
        ],
        tags: "kids|family|gift|learning|creative|bestseller",
        benefits: "for hours of family fun|that sparks curiosity|perfect as a gift",
    },
    CategoryWords {
        name: "Books",
        catalog_weight: 8.0,
        price_median: 14.0,
        price_sigma: 0.45,
        brands: "Inkwell Press|Larkspur Books|Meridian House|Paper Lantern",
        adjectives: "Illustrated|Bestselling|Paperback|Hardcover|Annotated",
        nouns: &[
            "Nordic,Psychological/Thriller/Paperback|Hardcover",
            "Weeknight,Plant-Based/Cookbook/Hardcover|Paperback",
            "Epic,Fantasy/Novel/Volume 1|Volume 2|Box Set",
            "Hard Sci-Fi,Space/Saga/Book 1|Box Set",
            "Practical,Productivity/Guide/Paperback|Audiobook",
            "Beginner's,Watercolour/Handbook/Spiral-Bound|Paperback",
            "Historical,Maritime/Romance/Large Print|Paperback",
            "Bedtime,Picture/Storybook/Board Book|Hardcover",
            "Daily,Mindfulness/Journal/A5|Pocket Size",
        ],
        tags: "reading|bestseller|gift|new-release|book-club",
        benefits: "that readers can't put down|to read on a rainy weekend|praised by critics",
    },
    CategoryWords {
        name: "Health",
        catalog_weight: 6.0,
        price_median: 16.0,
        price_sigma: 0.6,
        brands: "Vitalis|Clearwell|Purenest|Everbloom Health",
        adjectives: "Daily|Advanced|Essential|Premium|Clinical",
        nouns: &[
            "High-Strength,Vegan/Vitamin D3 Capsules/90 Count|180 Count",
            "Chocolate,Whey/Protein Powder/1 kg|2 kg",
            "Omega-3,Fish Oil/Softgels/60 Count|120 Count",
            "Digital,Infrared/Thermometer/with Case",
            "Sugar-Free,Lemon/Electrolyte Tablets/Tube of 20|3 Tubes",
            "Daily,Multi-Strain/Probiotic Capsules/30 Count|60 Count",
            "Sugar-Free,Night/Magnesium Gummies/60 Count|90 Count",
            "Unflavoured,Marine/Collagen Powder/300 g|500 g",
        ],
        tags: "wellness|everyday|supplement|bestseller|self-care",
        benefits:
            "to support your daily routine|for everyday wellbeing|made in certified facilities",
    },
    CategoryWords {
        name: "Pet Supplies",
        catalog_weight: 5.0,
        price_median: 19.0,
        price_sigma: 0.7,
        brands: "Pawsley|Whiskerwood|Barkhaven|Tailwind Pets",
        adjectives: "Premium|Everyday|Deluxe|Classic",
        nouns: &[
            "Adult,Salmon/Dry Dog Food/2 kg|7 kg|12 kg",
            "Indoor,Chicken/Cat Food/2 kg|Pack of 12",
            "Plush,Calming/Pet Bed/Small|Medium|Large",
            "Reflective,Nylon/Leash/1.5 m|2 m",
            "Clumping,Unscented/Cat Litter/10 L|20 L",
            "Squeaky,Rope/Dog Toy/Small|Large",
            "Sisal,Multi-Level/Scratching Post/Grey|Beige",
            "Mint,Dental/Dog Chews/Pack of 28|Pack of 56",
        ],
        tags: "pets|everyday|bestseller|gift|bulk",
        benefits: "loved by pets and owners|vet recommended|for happy and healthy pets",
    },
    CategoryWords {
        name: "Garden",
        catalog_weight: 5.0,
        price_median: 28.0,
        price_sigma: 0.75,
        brands: "Greenhollow|Fernwick|Mossgate|Sunroot",
        adjectives: "Premium|Heavy-Duty|Classic|Eco|Deluxe",
        nouns: &[
            "Solar,LED/Path Lights/Set of 6|Set of 12",
            "Expandable,Kink-Free/Garden Hose/15 m|30 m",
            "Raised,Cedar/Planter Box/Large|Medium",
            "Stainless,Hand/Pruning Shears/Green|Orange",
            "Heirloom,Tomato/Seed Kit/12 Varieties",
            "Folding,Teak/Bistro Chair/Set of 2",
            "Slow-Release,Organic/Fertiliser/1 kg|5 kg",
            "Hanging,Ceramic/Bird Feeder/Blue|Terracotta",
        ],
        tags: "garden|outdoor|eco|patio|bestseller",
        benefits: "for a greener backyard|that survives every season|for weekend gardeners",
    },
    CategoryWords {
        name: "Baby",
        catalog_weight: 4.0,
        price_median: 26.0,
        price_sigma: 0.8,
        brands: "Little Lumen|Nestling|Cubby & Co|Dewdrop Baby",
        adjectives: "Essential|Premium|Gentle|Everyday|Deluxe",
        nouns: &[
            "Ultra-Dry,Overnight/Diapers/Size 1|Size 3|Size 4",
            "Sensitive,Unscented/Baby Wipes/Pack of 12|Pack of 4",
            "Organic,Muslin/Swaddle Blanket/Set of 3|Grey",
            "Anti-Colic,Glass/Baby Bottles/Set of 3|240 ml",
            "Lightweight,Foldable/Stroller/Black|Grey",
            "Silicone,Teething/Ring/Set of 2|Mint",
            "Convertible,Rear-Facing/Car Seat/Black|Grey",
            "Musical,Plush/Crib Mobile/Stars|Animals",
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
