fn main() {
    std::process::exit(draftlint::cli::main());
}
