//! `--backend URL`: `ptag suggest`, `ptag export` and the editor's `--keys` run against Label
//! Studio ML backends: canned ones in this process (the error paths), and a real one built on
//! the `label-studio-ml` package when Python has it (skipped with a notice otherwise).

mod common;

#[path = "../src/suggest/mock_server.rs"]
#[allow(dead_code)]
mod mock_server;

use common::*;
use mock_server::{MockServer, Reply, rule_answer};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const POLICY: &str = "我们收集您的手机号码。\n(我们)会保存手机号码。\n";

fn phone_backend(score: f64) -> MockServer {
    MockServer::start(move |r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::json(&rule_answer(r, "手机号码", "data", score, 0))
        } else {
            Reply::json("{\"model_version\": \"rule\"}")
        }
    })
}

/// A URL nothing answers: port 1 (tcpmux) is privileged and closed. A port taken from a
/// listener and let go could be taken again by another test's server running alongside.
fn dead_url() -> String {
    "http://127.0.0.1:1".to_string()
}

#[test]
fn suggest_lists_the_backends_predictions_with_their_scores() {
    let server = phone_backend(0.9);
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(dir.path(), &["suggest", "--backend", &server.url, "p.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "p.txt:1:7: data: 手机号码 (0.90)\np.txt:2:8: data: 手机号码 (0.90)\n"
    );
    assert_eq!(
        stderr(&o),
        format!(
            "ptag suggest: backend {}; 2 suggestions in 1 file\n",
            server.url
        )
    );
    let o = ptag_in(
        dir.path(),
        &[
            "suggest",
            "--backend",
            &server.url,
            "--format",
            "json",
            "--min-confidence",
            "0.95",
            "p.txt",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "[]\n");
    let o = ptag_in(
        dir.path(),
        &[
            "suggest",
            "--backend",
            &server.url,
            "--format",
            "json",
            "p.txt",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["confidence"].as_f64().unwrap() as f32, 0.9);
    assert_eq!(
        (v[0]["start"].as_u64(), v[0]["end"].as_u64()),
        (Some(6), Some(10))
    );
    assert_eq!(v[1]["line"], 2);
}

#[test]
fn suggest_apply_tags_the_backends_predictions_in_place() {
    let server = phone_backend(0.9);
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(
        dir.path(),
        &["suggest", "--backend", &server.url, "--apply", "p.txt"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "p.txt:1:8: tagged: data: 手机号码 (0.90)\np.txt:2:9: tagged: data: 手机号码 (0.90)\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.txt")).unwrap(),
        "我们收集您的<手机号码>。\n(我们)会保存<手机号码>。\n"
    );
}

#[test]
fn suggest_sends_the_token_from_the_flag_or_the_environment() {
    let server = phone_backend(0.9);
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(
        dir.path(),
        &[
            "suggest",
            "--backend",
            &server.url,
            "--backend-token",
            "abc",
            "p.txt",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_ptag"))
        .args(["suggest", "--backend", &server.url, "p.txt"])
        .current_dir(dir.path())
        .env("PTAG_BACKEND_TOKEN", "from-env")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let tokens: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_string))
        .collect();
    // Each run: /setup, then /predict for its one block.
    assert_eq!(
        tokens,
        [
            Some("Token abc"),
            Some("Token abc"),
            Some("Token from-env"),
            Some("Token from-env")
        ]
        .map(|t| t.map(str::to_string))
    );
}

#[test]
fn a_dead_backend_exits_2_naming_its_url() {
    let url = dead_url();
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(dir.path(), &["suggest", "--backend", &url, "p.txt"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "ptag suggest: error: backend {url}/setup: cannot be reached"
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_backend_that_never_answers_ends_the_command_within_the_timeout() {
    let server = MockServer::start(|_, _| Reply::Silent(Duration::from_secs(60)));
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let t = Instant::now();
    let o = ptag_in(
        dir.path(),
        &[
            "suggest",
            "--backend",
            &server.url,
            "--backend-timeout",
            "1",
            "p.txt",
        ],
    );
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains(&server.url), "{}", stderr(&o));
}

#[test]
fn a_500_is_retried_and_then_the_predictions_come() {
    let server = MockServer::start(|r, n| match n {
        1 => Reply::Answer {
            status: 500,
            body: b"oops".to_vec(),
        },
        _ if r.line.starts_with("POST /predict") => {
            Reply::json(&rule_answer(r, "手机号码", "data", 0.8, 0))
        }
        _ => Reply::json("{}"),
    });
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(dir.path(), &["suggest", "--backend", &server.url, "p.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn bad_json_is_an_error_for_the_file_and_offsets_that_disagree_are_dropped_and_counted() {
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let server = MockServer::start(|r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::json("{\"results\": [{")
        } else {
            Reply::json("{}")
        }
    });
    let o = ptag_in(dir.path(), &["suggest", "--backend", &server.url, "p.txt"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "p.txt: error: backend {}: the answer is not JSON (at 1:",
            server.url
        )),
        "{}",
        stderr(&o)
    );

    let server = MockServer::start(|r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::json(&rule_answer(r, "手机号码", "data", 0.8, 1))
        } else {
            Reply::json("{}")
        }
    });
    let o = ptag_in(dir.path(), &["suggest", "--backend", &server.url, "p.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("p.txt: warning: backend {}: task 0, result 0: value.text: \"手机号码\" is not the text at 7..11 (\"机号码。\") (dropped)\n", server.url)),
        "{err}"
    );
    assert!(
        err.ends_with("; 0 suggestions in 1 file; 2 predictions dropped\n"),
        "{err}"
    );
}

