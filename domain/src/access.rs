//! Roles, permissions and store scope: the one permission table of the system.
//!
//! ARCHITECTURE.md shows this table; `permission_table_matches_architecture_doc`
//! keeps the two the same.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Manager,
    Cashier,
    Finance,
    Staff,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Manager,
        Role::Cashier,
        Role::Finance,
        Role::Staff,
    ];

    /// The stable name stored in the database and sent by forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Cashier => "cashier",
            Role::Finance => "finance",
            Role::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn can(self, permission: Permission) -> bool {
        permissions_of(self).contains(&permission)
    }
}

/// Everything a signed-in person may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Company settings, fees, receipt text.
    ManageSettings,
    /// Create, edit and deactivate stores.
    ManageStores,
    /// Create, edit and deactivate staff; reset their passwords.
    ManageStaff,
    /// See the staff list of the stores in scope.
    ViewStaff,
    /// Work at the till: open and close a shift, sell.
    UseTill,
    /// Look up members and cards.
    ViewMembers,
    /// Create and edit members; issue cards.
    EditMembers,
    /// Recharge a card.
    Recharge,
    /// Take money from a card (a deduction).
    ChargeCard,
    /// Use a count card's visits and check a time card in: no money moves.
    UseVisits,
    /// Report a card lost (freeze).
    ReportLoss,
    /// Spend a member's points: a gift, or money on their card.
    RedeemPoints,
    /// Refunds of sales and reversals of recharges.
    RefundAndReverse,
    /// Replace, exchange, repair, return and unfreeze cards; override fees.
    ManageCards,
    /// Reset a member's card PIN.
    ResetCardPin,
    /// Read reports of the stores in scope.
    ViewReports,
    /// See every shift of the store, not only one's own.
    ViewAllShifts,
    /// Read the audit log and the security log (O1).
    ViewAudit,
}

use Permission as P;

const ADMIN: &[Permission] = &[
    P::ManageSettings,
    P::ManageStores,
    P::ManageStaff,
    P::ViewStaff,
    P::UseTill,
    P::ViewMembers,
    P::EditMembers,
    P::Recharge,
    P::ChargeCard,
    P::UseVisits,
    P::ReportLoss,
    P::RedeemPoints,
    P::RefundAndReverse,
    P::ManageCards,
    P::ResetCardPin,
    P::ViewReports,
    P::ViewAllShifts,
    P::ViewAudit,
];
const MANAGER: &[Permission] = &[
    P::ViewStaff,
    P::UseTill,
    P::ViewMembers,
    P::EditMembers,
    P::Recharge,
    P::ChargeCard,
    P::UseVisits,
    P::ReportLoss,
    P::RedeemPoints,
    P::RefundAndReverse,
    P::ManageCards,
    P::ViewReports,
    P::ViewAllShifts,
];
const CASHIER: &[Permission] = &[
    P::UseTill,
    P::ViewMembers,
    P::EditMembers,
    P::Recharge,
    P::ChargeCard,
    P::UseVisits,
    P::ReportLoss,
    P::RedeemPoints,
];
const FINANCE: &[Permission] = &[
    P::ViewStaff,
    P::ViewMembers,
    P::ViewReports,
    P::ViewAllShifts,
    P::ViewAudit,
];
const STAFF: &[Permission] = &[P::ViewMembers, P::UseVisits];

/// The fixed role → permissions table.
pub fn permissions_of(role: Role) -> &'static [Permission] {
    match role {
        Role::Admin => ADMIN,
        Role::Manager => MANAGER,
        Role::Cashier => CASHIER,
        Role::Finance => FINANCE,
        Role::Staff => STAFF,
    }
}

/// Which stores a person's lists and reports cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Head-office staff: every store of the chain.
    AllStores,
    /// Branch staff: their home store only.
    OneStore(i64),
}

impl Scope {
    /// Head-office staff see the whole chain; branch staff only their home store.
    pub fn for_home_store(home_store_id: i64, home_is_head_office: bool) -> Scope {
        if home_is_head_office {
            Scope::AllStores
        } else {
            Scope::OneStore(home_store_id)
        }
    }

    pub fn covers(self, store_id: i64) -> bool {
        match self {
            Scope::AllStores => true,
            Scope::OneStore(own) => own == store_id,
        }
    }

