//! The scenario's checks, judged against the run so far: an exercise's pass/fail.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::checks::Verdict;

/// One check as shown: what it expects, the metric it reads, and how the run stands.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckLine {
    pub expects: String,
    pub metric: String,
    pub verdict: Option<Verdict>,
}

#[derive(PartialEq)]
pub struct ChecksProps {
    pub checks: Rc<Vec<CheckLine>>,
    /// True once the clock has reached the end: verdicts are final.
    pub finished: bool,
}

pub fn checks_view(props: &ChecksProps) -> Html {
    let hint = if props.finished {
        "Judged on the whole run."
    } else {
        "Judged on the run so far; final when the clock reaches the end."
    };
    html! {
        <section class="panel checks" aria-label="Checks">
            <h2>{ "Checks" }</h2>
            <p class="hint">{ hint }</p>
            <ul id="checks">
                { for props.checks.iter().map(|line| {
                    let (class, word) = match (&line.verdict, props.finished) {
                        (Some(v), true) if v.passed => ("pass", "passed"),
                        (Some(_), true) => ("fail", "failed"),
                        (Some(v), false) if v.passed => ("pass", "passing so far"),
                        (Some(_), false) => ("fail", "failing so far"),
                        (None, _) => ("fail", "cannot be judged"),
                    };
                    let actual = line.verdict.as_ref().map(|v| format!(" ({} = {})", line.metric, v.actual)).unwrap_or_default();
                    html! {
                        <li class={classes!("check", class)} data-passed={(class == "pass").to_string()}>
                            <strong>{ word }</strong>{ ": " }{ &line.expects }{ actual }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
