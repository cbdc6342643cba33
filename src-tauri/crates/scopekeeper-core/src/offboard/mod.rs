//! The offboarding sweep: find every token of a person or a system across all connections, say
//! for each what revoking it would break (the dry run, `plan`), then revoke what the admin
//! confirmed (`revoke`), with the outcome as CSV. `matching` is how a name pattern and an owner
//! match a token.
//!
//! Works only through the [`Desk`](crate::desk::Desk)'s API and the audit's inventory. Never
//! revokes a token the dry run did not find, never one read through a connection edited since
//! the dry run, and never names a vendor.

mod judge;
mod matching;
mod plan;
mod revoke;
mod selection;

use crate::error::{Error, ErrorKind};

pub use plan::{sweep_plan, SweepMatch, SweepPlan, SweepQuery};
pub use revoke::{
    sweep_csv, sweep_revoke, OnSweepOutcome, SweepOutcome, SweepResult, SweepTarget, SWEEP_AT_ONCE,
};
pub use selection::selection_plan;

fn invalid(m: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, m)
}