#[test]
fn a_huge_answer_is_refused_at_the_ceiling() {
    let server = MockServer::start(|r, _| {
        if r.line.starts_with("POST /predict") {
            // 17 MiB of blanks inside a valid answer: over the 16 MiB ceiling.
            Reply::json(&format!(
                "{{\"results\": [{{\"result\": []}}]{}}}",
                " ".repeat(17 << 20)
            ))
        } else {
            Reply::json("{}")
        }
    });
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(dir.path(), &["suggest", "--backend", &server.url, "p.txt"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        format!(
            "p.txt: error: backend {}: answer refused: longer than 16777216 bytes",
            server.url
        )
    );
}

#[test]
fn labels_map_the_backends_names_and_export_writes_its_predictions() {
    let server = MockServer::start(|r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::json(&rule_answer(r, "手机号码", "PERSONAL_DATA", 0.7, 0))
        } else {
            Reply::json("{}")
        }
    });
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(dir.path(), &["suggest", "--backend", &server.url, "p.txt"]);
    assert!(
        stderr(&o).contains("no role \"PERSONAL_DATA\""),
        "{}",
        stderr(&o)
    );
    let o = ptag_in(
        dir.path(),
        &[
            "suggest",
            "--backend",
            &server.url,
            "--labels",
            "data=PERSONAL_DATA",
            "p.txt",
        ],
    );
    assert_eq!(
        stdout(&o),
        "p.txt:1:7: data: 手机号码 (0.70)\np.txt:2:8: data: 手机号码 (0.70)\n",
        "{}",
        stderr(&o)
    );
    let setup: serde_json::Value =
        serde_json::from_str(&server.requests().last().unwrap().body).unwrap();
    assert!(
        setup["label_config"]
            .as_str()
            .unwrap()
            .contains("<Label value=\"PERSONAL_DATA\"")
    );

    let o = ptag_in(
        dir.path(),
        &[
            "export",
            "--format",
            "labelstudio",
            "--backend",
            &server.url,
            "--labels",
            "data=PERSONAL_DATA",
            "p.txt",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let p = &v[0]["predictions"][0];
    assert_eq!(p["model_version"], "rule");
    assert_eq!(p["result"].as_array().unwrap().len(), 2);
    assert_eq!(p["result"][0]["value"]["labels"][0], "PERSONAL_DATA");
    assert_eq!(p["result"][0]["value"]["text"], "手机号码");
    assert_eq!(p["result"][0]["score"], 0.7);

    let o = ptag_in(
        dir.path(),
        &[
            "export",
            "--format",
            "labelstudio",
            "--backend",
            &dead_url(),
            "p.txt",
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).starts_with("ptag export: error: backend http://127.0.0.1:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_keys_script_sees_the_backends_suggestions_and_y_accepts_one() {
    let server = phone_backend(0.9);
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    // To the first suggestion (on 手机号码) and accept it, then save.
    let o = ptag_in(
        dir.path(),
        &["p.txt", "--backend", &server.url, "--keys", "6 l y <C-s>"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let saved = std::fs::read_to_string(dir.path().join("p.txt")).unwrap();
    assert_eq!(saved, "我们收集您的<手机号码>。\n(我们)会保存手机号码。\n");

    // A dead backend: said, and the script runs on the lexicon (which knows 手机号码 now).
    let url = dead_url();
    let o = ptag_in(
        dir.path(),
        &["p.txt", "--backend", &url, "--keys", "G 8 l y <C-s>"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!("ptag: backend {url}/setup: cannot be reached")),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("the script runs without the backend's suggestions"),
        "{}",
        stderr(&o)
    );
    let saved = std::fs::read_to_string(dir.path().join("p.txt")).unwrap();
    assert_eq!(
        saved,
        "我们收集您的<手机号码>。\n(我们)会保存<手机号码>。\n"
    );
}

/// The Python with `label_studio_ml`: $PTAG_LS_PYTHON (set by .ci/run), else the venv that
/// .ci/run makes under target/, else python3; `None` (a notice printed) when none has it.
fn label_studio_python() -> Option<String> {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/target/ls-venv/bin/python");
    let candidates = [
        std::env::var("PTAG_LS_PYTHON").ok(),
        Some(venv.to_string()),
        Some("python3".to_string()),
    ];
    for python in candidates.into_iter().flatten() {
        let ok = Command::new(&python)
            .args(["-c", "import label_studio_ml.api"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(python);
        }
    }
    None
}

/// A backend built on label-studio-ml's `LabelStudioMLBase`, tagging every 手机号码 as data
/// with score 0.9, on a free port.
const LS_BACKEND: &str = r#"
import sys
from label_studio_ml.api import init_app
from label_studio_ml.model import LabelStudioMLBase

class PhoneNumbers(LabelStudioMLBase):
    def predict(self, tasks, **kwargs):
        out = []
        for task in tasks:
            text = task['data']['text']
            regions, at = [], text.find('手机号码')
            while at >= 0:
                regions.append({'from_name': 'label', 'to_name': 'text', 'type': 'labels',
                                'value': {'start': at, 'end': at + 4, 'text': '手机号码',
                                          'labels': ['data']}, 'score': 0.9})
                at = text.find('手机号码', at + 4)
            out.append({'result': regions, 'score': 0.9})
        return out

init_app(model_class=PhoneNumbers).run(host='127.0.0.1', port=int(sys.argv[1]))
"#;

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_real_label_studio_ml_backend_gives_its_predictions_and_scores() {
    let Some(python) = label_studio_python() else {
        eprintln!(
            "note: no Python with label_studio_ml (set PTAG_LS_PYTHON): real-backend test skipped"
        );
        return;
    };
    let dir = folder(&[
        ("p.txt", POLICY.as_bytes()),
        ("backend.py", LS_BACKEND.as_bytes()),
    ]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let _server = Child(
        Command::new(&python)
            .args(["backend.py", &port.to_string()])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Up when /health answers (a Flask server starts in about a second).
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the backend did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let o = ptag_in(dir.path(), &["suggest", "--backend", &url, "p.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "p.txt:1:7: data: 手机号码 (0.90)\np.txt:2:8: data: 手机号码 (0.90)\n"
    );
}
