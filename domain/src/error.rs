//! What can be wrong with what a person typed. Each variant is a message key
//! that the UI translates; nothing here is user-facing text.

use serde::{Deserialize, Serialize};

/// The form field a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    CompanyName,
    CurrencySymbol,
    TimeZone,
    StoreCode,
    StoreName,
    StoreAddress,
    StorePhone,
    StoreOwner,
    Username,
    StaffName,
    Password,
    NewPassword,
    /// A password typed a second time.
    PasswordAgain,
    Role,
    HomeStore,
    /// The cash put in the drawer when a shift opens.
    Float,
    /// The cash counted in the drawer when a shift closes.
    CountedCash,
    MemberNumber,
    MemberName,
    Phone,
    Gender,
    Birthday,
    IdNumber,
    Email,
    Address,
    Referrer,
    ValidUntil,
    Hobbies,
    Notes,
    /// A shop-defined member field, by its id.
    Custom(i64),
    CustomFieldName,
    CustomFieldKind,
    Choices,
    Search,
    CardNumber,
    CardUid,
    Pin,
    NewPin,
    RepeatPin,
    PlanName,
    CardKind,
    Price,
    Bonus,
    Visits,
    Validity,
    ValidityDays,
    RechargeEvery,
    RechargeBonus,
    AcceptedStores,
    Plan,
    Amount,
    Fee,
    PaymentMethod,
    Reason,
    RequestId,
    BatchCount,
    MinRecharge,
    MaxRecharge,
    IssueFee,
    ReplaceFee,
    ExchangeFee,
    RenewFee,
    ReturnFee,
    Deposit,
    PinRequiredAbove,
    DailyLimit,
    PinMaxFailures,
    PinLockMinutes,
    CheckInsPerDay,
    BackupHour,
    BackupKeep,
    VisitsPerUnit,
    CardPrefix,
    NextCardNo,
    ReceiptHeader,
    ReceiptFooter,
    ItemCode,
    ItemName,
    CategoryCode,
    CategoryName,
    CoveredItems,
    LevelName,
    LevelRank,
    DiscountRate,
    Level,
    Barcode,
    ShortCode,
    Unit,
    Cost,
    ParentCategory,
    SoldAtStores,
    Quantity,
    SaleLines,
    CashGiven,
    Payments,
    MethodNameZhCn,
    MethodNameZhTw,
    MethodNameEn,
    /// Points a member brings over from the shop's old system (M3).
    OpeningPoints,
    /// A file being imported, as a whole (M3).
    ImportFile,
    TillName,
    /// The one-time code that makes a browser a till (S5).
    PairingCode,
    /// Points per yuan (for members without a level, or a level's).
    PointsRate,
    RechargePointsRate,
    EarnPointsOn,
    LevelWindowMonths,
    LevelAfterRefund,
    /// Points earned that lift a member to a level.
    UpgradePoints,
    GiftName,
    PointsPrice,
    Stock,
    /// Points to spend (turned into money).
    Points,
    /// How many points make one yuan.
    PointsPerYuan,
    Gift,
    FirstDay,
    LastDay,
    /// Rebate points per yuan spent.
    RebateRate,
    PromotionName,
    PromotionKind,
    PromotionStores,
    PromotionTarget,
    /// A points multiplier (2: double points).
    Multiplier,
    Weekdays,
    /// Only in the member's birthday week or month.
    BirthdayOffer,
    RechargeTiers,
    /// The least a recharge must be to get a promotion's gift.
    GiftMinimum,
    /// How promotions meet the level discount.
    PromotionWithLevel,
}

/// What is wrong with the value of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Problem {
    Required,
    /// Longer than the limit, counted in characters.
    TooLong {
        max_chars: u32,
    },
    TooShort {
        min_chars: u32,
    },
    /// Contains characters the field does not allow.
    BadCharacters,
    /// Not one of the values offered.
    NotAnOption,
    PasswordTooWeak,
    PasswordContainsUsername,
    /// Another record already uses this value (store code, username).
    Taken,
    /// Not a number of money ("12a", "1.2.3").
    NotAnAmount,
    /// More than two decimals: refused, never rounded.
    TooManyDecimals,
    Negative,
    AmountTooLarge {
        max_fen: i64,
    },
    NotADate,
    NotANumber,
    NotAWholeNumber,
    OutOfRange {
        min: u32,
        max: u32,
    },
    TooMany {
        max: u32,
    },
    /// Less than the minimum set beside it.
    BelowMinimum,
    /// Names a record that does not exist (a referrer).
    NotFound,
    /// A PIN must be exactly six digits.
    PinNotSixDigits,
    /// 000000, 123456 and the like.
    TrivialPin,
    /// A card number of the member code's shape (`MQ` and nine or more digits).
    LooksLikeMemberCode,
    /// Zero where something must move.
    Zero,
    /// Typed twice, the two differ (a new PIN and its repetition).
    Mismatch,
    /// Nothing of it shows on screen (only zero-width or blank characters).
    Invisible,
    /// A comma that is not a thousands separator ("1,5"): the amount is refused
    /// rather than guessed.
    MisplacedComma,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {:?}", self.field, self.problem)
    }
}

impl std::error::Error for FieldError {}

/// Every problem of a form, collected so that all show at once (each next to
/// its field), not only the first.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// The value, or None after noting its problem.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    pub fn add(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// The checked value when nothing was wrong, else every problem.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self.0),
        }
    }
}

/// The first of a form's problems (for callers that stop at one).
pub fn first(errors: Vec<FieldError>) -> FieldError {
    errors
        .into_iter()
        .next()
        .unwrap_or(FieldError::new(Field::Search, Problem::Required))
}
