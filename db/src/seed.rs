//! Demo and benchmark data (`server seed`): a chain of stores, members, stored-value
//! cards and years of card payments, written by the database itself in large
//! `INSERT ... SELECT` statements so that a million members take minutes.
//!
//! The shapes: every member has a phone and a birthday and belongs to a store; cards
//! are spread over the members (two each at the default ratio), each issued with a
//! payment and then spent from in steps; every transaction has its ledger entry, and
//! every card's balance equals its entries, so `server check` passes on the result.

use crate::{Db, DbError, now_ms, on_pool, rows_affected};
use domain::access::{Role, Scope};
use domain::company::SetupForm;
use domain::staff::NewStaff;
use domain::store::StoreInput;

/// How much to make.
#[derive(Clone, Copy, Debug)]
pub struct SeedSize {
    pub members: i64,
    pub cards: i64,
    /// All ledger transactions, the cards' issues included (at least one per card).
    pub transactions: i64,
    pub stores: i64,
    /// Catalogue items (the till's search is measured against them).
    pub items: i64,
}

/// Who can sign in to seeded data (it is demo data: the passwords are printed).
pub const BOSS: (&str, &str) = ("boss", "happy-island-88");
pub const CASHIER_PASSWORD: &str = "counter-2026";
/// The cashier of store n (1-based) signs in as `till{n}`.
pub fn cashier_username(n: i64) -> String {
    format!("till{n}")
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed fills a new, empty database; this one is already set up")]
    NotEmpty,
    #[error("{0}")]
    Size(String),
    #[error("setting up the company, stores and staff: {0}")]
    Setup(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for SeedError {
    fn from(e: sqlx::Error) -> Self {
        SeedError::Db(e.into())
    }
}

const CHUNK_ROWS: i64 = 200_000;
const DAY_MS: i64 = 86_400_000;
/// The seeded company is in Asia/Shanghai (UTC+8, no summer time): a local day
/// starts 8 hours before UTC's.
const LOCAL_MS: i64 = 8 * 3_600_000;

impl SeedSize {
    fn check(&self) -> Result<(), SeedError> {
        let fits = |n: i64, max: i64| (1..=max).contains(&n);
        if !fits(self.stores, 500) || !fits(self.members, 50_000_000) {
            return Err(SeedError::Size(
                "stores must be 1..=500 and members 1..=50,000,000".into(),
            ));
        }
        if !(0..=10_000_000).contains(&self.items) {
            return Err(SeedError::Size("items must be 0..=10,000,000".into()));
        }
        if !fits(self.cards, 100_000_000) || self.transactions < self.cards {
            return Err(SeedError::Size(
                "cards must be 1..=100,000,000 and transactions at least one per card".into(),
            ));
        }
        Ok(())
    }
}

/// Fills an empty database; `progress` hears what is being written.
pub async fn seed(db: &Db, size: SeedSize, progress: impl Fn(&str)) -> Result<(), SeedError> {
    size.check()?;
    if crate::company::is_set_up(db).await? {
        return Err(SeedError::NotEmpty);
    }
    let (first_store, first_cashier) = people(db, size.stores).await?;
    let now = now_ms();
    let plan_id: i64 = on_pool!(db, pool => {
        sqlx::query_scalar(
            "INSERT INTO plans (name, kind, price_fen, bonus_fen, visits, created_at_ms)
             VALUES ('储值卡', 'stored_value', 100000, 0, 0, $1) RETURNING id",
        )
        .bind(now)
        .fetch_one(pool)
        .await
    })?;
    let shape = Shape {
        size,
        now,
        first_store,
        first_cashier,
        plan_id,
    };
    in_chunks(db, size.members, "members", &progress, |lo, hi| {
        shape.members_sql(lo, hi)
    })
    .await?;
    in_chunks(db, size.cards, "cards", &progress, |lo, hi| {
        shape.cards_sql(lo, hi)
    })
    .await?;
    in_chunks(db, size.cards, "issues", &progress, |lo, hi| {
        shape.issues_sql(lo, hi)
    })
    .await?;
    in_chunks(
        db,
        size.transactions - size.cards,
        "payments",
        &progress,
        |lo, hi| shape.spends_sql(lo, hi),
    )
    .await?;
    in_chunks(db, size.transactions, "entries", &progress, |lo, hi| {
        format!(
            "INSERT INTO ledger_entries (transaction_id, card_id, bucket, delta)
             SELECT id, card_id, 'principal', CASE WHEN kind = 'issue' THEN amount_fen ELSE -amount_fen END
             FROM ledger_transactions WHERE id BETWEEN {lo} AND {hi}"
        )
    })
    .await?;
    in_chunks(db, size.items, "items", &progress, |lo, hi| {
        shape.items_sql(lo, hi)
    })
    .await?;
    finish(db, &shape).await?;
    progress("analyzed");
    Ok(())
}

/// The company, S stores and one cashier each; returns the first store's and the
/// first cashier's ids (the rest follow in order: the database is new).
async fn people(db: &Db, stores: i64) -> Result<(i64, i64), SeedError> {
    let form = SetupForm {
        company_name: "欢乐岛儿童乐园".into(),
        currency_symbol: "¥".into(),
        time_zone: "Asia/Shanghai".into(),
        head_office_name: "总店".into(),
        admin_username: BOSS.0.into(),
        admin_name: "王老板".into(),
        admin_password: BOSS.1.into(),
        admin_password_again: BOSS.1.into(),
    };
    let setup = form
        .parse()
        .map_err(|e| SeedError::Setup(format!("{e:?}")))?;
    crate::company::set_up(db, &setup, "seed")
        .await
        .map_err(|e| SeedError::Setup(e.to_string()))?;
    let head: i64 = on_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM stores WHERE is_head_office").fetch_one(pool).await
    })?;
    let mut store_ids = vec![head];
    for n in 2..=stores {
        let store = StoreInput {
            code: format!("B{n:03}"),
            name: format!("分店{n}"),
            address: String::new(),
            phone: String::new(),
            owner: String::new(),
        };
        let id = crate::stores::create(db, &store)
            .await
            .map_err(|e| SeedError::Setup(e.to_string()))?;
        store_ids.push(id);
    }
    let mut cashier_ids = Vec::new();
    for (n, store_id) in store_ids.iter().enumerate() {
        let staff = NewStaff {
            username: cashier_username(n as i64 + 1),
            name: format!("收银员{}", n + 1),
            role: Role::Cashier,
            home_store_id: *store_id,
            password: CASHIER_PASSWORD.into(),
        };
        let id = crate::staff::create(db, Scope::AllStores, &staff)
            .await
            .map_err(|e| SeedError::Setup(e.to_string()))?;
        cashier_ids.push(id);
    }
    let consecutive = |ids: &[i64]| ids.windows(2).all(|w| w[1] == w[0] + 1);
    if !consecutive(&store_ids) || !consecutive(&cashier_ids) {
        return Err(SeedError::Setup(
            "store or staff ids are not consecutive".into(),
        ));
    }
    Ok((store_ids[0], cashier_ids[0]))
}

