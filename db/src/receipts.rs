//! Reading sales back: a receipt to print or reprint, the store a sale belongs to,
//! and a store's latest sales for the till.

use crate::{Db, DbError, on_reader};
use domain::pay_method::MethodNames;
use domain::sale::{PayBy, Payment, Priced, PricedLine, Receipt, SaleSummary};

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    id: i64,
    request_id: String,
    at_ms: i64,
    time_zone: String,
    company_name: String,
    store_name: String,
    store_address: String,
    store_phone: String,
    cashier_name: String,
    member_no: Option<String>,
    member_name: Option<String>,
    level_name: Option<String>,
    list_fen: i64,
    discount_fen: i64,
    total_fen: i64,
    cash_given_fen: i64,
    change_fen: i64,
    card_no: Option<String>,
    card_balance_after_fen: Option<i64>,
    header: String,
    footer: String,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    item_id: i64,
    code: String,
    name: String,
    unit: String,
    unit_price_fen: i64,
    quantity: i64,
    rate_bp: i64,
    rate_source: String,
    list_fen: i64,
    total_fen: i64,
    card_id: Option<i64>,
    card_no: Option<String>,
    card_kind: Option<String>,
    visits: i64,
    visits_left_after: Option<i64>,
    promotion_id: Option<i64>,
    promotion_name: Option<String>,
}

/// A sale's receipt (also for reprints), or None if there is no such sale.
pub async fn receipt(db: &Db, sale_id: i64) -> Result<Option<Receipt>, DbError> {
    let row: Option<ReceiptRow> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT s.id, s.request_id, s.at_ms, (SELECT name FROM company WHERE id = 1) AS company_name,
                 (SELECT time_zone FROM company WHERE id = 1) AS time_zone,
                 st.name AS store_name, st.address AS store_address, st.phone AS store_phone,
                 sf.name AS cashier_name, m.member_no, m.name AS member_name, l.name AS level_name,
                 s.list_fen, s.discount_fen, s.total_fen, s.cash_given_fen, s.change_fen, c.card_no,
                 t.principal_after_fen + t.bonus_after_fen AS card_balance_after_fen,
                 se.receipt_header AS header, se.receipt_footer AS footer
             FROM sales s JOIN stores st ON st.id = s.store_id JOIN staff sf ON sf.id = s.staff_id
             LEFT JOIN members m ON m.id = s.member_id LEFT JOIN levels l ON l.id = s.level_id
             LEFT JOIN cards c ON c.id = s.card_id LEFT JOIN ledger_transactions t ON t.id = s.card_tx_id
             JOIN settings se ON se.id = 1
             WHERE s.id = $1",
        )
        .bind(sale_id)
        .fetch_optional(pool)
        .await
    })?;
    let Some(r) = row else { return Ok(None) };
    let lines: Vec<LineRow> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT l.item_id, l.code, l.name, l.unit, l.unit_price_fen, l.quantity, l.rate_bp, l.rate_source,
                 l.list_fen, l.total_fen, l.card_id, c.card_no, c.kind AS card_kind, l.visits, l.visits_left_after,
                 l.promotion_id, p.name AS promotion_name
             FROM sale_lines l LEFT JOIN cards c ON c.id = l.card_id LEFT JOIN promotions p ON p.id = l.promotion_id
             WHERE l.sale_id = $1 ORDER BY l.line_no",
        )
        .bind(sale_id)
        .fetch_all(pool)
        .await
    })?;
    // In the till's order: the built-in methods, then the shop's own.
    let payments: Vec<(String, i64, String, String, String)> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT p.method, p.amount_fen, m.name_zh_cn, m.name_zh_tw, m.name_en
             FROM sale_payments p JOIN payment_methods m ON m.code = p.method
             WHERE p.sale_id = $1 ORDER BY m.id",
        )
        .bind(sale_id)
        .fetch_all(pool)
        .await
    })?;
    let mut method_names = Vec::new();
    let mut paid = Vec::new();
    for (code, amount_fen, zh_cn, zh_tw, en) in payments {
        let Some(by) = PayBy::from_code(&code) else {
            continue;
        };
        if matches!(by, PayBy::Shop(_)) {
            method_names.push((code, MethodNames { zh_cn, zh_tw, en }));
        }
        paid.push(Payment { by, amount_fen });
    }
    Ok(Some(Receipt {
        sale_id: r.id,
        request_id: r.request_id,
        at_ms: r.at_ms,
        at_local: crate::clock::local_minute(r.at_ms, &r.time_zone),
        company_name: r.company_name,
        store_name: r.store_name,
        store_address: r.store_address,
        store_phone: r.store_phone,
        cashier_name: r.cashier_name,
        member_no: r.member_no,
        member_name: r.member_name,
        level_name: r.level_name,
        priced: Priced {
            lines: lines.into_iter().map(line).collect(),
            list_fen: r.list_fen,
            discount_fen: r.discount_fen,
            total_fen: r.total_fen,
        },
        payments: paid,
        method_names,
        cash_given_fen: r.cash_given_fen,
        change_fen: r.change_fen,
        card_no: r.card_no,
        card_balance_after_fen: r.card_balance_after_fen,
        header: r.header,
        footer: r.footer,
        points: crate::points::on_sale(db, sale_id).await?,
        refunds: crate::sale_refunds::of_sale(db, sale_id, &r.time_zone).await?,
    }))
}

