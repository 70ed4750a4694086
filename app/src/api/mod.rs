//! Server functions: each reads the session, checks the permission and the store
//! scope through `guard`, calls one `db` operation and maps its error. No SQL and
//! no business rule here.

pub mod audit;
pub mod backups;
pub mod card_actions;
pub mod cards;
pub mod gifts;
pub mod levels;
pub mod member_import;
pub mod members;
pub mod pay_methods;
pub mod points;
pub mod promotions;
pub mod rebates;
pub mod refunds;
#[cfg(feature = "ssr")]
pub(crate) mod report_ask;
pub mod reports;
pub mod session;
pub mod settings;
pub mod shifts;
pub mod staff;
pub mod stores;
pub mod till;
pub mod tills;

pub use audit::*;
pub use backups::*;
pub use card_actions::*;
pub use cards::*;
pub use gifts::*;
pub use levels::*;
pub use member_import::*;
pub use members::*;
pub use pay_methods::*;
pub use points::*;
pub use promotions::*;
pub use rebates::*;
pub use refunds::*;
pub use reports::*;
pub use session::*;
pub use settings::*;
pub use shifts::*;
pub use staff::*;
pub use stores::*;
pub use till::*;
pub use tills::*;
