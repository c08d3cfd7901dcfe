#include "cli/cli_app.hpp"

int main(int argc, char** argv) { return mi::cli::run(argc, argv); }
