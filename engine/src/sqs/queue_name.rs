//! Queue names, as the CreateQueue action defines them.
//!
//! From the AWS SQS API Reference (CreateQueue, `QueueName`): "A FIFO queue name must end with
//! the `.fifo` suffix." The suffix is how a reader tells a FIFO queue from a standard one at a
//! glance, so the topology view draws the two kinds differently from the name alone.

/// The suffix every FIFO queue name carries.
pub const FIFO_SUFFIX: &str = ".fifo";

/// True when `name` is a FIFO queue name (it ends with `.fifo`, case-sensitively, as in SQS).
pub fn is_fifo_queue_name(name: &str) -> bool {
    name.ends_with(FIFO_SUFFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_queue_names_end_with_the_fifo_suffix() {
        assert!(is_fifo_queue_name("payments.fifo"));
        assert!(!is_fifo_queue_name("payments"));
        assert!(!is_fifo_queue_name("payments.FIFO"));
        assert!(!is_fifo_queue_name("fifo"));
    }
}