/// Runs `sql(lo, hi)` for 1..=total in chunks, each its own transaction.
async fn in_chunks(
    db: &Db,
    total: i64,
    what: &str,
    progress: &impl Fn(&str),
    sql: impl Fn(i64, i64) -> String,
) -> Result<(), SeedError> {
    let mut lo = 1;
    while lo <= total {
        let hi = (lo + CHUNK_ROWS - 1).min(total);
        let text = sql(lo, hi);
        rows_affected!(db, pool => sqlx::query(&text).execute(pool).await)?;
        progress(&format!("{what}: {hi} of {total}"));
        lo = hi + 1;
    }
    Ok(())
}

struct Shape {
    size: SeedSize,
    now: i64,
    first_store: i64,
    first_cashier: i64,
    plan_id: i64,
}

/// The demo members' names: a surname, a given name and a third character.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华";
const THIRD: &str = "子一然轩涵怡宇萱浩欣";

/// Each character's pinyin initial, in the same order (one letter each).
fn initials(chars: &str) -> String {
    chars
        .chars()
        .map(|c| domain::catalogue::short_code_of(&c.to_string()))
        .collect()
}

/// Numbers 1..=n as rows of `n(i)`, for lo..=hi.
fn numbers(lo: i64, hi: i64) -> String {
    format!(
        "WITH RECURSIVE n(i) AS (SELECT CAST({lo} AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {hi})"
    )
}

