//! The suggestions' matcher, kept for one version of the lexicon. Rebuilding it is tens of
//! milliseconds on a corpus-sized lexicon (1,800 texts: 27 ms), more than a key may take. So
//! when the app builds behind the screen (the terminal's loop says so) and the lexicon is big,
//! the new matcher is built on a thread while the last one goes on finding (none at first):
//! the lexicon only gains texts between versions, so the old matcher finds a subset, with their
//! roles read live.
//! A script or a test builds at once, so what it sees never depends on timing.

use crate::suggest::{Lexicon, Matcher};
use std::sync::mpsc;

/// Lexicons with at least this many texts are rebuilt behind the screen (a policy's own
/// lexicon, a few hundred texts, builds in about a millisecond).
pub const BEHIND_FROM: usize = 500;

#[derive(Default)]
pub struct MatcherCache {
    built: Option<(u64, Matcher)>,
    building: Option<(u64, mpsc::Receiver<Matcher>)>,
}

impl MatcherCache {
    /// The matcher for `version` of `lexicon`, or (built `behind`, a big lexicon) the last one
    /// until the new one is ready.
    pub fn current(&mut self, version: u64, lexicon: &Lexicon, behind: bool) -> &Matcher {
        self.take_finished();
        let stale = self.built.as_ref().is_none_or(|(v, _)| *v != version);
        if stale {
            if behind && lexicon.len() >= BEHIND_FROM {
                if self.building.as_ref().is_none_or(|(v, _)| *v != version) {
                    let texts: Vec<String> =
                        lexicon.entries.iter().map(|e| e.text.clone()).collect();
                    let (tx, rx) = mpsc::channel();
                    std::thread::spawn(move || {
                        crate::priority::lower_priority();
                        let _ = tx.send(Matcher::of(texts.iter().map(String::as_str)));
                    });
                    self.building = Some((version, rx));
                }
                // The very first one: nothing is suggested until it is ready.
                self.built
                    .get_or_insert_with(|| (version.wrapping_sub(1), Matcher::none()));
            } else {
                self.building = None;
                self.built = Some((version, lexicon.matcher()));
            }
        }
        &self.built.as_ref().expect("built above or before").1
    }

    /// Takes a matcher built behind the screen if it is ready. Returns whether one was (the
    /// suggestions on screen may change).
    pub fn take_finished(&mut self) -> bool {
        let Some((version, rx)) = &self.building else {
            return false;
        };
        match rx.try_recv() {
            Ok(m) => {
                self.built = Some((*version, m));
                self.building = None;
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.building = None;
                false
            }
        }
    }

    /// Whether a matcher is being built behind the screen.
    pub fn is_building(&self) -> bool {
        self.building.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;
    use crate::scheme::Scheme;

    /// A lexicon of `n` distinct texts (`项目0`, `项目1`, …) tagged as data.
    fn lexicon(n: usize) -> Lexicon {
        let mut lex = Lexicon::new(4);
        for i in 0..n {
            lex.add(&format!("项目{i}"), 2, 1);
        }
        lex
    }

    fn found(m: &Matcher, lex: &Lexicon, text: &str) -> Vec<String> {
        let doc = parse(text, &Scheme::default());
        m.find(lex, &doc, 0..doc.text.len_chars())
            .into_iter()
            .map(|s| doc.text.slice(s.range).to_string())
            .collect()
    }

    fn wait_for(cache: &mut MatcherCache) {
        let started = std::time::Instant::now();
        while !cache.take_finished() {
            assert!(started.elapsed().as_secs() < 30, "the build never ended");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn a_big_lexicon_is_rebuilt_behind_while_the_last_matcher_goes_on_finding() {
        let mut lex = lexicon(BEHIND_FROM);
        let mut cache = MatcherCache::default();
        let text = "项目7和新文本";
        // The first matcher too is built behind: nothing is suggested until it is ready.
        assert!(found(cache.current(1, &lex, true), &lex, text).is_empty());
        wait_for(&mut cache);
        assert_eq!(found(cache.current(1, &lex, true), &lex, text), ["项目7"]);
        assert!(!cache.is_building());
        assert!(lex.add("新文本", 3, 1));
        // The new text is not found until the new matcher is ready, and nothing waits for it.
        assert_eq!(found(cache.current(2, &lex, true), &lex, text), ["项目7"]);
        assert!(cache.is_building());
        wait_for(&mut cache);
        assert!(!cache.is_building());
        assert_eq!(
            found(cache.current(2, &lex, true), &lex, text),
            ["项目7", "新文本"]
        );
    }

    #[test]
    fn a_small_lexicon_or_a_script_rebuilds_at_once() {
        for (n, behind) in [(BEHIND_FROM - 2, true), (BEHIND_FROM, false)] {
            let mut lex = lexicon(n);
            let mut cache = MatcherCache::default();
            cache.current(1, &lex, behind);
            lex.add("新文本", 3, 1);
            let m = cache.current(2, &lex, behind);
            assert_eq!(
                found(m, &lex, "新文本"),
                ["新文本"],
                "{n} texts, behind {behind}"
            );
            assert!(!cache.is_building());
        }
    }
}
