//! Agreement and disagreements of two big files, streamed: read in runs of the same lines
//! (`stream::aligned_texts`), each run compared on any core, the results added up in order.
//! Memory holds a few runs, whatever the size of the files.

use super::compare::{Disagreement, TextDiffers, agree_part, diff_part};
use super::tally::Tally;
use crate::scheme::Scheme;
use crate::stream::{CHUNK_BYTES, aligned_texts};
use std::ops::ControlFlow;
use std::path::Path;

/// `agree` of two UTF-8 files read in pieces; `None` when they cannot be streamed (the caller
/// reads them whole, which says why).
pub fn agree_files(a: &Path, b: &Path, scheme: &Scheme) -> Option<Result<Tally, TextDiffers>> {
    let mut total = Tally::new(scheme);
    let mut differs = None;
    let streamed = aligned_texts(
        &[a, b],
        CHUNK_BYTES,
        |p| agree_part(p[0], p[1], scheme),
        |run| match run {
            Ok(t) => {
                total.add(&t);
                ControlFlow::Continue(())
            }
            Err(d) => {
                differs = Some(d);
                ControlFlow::Break(())
            }
        },
    );
    streamed.then(|| differs.map_or(Ok(total), Err))
}

/// `diff` of two UTF-8 files read in pieces, each disagreement turned into a `T` by
/// `describe` (on any core), in file order; `None` when they cannot be streamed.
pub fn diff_files<T: Send>(
    a: &Path,
    b: &Path,
    scheme: &Scheme,
    describe: impl Fn(Disagreement) -> T + Sync,
) -> Option<Result<Vec<T>, TextDiffers>> {
    let mut found = Vec::new();
    let mut differs = None;
    let streamed = aligned_texts(
        &[a, b],
        CHUNK_BYTES,
        |p| {
            let mut run = Vec::new();
            diff_part(p[0], p[1], scheme, |d| run.push(describe(d))).map(|()| run)
        },
        |run| match run {
            Ok(run) => {
                found.extend(run);
                ControlFlow::Continue(())
            }
            Err(d) => {
                differs = Some(d);
                ControlFlow::Break(())
            }
        },
    );
    streamed.then(|| differs.map_or(Ok(found), Err))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agree::{agree, diff};
    use crate::merge::{merge, merge_files};

    /// About 3 MB of markup (several chunks), and a copy with some tags changed: every 7th
    /// line retags, every 11th drops a tag, every 13th resizes one.
    fn files() -> (String, String) {
        let (mut a, mut b) = (String::new(), String::new());
        for i in 0..40_000 {
            let line = format!("{i}：(我们)会[收集]您的<手机号码>用于{{创建账户}}#注{i}#。\n");
            a.push_str(&line);
            b.push_str(&match (i % 7, i % 11, i % 13) {
                (0, _, _) => line.replace("<手机号码>", "{手机号码}"),
                (_, 0, _) => line.replace("[收集]", "收集"),
                (_, _, 0) => line.replace("<手机号码>", "<手机>号码"),
                _ => line,
            });
        }
        (a, b)
    }

    #[test]
    fn streamed_files_give_what_whole_texts_give() {
        let scheme = Scheme::default();
        let (a, b) = files();
        let dir = tempfile::tempdir().unwrap();
        let (pa, pb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        std::fs::write(&pa, &a).unwrap();
        std::fs::write(&pb, &b).unwrap();
        assert!(a.len() > 3 * CHUNK_BYTES);
        let streamed = agree_files(&pa, &pb, &scheme).unwrap().unwrap();
        assert_eq!(streamed, agree(&a, &b, &scheme).unwrap());
        let mut whole = Vec::new();
        diff(&a, &b, &scheme, |d| whole.push(d)).unwrap();
        assert!(whole.len() > 10_000, "{}", whole.len());
        assert_eq!(
            diff_files(&pa, &pb, &scheme, |d| d).unwrap().unwrap(),
            whole
        );
        // Merged against base A: ours is B, theirs is A with a note changed on line 30 000.
        let theirs = a.replacen("#注30000#", "#注三万#", 1);
        let pt = dir.path().join("t.txt");
        std::fs::write(&pt, &theirs).unwrap();
        let mut out = Vec::new();
        let report = merge_files(&pa, &pb, &pt, &scheme, &mut out)
            .unwrap()
            .unwrap()
            .unwrap();
        let mut expected = String::new();
        let whole_report = merge(&a, &b, &theirs, &scheme, &mut expected).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert_eq!(report, whole_report);
        // A text that differs late, and a file that ends early, are located as before.
        let late = b.replacen("29999：", "29999:", 1);
        std::fs::write(&pb, &late).unwrap();
        assert_eq!(
            agree_files(&pa, &pb, &scheme).unwrap().unwrap_err(),
            agree(&a, &late, &scheme).unwrap_err()
        );
        let half = b.len() / 2;
        let short = &b[..half + b[half..].find('\n').unwrap() + 1];
        std::fs::write(&pb, short).unwrap();
        assert_eq!(
            diff_files(&pa, &pb, &scheme, |d| d).unwrap().unwrap_err(),
            diff(&a, short, &scheme, |_| ()).unwrap_err()
        );
        // Not UTF-8: not streamed (the caller reads it whole and says where).
        std::fs::write(&pb, b"(a)\n\xff\n").unwrap();
        assert!(agree_files(&pa, &pb, &scheme).is_none());
    }
}
