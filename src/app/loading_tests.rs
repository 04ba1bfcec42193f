//! A big file's keys while its end is still being parsed (`app/loading.rs`) end exactly as
//! on the whole file: motions, seeks, prompts and tag changes inside the loaded part run at once,
//! the rest waits for the end.

use crate::app::test_support::{app_with, keys, markup};
use crate::keymap::Keymap;
use crate::markup::{LineStart, parse_part};
use crate::scheme::Scheme;
use std::sync::mpsc::Sender;

/// 600 lines; the last holds the only error.
fn policy() -> String {
    let mut s = String::new();
    for i in 0..600 {
        s.push_str(&format!(
            "第{i}条 (我们)会[收集]您的<手机号码>用于{{注册}}。\n"
        ));
    }
    s.push_str("最后一行(未闭合\n");
    s
}

use crate::doc::Piece;

/// An app on `src` whose first `first` lines are parsed and shown; the rest, cut into runs
/// of 50 lines, is handed back by hand (`send`), as the threads would.
fn lazy_app(src: &str, first: usize) -> (crate::app::App, Sender<Piece>, Vec<Piece>) {
    let scheme = Scheme::default();
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let mut at = LineStart::FILE;
    let mut runs = Vec::new();
    for run in std::iter::once(&lines[..first]).chain(lines[first..].chunks(50)) {
        let text = run.concat();
        runs.push((parse_part(&text, &scheme, at), text.len() as u64));
        at.line_no += run.len();
        at.byte += text.len();
    }
    let mut app = app_with("", Keymap::default_for(&scheme));
    let (head, _) = runs.remove(0);
    app.file_lexicon.learn(&head);
    app.buf_mut().doc = head;
    let rev = app.buf().text_revision;
    app.buf_mut().base = crate::doc::Baseline::of(&app.buf().doc, rev);
    let total_lines = lines.len() + 1;
    let (loading, tx) = crate::doc::Loading::fed(runs.len(), src.len() as u64, total_lines);
    app.files[0].loading = Some(loading);
    let pieces = runs
        .into_iter()
        .enumerate()
        .map(|(i, (d, b))| Piece::new(i, b, d))
        .collect();
    (app, tx, pieces)
}

fn eager_app(src: &str) -> crate::app::App {
    app_with(src, Keymap::default_for(&Scheme::default()))
}

fn send_all_later(tx: Sender<Piece>, pieces: Vec<Piece>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(30));
        // Out of order, as workers finish.
        for p in pieces.into_iter().rev() {
            let _ = tx.send(p);
        }
    })
}

#[test]
fn the_merge_base_of_a_lazily_loaded_file_is_the_whole_file_as_loaded() {
    let src = policy();
    let (mut lazy, tx, mut pieces) = lazy_app(&src, 100);
    // An edit on the loaded part is ours, not the base's.
    keys(&mut lazy, "j j x");
    assert_ne!(markup(&lazy), src);
    // Several pieces joined between keys, then the rest at once.
    let rest = pieces.split_off(4);
    for p in pieces.into_iter().rev() {
        tx.send(p).unwrap();
    }
    assert!(lazy.absorb_loaded());
    for p in rest {
        tx.send(p).unwrap();
    }
    lazy.finish_loading();
    let buf = lazy.buf();
    assert!(buf.base.fits(buf.text_revision));
    assert_eq!(buf.base.markup(&buf.doc), src);
}

#[test]
fn motions_and_tags_well_inside_run_at_once_on_the_loaded_part() {
    let src = policy();
    let script = "j j w w d j j W a u U l l x";
    let (mut lazy, tx, pieces) = lazy_app(&src, 200);
    keys(&mut lazy, script);
    // Nothing was waited for: the end is still out.
    assert!(lazy.is_loading());
    assert_eq!(lazy.buf().doc.text.len_lines(), 201);
    assert_eq!(lazy.total_lines(), 602);
    let mut eager = eager_app(&src);
    keys(&mut eager, script);
    assert_eq!(lazy.view().cursor, eager.view().cursor);
    for p in pieces {
        tx.send(p).unwrap();
    }
    lazy.finish_loading();
    assert!(!lazy.is_loading());
    assert_eq!(markup(&lazy), markup(&eager));
    assert_eq!(lazy.buf().doc.diagnostics, eager.buf().doc.diagnostics);
    assert_eq!(*lazy.role_counts(), *eager.role_counts());
}

