//! ListQueues: queue URLs in name order, filtered by prefix, paginated.
//!
//! API Reference, ListQueues: at most 1,000 results; `NextToken` is returned only when
//! `MaxResults` was given and more queues remain. The token is opaque to callers; here it is the
//! base64 of the last name returned.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::integer_in;
use crate::sqs::error::{SqsError, SqsResult};
use crate::sqs::limits::MAX_LIST_RESULTS;
use crate::sqs::service::Sqs;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListQueuesInput {
    pub queue_name_prefix: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListQueuesOutput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub queue_urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Pages through names in order: those after the token's name, at most `max`.
pub(crate) fn paginate<'a>(
    names: impl Iterator<Item = &'a String>,
    token: Option<&str>,
    max: Option<i64>,
) -> SqsResult<(Vec<&'a String>, Option<String>)> {
    let after = match token {
        Some(token) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| {
                    SqsError::invalid_value("NextToken", token, "Invalid or expired next token.")
                })?,
        ),
        None => None,
    };
    let limit = max.unwrap_or(MAX_LIST_RESULTS) as usize;
    let mut page: Vec<&String> = names
        .filter(|name| after.as_ref().is_none_or(|after| *name > after))
        .take(limit + 1)
        .collect();
    let more = page.len() > limit;
    page.truncate(limit);
    let next = (more && max.is_some())
        .then(|| {
            page.last()
                .map(|last| base64::engine::general_purpose::STANDARD.encode(last.as_bytes()))
        })
        .flatten();
    Ok((page, next))
}

impl Sqs {
    pub fn list_queues(
        &mut self,
        now: SimTime,
        input: ListQueuesInput,
    ) -> SqsResult<ListQueuesOutput> {
        self.clock(now);
        integer_in(
            "MaxResults",
            input.max_results,
            1,
            MAX_LIST_RESULTS,
            "MaxResults must be an integer between 1 and 1000.",
        )?;
        let prefix = input.queue_name_prefix.as_deref().unwrap_or("");
        let names = self.queues.keys().filter(|name| name.starts_with(prefix));
        let (page, next_token) = paginate(names, input.next_token.as_deref(), input.max_results)?;
        Ok(ListQueuesOutput {
            queue_urls: page.into_iter().map(|name| self.queue_url(name)).collect(),
            next_token,
        })
    }
}
