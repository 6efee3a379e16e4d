// EXPECT: allowed_link
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a body can only succeed a body of the same kind (an employer, not a system).
#include <spfgov/typed_builder.hpp>

void merge() {
    spfgov::typed_builder b;
    auto old_trust = b.add<spfgov::body_kind::employer>("OLD");
    auto new_trust = b.add<spfgov::body_kind::employer>("NEW");
    auto system = b.add<spfgov::body_kind::system>("QHL");
    b.link<spfgov::relation::succeeds>(new_trust, old_trust);
#ifdef SPFGOV_COMPILE_FAIL
    b.link<spfgov::relation::succeeds>(new_trust, system);
#endif
}
