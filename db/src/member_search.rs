//! Finding members the way cashiers search (M2, V2): exact keys, phone tails and
//! prefixes, pinyin initials, then names and custom values.

use crate::{Db, DbError, on_reader};
use domain::member::{MemberLine, MemberPage, page_size};

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    member_no: String,
    name: String,
    phone: Option<String>,
    home_store_name: String,
    active: bool,
    cards: i64,
    balance_fen: i64,
}

/// Members matching what was typed, newest first: a member number, phone, card
/// number or reader UID exactly; else digits as the last four of a phone or a
/// phone's beginning; letters as the pinyin initials of a name (陈美玲: CML) or
/// part of a name; anything else as part of a name or of a custom field's value.
///
/// Exact keys are tried first, each through its own index (the till's swipe and
/// phone lookups stay fast at a million members); phone tails, phone prefixes
/// and initials have their indexes too; only names and custom values are read
/// row by row, and only for text that is neither digits nor initials.
pub async fn search(
    db: &Db,
    query: &str,
    page: u32,
    asked_size: u32,
) -> Result<MemberPage, DbError> {
    let size = page_size(asked_size);
    let page = page.min(100_000);
    let q = query.trim();
    let digits: String = q
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let upper = q.to_ascii_uppercase();
    let phone = if digits.is_empty() {
        q.to_owned()
    } else {
        digits.clone()
    };
    let exact = "m.id IN (SELECT id FROM members WHERE member_no = $1
                  UNION SELECT id FROM members WHERE phone = $2
                  UNION SELECT member_id FROM cards WHERE card_no = $1 AND member_id IS NOT NULL
                  UNION SELECT member_id FROM cards WHERE uid = $1 AND member_id IS NOT NULL)";
    if !q.is_empty() {
        let keys = [upper.as_str(), phone.as_str()];
        let found = lines(db, exact, &keys, size, page).await?;
        if !found.0.is_empty() || page > 0 && found.1 > 0 {
            return Ok(member_page(found, page, size));
        }
    }
    let typed_digits = q
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    if typed_digits && digits.len() >= 3 {
        // Byte order, so that an index on the phone serves the range in both
        // databases (Postgres: the index is COLLATE "C").
        let (tail, after) = (
            if digits.len() == 4 {
                digits.as_str()
            } else {
                ""
            },
            format!("{digits}~"),
        );
        let filter = match db {
            Db::Sqlite(_) => "(substr(m.phone, -4) = $1 OR (m.phone >= $2 AND m.phone < $3))",
            Db::Postgres(_) => {
                "(right(m.phone, 4) = $1 OR (m.phone COLLATE \"C\" >= $2 AND m.phone COLLATE \"C\" < $3))"
            }
        };
        let found = lines(db, filter, &[tail, &digits, &after], size, page).await?;
        return Ok(member_page(found, page, size));
    }
    let escaped: String = q
        .chars()
        .flat_map(|c| {
            if "%_\\".contains(c) {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect();
    let like = format!("%{escaped}%");
    if (2..=12).contains(&upper.len()) && upper.chars().all(|c| c.is_ascii_alphabetic()) {
        // Initials through their index; names are read only when no initials
        // match (an OR with a LIKE would read every row).
        let after = format!("{upper}~");
        let filter = match db {
            Db::Sqlite(_) => "(m.name_initials >= $1 AND m.name_initials < $2)",
            Db::Postgres(_) => {
                "(m.name_initials COLLATE \"C\" >= $1 AND m.name_initials COLLATE \"C\" < $2)"
            }
        };
        let found = lines(db, filter, &[&upper, &after], size, page).await?;
        if !found.0.is_empty() || page > 0 && found.1 > 0 {
            return Ok(member_page(found, page, size));
        }
    }
    let contains = "($1 = '%%' OR m.name LIKE $1 ESCAPE '\\'
           OR m.id IN (SELECT v.member_id FROM member_values v WHERE v.value LIKE $1 ESCAPE '\\'))";
    let found = lines(db, contains, &[like.as_str()], size, page).await?;
    Ok(member_page(found, page, size))
}

/// One page of members matching `filter` (its parameters bound in order), newest
/// first, and how many match in all.
async fn lines(
    db: &Db,
    filter: &str,
    binds: &[&str],
    size: u32,
    page: u32,
) -> Result<(Vec<LineRow>, i64), DbError> {
    let (limit, offset) = (binds.len() + 1, binds.len() + 2);
    let list_sql = format!(
        "SELECT m.id, m.member_no, m.name, m.phone, s.name AS home_store_name, m.active,
             (SELECT COUNT(*) FROM cards c WHERE c.member_id = m.id AND c.status IN ('active', 'frozen')) AS cards,
             CAST(COALESCE((SELECT SUM(c.principal_fen + c.bonus_fen) FROM cards c
                            WHERE c.member_id = m.id AND c.status IN ('active', 'frozen')), 0) AS BIGINT) AS balance_fen
         FROM members m JOIN stores s ON s.id = m.home_store_id
         WHERE {filter} ORDER BY m.id DESC LIMIT ${limit} OFFSET ${offset}"
    );
    let count_sql = format!("SELECT COUNT(*) FROM members m WHERE {filter}");
    let rows: Vec<LineRow> = on_reader!(db, pool => {
        let mut query = sqlx::query_as(&list_sql);
        for b in binds {
            query = query.bind(*b);
        }
        query.bind(size as i64).bind(page as i64 * size as i64).fetch_all(pool).await
    })?;
    let total: i64 = on_reader!(db, pool => {
        let mut query = sqlx::query_scalar(&count_sql);
        for b in binds {
            query = query.bind(*b);
        }
        query.fetch_one(pool).await
    })?;
    Ok((rows, total))
}

fn member_page((rows, total): (Vec<LineRow>, i64), page: u32, size: u32) -> MemberPage {
    let members = rows
        .into_iter()
        .map(|r| MemberLine {
            id: r.id,
            member_no: r.member_no,
            name: r.name,
            phone: r.phone,
            home_store_name: r.home_store_name,
            active: r.active,
            cards: r.cards,
            balance_fen: r.balance_fen,
        })
        .collect();
    MemberPage {
        members,
        total,
        page,
        page_size: size,
    }
}
