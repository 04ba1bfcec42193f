//! Laws that must hold for every input, checked on generated strings.

use proptest::prelude::*;
use ptag::markup::{parse, serialize, serialize_unchecked};
use ptag::scheme::Scheme;

/// Strings heavy in delimiters, CJK, CRLF, BOM and full-width twins.
fn markup_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "(",
        ")",
        "[",
        "]",
        "<",
        ">",
        "{",
        "}",
        "#",
        "（",
        "）",
        "【",
        "】",
        "我们",
        "收集",
        "手机号码",
        "\r\n",
        "\n",
        "\r",
        "\u{feff}",
        " ",
        "，",
        "。",
        "a",
        "1",
        "😀",
        "e\u{301}",
        "\t",
        "\u{200b}",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn round_trip_markup_like(s in markup_like()) {
        let doc = parse(&s, &Scheme::default());
        prop_assert_eq!(serialize_unchecked(&doc), s.clone());
        prop_assert_eq!(serialize(&doc), Ok(s));
    }

    #[test]
    fn round_trip_any_string(s in any::<String>()) {
        let doc = parse(&s, &Scheme::default());
        prop_assert_eq!(serialize(&doc), Ok(s));
    }

    #[test]
    fn spans_never_cross_and_lie_in_the_text(s in markup_like()) {
        let doc = parse(&s, &Scheme::default());
        let n = doc.text.len_chars();
        let spans: Vec<_> = doc.spans().collect();
        for a in &spans {
            prop_assert!(a.start <= a.end && a.end <= n);
            for b in &spans {
                let crossing = a.start < b.start && b.start < a.end && a.end < b.end;
                prop_assert!(!crossing, "{:?} crosses {:?}", a, b);
            }
        }
    }
}