impl Shape {
    /// Card j's payments after its issue.
    fn spends_of(&self, j: &str) -> String {
        let (rest, cards) = (self.size.transactions - self.size.cards, self.size.cards);
        format!("({rest} / {cards} + CASE WHEN {j} <= {rest} % {cards} THEN 1 ELSE 0 END)")
    }

    /// Each payment from card j, in fen: 1 to 50 yuan.
    fn step_of(j: &str) -> String {
        format!("(100 * (({j} * 7) % 50 + 1))")
    }

    /// What card j was issued with: enough for all its payments and 1,000 to 1,990 yuan left.
    fn issued_fen(&self, j: &str) -> String {
        format!(
            "({} * {} + 100000 + 1000 * ({j} % 100))",
            self.spends_of(j),
            Self::step_of(j)
        )
    }

    /// When card j was issued: spread over the last two years.
    fn issued_at(&self, j: &str) -> String {
        let span = 730 * DAY_MS;
        format!(
            "({} - {span} + ({j} * {}) / {})",
            self.now,
            span - DAY_MS,
            self.size.cards
        )
    }

    fn store_of(&self, j: &str) -> String {
        format!("({} + ({j} % {}))", self.first_store, self.size.stores)
    }

    fn members_sql(&self, lo: i64, hi: i64) -> String {
        let span = 730 * DAY_MS;
        format!(
            "{} INSERT INTO members (id, member_no, name, phone, birthday_day, home_store_id, created_at_ms, updated_at_ms,
                 joined_day, name_initials)
             SELECT i, CAST(1000000 + i AS TEXT),
                 substr(CAST('{s}' AS TEXT), CAST(i % 20 + 1 AS INTEGER), 1)
                   || substr(CAST('{g}' AS TEXT), CAST((i / 20) % 24 + 1 AS INTEGER), 1)
                   || substr(CAST('{t}' AS TEXT), CAST((i / 480) % 10 + 1 AS INTEGER), 1),
                 '139' || CAST(10000000 + i AS TEXT),
                 7000 + (i * 37) % 12000,
                 {},
                 {} - {span} + (i * {span}) / {m}, {} - {span} + (i * {span}) / {m},
                 ({} - {span} + (i * {span}) / {m} + {LOCAL_MS}) / {DAY_MS},
                 substr(CAST('{si}' AS TEXT), CAST(i % 20 + 1 AS INTEGER), 1)
                   || substr(CAST('{gi}' AS TEXT), CAST((i / 20) % 24 + 1 AS INTEGER), 1)
                   || substr(CAST('{ti}' AS TEXT), CAST((i / 480) % 10 + 1 AS INTEGER), 1)
             FROM n",
            numbers(lo, hi),
            self.store_of("i"),
            self.now,
            self.now,
            self.now,
            m = self.size.members,
            s = SURNAMES,
            g = GIVEN,
            t = THIRD,
            si = initials(SURNAMES),
            gi = initials(GIVEN),
            ti = initials(THIRD),
        )
    }

    fn cards_sql(&self, lo: i64, hi: i64) -> String {
        let spent = format!("{} * {}", self.spends_of("i"), Self::step_of("i"));
        format!(
            "{} INSERT INTO cards (id, card_no, uid, member_id, plan_id, kind, status, principal_fen,
                 price_paid_fen, issued_store_id, issued_at_ms)
             SELECT i, 'S' || CAST(10000000 + i AS TEXT), CAST(3000000000 + i AS TEXT),
                 ((i - 1) % {}) + 1, {}, 'stored_value', 'active', {issued} - {spent}, {issued}, {}, {}
             FROM n",
            numbers(lo, hi),
            self.size.members,
            self.plan_id,
            self.store_of("i"),
            self.issued_at("i"),
            issued = self.issued_fen("i"),
        )
    }

    fn issues_sql(&self, lo: i64, hi: i64) -> String {
        let at = self.issued_at("i");
        format!(
            "{} INSERT INTO ledger_transactions (request_id, kind, card_id, store_id, staff_id, at_ms, day,
                 payment_method, money_in_fen, amount_fen, principal_after_fen, bonus_after_fen, visits_after)
             SELECT 'seed-issue-' || CAST(i AS TEXT), 'issue', i, {store}, {store} - {} + {}, {at}, ({at} + {LOCAL_MS}) / {DAY_MS},
                 'cash', {issued}, {issued}, {issued}, 0, 0
             FROM n",
            numbers(lo, hi),
            self.first_store,
            self.first_cashier,
            store = self.store_of("i"),
            issued = self.issued_fen("i"),
        )
    }

    /// Items named after what shops sell, numbered; the short code is the
    /// word's pinyin initials and the number, the barcode 69… and the number.
    fn items_sql(&self, lo: i64, hi: i64) -> String {
        let words = [
            ("可乐", "KL"),
            ("雪碧", "XB"),
            ("矿泉水", "KQS"),
            ("薯片", "SP"),
            ("饼干", "BG"),
            ("积木", "JM"),
            ("洗剪吹", "XJC"),
            ("染发", "RF"),
            ("游乐", "YL"),
            ("毛巾", "MJ"),
        ];
        let case = |pick: fn(&(&'static str, &'static str)) -> &'static str| {
            let arms: String = words
                .iter()
                .enumerate()
                .map(|(n, w)| format!(" WHEN {n} THEN '{}'", pick(w)))
                .collect();
            format!("CASE i % 10{arms} END")
        };
        format!(
            "{} INSERT INTO items (id, code, barcode, short_code, name, unit, price_fen, cost_fen, active, created_at_ms)
             SELECT i, 'IT' || CAST(i AS TEXT), CAST(6900000000000 + i AS TEXT), {} || CAST(i AS TEXT),
                 {} || ' ' || CAST(i AS TEXT), '个', 100 + (i * 37) % 9900, 50 + (i * 17) % 5000, TRUE, {}
             FROM n",
            numbers(lo, hi),
            case(|w| w.1),
            case(|w| w.0),
            self.now,
        )
    }

    /// Payment t falls on card j = ((t - 1) % cards) + 1 as its k-th, k = (t - 1) / cards + 1.
    fn spends_sql(&self, lo: i64, hi: i64) -> String {
        let cards = self.size.cards;
        let j = format!("(((i - 1) % {cards}) + 1)");
        let k = format!("((i - 1) / {cards} + 1)");
        let issued_at = self.issued_at(&j);
        let at = format!(
            "({issued_at} + {k} * (({} - {issued_at}) / ({} + 1)))",
            self.now,
            self.spends_of(&j)
        );
        // A card is mostly used at the store that issued it; one payment in five
        // at the next store along (cross-store use, which clearing settles).
        let store = format!(
            "({} + (({j} + CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END) % {}))",
            self.first_store, self.size.stores
        );
        format!(
            "{} INSERT INTO ledger_transactions (request_id, kind, card_id, store_id, staff_id, at_ms, day,
                 amount_fen, principal_after_fen, bonus_after_fen, visits_after)
             SELECT 'seed-pay-' || CAST(i AS TEXT), 'spend', {j}, {store}, {store} - {} + {}, {at}, ({at} + {LOCAL_MS}) / {DAY_MS},
                 {step}, {issued} - {k} * {step}, 0, 0
             FROM n",
            numbers(lo, hi),
            self.first_store,
            self.first_cashier,
            step = Self::step_of(&j),
            issued = self.issued_fen(&j),
        )
    }
}

/// Member numbers continue after the seeded ones; Postgres' id sequences move past
/// the explicit ids; the planner gets fresh statistics.
async fn finish(db: &Db, shape: &Shape) -> Result<(), SeedError> {
    let next = 1_000_000 + shape.size.members + 1;
    rows_affected!(db, pool => {
        sqlx::query("UPDATE settings SET next_member_no = $1 WHERE id = 1").bind(next).execute(pool).await
    })?;
    match db {
        Db::Postgres(pool) => {
            for table in ["members", "cards", "items"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                ))
                .execute(pool)
                .await?;
            }
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Db::Sqlite(sqlite) => {
            sqlx::query("ANALYZE").execute(&sqlite.write).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_name_character_has_one_initial() {
        for chars in [super::SURNAMES, super::GIVEN, super::THIRD] {
            assert_eq!(
                super::initials(chars).len(),
                chars.chars().count(),
                "{chars}"
            );
        }
    }
}
