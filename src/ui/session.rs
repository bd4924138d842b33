//! The page's simulation: one scenario and seed, the commands a person applied, and checkpoints
//! for seeking backwards.
//!
//! Pure Rust (tested natively). The clock only moves forward inside a `Simulation`; seeking
//! backwards restores the latest checkpoint at or before the target and simulates forward
//! again, re-applying the person's commands at the instants they were given. Same scenario,
//! seed and commands give the same run, so a seek back and forth lands on the same state.
//!
//! Ordering rule: a checkpoint at `t` holds the world after every event due at `t` and before
//! any command given at `t` (commands are given between frames, after the clock reached `t`).

use std::time::Duration;

use crate::sim::command::{Command, CommandError};
use crate::sim::trace::TraceEvent;
use crate::sim::{Scenario, SimTime, Simulation, Snapshot};

/// Simulated events between checkpoints, at first. A seek back re-simulates at most this many
/// events from the checkpoint before it (about 20 ms in the browser), whatever the scenario's
/// pace; a checkpoint copies the whole world (about 1 MB for an hour of benchmark-r1, a third
/// of it the trace), so counting events rather than virtual time keeps a busy hour from taking
/// a hundred copies. When there are more than `MAX_CHECKPOINTS`, every other one is dropped
/// and the spacing doubles: memory stays bounded on long runs.
const CHECKPOINT_EVENTS: u64 = 50_000;
const MAX_CHECKPOINTS: usize = 64;
/// Forward runs stop at least this often (virtual time) to see whether a checkpoint is due, so
/// that one long seek forward leaves checkpoints behind it too.
const CHECKPOINT_LOOK: Duration = Duration::from_secs(10);

/// How many instants of bookkeeping alone a step runs through before it gives up looking for
/// a message step (a world with no messages would otherwise step for ever).
const MAX_SILENT_INSTANTS: usize = 1_000;

/// Trace events the page keeps (the event log and the message inspector read these).
pub const TRACE_CAPACITY: usize = 5_000;

/// A command a person applied, and when.
#[derive(Clone, Debug, PartialEq)]
struct Applied {
    at: SimTime,
    command: Command,
}

#[derive(Clone, Debug)]
pub struct Session {
    seed: u64,
    sim: Simulation,
    checkpoints: Vec<Simulation>,
    /// Events between checkpoints (`CHECKPOINT_EVENTS`, doubled at each thinning).
    spacing: u64,
    applied: Vec<Applied>,
}

impl Session {
    /// A session at t = 0 (the scenario was validated by its parser).
    pub fn new(scenario: Scenario, seed: u64) -> Session {
        let mut sim = Simulation::new(scenario, seed);
        sim.set_trace_capacity(TRACE_CAPACITY);
        Session {
            seed,
            checkpoints: vec![sim.clone()],
            sim,
            spacing: CHECKPOINT_EVENTS,
            applied: Vec::new(),
        }
    }

    /// The end of the run (the scenario's duration, at least a second).
    pub fn end(&self) -> SimTime {
        let seconds = self.scenario().duration_seconds.max(1.0);
        SimTime::ZERO + Duration::from_secs_f64(seconds)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn scenario(&self) -> &Scenario {
        self.sim.scenario()
    }

    pub fn now(&self) -> SimTime {
        self.sim.now()
    }

    pub fn simulation(&self) -> &Simulation {
        &self.sim
    }

    pub fn snapshot(&self) -> Snapshot {
        self.sim.snapshot()
    }

    /// The latest `count` trace events, oldest first.
    pub fn recent_events(&self, count: usize) -> Vec<TraceEvent> {
        self.sim.trace().recent(count)
    }

    /// Every kept step of one message's life.
    pub fn history(&self, message_id: &str) -> Vec<TraceEvent> {
        self.sim.history(message_id)
    }

    /// The commands a person gave, in the order of their instants, with those instants: the
    /// run's whole commanded future, replayed whenever the clock passes them.
    pub fn commands(&self) -> impl Iterator<Item = (SimTime, &Command)> {
        self.applied.iter().map(|a| (a.at, &a.command))
    }

    /// Moves the clock to `target`, forwards (simulating) or backwards (from a checkpoint).
    pub fn seek(&mut self, target: SimTime) {
        if target < self.sim.now() {
            let from = self
                .checkpoints
                .iter()
                .rposition(|c| c.now() <= target)
                .unwrap_or(0);
            self.sim = self.checkpoints[from].clone();
            // Commands given at the checkpoint's own instant come after it (the ordering rule).
            self.replay_commands(|at, now| at == now);
        }
        self.run_to(target);
    }

    /// Runs the events due at this very instant that still wait (at t = 0, or after a command
    /// scheduled some), so that a lesson stopping at an event of now shows it.
    pub fn settle(&mut self) {
        let now = self.sim.now();
        self.sim.run_until(now);
    }

    /// Runs to the next instant at which some message takes a step (a send, a receive, a
    /// delete, a timeout...), skipping the instants where only bookkeeping happens (metric
    /// samples, long polls checking in); returns that instant. `None` if nothing is scheduled.
    pub fn step(&mut self) -> Option<SimTime> {
        let steps_before = self.sim.trace().total();
        for _ in 0..MAX_SILENT_INSTANTS {
            let next = self.sim.next_event_time()?;
            if next <= self.sim.now() {
                // Events due now (scheduled by a command just given, or at t = 0).
                self.settle();
            } else {
                self.run_to(next);
            }
            if self.sim.trace().total() != steps_before {
                break;
            }
        }
        Some(self.sim.now())
    }

    /// Applies a command now. Commands given earlier at a later instant (before a seek back)
    /// belong to a future that no longer happens: they are dropped, with the checkpoints
    /// after now.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        let now = self.sim.now();
        self.sim.apply(&command)?;
        self.applied.retain(|a| a.at <= now);
        self.checkpoints.retain(|c| c.now() <= now);
        self.applied.push(Applied { at: now, command });
        Ok(())
    }

