use super::*;

#[test]
fn invalid_utf8_is_located() {
    let e = decode(Path::new("p.txt"), b"ab\n\xe4\xb8\xadx\xff".to_vec()).unwrap_err();
    match &e {
        LoadError::NotUtf8 {
            byte, line, column, ..
        } => assert_eq!((*byte, *line, *column), (7, 2, 3)),
        other => panic!("{other}"),
    }
    assert!(
        e.to_string().starts_with("p.txt:2:3: error: not UTF-8"),
        "{e}"
    );
}

#[test]
fn atomic_write_replaces_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "old").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&p, "new(我们)".as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "new(我们)");
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp file left behind");
}

#[test]
fn a_full_disk_leaves_the_original_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "old content").unwrap();
    let e = write_atomic_inner(&p, "new content, longer".as_bytes(), Some(5)).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::StorageFull);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "old content");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn disk_stamps_notice_changes_even_of_the_same_size() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "我们").unwrap();
    let stamp = DiskStamp::read(&p).unwrap();
    assert!(stamp.still_matches(&p).unwrap());
    std::fs::write(&p, "你们").unwrap();
    assert!(!stamp.still_matches(&p).unwrap());
}

#[test]
fn gb18030_round_trips_and_bad_bytes_are_located() {
    let text = "(我们)会[收集]<手机号码>\r\n";
    let bytes = TextEncoding::Gb18030.encode(text);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    assert!(looks_like_gb18030(&bytes));
    let back = decode_as(Path::new("g.txt"), bytes.clone(), TextEncoding::Gb18030).unwrap();
    assert_eq!(back, text);
    assert_eq!(TextEncoding::Gb18030.encode(&back), bytes);
    let mut bad = bytes.clone();
    bad.insert(4, 0xff);
    let e = decode_as(Path::new("g.txt"), bad, TextEncoding::Gb18030).unwrap_err();
    assert!(e.to_string().contains("not valid GB18030"), "{e}");
    assert!(
        decode(Path::new("g.txt"), bytes)
            .unwrap_err()
            .to_string()
            .contains("--encoding gb18030")
    );
}

#[test]
fn atomic_write_refuses_read_only_and_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ro.txt");
    std::fs::write(&p, "old").unwrap();
    let mut perm = std::fs::metadata(&p).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&p, perm).unwrap();
    assert!(write_atomic(&p, b"new").is_err());
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
    assert!(write_atomic(&dir.path().join("no/such/dir.txt"), b"x").is_err());
}

#[test]
fn a_size_limit_is_a_whole_number_of_bytes_or_an_error_naming_the_variable() {
    assert_eq!(parse_max_file_bytes("4096").unwrap(), 4096);
    assert_eq!(parse_max_file_bytes(" 10\n").unwrap(), 10);
    for bad in ["2GB", "-1", "1e9", "0x10", " "] {
        let e = parse_max_file_bytes(bad).unwrap_err().to_string();
        assert!(
            e.contains(&format!(
                "PTAG_MAX_FILE_BYTES={bad:?} is not a number of bytes"
            )),
            "{e}"
        );
    }
}
