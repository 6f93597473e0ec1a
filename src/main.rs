// mimalloc: the linter makes many small allocations per file (a text and a
// map per block); measured on cpp-docs, the system allocator costs a fifth
// more wall time on the parse-and-model path.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(draftlint::cli::main());
}
