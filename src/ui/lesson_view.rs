//! The guided lesson's panel: the step's text, the prediction to make, the verdict on the last
//! one, and the button that plays on to the next step.

use std::rc::Rc;

use yew::prelude::*;

use super::lesson::LessonProgress;
use crate::sim::guide::Guide;

/// What the learner does in the panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LessonAction {
    Start,
    Choose(usize),
    /// Play to the next step, or show it when it follows at once; finish after the last.
    GoOn,
    Leave,
}

#[derive(PartialEq)]
pub struct LessonProps {
    pub guide: Rc<Guide>,
    /// `None` until the lesson is started.
    pub progress: Option<LessonProgress>,
    pub on_action: Callback<LessonAction>,
}

pub fn lesson_view(props: &LessonProps) -> Html {
    let act = |action: LessonAction| props.on_action.reform(move |_: MouseEvent| action);
    let steps = &props.guide.steps;
    let Some(progress) = &props.progress else {
        return html! {
            <section id="guide" class="panel guide" aria-label="Guided lesson">
                <button id="guide-start" class="primary" onclick={act(LessonAction::Start)}>
                    { format!("Start the guided lesson ({} steps)", steps.len()) }
                </button>
            </section>
        };
    };
    let Some(step) = steps.get(progress.step) else {
        return Html::default();
    };
    let verdict = progress.verdict.and_then(|(at, chosen)| {
        let predict = steps.get(at)?.predict.as_ref()?;
        let picked = predict.choices.get(chosen)?;
        let right = chosen == predict.answer;
        let text = if right {
            format!("You predicted “{picked}”: right.")
        } else {
            format!("You predicted “{picked}”. The answer: “{}”.", predict.choices[predict.answer])
        };
        Some(html! {
            <div id="guide-verdict" class={classes!("verdict", if right { "right" } else { "wrong" })} role="status">
                <strong>{ text }</strong>
                if !predict.explain.is_empty() { { " " }{ &predict.explain } }
            </div>
        })
    });
    let last = progress.step + 1 == steps.len();
    let go_label = if last {
        "Finish the lesson"
    } else if progress.stop.is_some() {
        "Play to the next step ▶"
    } else {
        "Next step"
    };
    let may_go_on = progress.may_go_on(&props.guide);
    html! {
        <section id="guide" class="panel guide" aria-label="Guided lesson">
            <p class="guide-count">
                { format!("Lesson · step {} of {}", progress.step + 1, steps.len()) }
                <button id="guide-leave" class="link" onclick={act(LessonAction::Leave)}>{ "Leave the lesson" }</button>
            </p>
            { verdict.unwrap_or_default() }
            <p id="guide-text" aria-live="polite">{ &step.text }</p>
            if let Some(predict) = &step.predict {
                <fieldset id="guide-predict">
                    <legend>{ "Your prediction" }</legend>
                    { for predict.choices.iter().enumerate().map(|(i, choice)| html! {
                        <label>
                            <input type="radio" name="guide-predict" checked={progress.chosen == Some(i)}
                                onchange={props.on_action.reform(move |_: Event| LessonAction::Choose(i))} />
                            { choice }
                        </label>
                    }) }
                </fieldset>
            }
            <button id="guide-go" class="primary" disabled={!may_go_on} onclick={act(LessonAction::GoOn)}>{ go_label }</button>
            if !may_go_on {
                <span class="hint">{ " Choose your prediction first." }</span>
            }
        </section>
    }
}
