//! Migration 0010 on SQLite and Postgres: points kept on cards before it move
//! to their member's account, nothing lost, each by a pair of transactions,
//! and the integrity check is clean afterwards.

mod common;

use common::request_id;
use db::Db;
use sqlx::migrate::Migrator;

/// The migrations before 0010, copied to a directory of their own.
async fn migrations_before_points(dialect: &str) -> Migrator {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(dialect);
    let to = std::env::temp_dir().join(format!(
        "membership-migrations-{dialect}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.as_str() < "0010" {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
    Migrator::new(to.as_path()).await.unwrap()
}

/// A database at migration 0009 with a member whose card holds 50 points (and
/// an anonymous card with none), then migrated to the end.
async fn card_points_move_to_the_member(db: Db) {
    let caller = common::company(&db).await;
    // The member as the schema of 0009 holds one (today's code writes the
    // join day of migration 0015).
    let member: i64 = db::on_pool!(&db, pool => {
        sqlx::query_scalar(
            "INSERT INTO members (member_no, name, phone, home_store_id, created_at_ms, updated_at_ms)
             VALUES ('000001', '陈静', '13600000001', $1, 0, 0) RETURNING id",
        )
        .bind(caller.store_id)
        .fetch_one(pool)
        .await
    })
    .unwrap();
    let plan = common::plan(&db, common::stored_value_plan()).await;
    // Cards as the schema of 0009 holds them (today's code reads points
    // tables that do not exist yet, so they are written directly).
    let mut cards = Vec::new();
    for (no, owner) in [("M0001", Some(member)), ("M0002", None)] {
        let id: i64 = db::on_pool!(&db, pool => {
            sqlx::query_scalar(
                "INSERT INTO cards (card_no, member_id, plan_id, kind, status, issued_store_id, issued_at_ms)
                 VALUES ($1, $2, $3, 'stored_value', 'active', $4, 0) RETURNING id",
            )
            .bind(no).bind(owner).bind(plan).bind(caller.store_id)
            .fetch_one(pool)
            .await
        })
        .unwrap();
        cards.push(id);
    }
    let card_id = cards[0];
    // Points as an older version kept them: on the card, with their entry.
    let rid = request_id();
    let sql = [
        format!(
            "INSERT INTO ledger_transactions (request_id, kind, card_id, store_id, staff_id, at_ms, day,
                 principal_after_fen, bonus_after_fen, visits_after)
             VALUES ('{rid}', 'adjust', {card}, {store}, {staff}, 0, 0, 0, 0, 0)",
            card = card_id,
            store = caller.store_id,
            staff = caller.staff_id
        ),
        format!(
            "INSERT INTO ledger_entries (transaction_id, card_id, bucket, delta)
             SELECT id, card_id, 'points', 50 FROM ledger_transactions WHERE request_id = '{rid}'"
        ),
        format!("UPDATE cards SET points = 50 WHERE id = {card_id}"),
    ];
    for s in &sql {
        db::rows_affected!(&db, pool => sqlx::query(s).execute(pool).await).unwrap();
    }
    db.migrate().await.unwrap();

    let account = db::points::account(&db, member).await.unwrap().unwrap();
    assert_eq!((account.points, account.earned), (50, 50));
    assert_eq!(account.lines.len(), 1);
    assert_eq!(
        account.lines[0].kind,
        domain::points::PointsKind::MovedFromCard
    );
    let card_points: i64 = db::on_pool!(&db, pool => {
        sqlx::query_scalar("SELECT points FROM cards WHERE id = $1").bind(card_id).fetch_one(pool).await
    })
    .unwrap();
    assert_eq!(card_points, 0);
    common::assert_integrity(&db).await;
}

#[tokio::test]
async fn sqlite_card_points_move_to_the_member() {
    let url = db::testing::sqlite_url();
    let options = url
        .parse::<sqlx::sqlite::SqliteConnectOptions>()
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    migrations_before_points("sqlite")
        .await
        .run(&pool)
        .await
        .unwrap();
    card_points_move_to_the_member(Db::Sqlite(db::Sqlite::single(pool))).await;
}

#[tokio::test]
async fn postgres_card_points_move_to_the_member() {
    let url = db::testing::postgres_url().await;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect(&url)
        .await
        .unwrap();
    migrations_before_points("postgres")
        .await
        .run(&pool)
        .await
        .unwrap();
    card_points_move_to_the_member(Db::Postgres(pool)).await;
}
