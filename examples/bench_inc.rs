fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let options = continuum::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let mut cache = continuum::Cache::default();
    let _ = continuum::produce_cached(&options, &mut cache);
    let article = root.join("content/section-01/article-000001.md");
    let original = std::fs::read_to_string(&article).unwrap();
    for run in 0..3 {
        std::fs::write(&article, format!("{original}\nEdit {run}.\n")).unwrap();
        let t = std::time::Instant::now();
        // What `serve` does before it publishes the pages (the search index follows).
        let (_, outcome) = continuum::prepare_cached(&options, &mut cache);
        println!("total {:?} work {:?}", t.elapsed(), outcome.render_work);
        for (stage, d) in &outcome.timings {
            println!("  {stage}: {:.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    std::fs::write(&article, original).unwrap();
}
