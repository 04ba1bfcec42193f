//! Active learning: the annotator looks first where the model is least sure — the next least
//! confident prediction in the file, the session's files ordered by expected work — and can
//! ask for a retraining.

use super::{App, Mode};
use crate::keymap::Simple;

pub fn perform(app: &mut App, s: Simple) {
    match s {
        Simple::LeastConfidentNext => least_confident_next(app),
        Simple::OrderByWork => toggle_order(app),
        Simple::TrainModel => app.request_training(),
        _ => {}
    }
}

/// Why there are no model suggestions yet.
fn no_model(app: &App) -> String {
    if app.learning.running.is_some() {
        "no model yet: training runs (see the status line)".into()
    } else if let Some(e) = &app.learning.last_error {
        format!("no model: {e}")
    } else if app.session.is_some() {
        format!(
            "no model yet: {} trains one on the session's tags",
            app.key(Simple::TrainModel)
        )
    } else {
        "no model: open a folder or several files (it trains on their tags), or pass --model FILE"
            .into()
    }
}

/// Moves to the model suggestion that comes after the one under the cursor in order of rising
/// confidence (the least confident first when the cursor is on none).
fn least_confident_next(app: &mut App) {
    if app.learning.model.is_none() {
        let m = no_model(app);
        app.info(m);
        return;
    }
    let mut all = app.suggestions(0..usize::MAX);
    if all.is_empty() {
        app.info("no model suggestions left in this file");
        return;
    }
    all.sort_by(|a, b| {
        a.confidence()
            .partial_cmp(&b.confidence())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.range.start.cmp(&b.range.start))
    });
    let cur = app.view().cursor;
    let here = all
        .iter()
        .position(|x| x.range.start <= cur && cur < x.range.end);
    // Off every suggestion, the jump goes on after the one it went to last if that one was
    // accepted or rejected meanwhile (it left the list), else it starts at the least sure.
    let key = |x: &super::Offer| (x.confidence().unwrap_or(0.0), x.range.start);
    let after_last = match app.learning.least_sure_last {
        Some((file, c, start)) if file == app.current && here.is_none() => {
            let gone = !all.iter().any(|x| key(x) == (c, start));
            gone.then(|| {
                all.iter()
                    .position(|x| key(x).0 > c || (key(x).0 == c && key(x).1 > start))
            })
        }
        _ => None,
    };
    let (k, wrapped) = match (here, after_last) {
        (Some(i), _) if i + 1 < all.len() => (i + 1, false),
        (Some(_), _) | (None, Some(None)) => (0, true),
        (None, Some(Some(i))) => (i, false),
        (None, None) => (0, false),
    };
    let x = all[k].clone();
    app.learning.least_sure_last = Some((app.current, key(&x).0, key(&x).1));
    let text = app.buf().doc.text.slice(x.range.clone()).to_string();
    let label = app.suggestion_label(&x);
    app.view_mut().cursor = x.range.start;
    app.view_mut().anchor = None;
    app.scroll_to_cursor();
    app.info(format!(
        "least sure {}/{}{}: “{text}” as {label} — {} accepts, {} rejects",
        k + 1,
        all.len(),
        if wrapped {
            " (from the least sure again)"
        } else {
            ""
        },
        app.key(Simple::AcceptSuggestion),
        app.key(Simple::RejectSuggestion),
    ));
}

fn toggle_order(app: &mut App) {
    if app.session.is_none() {
        app.info("no session: a folder's (or several files') list can be ordered");
        return;
    }
    if app.learning.by_work {
        app.learning.by_work = false;
        app.order_files_by_name();
        app.info(format!(
            "files in name order — {} orders them by expected work",
            app.key(Simple::OrderByWork)
        ));
        return;
    }
    if app.learning.model.is_none() {
        let m = no_model(app);
        app.info(m);
        return;
    }
    app.learning.by_work = true;
    app.order_files_by_work();
    // Asked for the work order, the annotator wants the file with the most work next: the
    // highlight goes to the top, where Enter opens it. (A reorder after a retraining keeps the
    // highlight on its file instead: the list does not move under the annotator's hand.)
    if let Some(sess) = app.session.as_mut() {
        sess.selected = 0;
    }
    app.mode = Mode::FileList;
    app.info(format!(
        "files by expected work, most first (the sum of 1 − confidence over what the model suggests) — {} opens the top one, {} back to name order",
        app.key(Simple::OpenFile),
        app.key(Simple::OrderByWork)
    ));
}

impl App {
    /// Orders the session's files by expected work, most first; files without a figure last.
    pub fn order_files_by_work(&mut self) {
        let work: Vec<f32> = (0..self.session.as_ref().map_or(0, |s| s.files.len()))
            .map(|i| self.file_work(i).unwrap_or(-1.0))
            .collect();
        let mut order: Vec<usize> = (0..work.len()).collect();
        order.sort_by(|&a, &b| work[b].total_cmp(&work[a]).then(a.cmp(&b)));
        self.reorder_files(&order);
    }

    /// Back to the order of the paths.
    pub fn order_files_by_name(&mut self) {
        let Some(sess) = &self.session else { return };
        let mut order: Vec<usize> = (0..sess.files.len()).collect();
        order.sort_by(|&a, &b| sess.files[a].path.cmp(&sess.files[b].path));
        self.reorder_files(&order);
    }

    /// Puts the session's files in `order` (old indices), keeping every index that points at
    /// one (open files, the highlight, the work figures) on the same file.
    fn reorder_files(&mut self, order: &[usize]) {
        let Some(sess) = self.session.as_mut() else {
            return;
        };
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        sess.files = order.iter().map(|&i| sess.files[i].clone()).collect();
        sess.selected = new_index.get(sess.selected).copied().unwrap_or(0);
        let work = &self.learning.work;
        if work.len() == order.len() {
            self.learning.work = order.iter().map(|&i| work[i]).collect();
        }
        for f in &mut self.files {
            if let Some(i) = f.session_index {
                f.session_index = new_index.get(i).copied();
            }
        }
    }
}
