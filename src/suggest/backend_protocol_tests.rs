use super::*;
use proptest::prelude::*;

const TEXT: &str = "我们收集您的手机号码。";

fn region(start: usize, end: usize, text: &str, label: &str, score: f64) -> Value {
    json!({"from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": start, "end": end, "text": text, "labels": [label]}, "score": score})
}

fn parse(body: &Value) -> Result<Answer, ProtocolError> {
    parse_predict_response(
        body.to_string().as_bytes(),
        &[(7, TEXT)],
        &Scheme::default(),
    )
}

#[test]
fn a_label_studio_answer_gives_predictions_with_their_scores() {
    let body = json!({"results": [{"result": [region(6, 10, "手机号码", "data", 0.9),
        region(0, 2, "我们", "actor", 0.25)], "score": 0.5, "model_version": "m1"}],
        "model_version": "v2"});
    let a = parse(&body).unwrap();
    assert_eq!(a.dropped, []);
    assert_eq!(a.model_version.as_deref(), Some("v2"));
    let s = Scheme::default();
    assert_eq!(
        a.tasks,
        vec![vec![
            Prediction {
                range: 6..10,
                role: s.role_by_name("data").unwrap(),
                confidence: 0.9
            },
            Prediction {
                range: 0..2,
                role: s.role_by_name("actor").unwrap(),
                confidence: 0.25
            },
        ]]
    );
}

#[test]
fn a_bare_list_is_read_and_a_region_without_score_takes_the_item_score() {
    let mut r = region(2, 4, "收集", "action", 0.0);
    r.as_object_mut().unwrap().remove("score");
    let a = parse(&json!([{"result": [r], "score": 0.75}])).unwrap();
    assert_eq!(a.tasks[0][0].confidence, 0.75);
    assert_eq!(a.tasks[0][0].range, 2..4);
}

#[test]
fn regions_that_cannot_be_used_are_dropped_with_where_and_why() {
    let body = json!({"results": [{"result": [
        region(6, 10, "手机号", "data", 0.9),
        region(0, 2, "我们", "handler", 0.9),
        region(0, 2, "我们", "actor", 1.5),
        region(9, 40, "x", "data", 0.9),
        {"type": "choices", "value": {}},
        region(0, 2, "我们", "actor", 0.8),
    ]}]});
    let a = parse(&body).unwrap();
    assert_eq!(a.tasks[0].len(), 1, "{:?}", a.tasks);
    let said: Vec<String> = a.dropped.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 5, "{said:?}");
    assert!(
        said[0].starts_with(
            "task 7, result 0: value.text: \"手机号\" is not the text at 6..10 (\"手机号码\")"
        ),
        "{said:?}"
    );
    assert!(
        said[1].starts_with("task 7, result 1: value.labels: no role \"handler\""),
        "{said:?}"
    );
    assert!(
        said[2].starts_with("task 7, result 2: score: 1.5"),
        "{said:?}"
    );
    assert!(
        said[3].starts_with("task 7, result 3: value.end: 9..40"),
        "{said:?}"
    );
    assert!(
        said[4].starts_with("task 7, result 4: type: \"choices\""),
        "{said:?}"
    );
}

#[test]
fn an_answer_of_the_wrong_shape_is_an_error_saying_where() {
    let e = parse_predict_response(b"{\"results\": [", &[(1, "a")], &Scheme::default());
    assert!(
        matches!(e, Err(ProtocolError::NotJson { line: 1, .. })),
        "{e:?}"
    );
    let e = parse(&json!({"results": []})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 tasks were sent but 0 predictions came back"
    );
    let e = parse(&json!({"predictions": []})).unwrap_err();
    assert!(e.to_string().contains("neither"), "{e}");
    let e = parse(&json!([{"result": 3}])).unwrap_err();
    assert_eq!(e.to_string(), "task 7: result: a number is not a list");
}

#[test]
fn requests_carry_the_tasks_and_the_label_config() {
    let r: Value = serde_json::from_str(&predict_request(&[(3, "ab")], "<View/>")).unwrap();
    assert_eq!(r["tasks"][0]["id"], 3);
    assert_eq!(r["tasks"][0]["data"]["text"], "ab");
    assert_eq!(r["label_config"], "<View/>");
    let s: Value = serde_json::from_str(&setup_request("<View/>")).unwrap();
    assert_eq!(s["schema"], "<View/>");
    assert_eq!(s["project"], PROJECT);
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|x| json!(x)),
        prop_oneof![
            Just("labels".to_string()),
            Just("data".to_string()),
            Just("result".to_string()),
            ".{0,6}"
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let key = prop_oneof![
            Just("results".to_string()),
            Just("result".to_string()),
            Just("type".to_string()),
            Just("value".to_string()),
            Just("start".to_string()),
            Just("end".to_string()),
            Just("text".to_string()),
            Just("labels".to_string()),
            Just("score".to_string()),
            ".{0,4}"
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_answer_gives_a_result_and_never_a_panic(v in any_json(), raw in ".{0,40}") {
        let _ = parse_predict_response(v.to_string().as_bytes(), &[(1, "我们收集"), (2, "")], &Scheme::default());
        let _ = parse_predict_response(raw.as_bytes(), &[(1, "我们收集")], &Scheme::default());
        // Wrapped as an answer's one region, to reach the region checks.
        let body = json!({"results": [{"result": [v.clone()]}]});
        if let Ok(a) = parse_predict_response(body.to_string().as_bytes(), &[(1, "我们收集")], &Scheme::default()) {
            for p in &a.tasks[0] {
                prop_assert!(p.range.start < p.range.end && p.range.end <= 4);
            }
        }
        let body = json!({"results": [{"result": [{"type": "labels", "value": v}]}]});
        let _ = parse_predict_response(body.to_string().as_bytes(), &[(1, "我们收集")], &Scheme::default());
    }
}
