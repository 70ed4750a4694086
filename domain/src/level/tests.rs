use super::*;

fn gold() -> Level {
    Level {
        id: 2,
        name: "金卡".into(),
        rank: 2,
        rate_bp: 9_000,
        points_rate_pct: 100,
        upgrade_points: None,
    }
}

fn rule(level_id: i64, target: RuleTarget, rate_bp: u32) -> DiscountRule {
    DiscountRule {
        level_id,
        target,
        rate_bp,
    }
}

#[test]
fn item_rule_beats_category_rule_beats_level_default() {
    let level = gold();
    // Item 7 is in category 30, a subcategory of 3.
    let path = [30, 3];
    let rules = vec![
        rule(2, RuleTarget::Category(3), 8_500),
        rule(2, RuleTarget::Category(30), 8_000),
        rule(2, RuleTarget::Item(7), 7_000),
        // Another level's rule never applies.
        rule(1, RuleTarget::Item(8), 5_000),
    ];
    assert_eq!(
        resolve(Some(&level), 7, &path, &rules),
        (7_000, RateSource::Item)
    );
    assert_eq!(
        resolve(Some(&level), 8, &path, &rules),
        (8_000, RateSource::Category(30)),
        "the nearest subcategory's rule comes first"
    );
    assert_eq!(
        resolve(Some(&level), 8, &path, &rules[..1]),
        (8_500, RateSource::Category(3)),
        "a parent category's rule covers its subcategories"
    );
    assert_eq!(
        resolve(Some(&level), 8, &[40], &rules),
        (9_000, RateSource::Level)
    );
    assert_eq!(
        resolve(Some(&level), 8, &[], &[]),
        (9_000, RateSource::Level)
    );
}

#[test]
fn no_level_or_a_full_price_level_pays_list_price() {
    let rules = vec![rule(2, RuleTarget::Item(7), 7_000)];
    assert_eq!(resolve(None, 7, &[], &rules), (10_000, RateSource::None));
    let plain = Level {
        rate_bp: FULL_RATE_BP,
        ..gold()
    };
    assert_eq!(
        resolve(Some(&plain), 8, &[], &rules),
        (10_000, RateSource::None)
    );
    // A rule can also raise a level's default back to full price for an item.
    let full = vec![rule(2, RuleTarget::Item(9), FULL_RATE_BP)];
    assert_eq!(
        resolve(Some(&gold()), 9, &[], &full),
        (10_000, RateSource::Item)
    );
}

#[test]
fn rates_read_as_the_language_writes_them() {
    assert_eq!(zhe_text(8_800), "8.8折");
    assert_eq!(zhe_text(9_000), "9折");
    assert_eq!(zhe_text(8_850), "8.85折");
    assert_eq!(percent_off_text(8_800), "12% off");
    assert_eq!(percent_off_text(8_750), "12.5% off");
    assert_eq!(percent_off_text(8_755), "12.45% off");
    assert_eq!(percent_off_text(10_000), "0% off");
}

#[test]
fn rates_parse_from_either_style() {
    let f = Field::DiscountRate;
    let zhe = |s| parse_rate(s, RateStyle::Zhe, f).map_err(|e| e.problem);
    let off = |s| parse_rate(s, RateStyle::PercentOff, f).map_err(|e| e.problem);
    assert_eq!(zhe("8.8"), Ok(8_800));
    assert_eq!(zhe("8.8折"), Ok(8_800));
    assert_eq!(zhe(" 9 "), Ok(9_000));
    assert_eq!(zhe("10"), Ok(10_000));
    assert_eq!(zhe(""), Ok(10_000));
    assert_eq!(zhe("0"), Err(Problem::OutOfRange { min: 0, max: 10 }));
    assert_eq!(zhe("11"), Err(Problem::OutOfRange { min: 0, max: 10 }));
    assert_eq!(zhe("8.855"), Err(Problem::TooManyDecimals));
    assert_eq!(zhe("eight"), Err(Problem::NotANumber));
    assert_eq!(zhe("-1"), Err(Problem::NotANumber));
    assert_eq!(off("12"), Ok(8_800));
    assert_eq!(off("12% off"), Ok(8_800));
    assert_eq!(off("0"), Ok(10_000));
    assert_eq!(off("100"), Err(Problem::OutOfRange { min: 0, max: 99 }));
    assert_eq!(
        zhe("8.8888888888888"),
        Err(Problem::TooLong { max_chars: 12 })
    );
}

#[test]
fn level_form_is_checked() {
    let form = LevelForm {
        name: "金卡".into(),
        rank: "2".into(),
        rate: "12".into(),
        style: "off".into(),
        points_rate: "1.5".into(),
        upgrade_points: "1000".into(),
    };
    assert_eq!(
        form.parse()
            .map(|l| (l.rate_bp, l.points_rate_pct, l.upgrade_points)),
        Ok((8_800, 150, Some(1_000)))
    );
    let by_hand = LevelForm {
        points_rate: String::new(),
        upgrade_points: " ".into(),
        ..form.clone()
    };
    assert_eq!(
        by_hand
            .parse()
            .map(|l| (l.points_rate_pct, l.upgrade_points)),
        Ok((100, None))
    );
    let bad = LevelForm {
        rank: "0".into(),
        ..form
    };
    assert_eq!(bad.parse().map_err(|e| e.field), Err(Field::LevelRank));
}