fn line(r: LineRow) -> PricedLine {
    use domain::card::CardKind;
    let cover = match (r.card_id, r.card_no, r.card_kind) {
        (Some(card_id), Some(card_no), Some(kind)) => Some(domain::cover::LineCover {
            card_id,
            card_no,
            kind: CardKind::from_code(&kind).unwrap_or(CardKind::Count),
            visits: r.visits,
            visits_left_after: r.visits_left_after,
        }),
        _ => None,
    };
    PricedLine {
        item_id: r.item_id,
        code: r.code,
        name: r.name,
        unit: r.unit,
        unit_price_fen: r.unit_price_fen,
        quantity: r.quantity,
        rate_bp: r.rate_bp as u32,
        source: domain::level::RateSource::from_code(&r.rate_source),
        list_fen: r.list_fen,
        // A line a card paid is not a discount.
        discount_fen: if cover.is_some() {
            0
        } else {
            r.list_fen - r.total_fen
        },
        total_fen: r.total_fen,
        cover,
        promotion: r
            .promotion_id
            .zip(r.promotion_name)
            .map(|(id, name)| domain::promotion::Named { id, name }),
    }
}

/// The store this sale was made at, for the scope check of a reprint.
pub async fn store_of(db: &Db, sale_id: i64) -> Result<Option<i64>, DbError> {
    Ok(on_reader!(db, pool => {
        sqlx::query_scalar("SELECT store_id FROM sales WHERE id = $1").bind(sale_id).fetch_optional(pool).await
    })?)
}

/// The latest sales at a store, newest first (at most 100).
pub async fn recent(db: &Db, store_id: i64, limit: i64) -> Result<Vec<SaleSummary>, DbError> {
    let time_zone = crate::company::company(db)
        .await?
        .map(|c| c.time_zone)
        .unwrap_or_else(|| "UTC".into());
    let rows: Vec<(i64, i64, Option<String>, i64, String)> = on_reader!(db, pool => {
        sqlx::query_as(
            "SELECT s.id, s.at_ms, m.name AS member_name, s.total_fen, sf.name AS cashier_name
             FROM sales s JOIN staff sf ON sf.id = s.staff_id LEFT JOIN members m ON m.id = s.member_id
             WHERE s.store_id = $1 ORDER BY s.id DESC LIMIT $2",
        )
        .bind(store_id)
        .bind(limit.clamp(1, 100))
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| SaleSummary {
            sale_id: r.0,
            at_local: crate::clock::local_minute(r.1, &time_zone),
            member_name: r.2,
            total_fen: r.3,
            cashier_name: r.4,
        })
        .collect())
}
