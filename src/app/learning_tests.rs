//! The session model on the pure app: jobs taken and run in place (as the terminal's worker
//! thread would), their results applied, suggestions from the model, the least-sure jump and
//! the file list by expected work.

use super::*;
use crate::app::test_support::*;
use crate::editor::build_app;

/// A session folder: `a.txt` tagged (phone numbers are data, 我们 the actor), `b.txt` raw.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let tagged = "(我们)[收集]您的<手机号码>。\n(我们)[使用]您的<手机号码>。\n(我们)会[保存]您的<手机号码>。\n";
    std::fs::write(dir.path().join("a.txt"), tagged.repeat(4)).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "我们收集您的手机号码。\n我们会保存您的手机号码。\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.txt"), "本政策适用于所有产品。\n").unwrap();
    dir
}

fn session(dir: &std::path::Path, retrain_every: usize) -> App {
    let args = crate::cli::EditorArgs {
        files: vec![dir.to_path_buf()],
        retrain_every: Some(retrain_every),
        ..Default::default()
    };
    let data = tempfile::tempdir().unwrap().keep();
    let mut a = build_app(&args, Some(data)).unwrap();
    a.size = (80, 12);
    a
}

/// Runs the job the app wants, in place; panics when it wants none.
fn run_job(a: &mut App) {
    let job = a.take_model_job().expect("a job is wanted");
    assert!(a.take_model_job().is_none(), "one job at a time");
    a.model_job_done(job.run());
}

/// The open file's predictions in the order the least-sure jump walks them: rising
/// confidence, then position.
fn least_sure_first(a: &App) -> Vec<Offer> {
    let mut all = a.suggestions(0..usize::MAX);
    all.sort_by(|x, y| {
        x.confidence()
            .partial_cmp(&y.confidence())
            .unwrap()
            .then(x.range.start.cmp(&y.range.start))
    });
    all
}

#[test]
fn a_session_trains_at_start_and_the_model_replaces_the_lexicon() {
    let dir = folder();
    let mut a = session(dir.path(), 20);
    assert!(a.learning.model.is_none());
    keys(&mut a, "j <Enter>");
    assert!(a.buf().name.ends_with("b.txt"), "{}", a.buf().name);
    let lexicon = a.suggestions(0..usize::MAX);
    assert!(
        lexicon.iter().all(|x| x.confidence().is_none()),
        "no model yet: {lexicon:?}"
    );
    run_job(&mut a);
    assert!(a.learning.running.is_none());
    assert!(matches!(
        a.learning.origin,
        Some(ModelOrigin::Trained { files: 1, tags: 36 })
    ));
    let offers = a.suggestions(0..usize::MAX);
    let texts: Vec<String> = offers
        .iter()
        .map(|x| a.buf().doc.text.slice(x.range.clone()).to_string())
        .collect();
    assert!(texts.contains(&"手机号码".to_string()), "{texts:?}");
    assert!(
        offers
            .iter()
            .all(|x| x.confidence().is_some_and(|c| (0.0..=1.0).contains(&c)))
    );
    // Accept with the same key as a lexicon suggestion: the cursor on 手机号码, then y.
    let phone = offers
        .iter()
        .find(|x| a.buf().doc.text.slice(x.range.clone()) == "手机号码")
        .unwrap()
        .clone();
    a.view_mut().cursor = phone.range.start;
    assert!(
        a.suggestion_label(&a.suggestion_at(phone.range.start).unwrap())
            .starts_with("data 数据 (confidence ")
    );
    keys(&mut a, "y");
    assert!(
        markup(&a).starts_with("我们收集您的<手机号码>。\n"),
        "{}",
        markup(&a)
    );
}

#[test]
fn rejected_predictions_stay_rejected_and_are_kept_for_the_file() {
    let dir = folder();
    let mut a = session(dir.path(), 20);
    run_job(&mut a);
    keys(&mut a, "j <Enter>");
    let before = a.suggestions(0..usize::MAX);
    let first = before[0].clone();
    a.view_mut().cursor = first.range.start;
    keys(&mut a, "R");
    let after = a.suggestions(0..usize::MAX);
    assert_eq!(after.len() + 1, before.len());
    assert!(!after.contains(&first));
    assert_eq!(
        a.view().rejected,
        vec![(first.range.start, first.range.end)]
    );
    // A retrained model does not bring it back.
    keys(&mut a, "<A-c>");
    run_job(&mut a);
    assert!(
        !a.suggestions(0..usize::MAX)
            .iter()
            .any(|x| x.range == first.range)
    );
}

