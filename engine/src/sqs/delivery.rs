//! How a standard queue delivers: the seeded model of SQS's distributed storage.
//!
//! Developer Guide, `standard-queues` and `sqs-short-and-long-polling`: SQS keeps each message
//! on several servers. A short poll (WaitTimeSeconds 0) asks a weighted-random subset of them and
//! may answer with fewer messages than are available, or none; a long poll asks all of them and
//! answers as soon as one message is there. Because a delete can miss a server holding a copy,
//! a message is occasionally delivered again, even after a successful DeleteMessage
//! ("at-least-once delivery"); and order is best-effort.
//!
//! The model: every message is placed on one of `servers` servers at send time (drawn from the
//! service's seeded RNG). A short poll samples `short_poll_sampled` of them, uniformly without
//! replacement, and returns the oldest available messages it finds there. A delete misses a
//! copy with probability `duplicate_probability`: the delete succeeds, but the message comes back
//! once its visibility timeout lapses, with the same MessageId and a new receipt handle. FIFO
//! queues ignore all of this: they deliver exactly once, in order.
//!
//! The numbers are a teaching model, not measurements; `ideal()` turns every effect off.

/// The most storage servers the model spreads a queue over.
pub const MAX_SERVERS: u32 = 64;

/// Knobs of the standard-queue delivery model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeliveryModel {
    /// How many storage servers messages are spread over (at least 1).
    pub servers: u32,
    /// How many of them a short poll asks (1..=servers; equal to `servers` means full sampling).
    pub short_poll_sampled: u32,
    /// The chance that a DeleteMessage misses a copy, which is then delivered again.
    pub duplicate_probability: f64,
}

impl DeliveryModel {
    /// No sampling and no duplicates: every receive sees every available message and a
    /// delete is final. The default for `sqs-sim replay` and for lessons that need exact counts.
    pub fn ideal() -> DeliveryModel {
        DeliveryModel {
            servers: 1,
            short_poll_sampled: 1,
            duplicate_probability: 0.0,
        }
    }

    /// The default elsewhere: eight servers, short polls ask five (so a lone message is missed
    /// by about three short polls in eight), and one delete in a thousand misses a copy.
    pub fn realistic() -> DeliveryModel {
        DeliveryModel {
            servers: 8,
            short_poll_sampled: 5,
            duplicate_probability: 0.001,
        }
    }

    /// The model with its knobs brought into range, so that no setting can break the engine.
    pub fn sanitized(self) -> DeliveryModel {
        let servers = self.servers.clamp(1, MAX_SERVERS);
        let duplicate_probability = if self.duplicate_probability.is_finite() {
            self.duplicate_probability.clamp(0.0, 1.0)
        } else {
            0.0
        };
        DeliveryModel {
            servers,
            short_poll_sampled: self.short_poll_sampled.clamp(1, servers),
            duplicate_probability,
        }
    }
}

impl Default for DeliveryModel {
    fn default() -> Self {
        DeliveryModel::realistic()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizing_brings_every_knob_into_range() {
        let wild = DeliveryModel {
            servers: 0,
            short_poll_sampled: 9,
            duplicate_probability: f64::NAN,
        }
        .sanitized();
        assert_eq!(
            wild,
            DeliveryModel {
                servers: 1,
                short_poll_sampled: 1,
                duplicate_probability: 0.0
            }
        );
        let too_many = DeliveryModel {
            servers: 4,
            short_poll_sampled: 9,
            duplicate_probability: 2.0,
        }
        .sanitized();
        assert_eq!(
            (too_many.short_poll_sampled, too_many.duplicate_probability),
            (4, 1.0)
        );
    }
}
