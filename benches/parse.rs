//! `parse` and `serialize` on ~100 MiB of real markup: the corpus files, each followed by a
//! blank line, repeated until the text is at least 100 MiB (as `corpus/make-big.sh` builds it).
//!
//! Run: `PTAG_CORPUS=/path/to/corpus cargo bench --bench parse` (the corpus is not in the repo).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ptag::markup::{parse, serialize, serialize_unchecked};
use ptag::scheme::Scheme;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const TARGET: usize = 100 * 1024 * 1024;

fn big_text() -> String {
    let Some(corpus) = std::env::var_os("PTAG_CORPUS") else {
        eprintln!("set PTAG_CORPUS to the CA4P-483 corpus folder to run this benchmark");
        std::process::exit(2);
    };
    let dir = PathBuf::from(corpus).join("markup");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut round = String::new();
    for f in &files {
        round.push_str(&std::fs::read_to_string(f).unwrap());
        round.push_str("\n\n");
    }
    let mut text = String::with_capacity(TARGET + round.len());
    while text.len() < TARGET {
        text.push_str(&round);
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = big_text();
    let scheme = Scheme::default();
    let doc = parse(&text, &scheme);
    assert_eq!(serialize(&doc).as_deref(), Ok(text.as_str()));

    let mut g = c.benchmark_group("100MiB");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse", |b| b.iter(|| parse(black_box(&text), &scheme)));
    g.bench_function("serialize", |b| {
        b.iter(|| serialize(black_box(&doc)).expect("round trip"))
    });
    // Without the read-back check (which is a parse of the output).
    g.bench_function("serialize_unchecked", |b| {
        b.iter(|| serialize_unchecked(black_box(&doc)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
