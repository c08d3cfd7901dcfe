// The one translation unit that compiles Boost.Asio's and Boost.Beast's implementation.
// With BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION (public compile
// definitions of mi_server) every other file sees declarations only, which keeps each Beast
// translation unit several seconds cheaper to compile.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
