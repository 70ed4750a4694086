use super::*;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn promo(id: i64, offer: Offer) -> Promotion {
    Promotion {
        id,
        name: format!("p{id}"),
        first_day: day(2026, 12, 1),
        last_day: day(2026, 12, 31),
        stores: vec![],
        weekdays: EVERY_DAY,
        birthday: BirthdayOnly::No,
        offer,
        active: true,
    }
}

#[test]
fn weekdays_count_from_monday() {
    // 2026-12-05 is a Saturday, 2026-12-07 a Monday.
    assert_eq!(weekday(day(2026, 12, 5)), 5);
    assert_eq!(weekday(day(2026, 12, 6)), 6);
    assert_eq!(weekday(day(2026, 12, 7)), 0);
    assert_eq!(weekday(Day(0)), 3);
}

#[test]
fn runs_from_the_first_to_the_last_day_in_the_named_stores_on_its_weekdays() {
    let mut p = promo(1, Offer::Points { factor_pct: 200 });
    assert!(!p.runs(1, day(2026, 11, 30), None));
    assert!(p.runs(1, day(2026, 12, 1), None));
    assert!(p.runs(1, day(2026, 12, 31), None));
    assert!(!p.runs(1, day(2027, 1, 1), None));
    p.stores = vec![2, 3];
    assert!(!p.runs(1, day(2026, 12, 5), None));
    assert!(p.runs(3, day(2026, 12, 5), None));
    p.weekdays = 0b110_0000; // Saturday and Sunday
    assert!(p.runs(3, day(2026, 12, 5), None));
    assert!(p.runs(3, day(2026, 12, 6), None));
    assert!(!p.runs(3, day(2026, 12, 7), None));
    p.active = false;
    assert!(!p.runs(3, day(2026, 12, 5), None));
}

#[test]
fn birthday_offers_need_the_birthday_week_or_month() {
    let mut p = promo(1, Offer::Points { factor_pct: 200 });
    p.first_day = day(2020, 1, 1);
    p.last_day = day(2030, 1, 1);
    p.birthday = BirthdayOnly::Month;
    let born = day(1990, 12, 17);
    assert!(p.runs(1, day(2026, 12, 1), Some(born)));
    assert!(!p.runs(1, day(2026, 11, 30), Some(born)));
    assert!(!p.runs(1, day(2026, 12, 1), None), "no birthday, no offer");
    p.birthday = BirthdayOnly::Week;
    // 2026-12-17 is a Thursday: its week is Monday 14 to Sunday 20.
    assert!(!p.runs(1, day(2026, 12, 13), Some(born)));
    assert!(p.runs(1, day(2026, 12, 14), Some(born)));
    assert!(p.runs(1, day(2026, 12, 20), Some(born)));
    assert!(!p.runs(1, day(2026, 12, 21), Some(born)));
    // Born 31 December: in 2026 that is a Thursday, its week runs to Sunday
    // 3 January 2027.
    let new_year = day(1990, 12, 31);
    assert!(p.runs(1, day(2027, 1, 3), Some(new_year)));
    assert!(!p.runs(1, day(2027, 1, 4), Some(new_year)));
    // 29 February in a year without one: the 28th's week.
    assert!(in_birthday(
        BirthdayOnly::Week,
        day(2000, 2, 29),
        day(2027, 2, 28)
    ));
}

#[test]
fn the_better_of_the_two_or_both() {
    // Better: the lower rate wins; a tie keeps the level and names no promotion.
    assert_eq!(combine(8_800, 9_000, WithLevel::Better), (8_800, false));
    assert_eq!(combine(9_500, 9_000, WithLevel::Better), (9_000, true));
    assert_eq!(combine(9_000, 9_000, WithLevel::Better), (9_000, false));
    assert_eq!(combine(10_000, 8_000, WithLevel::Better), (8_000, true));
    // Both: the rates multiply, rounded to the nearest basis point.
    assert_eq!(combine(8_800, 9_000, WithLevel::Both), (7_920, true));
    assert_eq!(combine(8_850, 9_150, WithLevel::Both), (8_098, true));
    assert_eq!(combine(10_000, 9_000, WithLevel::Both), (9_000, true));
    assert_eq!(
        combine_bonus(3_000, 5_000, WithLevel::Better),
        (5_000, true)
    );
    assert_eq!(
        combine_bonus(6_000, 5_000, WithLevel::Better),
        (6_000, false)
    );
    assert_eq!(combine_bonus(3_000, 5_000, WithLevel::Both), (8_000, true));
}

