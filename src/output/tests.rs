//! The writer's and the check's behaviour on a real folder.

use super::*;

fn one(target: &str, files: &[(&str, &str)]) -> BTreeMap<String, OutputTree> {
    let mut t = OutputTree::new();
    for (p, b) in files {
        t.insert(*p, b.as_bytes()).unwrap();
    }
    BTreeMap::from([(target.to_string(), t)])
}

#[test]
fn escaping_paths_are_refused() {
    let mut t = OutputTree::new();
    for bad in [
        "../x",
        "a/../../etc/passwd",
        "/etc/passwd",
        "a//b",
        "a\\b",
        "",
        "./a",
        "C:/x",
    ] {
        assert!(t.insert(bad, "x").is_err(), "{bad} accepted");
    }
    assert!(t.insert("a/b.py", "x").is_ok());
}

#[test]
fn writes_only_changes_and_deletes_only_owned_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("handwritten.txt"), "mine").unwrap();
    let r = write(root, &one("py", &[("a.py", "1"), ("pkg/b.py", "2")])).unwrap();
    assert_eq!(r.written.len(), 2);
    let r = write(root, &one("py", &[("a.py", "1"), ("pkg/b.py", "2")])).unwrap();
    assert_eq!((r.written.len(), r.unchanged), (0, 2));
    assert!(check(root, &one("py", &[("a.py", "1"), ("pkg/b.py", "2")])).is_empty());
    let drift = check(root, &one("py", &[("a.py", "1!")]));
    assert_eq!(
        drift,
        vec![
            Drift::Changed("a.py".into()),
            Drift::Removed("pkg/b.py".into())
        ]
    );
    let r = write(root, &one("py", &[("a.py", "1")])).unwrap();
    assert_eq!(r.deleted, vec!["pkg/b.py".to_string()]);
    assert!(!root.join("pkg").exists());
    assert_eq!(
        std::fs::read_to_string(root.join("handwritten.txt")).unwrap(),
        "mine"
    );
    // Another target's files are left alone.
    write(root, &one("ts", &[("index.ts", "x")])).unwrap();
    assert!(root.join("a.py").exists());
}

#[test]
fn a_failed_write_leaves_the_tree_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, &one("py", &[("keep.py", "old")])).unwrap();
    // `blocked.py` is a folder on disk, so it cannot be replaced; the
    // other files (new ones, a changed one, enough to use every writer
    // thread) must not be left behind.
    std::fs::create_dir(root.join("blocked.py")).unwrap();
    let mut files: Vec<(String, String)> = (0..600)
        .map(|i| (format!("pkg{}/m{i}.py", i % 3), format!("{i}")))
        .collect();
    files.push(("keep.py".into(), "new".into()));
    files.push(("blocked.py".into(), "x".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_str()))
        .collect();
    assert!(write(root, &one("py", &refs)).is_err());
    let mut left: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    assert_eq!(left, vec![LOCK, MANIFEST, "blocked.py", "keep.py"]);
    assert_eq!(
        std::fs::read_to_string(root.join("keep.py")).unwrap(),
        "old"
    );
    assert_eq!(
        std::fs::read_dir(root.join("blocked.py")).unwrap().count(),
        0
    );
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn a_file_the_manifest_does_not_list_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/mine.py"), "my own code").unwrap();
    std::fs::write(root.join("same.py"), "1").unwrap();
    let tree = one(
        "py",
        &[
            ("pkg/mine.py", "generated"),
            ("same.py", "1"),
            ("new.py", "n"),
        ],
    );
    let e = write(root, &tree).unwrap_err();
    assert!(
        e.contains("not listed in its manifest") && e.contains("pkg/mine.py"),
        "{e}"
    );
    assert!(
        !e.contains("same.py"),
        "identical bytes are no conflict: {e}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("pkg/mine.py")).unwrap(),
        "my own code"
    );
    assert!(!root.join("new.py").exists(), "nothing written on refusal");
    assert!(!root.join(JOURNAL).exists());
    let forced = WriteOptions {
        force: true,
        ..Default::default()
    };
    let r = write_with(root, &tree, &forced).unwrap();
    assert_eq!(
        r.written,
        vec!["new.py".to_string(), "pkg/mine.py".to_string()]
    );
    assert_eq!(
        std::fs::read_to_string(root.join("pkg/mine.py")).unwrap(),
        "generated"
    );
    // Now listed: replaced without --force.
    write(root, &one("py", &[("pkg/mine.py", "v2"), ("same.py", "1")])).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("pkg/mine.py")).unwrap(),
        "v2"
    );
}