    /// The store a query must be limited to, or `None` for all stores.
    pub fn only_store(self) -> Option<i64> {
        match self {
            Scope::AllStores => None,
            Scope::OneStore(own) => Some(own),
        }
    }
}

/// A signed-in staff member, as the permission guard and the pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    pub staff_id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub store_id: i64,
    pub store_name: String,
    pub scope: Scope,
}

/// A part of the application in the navigation bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Section {
    Till,
    Members,
    Cards,
    Reports,
    Settings,
}

impl Section {
    /// Navigation order.
    pub const ALL: [Section; 5] = [
        Section::Till,
        Section::Members,
        Section::Cards,
        Section::Reports,
        Section::Settings,
    ];

    /// A role sees a section when it holds this permission.
    pub fn needs(self) -> Permission {
        match self {
            Section::Till => Permission::UseTill,
            Section::Members | Section::Cards => Permission::ViewMembers,
            Section::Reports => Permission::ViewReports,
            Section::Settings => Permission::ManageStores,
        }
    }

    pub fn visible_to(self, role: Role) -> bool {
        role.can(self.needs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admin_manages_settings_stores_and_staff() {
        for role in Role::ALL {
            let admin = role == Role::Admin;
            assert_eq!(role.can(P::ManageSettings), admin, "{role:?}");
            assert_eq!(role.can(P::ManageStores), admin, "{role:?}");
            assert_eq!(role.can(P::ManageStaff), admin, "{role:?}");
            assert_eq!(role.can(P::ResetCardPin), admin, "{role:?}");
        }
    }

    #[test]
    fn cashier_sells_and_recharges_but_never_refunds() {
        assert!(Role::Cashier.can(P::UseTill));
        assert!(Role::Cashier.can(P::Recharge));
        assert!(Role::Cashier.can(P::ReportLoss));
        assert!(!Role::Cashier.can(P::RefundAndReverse));
        assert!(!Role::Cashier.can(P::ManageCards));
        assert!(!Role::Cashier.can(P::ViewReports));
    }

    #[test]
    fn finance_reads_but_moves_no_value() {
        assert!(Role::Finance.can(P::ViewReports));
        for moving in [P::UseTill, P::Recharge, P::ChargeCard, P::RefundAndReverse] {
            assert!(!Role::Finance.can(moving), "{moving:?}");
        }
    }

    #[test]
    fn staff_has_no_money_rights_beyond_using_a_card() {
        assert!(Role::Staff.can(P::UseVisits));
        assert!(!Role::Staff.can(P::ChargeCard));
        assert!(!Role::Staff.can(P::Recharge));
        assert!(!Role::Staff.can(P::UseTill));
        assert!(!Role::Staff.can(P::RefundAndReverse));
    }

    #[test]
    fn role_codes_round_trip_and_unknown_codes_are_refused() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
        assert_eq!(Role::from_code("Admin"), None);
    }

    #[test]
    fn head_office_scope_covers_every_store_branch_only_its_own() {
        assert!(Scope::for_home_store(1, true).covers(7));
        let branch = Scope::for_home_store(3, false);
        assert!(branch.covers(3));
        assert!(!branch.covers(1));
        assert_eq!(branch.only_store(), Some(3));
    }

    #[test]
    fn navigation_follows_the_table() {
        assert!(Section::Till.visible_to(Role::Cashier));
        assert!(!Section::Settings.visible_to(Role::Cashier));
        assert!(Section::Settings.visible_to(Role::Admin));
        assert!(!Section::Till.visible_to(Role::Finance));
    }

    /// ARCHITECTURE.md carries this table for people; it must say what the code does.
    #[test]
    fn permission_table_matches_architecture_doc() {
        let doc = include_str!("../../ARCHITECTURE.md");
        for role in Role::ALL {
            let line = doc
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", role.code())))
                .unwrap_or_else(|| panic!("ARCHITECTURE.md has no row for {role:?}"));
            let documented: Vec<&str> = line
                .split('|')
                .nth(2)
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let actual: Vec<String> = permissions_of(role)
                .iter()
                .map(|p| format!("{p:?}"))
                .collect();
            assert_eq!(documented, actual, "ARCHITECTURE.md row for {role:?}");
        }
    }
}
