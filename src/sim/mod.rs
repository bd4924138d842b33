//! The simulation: virtual time and the world being simulated.
//!
//! Everything here is deterministic: time is an integer count of virtual milliseconds that
//! only moves when the caller advances it, and nothing reads the wall clock. The presentation
//! layer converts wall time into virtual time (see `ui::playback`) and hands it in.

pub mod topology;

pub use crate::time::SimTime;
pub use topology::{Edge, EdgeKind, Node, NodeId, NodeKind, Topology};
