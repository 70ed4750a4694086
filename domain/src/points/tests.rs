use super::*;

fn ladder() -> Vec<Rung> {
    vec![
        Rung {
            id: 1,
            rank: 1,
            upgrade_points: Some(0),
        },
        Rung {
            id: 2,
            rank: 2,
            upgrade_points: Some(1_000),
        },
        Rung {
            id: 3,
            rank: 3,
            upgrade_points: Some(5_000),
        },
        Rung {
            id: 9,
            rank: 9,
            upgrade_points: None,
        },
    ]
}

#[test]
fn earning_rounds_down_once_per_sale() {
    // ¥99.99 at 1 point per yuan: 99 points, not 100.
    assert_eq!(earned(9_999, 100), 99);
    // ¥10.00 at 1.5 per yuan: 15.
    assert_eq!(earned(1_000, 150), 15);
    // ¥0.66 at 1.5 per yuan is 0.99 of a point: nothing.
    assert_eq!(earned(66, 150), 0);
    assert_eq!(earned(0, 150), 0);
    assert_eq!(earned(-500, 150), 0);
    // No overflow at the largest amounts.
    assert_eq!(earned(1_000_000_000, 10_000), 1_000_000_000);
}

#[test]
fn the_base_follows_the_methods_setting() {
    let paid = [("cash", 3_000), ("member_card", 2_000), ("m1", 500)];
    assert_eq!(earning_base(paid, EarnOn::Every), 5_500);
    assert_eq!(earning_base(paid, EarnOn::MemberCard), 2_000);
}

#[test]
fn refunds_in_parts_take_back_exactly_what_was_earned() {
    // A ¥100 sale earned 33 points; refunded as 30 + 30 + 40.
    let a = taken_back(33, 10_000, 0, 3_000);
    let b = taken_back(33, 10_000, 3_000, 3_000);
    let c = taken_back(33, 10_000, 6_000, 4_000);
    assert_eq!((a, b, c), (10, 10, 13));
    assert_eq!(a + b + c, 33);
    // Whole refund: all of it.
    assert_eq!(taken_back(33, 10_000, 0, 10_000), 33);
    // Nothing earned, nothing taken; a refund beyond the total is capped.
    assert_eq!(taken_back(0, 10_000, 0, 10_000), 0);
    assert_eq!(taken_back(33, 10_000, 0, 99_999), 33);
}

#[test]
fn climbing_happens_at_the_threshold_and_not_one_point_before() {
    let l = ladder();
    assert_eq!(climb(Some(1), &l, 999), None);
    assert_eq!(climb(Some(1), &l, 1_000), Some(2));
    // Crossing two thresholds at once lands on the higher one.
    assert_eq!(climb(Some(1), &l, 5_000), Some(3));
    // Never down, never to a level given only by hand.
    assert_eq!(climb(Some(3), &l, 1_000), None);
    assert_eq!(climb(Some(9), &l, 99_999), None);
    // No level yet: the entry level's threshold of 0 is reached at once.
    assert_eq!(climb(None, &l, 0), Some(1));
}

#[test]
fn after_a_refund_the_setting_decides() {
    let l = ladder();
    let gold = &l[2];
    assert_eq!(after_refund(Some(gold), &l, 4_000, AfterRefund::Keep), None);
    assert_eq!(
        after_refund(Some(gold), &l, 4_000, AfterRefund::Drop),
        Some(Some(2))
    );
    assert_eq!(after_refund(Some(gold), &l, 5_000, AfterRefund::Drop), None);
    // A level given by hand stays.
    assert_eq!(after_refund(Some(&l[3]), &l, 0, AfterRefund::Drop), None);
}

#[test]
fn progress_names_the_next_level() {
    let l = ladder();
    let (next, missing) = next_rung(Some(2), &l, 1_200).expect("a next level");
    assert_eq!((next.id, missing), (3, 3_800));
    assert!(next_rung(Some(3), &l, 0).is_none());
}

#[test]
fn rates_read_and_parse() {
    assert_eq!(rate_text(150), "1.5");
    assert_eq!(rate_text(100), "1");
    assert_eq!(rate_text(25), "0.25");
    assert_eq!(parse_rate("1.5", Field::PointsRate), Ok(150));
    assert_eq!(parse_rate("0", Field::PointsRate), Ok(0));
    assert!(parse_rate("100.01", Field::PointsRate).is_err());
    assert!(parse_rate("1.555", Field::PointsRate).is_err());
    assert!(parse_rate("", Field::PointsRate).is_err());
}

#[test]
fn the_settings_form_reports_every_problem() {
    let form = LoyaltyForm {
        points_rate: "x".into(),
        earn_on: "sometimes".into(),
        recharge_rate: "0".into(),
        window_months: "121".into(),
        after_refund: "keep".into(),
        points_per_yuan: String::new(),
        rebate_rate: String::new(),
    };
    let fields: Vec<Field> = form
        .parse_all()
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            Field::PointsRate,
            Field::LevelWindowMonths,
            Field::EarnPointsOn
        ]
    );
    let ok = LoyaltyForm::from_loyalty(&Loyalty::default());
    assert_eq!(ok.parse_all(), Ok(Loyalty::default()));
}