#[test]
fn one_promotion_per_kind_the_one_that_gives_most() {
    let tiers = |t: &[(i64, i64)]| Offer::RechargeBonus {
        tiers: t
            .iter()
            .map(|&(pay_fen, bonus_fen)| Tier { pay_fen, bonus_fen })
            .collect(),
    };
    let running = vec![
        promo(1, tiers(&[(50_000, 5_000), (100_000, 12_000)])),
        promo(2, tiers(&[(80_000, 9_000)])),
        promo(
            3,
            Offer::Discount {
                target: Target::Category(7),
                rate_bp: 8_000,
            },
        ),
        promo(
            4,
            Offer::Discount {
                target: Target::Everything,
                rate_bp: 9_000,
            },
        ),
        promo(5, Offer::Points { factor_pct: 150 }),
        promo(6, Offer::Points { factor_pct: 200 }),
        promo(
            7,
            Offer::RechargeGift {
                min_fen: 50_000,
                gift_id: 1,
            },
        ),
        promo(
            8,
            Offer::RechargeGift {
                min_fen: 100_000,
                gift_id: 2,
            },
        ),
    ];
    let bonus = |fen| best_recharge_bonus(&running, fen).map(|(p, b)| (p.id, b));
    assert_eq!(bonus(49_999), None);
    assert_eq!(bonus(50_000), Some((1, 5_000)));
    assert_eq!(bonus(99_999), Some((2, 9_000)));
    assert_eq!(bonus(100_000), Some((1, 12_000)), "best tier only");
    let discount = |item, cats: &[i64]| best_discount(&running, item, cats).map(|(p, r)| (p.id, r));
    assert_eq!(discount(1, &[7, 2]), Some((3, 8_000)));
    assert_eq!(discount(1, &[2]), Some((4, 9_000)));
    assert_eq!(
        best_multiplier(&running).map(|(p, f)| (p.id, f)),
        Some((6, 200))
    );
    assert_eq!(multiplied(150, 200), 300);
    let gift = |fen| recharge_gift(&running, fen).map(|(p, g, _)| (p.id, g));
    assert_eq!(gift(49_999), None);
    assert_eq!(gift(60_000), Some((7, 1)));
    assert_eq!(gift(100_000), Some((8, 2)));
}

fn form(kind: &str) -> PromotionForm {
    PromotionForm {
        name: "周末双倍积分".into(),
        kind: kind.into(),
        first_day: "2026-12-01".into(),
        last_day: "2026-12-31".into(),
        birthday: "no".into(),
        factor: "2".into(),
        tiers: "500=50，1000送120".into(),
        target: "all".into(),
        rate: "8.8".into(),
        style: "zhe".into(),
        gift_id: "3".into(),
        min: "300".into(),
        weekdays: vec![5, 6],
        stores: vec![2, 1, 2],
    }
}

#[test]
fn the_form_reads_every_kind() {
    let p = form("points").parse_all().unwrap();
    assert_eq!(p.offer, Offer::Points { factor_pct: 200 });
    assert_eq!(p.weekdays, 0b110_0000);
    assert_eq!(p.stores, vec![1, 2]);
    let p = form("recharge_bonus").parse_all().unwrap();
    let tier = |pay_fen, bonus_fen| Tier { pay_fen, bonus_fen };
    assert_eq!(
        p.offer,
        Offer::RechargeBonus {
            tiers: vec![tier(50_000, 5_000), tier(100_000, 12_000)]
        }
    );
    let p = form("discount").parse_all().unwrap();
    assert_eq!(
        p.offer,
        Offer::Discount {
            target: Target::Everything,
            rate_bp: 8_800
        }
    );
    let p = form("recharge_gift").parse_all().unwrap();
    assert_eq!(
        p.offer,
        Offer::RechargeGift {
            min_fen: 30_000,
            gift_id: 3
        }
    );
}

#[test]
fn the_form_says_every_problem_at_once() {
    let mut f = form("points");
    f.name = " ".into();
    f.last_day = "2026-11-30".into();
    f.factor = "1".into();
    f.weekdays = vec![9];
    let fields: Vec<Field> = f.parse_all().unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![
            Field::PromotionName,
            Field::LastDay,
            Field::Weekdays,
            Field::Multiplier
        ]
    );
    let mut f = form("recharge_bonus");
    f.birthday = "week".into();
    let errors = f.parse_all().unwrap_err();
    assert_eq!(errors[0].field, Field::BirthdayOffer);
    for bad in ["", "500", "500=0", "500=50,500=60", "a=b"] {
        assert!(parse_tiers(bad).is_err(), "{bad}");
    }
    let many = (1..=11)
        .map(|n| format!("{n}00=1"))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(
        parse_tiers(&many).unwrap_err().problem,
        Problem::TooMany { max: 10 }
    );
    let mut f = form("discount");
    f.rate = "10".into();
    assert_eq!(f.parse_all().unwrap_err()[0].field, Field::DiscountRate);
    f.rate = "8".into();
    f.target = "shelf:1".into();
    assert_eq!(f.parse_all().unwrap_err()[0].field, Field::PromotionTarget);
}
