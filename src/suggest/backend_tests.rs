use super::*;
use crate::markup::parse;
use crate::suggest::mock_server::{MockServer, Reply, rule_answer};
use std::time::Instant;

fn quick(url: &str) -> BackendConfig {
    BackendConfig {
        read_timeout: Duration::from_millis(700),
        backoff: Duration::from_millis(10),
        ..BackendConfig::new(url)
    }
}

fn phone_backend() -> MockServer {
    MockServer::start(|r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::json(&rule_answer(r, "手机号码", "data", 0.9, 0))
        } else {
            Reply::json("{}")
        }
    })
}

#[test]
fn a_document_is_sent_a_block_of_lines_a_task_and_predictions_come_back_in_its_offsets() {
    let server = phone_backend();
    let s = Scheme::default();
    let mut src = String::new();
    for i in 0..40 {
        src.push_str(&format!("第{i}行收集手机号码。\n"));
    }
    let doc = parse(&src, &s);
    let mut config = quick(&server.url);
    config.token = Some("s3cret".into());
    let backend = Backend::new(config, &s).unwrap();
    backend.setup().unwrap();
    let got = backend.predict_document(&doc).unwrap();
    assert_eq!(got.predictions.len(), 40);
    for p in &got.predictions {
        assert_eq!(doc.text.slice(p.range.clone()).to_string(), "手机号码");
        assert_eq!(p.confidence, 0.9);
    }
    let requests = server.requests();
    assert_eq!(requests[0].line, "POST /setup HTTP/1.1");
    // 40 lines and the empty last one: two blocks of 32 lines.
    assert_eq!(requests.len(), 3, "{requests:?}");
    for r in &requests {
        assert_eq!(r.header("authorization"), Some("Token s3cret"));
    }
    let second: serde_json::Value = serde_json::from_str(&requests[2].body).unwrap();
    assert_eq!(second["tasks"][0]["id"], 1);
    assert!(
        second["tasks"][0]["data"]["text"]
            .as_str()
            .unwrap()
            .starts_with("第32行")
    );
    assert!(
        second["label_config"]
            .as_str()
            .unwrap()
            .contains("<Label value=\"data\"")
    );
}

#[test]
fn a_5xx_is_retried_and_a_4xx_is_not() {
    let server = MockServer::start(|r, n| match n {
        0 => Reply::Answer {
            status: 503,
            body: b"busy".to_vec(),
        },
        _ => Reply::json(&rule_answer(r, "我们", "actor", 0.5, 0)),
    });
    let backend = Backend::new(quick(&server.url), &Scheme::default()).unwrap();
    let a = backend.predict(&[(0, "我们")]).unwrap();
    assert_eq!(a.tasks[0].len(), 1);
    assert_eq!(server.requests().len(), 2);

    let server = MockServer::start(|_, _| Reply::Answer {
        status: 401,
        body: b"who are you".to_vec(),
    });
    let backend = Backend::new(quick(&server.url), &Scheme::default()).unwrap();
    let e = backend.predict(&[(0, "我们")]).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "backend {}/predict: answered HTTP 401: who are you",
            server.url
        )
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_backend_that_never_answers_ends_within_the_timeout() {
    let server = MockServer::start(|_, _| Reply::Silent(Duration::from_secs(30)));
    let backend = Backend::new(quick(&server.url), &Scheme::default()).unwrap();
    let t = Instant::now();
    let e = backend.predict(&[(0, "我们")]).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert!(e.is_unreachable(), "{e}");
    assert!(e.to_string().contains(&server.url), "{e}");
}

#[test]
fn a_dead_backend_is_unreachable_naming_its_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let backend = Backend::new(quick(&url), &Scheme::default()).unwrap();
    let e = backend.predict(&[(0, "我们")]).unwrap_err();
    assert!(e.is_unreachable(), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("backend {url}/predict: cannot be reached")),
        "{e}"
    );
    assert!(matches!(
        Backend::new(BackendConfig::new("ftp://x"), &Scheme::default()),
        Err(BackendError::BadUrl { .. })
    ));
}

#[test]
fn bad_json_and_huge_answers_are_refused() {
    let server = MockServer::start(|_, _| Reply::json("{\"results\": [oops"));
    let backend = Backend::new(quick(&server.url), &Scheme::default()).unwrap();
    let e = backend.predict(&[(0, "我们")]).unwrap_err();
    assert!(
        e.to_string().contains("the answer is not JSON (at 1:14)"),
        "{e}"
    );

    let server = MockServer::start(|_, _| Reply::json(&format!("[{}]", " ".repeat(5000))));
    let mut config = quick(&server.url);
    config.max_response_bytes = 4096;
    let backend = Backend::new(config, &Scheme::default()).unwrap();
    let e = backend.predict(&[(0, "我们")]).unwrap_err();
    assert_eq!(
        e,
        BackendError::TooBig {
            url: server.url.clone(),
            limit: 4096
        }
    );
}

#[test]
fn offsets_that_disagree_with_the_text_are_dropped_and_counted() {
    let server = MockServer::start(|r, _| Reply::json(&rule_answer(r, "手机号码", "data", 0.9, 1)));
    let backend = Backend::new(quick(&server.url), &Scheme::default()).unwrap();
    let doc = parse("收集手机号码和手机号码\n", &Scheme::default());
    let got = backend.predict_document(&doc).unwrap();
    assert_eq!(got.predictions, []);
    assert_eq!(got.dropped.len(), 2);
    assert_eq!(got.dropped[0].field, "value.text");
}
