//! A canned HTTP server on 127.0.0.1 for tests of the backend client: each request is recorded
//! and answered as a closure says (an answer, or silence). Only std, so the integration tests
//! include this same file (`tests/common`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as it came.
#[derive(Debug, Clone)]
pub struct Request {
    /// `POST /predict`.
    pub line: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How to answer.
pub enum Reply {
    Answer {
        status: u16,
        body: Vec<u8>,
    },
    /// Read the request, wait this long without a word, close.
    Silent(Duration),
    /// Answer `body` (200) after this long: a slow backend.
    Late(Duration, String),
}

impl Reply {
    pub fn json(body: &str) -> Reply {
        Reply::Answer {
            status: 200,
            body: body.as_bytes().to_vec(),
        }
    }
}

type Answerer = dyn Fn(&Request, usize) -> Reply + Send + Sync;

pub struct MockServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl MockServer {
    /// Serves until the process ends; `answer` gets each request and its number (from 0).
    pub fn start(answer: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answerer> = Arc::new(answer);
        let seen = Arc::clone(&requests);
        let count = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (answer, seen, count) =
                    (Arc::clone(&answer), Arc::clone(&seen), Arc::clone(&count));
                std::thread::spawn(move || serve(stream, &*answer, &seen, &count));
            }
        });
        MockServer { url, requests }
    }

    /// Every request so far, in the order they came.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("not poisoned").clone()
    }
}

fn serve(stream: TcpStream, answer: &Answerer, seen: &Mutex<Vec<Request>>, count: &AtomicUsize) {
    let Ok(mut reader) = stream.try_clone().map(BufReader::new) else {
        return;
    };
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let request = Request {
        line: line.trim().to_string(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let n = count.fetch_add(1, Ordering::SeqCst);
    let reply = answer(&request, n);
    seen.lock().expect("not poisoned").push(request);
    let mut stream = stream;
    let reply = match reply {
        Reply::Late(d, body) => {
            std::thread::sleep(d);
            Reply::json(&body)
        }
        other => other,
    };
    match reply {
        Reply::Silent(d) | Reply::Late(d, _) => std::thread::sleep(d),
        Reply::Answer { status, body } => {
            let head = format!(
                "HTTP/1.1 {status} Canned\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    }
}

/// The answer of a backend tagging each `needle` in each task as `label` with `score`, as
/// label-studio-ml sends it (`{"results": [...]}`); `skew` moves every start by that many chars
/// (its `value.text` then disagrees with the offsets).
pub fn rule_answer(
    request: &Request,
    needle: &str,
    label: &str,
    score: f64,
    skew: usize,
) -> String {
    let sent: serde_json::Value = serde_json::from_str(&request.body).unwrap_or_default();
    let empty = Vec::new();
    let tasks = sent["tasks"].as_array().unwrap_or(&empty);
    let results: Vec<serde_json::Value> = tasks
        .iter()
        .map(|t| {
            let text = t["data"]["text"].as_str().unwrap_or_default();
            let chars: Vec<char> = text.chars().collect();
            let n: Vec<char> = needle.chars().collect();
            let regions: Vec<serde_json::Value> = (0..chars.len())
                .filter(|&i| chars[i..].starts_with(&n))
                .map(|i| {
                    serde_json::json!({"from_name": "label", "to_name": "text", "type": "labels",
                        "value": {"start": i + skew, "end": i + n.len() + skew, "text": needle,
                                  "labels": [label]},
                        "score": score})
                })
                .collect();
            serde_json::json!({"result": regions, "score": score, "model_version": "rule"})
        })
        .collect();
    serde_json::json!({"results": results, "model_version": "rule"}).to_string()
}