#[test]
fn jumps_past_the_loaded_part_wait_for_the_end_and_land_as_on_the_whole_file() {
    let src = policy();
    for script in [
        "G k d",
        "<C-n>",
        ": 5 9 0 <Enter> w d",
        "/ 最 后 <Enter> d",
        "j j d <C-s>",
        // The first match is ahead, at once; the one before it wraps round to the end.
        "/ 收 集 <Enter> N d",
        "<C-n> <C-p>",
    ] {
        let (mut lazy, tx, pieces) = lazy_app(&src, 100);
        let feeder = send_all_later(tx, pieces);
        keys(&mut lazy, script);
        feeder.join().unwrap();
        let mut eager = eager_app(&src);
        keys(&mut eager, script);
        assert!(!lazy.is_loading(), "{script}");
        assert_eq!(lazy.view().cursor, eager.view().cursor, "{script}");
        assert_eq!(markup(&lazy), markup(&eager), "{script}");
        assert_eq!(*lazy.role_counts(), *eager.role_counts(), "{script}");
    }
}

#[test]
fn seeks_and_line_numbers_inside_the_loaded_part_run_at_once_as_on_the_whole_file() {
    // An unclosed tag on line 21 as well as on the last line.
    let src = policy().replacen("第20条 (我们)", "第20条 (我们", 1);
    for script in [
        "] ] ] x",
        "] ] ] ] [ d",
        "<C-n> x",
        ": 3 0 <Enter> <C-p>",
        "4 0 j x",
        ": 5 0 <Enter> w d",
        "<C-g> 6 0 <Enter> w d",
        ": 4 0 <Esc> j j d",
        "/ 收 集 <Enter> n n d",
        "/ 手 机 <BS> <BS> 收 集 <Enter> n N a",
        "1 0 0 j / 收 集 <Enter> N N d",
    ] {
        let (mut lazy, tx, pieces) = lazy_app(&src, 300);
        // The end comes only if a key waits for it (then the check below fails).
        let (done, keys_done) = std::sync::mpsc::channel::<()>();
        let feeder = std::thread::spawn(move || {
            if keys_done
                .recv_timeout(std::time::Duration::from_secs(5))
                .is_err()
            {
                for p in pieces {
                    let _ = tx.send(p);
                }
                return None;
            }
            Some((tx, pieces))
        });
        keys(&mut lazy, script);
        let _ = done.send(());
        let unsent = feeder.join().unwrap();
        // Nothing was waited for: the end is still out.
        assert!(lazy.is_loading(), "{script} waited for the end");
        let mut eager = eager_app(&src);
        keys(&mut eager, script);
        assert_eq!(lazy.view().cursor, eager.view().cursor, "{script}");
        let (tx, pieces) = unsent.unwrap();
        for p in pieces {
            tx.send(p).unwrap();
        }
        lazy.finish_loading();
        assert_eq!(markup(&lazy), markup(&eager), "{script}");
        assert_eq!(lazy.buf().doc.diagnostics, eager.buf().doc.diagnostics);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any mix of jumps, seeks, prompts and tag changes, with the file's end arriving at
    /// any moment (or only when a key waits for it), ends exactly as on the whole file.
    #[test]
    fn any_keys_while_loading_end_as_on_the_whole_file(
        first in 1usize..400,
        late in proptest::bool::ANY,
        behind in proptest::bool::ANY,
        script in proptest::collection::vec(proptest::sample::select(vec![
            "]", "[", "<C-n>", "<C-p>", "n", "N", "j", "k", "w", "d", "x", "a", "u",
            "<C-d>", "3", "0", ": 1 2 0 <Enter>", ": 4 0 0 <Enter>", "<C-g> 2 5 <Enter>",
            "/ 收 集 <Enter>", "/ 最 后 <Enter>", "\\ 第 . 0 条 <Enter>", "G", "g g",
            ": z z <Enter>", "/ 手 <Esc>",
        ]), 1..12),
    ) {
        let src = policy().replacen("第20条 (我们)", "第20条 (我们", 1);
        let script = script.join(" ");
        let (mut lazy, tx, pieces) = lazy_app(&src, first);
        // On a terminal, keys that need the end wait in line for it instead.
        lazy.work_behind = behind;
        let feeder = if late {
            send_all_later(tx, pieces)
        } else {
            std::thread::spawn(move || {
                for p in pieces {
                    let _ = tx.send(p);
                }
            })
        };
        keys(&mut lazy, &script);
        feeder.join().unwrap();
        lazy.finish_loading();
        let mut eager = eager_app(&src);
        keys(&mut eager, &script);
        proptest::prop_assert_eq!(lazy.view().cursor, eager.view().cursor, "{}", script);
        proptest::prop_assert_eq!(markup(&lazy), markup(&eager), "{}", script);
        proptest::prop_assert_eq!(&lazy.buf().doc.diagnostics, &eager.buf().doc.diagnostics);
    }
}

#[test]
fn a_motion_that_reaches_the_loaded_end_is_run_again_on_the_whole_file() {
    let src = policy();
    // 240 rows down (two rows a line at this width) from a part of 100 lines: it goes on past
    // what was loaded.
    let script = format!("2 4 0 j d {}", "<C-d> ".repeat(3));
    let (mut lazy, tx, pieces) = lazy_app(&src, 100);
    let feeder = send_all_later(tx, pieces);
    keys(&mut lazy, "j j j");
    assert!(lazy.is_loading());
    keys(&mut lazy, &script);
    assert!(!lazy.is_loading(), "the motion waited for the end");
    feeder.join().unwrap();
    let mut eager = eager_app(&src);
    keys(&mut eager, "j j j");
    keys(&mut eager, &script);
    assert_eq!(lazy.view().cursor, eager.view().cursor);
    assert_eq!(markup(&lazy), markup(&eager));
    // Down, one row at a time, until the loaded end is near: then the whole file.
    let (mut lazy, tx, pieces) = lazy_app(&src, 100);
    let feeder = send_all_later(tx, pieces);
    keys(&mut lazy, &"j ".repeat(150));
    feeder.join().unwrap();
    let mut eager = eager_app(&src);
    keys(&mut eager, &"j ".repeat(150));
    assert_eq!(lazy.view().cursor, eager.view().cursor);
}

/// The end of the file arriving between any two keys of a script (the keys before it run on
/// the loaded part, or wait for the end) changes nothing in what the script ends with.
#[test]
fn the_end_arriving_between_any_two_keys_changes_nothing() {
    let src = policy().replacen("第20条 (我们)", "第20条 (我们", 1);
    for (first, script) in [
        (100, "j j j 1 2 0 j d <C-d> <C-d> <C-d>"),
        (
            300,
            "] ] d : 4 0 <Enter> / 收 集 <Enter> n d <C-n> x 3 0 k a",
        ),
        (150, "5 0 j w w d <C-d> <C-d> u ] x"),
    ] {
        let keys_of: Vec<&str> = script.split(' ').collect();
        let mut eager = eager_app(&src);
        keys(&mut eager, script);
        for split in 0..=keys_of.len() {
            let (mut lazy, tx, pieces) = lazy_app(&src, first);
            let before = keys_of[..split].join(" ");
            // If a key before the split waits for the end, the end comes late, as from threads.
            let feeder = send_all_later(tx, pieces);
            keys(&mut lazy, &before);
            feeder.join().unwrap();
            keys(&mut lazy, &keys_of[split..].join(" "));
            lazy.finish_loading();
            let what = format!("{before} | {}", keys_of[split..].join(" "));
            assert_eq!(lazy.view().cursor, eager.view().cursor, "{what}");
            assert_eq!(markup(&lazy), markup(&eager), "{what}");
        }
    }
}

/// The suggestions' matcher is rebuilt once the file is whole, not for every piece joined.
#[test]
fn the_lexicon_version_moves_once_the_file_is_whole() {
    let src = policy();
    let (mut lazy, tx, mut pieces) = lazy_app(&src, 100);
    let before = lazy.lexicon_version;
    let last = pieces.pop().expect("pieces");
    for p in pieces {
        tx.send(p).unwrap();
    }
    assert!(lazy.absorb_loaded());
    assert!(lazy.is_loading());
    assert_eq!(lazy.lexicon_version, before, "no rebuild per piece");
    tx.send(last).unwrap();
    assert!(lazy.absorb_loaded());
    assert!(!lazy.is_loading());
    assert!(
        lazy.lexicon_version > before,
        "the whole file's tags teach the suggestions"
    );
}

#[test]
fn on_a_terminal_a_key_that_needs_the_end_waits_in_line_and_the_screen_goes_on() {
    let src = policy();
    let script = "G k d j";
    let mut eager = eager_app(&src);
    keys(&mut eager, script);
    let (mut lazy, tx, pieces) = lazy_app(&src, 100);
    lazy.work_behind = true;
    let was = lazy.view().cursor;
    keys(&mut lazy, script);
    // Nothing waited: `G` and the keys after it are in line, the view is where it was.
    assert!(lazy.is_loading());
    assert_eq!(lazy.waiting_keys.len(), 4);
    assert_eq!(lazy.view().cursor, was);
    let said = lazy
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said == "4 keys wait for the end of the file to be parsed",
        "{said}"
    );
    // The end arrives between keys: the keys run, in order, as on the whole file.
    for p in pieces {
        tx.send(p).unwrap();
    }
    while lazy.is_loading() || !lazy.waiting_keys.is_empty() {
        lazy.absorb_loaded();
    }
    assert_eq!(lazy.view().cursor, eager.view().cursor);
    assert_eq!(markup(&lazy), markup(&eager));
}