#[test]
fn a_retraining_is_wanted_after_n_new_tags_and_a_stale_result_is_ignored() {
    let dir = folder();
    let mut a = session(dir.path(), 1);
    let first = a.take_model_job().unwrap();
    // A tag while it trains: a second job is wanted only once it ends.
    keys(&mut a, "j <Enter> d");
    assert_eq!(a.learning.new_tags, 1, "{}", markup(&a));
    assert!(a.take_model_job().is_none(), "the first still runs");
    a.model_job_done(first.run());
    assert!(a.learning.model.is_some());
    let second = a.take_model_job().expect("a tag since: retrain");
    assert_eq!(a.learning.new_tags, 0);
    // A result nobody waits for (an abandoned job) changes nothing.
    let version = a.learning.version;
    a.model_job_done(JobDone {
        generation: 999,
        result: Err("stale".into()),
    });
    assert_eq!(a.learning.version, version);
    assert!(a.learning.running.is_some());
    // The job trains on the edited buffer, not the file on disk.
    a.model_job_done(second.run());
    assert!(a.learning.version > version);
    assert!(a.take_model_job().is_none(), "nothing new since");
}

#[test]
fn nothing_tagged_gives_no_model_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "我们收集您的手机号码。\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "我们保存您的手机号码。\n").unwrap();
    let mut a = session(dir.path(), 20);
    run_job(&mut a);
    assert!(a.learning.model.is_none());
    keys(&mut a, "<Enter> c");
    assert!(
        msg(&a).contains("no model: no tags to learn from"),
        "{}",
        msg(&a)
    );
}

#[test]
fn the_least_sure_jump_walks_predictions_by_rising_confidence() {
    let dir = folder();
    let mut a = session(dir.path(), 20);
    run_job(&mut a);
    keys(&mut a, "j <Enter>");
    let all = least_sure_first(&a);
    assert!(all.len() >= 2, "{all:?}");
    a.view_mut().cursor = a.buf().doc.text.len_chars();
    for (k, x) in all.iter().enumerate() {
        keys(&mut a, "c");
        assert_eq!(a.view().cursor, x.range.start, "step {k}");
        assert!(
            msg(&a).starts_with(&format!("least sure {}/{}", k + 1, all.len())),
            "{}",
            msg(&a)
        );
    }
    keys(&mut a, "c");
    assert_eq!(a.view().cursor, all[0].range.start, "wraps");
}

#[test]
fn the_file_list_orders_by_expected_work_and_back() {
    let dir = folder();
    let mut a = session(dir.path(), 20);
    keys(&mut a, "P");
    assert!(msg(&a).starts_with("no model yet"), "{}", msg(&a));
    run_job(&mut a);
    let names = |a: &App| -> Vec<String> {
        a.session
            .as_ref()
            .unwrap()
            .files
            .iter()
            .map(|f| f.rel.clone())
            .collect()
    };
    assert_eq!(names(&a), ["a.txt", "b.txt", "c.txt"]);
    // Open c so an open file's index must follow the reordering.
    keys(&mut a, "G <Enter> <C-o> P");
    assert_eq!(a.mode, Mode::FileList);
    let work: Vec<f32> = (0..3).map(|i| a.file_work(i).unwrap()).collect();
    assert!(work.windows(2).all(|w| w[0] >= w[1]), "{work:?}");
    let c = names(&a).iter().position(|n| n == "c.txt").unwrap();
    assert_eq!(a.file(a.current).session_index, Some(c));
    assert_eq!(
        a.session.as_ref().unwrap().selected,
        0,
        "asked for the work order: the highlight is on the most work, Enter opens it"
    );
    assert!(msg(&a).contains("<Enter> opens the top one"), "{}", msg(&a));
    // The highlight then follows its file when the order goes back to names.
    let top = names(&a)[0].clone();
    keys(&mut a, "P");
    assert_eq!(names(&a), ["a.txt", "b.txt", "c.txt"]);
    assert_eq!(a.file(a.current).session_index, Some(2));
    let sel = a.session.as_ref().unwrap().selected;
    assert_eq!(names(&a)[sel], top);
}

#[test]
fn a_reorder_after_retraining_keeps_the_highlight_on_its_file() {
    let dir = folder();
    let mut a = session(dir.path(), 20);
    run_job(&mut a);
    keys(&mut a, "P j");
    let name = |a: &App| {
        let s = a.session.as_ref().unwrap();
        s.files[s.selected].rel.clone()
    };
    let highlighted = name(&a);
    // Retrained on more tags (b.txt tagged and saved): the work figures and maybe the order
    // change, the highlight stays on the file it was on.
    std::fs::write(
        dir.path().join("b.txt"),
        "(我们)[收集]您的<手机号码>。\n(我们)会[保存]您的<手机号码>。\n",
    )
    .unwrap();
    keys(&mut a, "<A-c>");
    run_job(&mut a);
    assert!(a.learning.by_work);
    assert_eq!(name(&a), highlighted);
}

