//! `domain::import`'s rules, row by row and across a file.
use super::*;

fn look() -> Lookups {
    Lookups {
        stores: [("b01".to_owned(), 2), ("海淀店".to_owned(), 2)].into(),
        default_store: 1,
        levels: [("金卡".to_owned(), 7)].into(),
        plans: [
            ("储值卡".to_owned(), (3, CardKind::StoredValue)),
            ("十次卡".to_owned(), (4, CardKind::Count)),
        ]
        .into(),
        fields: Vec::new(),
    }
}

const COLUMNS: [Column; 9] = [
    Column::MemberNumber,
    Column::Name,
    Column::Phone,
    Column::HomeStore,
    Column::Level,
    Column::Points,
    Column::CardNumber,
    Column::Plan,
    Column::Principal,
];

fn row(values: &[&str]) -> Result<ImportRow, FieldError> {
    let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
    parse_row(2, &COLUMNS, &values, &look())
}

#[test]
fn a_row_becomes_a_member_with_points_and_a_card() {
    let r = row(&[
        "M001",
        "张三",
        "13800000001",
        "海淀店",
        "金卡",
        "1,200",
        "S0001",
        "储值卡",
        "88.50",
    ])
    .unwrap();
    assert_eq!(
        (
            r.member_no.as_str(),
            r.member.home_store_id,
            r.member.level_id
        ),
        ("M001", 2, Some(7))
    );
    assert_eq!(r.points, 1_200);
    let card = r.card.unwrap();
    assert_eq!(
        (card.card_no.as_str(), card.plan_id, card.principal_fen),
        ("S0001", 3, 8_850)
    );
    // No store: the importer's; no card columns filled: no card.
    let r = row(&["M002", "李四", "", "", "", "", "", "", ""]).unwrap();
    assert_eq!((r.member.home_store_id, r.card, r.points), (1, None, 0));
}

#[test]
fn each_bad_value_is_named() {
    let field = |values: &[&str]| row(values).unwrap_err().field;
    assert_eq!(
        field(&["", "张三", "", "", "", "", "", "", ""]),
        Field::MemberNumber
    );
    assert_eq!(
        field(&["M1", "", "", "", "", "", "", "", ""]),
        Field::MemberName
    );
    assert_eq!(
        field(&["M1", "张三", "", "火星店", "", "", "", "", ""]),
        Field::HomeStore
    );
    assert_eq!(
        field(&["M1", "张三", "", "", "钻石", "", "", "", ""]),
        Field::Level
    );
    assert_eq!(
        field(&["M1", "张三", "", "", "", "-5", "", "", ""]),
        Field::OpeningPoints
    );
    assert_eq!(
        field(&["M1", "张三", "", "", "", "", "S0001", "年卡", ""]),
        Field::Plan
    );
    assert_eq!(
        field(&["M1", "张三", "", "", "", "", "S0001", "储值卡", "1.234"]),
        Field::Amount
    );
    assert_eq!(
        field(&["M1", "张三", "", "", "", "", "", "储值卡", "10"]),
        Field::CardNumber
    );
    assert_eq!(
        field(&["M1", "张三", "", "", "", "", "S0001", "十次卡", "10"]),
        Field::CardKind
    );
}

#[test]
fn the_same_card_or_phone_twice_in_a_file_is_refused() {
    let a = row(&[
        "M1",
        "张三",
        "13800000001",
        "",
        "",
        "",
        "S0001",
        "储值卡",
        "1",
    ])
    .unwrap();
    let mut b = row(&[
        "M2",
        "李四",
        "13800000001",
        "",
        "",
        "",
        "S0002",
        "储值卡",
        "1",
    ])
    .unwrap();
    b.line = 3;
    let mut c = row(&[
        "M1",
        "张三",
        "13800000001",
        "",
        "",
        "",
        "S0001",
        "储值卡",
        "1",
    ])
    .unwrap();
    c.line = 4;
    let bad = cross_check(&[a, b, c]);
    assert_eq!(
        bad.iter()
            .map(|b| (b.line, b.problem.field))
            .collect::<Vec<_>>(),
        [(3, Field::Phone), (4, Field::CardNumber)]
    );
}
