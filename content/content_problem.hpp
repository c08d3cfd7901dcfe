// One thing wrong with the content, said so that the author can find and fix it.
#pragma once

#include <string>

namespace mi::content {

struct ContentProblem {
    std::string file;     // the pack file (or content directory) the problem is in
    std::string pointer;  // JSON pointer into that file, e.g. "/questions/3/key_points/0/match"; "" = whole file
    std::string message;  // what is wrong, in words
};

}  // namespace mi::content