#[test]
fn trained_on_counts_tagged_files_and_no_work_shows_as_zero() {
    let dir = folder();
    std::fs::write(dir.path().join("d.txt"), "\n").unwrap();
    let mut a = session(dir.path(), 20);
    run_job(&mut a);
    // a.txt is tagged; b.txt, c.txt and d.txt are not: the model learned from one file.
    assert!(
        matches!(
            a.learning.origin,
            Some(ModelOrigin::Trained { files: 1, .. })
        ),
        "{:?}",
        a.learning.origin
    );
    assert!(
        msg(&a).starts_with("model trained on 1 file"),
        "{}",
        msg(&a)
    );
    // d.txt: nothing to suggest, so no work: 0.0, never -0.0 (from the job, then live).
    let d = 3;
    assert_eq!(a.file_work(d), Some(0.0));
    assert_eq!(a.file_work(d).map(f32::is_sign_positive), Some(true));
    keys(&mut a, "G <Enter>");
    assert!(a.buf().name.ends_with("d.txt"), "{}", a.buf().name);
    assert_eq!(a.file_work(d).map(f32::is_sign_positive), Some(true));
    keys(&mut a, "<C-o>");
    let screen = crate::editor::final_screen(&a, 100, 8);
    let row = screen.lines().find(|l| l.contains("d.txt")).unwrap();
    assert!(row.trim_end().ends_with(" 0.0"), "{screen}");
    assert!(!screen.contains("-0.0"), "{screen}");
}

#[test]
fn a_loaded_model_is_used_without_training() {
    let dir = folder();
    let mut trained = session(dir.path(), 20);
    run_job(&mut trained);
    let model = (*trained.learning.model.clone().unwrap()).clone();
    let mut a = session(dir.path(), 20);
    a.learning.auto = false;
    a.use_model(model, "m.model".into());
    let job = a.take_model_job().expect("work figures for the list");
    assert!(job.model.is_some(), "no training over a loaded model");
    a.model_job_done(job.run());
    assert_eq!(
        a.learning.origin,
        Some(ModelOrigin::Loaded("m.model".into()))
    );
    keys(&mut a, "d");
    assert!(
        a.take_model_job().is_none(),
        "tags do not retrain a loaded model"
    );
}

#[test]
fn one_file_without_a_session_never_trains() {
    let mut a = app_with(
        "我们收集<手机号码>。\n",
        Keymap::default_for(&Scheme::default()),
    );
    a.enable_training(1);
    keys(&mut a, "d");
    assert!(a.take_model_job().is_none());
    keys(&mut a, "<A-c>");
    assert!(msg(&a).starts_with("no session"), "{}", msg(&a));
}

#[test]
fn the_job_predicts_the_open_files_so_the_first_frame_with_a_model_predicts_nothing() {
    let dir = folder();
    // 70 lines: three prediction blocks.
    let long: String = (0..70)
        .map(|i| match i % 3 {
            0 => "我们收集您的手机号码。\n",
            1 => "本政策适用于所有产品。\n",
            _ => "我们会保存您的手机号码。\n",
        })
        .collect();
    std::fs::write(dir.path().join("b.txt"), &long).unwrap();
    let mut a = session(dir.path(), 20);
    keys(&mut a, "j <Enter>");
    let id = a.current;
    run_job(&mut a);
    assert_eq!(a.predicted_blocks(id), 3, "every block, before any frame");
    let seeded = a.suggestions(0..usize::MAX);
    assert!(seeded.len() >= 40, "{}", seeded.len());
    // The same as predicting block by block on the key path (a new model version drops them).
    a.learning.version += 1;
    assert_eq!(a.predicted_blocks(id), 0);
    assert_eq!(a.suggestions(0..usize::MAX), seeded);
    assert_eq!(a.predicted_blocks(id), 3);
    // A file whose text changed while the job ran is predicted as it is drawn.
    a.learning.wanted = true;
    let job = a.take_model_job().unwrap();
    // (As a text fix or a reload would: the text is another.)
    a.file_mut(id).buffer.text_revision += 1;
    a.model_job_done(job.run());
    assert_eq!(a.predicted_blocks(id), 0);
    assert!(!a.suggestions(0..usize::MAX).is_empty());
}

#[test]
fn after_a_reject_or_an_accept_the_least_sure_jump_goes_on_where_it_was() {
    let dir = folder();
    let mut a = session(dir.path(), 20);
    run_job(&mut a);
    keys(&mut a, "j <Enter>");
    let all = least_sure_first(&a);
    assert!(all.len() >= 4, "{all:?}");
    a.view_mut().cursor = a.buf().doc.text.len_chars();
    keys(&mut a, "c c");
    assert_eq!(a.view().cursor, all[1].range.start);
    // Rejecting the second least sure: the next jump is the third, counted among those left.
    keys(&mut a, "R c");
    assert_eq!(a.view().cursor, all[2].range.start, "{}", msg(&a));
    assert!(
        msg(&a).starts_with(&format!("least sure 2/{}", all.len() - 1)),
        "{}",
        msg(&a)
    );
    // Accepting it: the next jump is the fourth.
    keys(&mut a, "y c");
    assert_eq!(a.view().cursor, all[3].range.start, "{}", msg(&a));
}