    /// Runs forward to `target`, taking checkpoints on the way and re-applying the commands
    /// given (before a seek back) at instants passed on the way.
    fn run_to(&mut self, target: SimTime) {
        while self.sim.now() < target {
            let look = self.sim.now() + CHECKPOINT_LOOK;
            let next_command = self
                .applied
                .iter()
                .map(|a| a.at)
                .find(|&at| at > self.sim.now());
            let stop = [Some(target), Some(look), next_command]
                .into_iter()
                .flatten()
                .min()
                .expect("target is always there");
            self.sim.run_until(stop);
            // Before the commands of this instant (the ordering rule).
            if self.sim.events() >= self.last_checkpoint().events() + self.spacing {
                self.checkpoint();
            }
            self.replay_commands(|at, now| at == now);
        }
    }

    fn last_checkpoint(&self) -> &Simulation {
        self.checkpoints
            .last()
            .expect("the one at t = 0 is never dropped")
    }

    /// Applies the recorded commands whose instant matches the clock.
    fn replay_commands(&mut self, due: impl Fn(SimTime, SimTime) -> bool) {
        let now = self.sim.now();
        for applied in self.applied.iter().filter(|a| due(a.at, now)) {
            // It worked when it was given; on the same state it works again.
            let _ = self.sim.apply(&applied.command);
        }
    }

