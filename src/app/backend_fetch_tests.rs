use super::*;
use crate::app::Origin;
use crate::app::test_support::{app, keys, markup, msg};
use crate::suggest::backend::BackendConfig;
use crate::suggest::mock_server::{MockServer, Reply, rule_answer};

const POLICY: &str = "我们收集您的手机号码。\n其他内容。\n";

/// A backend tagging 手机号码 as data (0.9), answering `/predict` after `delay`.
fn slow_phone_backend(delay: Duration) -> MockServer {
    MockServer::start(move |r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::Late(delay, rule_answer(r, "手机号码", "data", 0.9, 0))
        } else {
            Reply::json("{}")
        }
    })
}

fn backend(url: &str) -> Backend {
    let config = BackendConfig {
        read_timeout: Duration::from_secs(5),
        backoff: Duration::from_millis(10),
        ..BackendConfig::new(url)
    };
    Backend::new(config, &crate::scheme::Scheme::default()).unwrap()
}

#[test]
fn keys_run_while_a_slow_backend_is_asked_and_its_suggestions_come_after() {
    let server = slow_phone_backend(Duration::from_millis(800));
    let mut app = app(POLICY);
    app.use_backend(backend(&server.url));
    // Drawn: the lexicon is asked (it knows nothing) and the blocks are wanted.
    assert_eq!(app.suggestions(0..usize::MAX), []);
    let job = app.take_backend_job().expect("the drawn block is wanted");
    assert!(app.take_backend_job().is_none(), "one job at a time");
    let started = Instant::now();
    let worker = std::thread::spawn(move || job.run());
    // While the request is out, every key runs at once.
    let mut slowest = Duration::ZERO;
    for _ in 0..6 {
        let t = Instant::now();
        keys(&mut app, "l");
        slowest = slowest.max(t.elapsed());
        assert_eq!(app.suggestions(0..usize::MAX), []);
    }
    assert!(
        !worker.is_finished(),
        "the backend answered too soon for the test"
    );
    assert_eq!(app.view().cursor, 6);
    assert!(
        slowest < Duration::from_millis(100),
        "a key took {slowest:?}"
    );
    let done = worker.join().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(800));
    app.backend_job_done(done);
    let offers = app.suggestions(0..usize::MAX);
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!(offers[0].range, 6..10);
    assert_eq!(offers[0].origin, Origin::Model { confidence: 0.9 });
    // `y` accepts it as a model's.
    keys(&mut app, "y");
    assert_eq!(markup(&app), "我们收集您的<手机号码>。\n其他内容。\n");
}

#[test]
fn an_unreachable_backend_is_said_and_left_alone_for_a_while_the_lexicon_staying() {
    // Port 1 is privileged and closed: nothing answers (a port let go by a listener could be
    // taken again by another test's server).
    let url = "http://127.0.0.1:1".to_string();
    let mut app = app("<手机号码>和手机号码\n");
    app.use_backend(backend(&url));
    let lexicon = app.suggestions(0..usize::MAX);
    assert_eq!(lexicon.len(), 1, "the lexicon suggests meanwhile");
    let job = app.take_backend_job().unwrap();
    app.backend_job_done(job.run());
    assert!(msg(&app).contains("cannot be reached"), "{}", msg(&app));
    assert!(
        msg(&app).contains("suggestions from the lexicon meanwhile; trying again in 15 s"),
        "{}",
        msg(&app)
    );
    assert_eq!(app.suggestions(0..usize::MAX), lexicon);
    assert!(
        app.take_backend_job().is_none(),
        "not asked again before RETRY_AFTER"
    );
    app.backend.retry_at = Some(Instant::now());
    assert!(app.take_backend_job().is_some(), "asked again after it");
}

#[test]
fn a_script_fetches_every_block_first_and_a_text_edit_asks_again() {
    let server = slow_phone_backend(Duration::ZERO);
    let mut src = String::new();
    for _ in 0..70 {
        src.push_str("收集手机号码\n");
    }
    let mut app = app(&src);
    app.use_backend(backend(&server.url));
    app.fetch_backend_now();
    let predicts = |s: &MockServer| {
        s.requests()
            .iter()
            .filter(|r| r.line.starts_with("POST /predict"))
            .count()
    };
    // 70 lines and the empty one after them: three blocks of up to 32 lines.
    assert_eq!(predicts(&server), 3);
    assert_eq!(app.suggestions(0..usize::MAX).len(), 70);
    // Tagging changes no text: nothing is asked again.
    keys(&mut app, "2 l y");
    assert_eq!(app.suggestions(0..usize::MAX).len(), 69);
    assert!(app.take_backend_job().is_none());
    assert_eq!(predicts(&server), 3);
}