#[cfg(unix)]
#[test]
fn nothing_is_written_or_deleted_through_a_link_that_leaves_the_root() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, &one("py", &[("pkg/a.py", "1"), ("b.py", "2")])).unwrap();
    // The user replaces the generated folder by a link to elsewhere.
    std::fs::remove_dir_all(root.join("pkg")).unwrap();
    std::fs::write(outside.path().join("a.py"), "outside").unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("pkg")).unwrap();
    let e = write(root, &one("py", &[("pkg/a.py", "new"), ("b.py", "2")])).unwrap_err();
    assert!(e.contains("symbolic link"), "{e}");
    // Deleting the stale pkg/a.py would go through the link too.
    let e = write(root, &one("py", &[("b.py", "2")])).unwrap_err();
    assert!(e.contains("symbolic link"), "{e}");
    assert_eq!(names(outside.path()), vec!["a.py"]);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("a.py")).unwrap(),
        "outside"
    );
    // A link that stays inside the root is followed.
    std::fs::remove_file(root.join("pkg")).unwrap();
    std::fs::create_dir(root.join("real")).unwrap();
    std::os::unix::fs::symlink(root.join("real"), root.join("pkg")).unwrap();
    write(root, &one("py", &[("pkg/a.py", "in"), ("b.py", "2")])).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("real/a.py")).unwrap(),
        "in"
    );
}

#[cfg(unix)]
#[test]
fn a_file_or_link_left_at_the_staging_name_is_replaced_not_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("a.py");
    // A file an interrupted run left.
    std::fs::write(disk::tmp_path(&dest), "old and longer").unwrap();
    let tmp = disk::stage(&dest, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&tmp).unwrap(), "new");
    std::fs::remove_file(&tmp).unwrap();
    // A link planted at the staging name: the link goes, its target stays.
    let target = outside.path().join("victim");
    std::fs::write(&target, "keep").unwrap();
    std::os::unix::fs::symlink(&target, disk::tmp_path(&dest)).unwrap();
    let tmp = disk::stage(&dest, b"new").unwrap();
    assert!(!std::fs::symlink_metadata(&tmp)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&tmp).unwrap(), "new");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}

#[test]
fn a_failed_delete_is_an_error_and_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, &one("py", &[("a.py", "1"), ("gone.py", "2")])).unwrap();
    // Something that cannot be removed as a file now stands at the stale path.
    std::fs::remove_file(root.join("gone.py")).unwrap();
    std::fs::create_dir(root.join("gone.py")).unwrap();
    std::fs::write(root.join("gone.py/x"), "x").unwrap();
    let e = write(root, &one("py", &[("a.py", "1")])).unwrap_err();
    assert!(
        e.contains("could not be deleted") && e.contains("gone.py"),
        "{e}"
    );
    assert!(
        read_manifest(root)["py"].contains("gone.py"),
        "kept for a retry"
    );
    std::fs::remove_dir_all(root.join("gone.py")).unwrap();
    write(root, &one("py", &[("a.py", "1")])).unwrap();
    assert!(!read_manifest(root)["py"].contains("gone.py"));
}

#[test]
fn an_interrupted_run_is_reported_by_check_and_repaired_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let tree = one("py", &[("a.py", "1"), ("pkg/b.py", "2")]);
    write(root, &tree).unwrap();
    assert!(check(root, &tree).is_empty());
    // What a run killed midway leaves: its journal (naming a file it
    // created, which the manifest does not list yet) and temporary files.
    std::fs::write(root.join("pkg/orphan.py"), "half a run").unwrap();
    std::fs::write(root.join("pkg/.b.py.specsmith-tmp"), "partial").unwrap();
    // A folder it was making under its staging name: one stray, not searched.
    std::fs::create_dir_all(root.join(".new.specsmith-tmp/sub")).unwrap();
    std::fs::write(root.join(".new.specsmith-tmp/sub/c.py"), "3").unwrap();
    let mut planned = read_manifest(root);
    planned
        .get_mut("py")
        .unwrap()
        .insert("pkg/orphan.py".into());
    std::fs::write(root.join(JOURNAL), render_manifest(&planned, JOURNAL_TITLE)).unwrap();
    let drift = check(root, &tree);
    assert_eq!(
        drift,
        vec![
            Drift::Interrupted(".new.specsmith-tmp".into()),
            Drift::Interrupted(JOURNAL.into()),
            Drift::Interrupted("pkg/.b.py.specsmith-tmp".into())
        ]
    );
    let r = write(root, &tree).unwrap();
    assert_eq!(r.repaired.len(), 2, "{:?}", r.repaired);
    assert!(!root.join(".new.specsmith-tmp").exists());
    assert_eq!(r.deleted, vec!["pkg/orphan.py".to_string()]);
    assert_eq!(names(&root.join("pkg")), vec!["b.py"]);
    assert!(check(root, &tree).is_empty());
    assert!(!root.join(JOURNAL).exists());
}