    fn checkpoint(&mut self) {
        if self.last_checkpoint().now() == self.sim.now() {
            return;
        }
        self.checkpoints.push(self.sim.clone());
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            // Keep t = 0 and every other one after it.
            let mut index = 0;
            self.checkpoints.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.spacing *= 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"version": 1, "title": "t",
                "queues": [{"name": "orders", "attributes": {"VisibilityTimeout": "5"}}],
                "producers": [{"name": "p", "queue": "orders", "arrival": {"kind": "poisson", "per_second": 5}}],
                "consumers": [{"name": "c", "queue": "orders", "count": 2,
                               "processing": {"kind": "exponential", "mean_seconds": 0.3},
                               "failure_probability": 0.2}]}"#,
        )
        .expect("valid")
    }

    /// A session whose checkpoints come every few seconds, so that seeks back restore one
    /// from the middle of the run (with the real spacing these short runs would have one).
    fn often_checkpointed() -> Session {
        let mut session = Session::new(scenario(), 7);
        session.spacing = 200;
        session
    }

    fn fingerprint(session: &Session) -> String {
        serde_json::to_string(&session.snapshot()).expect("serializable")
    }

    #[test]
    fn settling_runs_the_events_due_now_and_moves_no_clock() {
        let mut session = Session::new(scenario(), 7);
        assert_eq!(session.simulation().trace().total(), 0);
        session.settle();
        assert_eq!(session.now(), SimTime::ZERO);
        // The pollers' first receives are due at t = 0 (empty: nothing was sent yet).
        assert!(session.simulation().events() > 0);
        let settled = fingerprint(&session);
        session.settle();
        assert_eq!(fingerprint(&session), settled);
    }

    #[test]
    fn seeking_back_then_forward_lands_on_the_same_state() {
        let mut session = often_checkpointed();
        session.seek(SimTime::ZERO + Duration::from_secs(95));
        let at_95 = fingerprint(&session);
        session.seek(SimTime::ZERO + Duration::from_secs(200));
        session.seek(SimTime::ZERO + Duration::from_secs(33));
        assert_eq!(session.now(), SimTime::ZERO + Duration::from_secs(33));
        session.seek(SimTime::ZERO + Duration::from_secs(95));
        assert_eq!(fingerprint(&session), at_95);
    }

    fn burst(count: u32) -> Command {
        Command::SendMessages {
            queue: "orders".into(),
            count,
            poison: false,
        }
    }

    fn at(seconds: u64) -> SimTime {
        SimTime::ZERO + Duration::from_secs(seconds)
    }

    fn sent(session: &Session) -> u64 {
        session.snapshot().summary.messages_sent
    }

    #[test]
    fn commands_are_replayed_when_seeking_over_them() {
        let mut session = often_checkpointed();
        session.seek(at(12));
        let before = sent(&session);
        session.apply(burst(50)).expect("a queue that exists");
        assert_eq!(sent(&session), before + 50);
        session.seek(at(40));
        let with_burst = fingerprint(&session);
        session.seek(at(3));
        assert!(sent(&session) < before);
        session.seek(at(12));
        assert_eq!(
            sent(&session),
            before + 50,
            "the burst is given again at 12 s"
        );
        session.seek(at(40));
        assert_eq!(fingerprint(&session), with_burst);
    }

    #[test]
    fn a_command_after_seeking_back_replaces_the_old_future() {
        let mut session = often_checkpointed();
        session.seek(at(30));
        session.apply(burst(10)).unwrap();
        session.seek(at(20));
        session.apply(burst(3)).unwrap();
        session.seek(at(60));
        let mut only_the_second = often_checkpointed();
        only_the_second.seek(at(20));
        only_the_second.apply(burst(3)).unwrap();
        only_the_second.seek(at(60));
        assert_eq!(fingerprint(&session), fingerprint(&only_the_second));
    }

    #[test]
    fn a_bad_command_changes_nothing() {
        let mut session = often_checkpointed();
        session.seek(SimTime::ZERO + Duration::from_secs(5));
        let before = fingerprint(&session);
        let error = session.apply(Command::PurgeQueue {
            queue: "nope".into(),
        });
        assert_eq!(error, Err(CommandError::UnknownQueue("nope".into())));
        assert_eq!(fingerprint(&session), before);
    }

    #[test]
    fn each_step_runs_to_the_next_instant_at_which_a_message_moves() {
        let mut session = often_checkpointed();
        let mut seen = session.recent_events(TRACE_CAPACITY).len();
        let mut last = session.now();
        for _ in 0..20 {
            let at = session.step().expect("arrivals are scheduled");
            assert_eq!(session.now(), at);
            assert!(at >= last);
            let events = session.recent_events(TRACE_CAPACITY);
            assert!(events.len() > seen, "a step shows a message moving");
            assert!(
                events[seen..].iter().all(|e| e.at == at),
                "all at the instant stepped to"
            );
            (seen, last) = (events.len(), at);
        }
    }

    #[test]
    fn one_long_seek_leaves_checkpoints_spaced_by_events_and_bounded_in_number() {
        let mut session = Session::new(scenario(), 7);
        // Small spacing, so that four hours (about 300,000 events) thin the checkpoints.
        session.spacing = 1_000;
        session.seek(SimTime::ZERO + Duration::from_secs(4 * 3600));
        let checkpoints = &session.checkpoints;
        assert!(session.spacing > 1_000, "thinned: {}", session.spacing);
        assert!(checkpoints.len() > MAX_CHECKPOINTS / 2 && checkpoints.len() <= MAX_CHECKPOINTS);
        assert_eq!(checkpoints[0].now(), SimTime::ZERO);
        // A seek back re-simulates at most the spacing plus one look-ahead's worth of events.
        let mut gaps: Vec<u64> = checkpoints
            .windows(2)
            .map(|w| w[1].events() - w[0].events())
            .collect();
        gaps.push(session.sim.events() - checkpoints.last().unwrap().events());
        assert!(
            gaps.iter().all(|&gap| gap <= session.spacing + 2_000),
            "{gaps:?}"
        );
    }
}
