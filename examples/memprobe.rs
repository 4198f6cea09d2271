// Temporary probe (not committed): peak memory of pieces of the Markdown pipeline.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let md = std::fs::read_to_string(&args[2]).unwrap();
    match args[1].as_str() {
        "events" => {
            let n = pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::all()).count();
            println!("{n} events");
        }
        "render" => {
            let mut text = String::new();
            let html = incidex::markdown::render_with_text(
                &md,
                &Default::default(),
                &|u: &str| Some(format!("../{u}")),
                Some(&mut text),
            );
            println!("{} html {} text", html.len(), text.len());
        }
        "plain" => println!("{}", incidex::markdown::plain_text(&md).len()),
        _ => {}
    }
}