#[test]
fn a_second_writer_waits_then_gives_up_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let held = RootLock::acquire(root, true, Duration::ZERO, "specsmith generate").unwrap();
    let opts = WriteOptions {
        lock_wait: Duration::from_millis(200),
        ..Default::default()
    };
    let e = write_with(root, &one("py", &[("a.py", "1")]), &opts).unwrap_err();
    assert!(
        e.contains("`specsmith generate`") && e.contains("in use"),
        "{e}"
    );
    assert!(!root.join("a.py").exists());
    assert!(check_with(root, &one("py", &[("a.py", "1")]), &opts).is_err());
    drop(held);
    write_with(root, &one("py", &[("a.py", "1")]), &opts).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join(LOCK)).unwrap(),
        "",
        "cleared on release"
    );
}

/// Writes `files` as target `py` with a record of `digest` and returns it.
fn write_recorded(root: &Path, files: &[(&str, &str)], digest: &str) {
    let mut w = Writer::open(root, &WriteOptions::default()).unwrap();
    for (target, tree) in one("py", files) {
        w.add(&target, &tree).unwrap();
    }
    w.record(Inputs {
        digest: digest.to_string(),
        files: vec!["spec.yaml".to_string()],
        summary: "warning: one\n".to_string(),
    });
    w.commit().unwrap();
}

fn fast(root: &Path, digest: &str) -> Option<usize> {
    up_to_date(root, &WriteOptions::default(), |inputs| {
        assert_eq!(inputs.files, vec!["spec.yaml".to_string()]);
        Some(digest.to_string())
    })
    .unwrap()
    .map(|(n, record)| {
        assert_eq!(record.inputs.summary, "warning: one\n");
        n
    })
}

#[test]
fn the_record_answers_only_for_the_same_inputs_and_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_recorded(root, &[("a.py", "1"), ("pkg/b.py", "2")], "d1");
    let record = read_record(root).unwrap();
    assert_eq!(record.written["py"]["a.py"], file_digest(b"1"));
    assert_eq!(fast(root, "d1"), Some(2));
    // Other inputs.
    assert_eq!(fast(root, "d2"), None);
    // A file changed, then back; a file gone.
    std::fs::write(root.join("a.py"), "1!").unwrap();
    assert_eq!(fast(root, "d1"), None);
    std::fs::write(root.join("a.py"), "1").unwrap();
    assert_eq!(fast(root, "d1"), Some(2));
    std::fs::remove_file(root.join("pkg/b.py")).unwrap();
    assert_eq!(fast(root, "d1"), None);
}

#[test]
fn a_run_without_a_record_drops_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_recorded(root, &[("a.py", "1")], "d1");
    assert!(root.join(FINGERPRINT).exists());
    write(root, &one("py", &[("a.py", "1")])).unwrap();
    assert!(!root.join(FINGERPRINT).exists());
    assert_eq!(fast(root, "d1"), None);
    // A writer that is dropped (a run that stopped) leaves none either.
    write_recorded(root, &[("a.py", "1")], "d1");
    let w = Writer::open(root, &WriteOptions::default()).unwrap();
    drop(w);
    assert_eq!(fast(root, "d1"), None);
}

#[test]
fn an_interrupted_run_or_a_manifest_edit_is_never_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_recorded(root, &[("a.py", "1")], "d1");
    std::fs::write(root.join(JOURNAL), "py\ta.py\n").unwrap();
    assert_eq!(fast(root, "d1"), None);
    std::fs::remove_file(root.join(JOURNAL)).unwrap();
    std::fs::write(root.join(".a.py.specsmith-tmp"), "half").unwrap();
    assert_eq!(fast(root, "d1"), None);
    std::fs::remove_file(root.join(".a.py.specsmith-tmp")).unwrap();
    assert_eq!(fast(root, "d1"), Some(1));
    let manifest = std::fs::read_to_string(root.join(MANIFEST)).unwrap();
    std::fs::write(root.join(MANIFEST), format!("{manifest}py\told.py\n")).unwrap();
    assert_eq!(fast(root, "d1"), None);
}

#[test]
fn the_record_is_refused_as_a_generated_path() {
    assert!(OutputTree::new().insert(FINGERPRINT, "x").is_err());
}

