fn main() {
    let root = std::path::Path::new(std::env::args().nth(1).unwrap().as_str()).to_path_buf();
    let built = incidex::build_site(&root, None, incidex::check::Drafts::Excluded, false).unwrap();
    let incidents: Vec<&incidex::incident::Incident> = built.incidents().collect();
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let lists = pool.install(|| incidex::similar::similar_incidents(&incidents, &[]));
            eprintln!(
                "threads {threads}: {} incidents, similar in {:?} (first {:?})",
                incidents.len(),
                t.elapsed(),
                lists[0]
            );
        }
    }
}