/// Every file under `dir`, by relative path.
fn all_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.path().is_dir() {
            all_files(&e.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

#[test]
fn a_failed_rename_unstages_the_rest_and_the_next_run_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Files in many folders, so that the renames run on every core.
    let files: Vec<(String, String)> = (0..400)
        .map(|i| (format!("pkg{}/m{i}.py", i % 8), format!("{i}")))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_str()))
        .collect();
    let trees = one("py", &refs);
    // The folders exist, so each file is staged beside its destination.
    for i in 0..8 {
        std::fs::create_dir(root.join(format!("pkg{i}"))).unwrap();
    }
    let mut w = Writer::open(root, &WriteOptions::default()).unwrap();
    w.add("py", &trees["py"]).unwrap();
    // A folder appears where a staged file goes: its rename fails.
    std::fs::create_dir(root.join("pkg3/m203.py")).unwrap();
    let err = w.commit().unwrap_err();
    assert!(
        err.contains("pkg3/m203.py: cannot move into place"),
        "{err}"
    );
    let mut left = Vec::new();
    all_files(root, "", &mut left);
    let staged: Vec<&String> = left.iter().filter(|f| f.ends_with(TMP_SUFFIX)).collect();
    assert!(staged.is_empty(), "staged files left: {staged:?}");
    assert!(root.join(JOURNAL).exists());
    // The folder moved away, the next run finishes the job.
    std::fs::remove_dir(root.join("pkg3/m203.py")).unwrap();
    write(root, &trees).unwrap();
    assert!(check(root, &trees).is_empty());
    assert!(!root.join(JOURNAL).exists());
}

/// Every name under `root` that is a staging name, at any depth.
fn staged_names(root: &Path) -> Vec<String> {
    let mut left = Vec::new();
    all_files(root, "", &mut left);
    let mut staged: Vec<String> = left
        .iter()
        .flat_map(|f| f.split('/'))
        .filter(|part| part.ends_with(TMP_SUFFIX))
        .map(str::to_string)
        .collect();
    staged.dedup();
    staged
}

#[test]
fn a_new_folder_is_made_under_a_staging_name_and_moved_into_place_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("old")).unwrap();
    let py = one(
        "py",
        &[
            ("top.py", "0"),
            ("new/a.py", "1"),
            ("new/deep/b.py", "2"),
            ("old/c.py", "3"),
        ],
    );
    // A second target adds a file to the folder the first one makes.
    let ts = one("ts", &[("new/deep/d.ts", "4"), ("new2/e.ts", "5")]);
    let mut w = Writer::open(root, &WriteOptions::default()).unwrap();
    w.add("py", &py["py"]).unwrap();
    w.add("ts", &ts["ts"]).unwrap();
    // Before the commit nothing is at a final name in a new folder.
    assert!(!root.join("new").exists() && !root.join("new2").exists());
    assert_eq!(
        std::fs::read_to_string(root.join(".new.specsmith-tmp/deep/d.ts")).unwrap(),
        "4"
    );
    assert_eq!(
        names(&root.join("old")),
        vec![".c.py.specsmith-tmp".to_string()]
    );
    let r = w.commit().unwrap();
    assert_eq!(r.written.len(), 6);
    assert!(staged_names(root).is_empty(), "{:?}", staged_names(root));
    let mut both = py.clone();
    both.extend(ts);
    assert!(check(root, &both).is_empty());
    assert_eq!(names(&root.join("new/deep")), vec!["b.py", "d.ts"]);

    // Not committed: the new folders go with their staging names.
    let later = one("py", &[("new3/x/y.py", "6"), ("old/c.py", "7")]);
    let mut w = Writer::open(root, &WriteOptions::default()).unwrap();
    w.add("py", &later["py"]).unwrap();
    assert!(root.join(".new3.specsmith-tmp/x/y.py").exists());
    drop(w);
    assert!(!root.join("new3").exists());
    assert!(staged_names(root).is_empty(), "{:?}", staged_names(root));
    assert_eq!(std::fs::read_to_string(root.join("old/c.py")).unwrap(), "3");
}

#[test]
fn a_new_folder_that_cannot_be_moved_into_place_is_removed_and_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("old")).unwrap();
    let trees = one(
        "py",
        &[("old/a.py", "1"), ("new/b.py", "2"), ("newer/c.py", "3")],
    );
    let mut w = Writer::open(root, &WriteOptions::default()).unwrap();
    w.add("py", &trees["py"]).unwrap();
    // Something appears where a new folder goes: its rename fails.
    std::fs::create_dir_all(root.join("new/in-the-way")).unwrap();
    let err = w.commit().unwrap_err();
    assert!(err.contains("new: cannot move into place"), "{err}");
    assert!(staged_names(root).is_empty(), "{:?}", staged_names(root));
    assert!(root.join(JOURNAL).exists());
    std::fs::remove_dir(root.join("new/in-the-way")).unwrap();
    std::fs::remove_dir(root.join("new")).unwrap();
    write(root, &trees).unwrap();
    assert!(check(root, &trees).is_empty());
    assert!(!root.join(JOURNAL).exists());
}
